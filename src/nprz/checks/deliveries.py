"""`nprz check` for a year without a printed report: the checks that apply to deliveries.

Without a printed report there is no derived figure to recompute, no table to compare with
another and no text to read. What remains is what every delivery must satisfy: the
identities of the programme's definition (identities.yaml) on the delivered figures. Sums
(a total is the sum of its parts), balances (saldo = vestigers − vertrekkers), the
stock-flow balance of a school year (end = start + new − moved − 18 − solved), shares
(a share is count ÷ total, within the delivered precision) and a group as the sum of its
member areas.

These are the identity checks of a printed table (`nprz.checks.identities`), run on the
delivered figures: each delivered figure is filed under the table whose identities name its
indicator, wherever it came from, and keeps its delivery and row as the place it was read.
Pure, like the other checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from nprz.checks.facts import MEASUREMENT, Facts, IdentityFacts
from nprz.checks.findings import Finding
from nprz.checks.identities import check_identities

WHAT = "sommen, saldi, voorraad en stroom, en aandelen (aantal ÷ totaal)"


def has_printed_report(facts: Facts) -> bool:
    """Does the year have figures of a printed report (not only deliveries)?"""
    return any(not figure.imported for figure in facts.figures)


def identity_tables(identities: list[IdentityFacts]) -> dict[str, str]:
    """Indicator code -> the table of the first identity that names it."""
    found: dict[str, str] = {}
    for identity in identities:
        spec = identity.spec
        if "members" in spec:
            codes = list(spec["members"]["indicators"])
        else:
            terms = [spec.get("total", ""), *(spec.get("sum") or spec.get("ratio") or [])]
            codes = [t.lstrip("-").partition("@")[0] for t in terms]
        for code in codes:
            if code and not code.isdigit():
                found.setdefault(code, identity.table)
    return found


def delivered(facts: Facts) -> Facts:
    """The delivered measurements of `facts`, each under the table of its identities; the
    place it was read is its delivery and row ("bestand-0001, rij 12")."""
    tables = identity_tables(facts.identities)
    figures = [
        replace(f, table=tables[f.indicator], source=f"{f.table}, {f.source}")
        for f in facts.figures
        if f.imported and f.kind == MEASUREMENT and f.indicator in tables
    ]
    return replace(facts, figures=figures, _index={})


def check_deliveries(facts: Facts) -> Iterator[Finding]:
    """Every identity that the delivered figures break, explained as deliveries (the
    identity checks speak of what a report printed)."""
    for finding in check_identities(delivered(facts)):
        yield replace(finding, why=PRINTED.sub(lambda m: DELIVERED[m[0]], finding.why))


# The identity checks explain a finding in terms of print ("gedrukt 281, de som vraagt
# 280"); for a delivery the same words say "geleverd".
DELIVERED = {"gedrukt": "geleverd", "gedrukte": "geleverde", "Gedrukt": "Geleverd"}
PRINTED = re.compile(r"\b(gedrukte|gedrukt|Gedrukt)\b")
