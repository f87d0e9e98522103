"""The one door to publication: what the public may see of the store's figures.

Every public output (the website's pages and their CSV, Excel and SVG downloads, the JSON
API, the annual report and the area documents, the public form of `nprz check` findings)
reads figures through here, never from the store directly:

* `values` — the store's values of a year, with every cell disclosure control hides masked
  for the public (value gone, printed "afgeschermd") and marked "niet openbaar" for an
  analyst (`nprz.publication.audience`);
* `targets` — every target's row, with a start or latest value that is a hidden cell masked;
* `corrections` — the printed figures the view's own sums show to be a slip, and the figures
  computed from them, each with its footnote (decision 022); `values` rows carry them;
* `findings` — what `nprz check` finds, without any recomputed hidden count;
* `disclosure` — the decision itself (`nprz.publication.disclosure`), made once per state of
  the data over every report year, so a cell hidden in one output is hidden in all.

`tests/publication/test_one_door.py` checks that no public output reads around this door.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from nprz.checks import run_checks
from nprz.checks.findings import Finding
from nprz.core.corrections import Correction
from nprz.core.derive import Key, Rule, derive
from nprz.core.disclosure import DisclosureRule
from nprz.core.formatting import format_value
from nprz.core.periods import Period
from nprz.core.status import Assessment, Reason, Status
from nprz.facts import report_facts
from nprz.monitor import models as m
from nprz.monitor.facts import members_in
from nprz.monitor.targets import TargetRow, known_years, target_rows
from nprz.monitor.values import ValueRow, row_order, value_rows
from nprz.publication import audience, wording
from nprz.publication import corrections as known
from nprz.publication.audience import MASKED, Audience
from nprz.publication.disclosure import Disclosure, configured_rule, decide, identity_facts
from nprz.publication.stamp import per_stamp

__all__ = [
    "MASKED",
    "Audience",
    "Correction",
    "Disclosure",
    "audience",
    "corrections",
    "disclosure",
    "findings",
    "findings_for",
    "masked",
    "printed",
    "targets",
    "values",
]


@per_stamp
def _decided(rule: DisclosureRule) -> Disclosure:
    if not rule.tables:
        # Nothing is protected, so nothing is hidden whatever the values: do not read every
        # value of every year to find that out (a million at the scale of the country,
        # issue 19). `decide` gives the same empty decision for any views.
        return decide(rule, {})
    return decide(rule, {year: view(year) for year in known_years()})


def disclosure() -> Disclosure:
    """The decision for the store as it is now (or as a pinned edition read it)."""
    return _decided(configured_rule(audience.rule_override()))


def masked(row: ValueRow) -> ValueRow:
    """A hidden cell as the current reader may see it."""
    if audience.current() is Audience.ANALYST:
        return dataclasses.replace(row, masked=True)
    return dataclasses.replace(
        row,
        value=None,
        printed=MASKED,
        remark="afgeschermd: kleine aantallen en cellen waaruit ze terug te rekenen zijn",
        masked=True,
    )


def values(
    year: int, *, indicator: m.Indicator | None = None, area: m.Area | None = None
) -> list[ValueRow]:
    """Every value the view of `year` shows (delivered, printed, or computed from delivered
    parts), of one indicator or one area if asked, as the reader may see them."""
    decision = disclosure()
    if (indicator is not None or area is not None) and not _computing_rules():
        # Nothing is computed from parts, so the view is the store's rows alone: read only
        # this indicator's or area's, not the whole view (a million values at the scale of
        # the country, issue 19). Same rows, same order (`row_order`).
        rows = value_rows(year, indicator=indicator, area=area)
    else:
        rows = [
            r
            for r in view(year)
            if (indicator is None or r.indicator.id == indicator.id)
            and (area is None or r.area.id == area.id)
        ]
    found = corrections(year)
    # The public's corrections leave hidden cells out; an analyst sees them on the cell.
    return [
        _corrected(
            masked(r) if decision.hides(r.indicator.code, r.area.code, r.period) else r, found
        )
        for r in rows
    ]


def _corrected(row: ValueRow, found: dict[Key, Correction]) -> ValueRow:
    correction = found.get((row.indicator.code, row.area.code, row.period))
    return dataclasses.replace(row, correction=correction) if correction else row


@per_stamp
def corrections(year: int) -> dict[Key, Correction]:
    """Per cell of the view of `year` (indicator, area, period) its known correction: a
    figure the view's own sums show to be misprinted, with the likely-right one, or a figure
    computed from it (decision 022). Only the identity checks, once per state of the data.
    For the public without any hidden cell, and without a likely-right figure that would
    say something about one."""
    identities = identity_facts()
    if not identities:
        # Without identities nothing can be pinned: do not read the whole view for nothing
        # (`values` of one indicator reads only its rows then; issue 19).
        return {}
    found = known.find_corrections(view(year), identities, _computing_rules(), members_in(year))
    if audience.current() is Audience.ANALYST:
        return known.as_map(found)
    return known.for_public(found, disclosure())


def _computing_rules() -> list[Rule]:
    """The identities that compute a cell a delivery left out (`computed_rows`)."""
    return [
        Rule(i.code, i.what, i.spec)
        for i in m.Identity.objects.order_by("id")
        if i.spec.get("compute", True)
    ]


@per_stamp
def view(year: int) -> list[ValueRow]:
    """The unprotected view of `year`: the store's values plus what the identities compute
    from delivered parts (`nprz.core.derive`), in the store's order. Read once per state of
    the data; `values` filters it for the reader."""
    rows = value_rows(year)
    return sorted([*rows, *computed_rows(year, rows)], key=row_order)


def printed(year: int, **where: object) -> list[m.PublishedFigure]:
    """What the report of `year` printed itself (targets, % closed, band counts, derived
    totals): `PublishedFigure` rows, without any that is a hidden cell for this reader."""
    decision = disclosure()
    figures = (
        m.PublishedFigure.objects.for_report(year)
        .filter(**where)
        .order_by("vintage__priority", "id")
    )
    analyst = audience.current() is Audience.ANALYST
    return [
        f
        for f in figures
        if analyst
        or not (
            f.indicator is not None
            and f.area is not None
            and decision.hides(f.indicator.code, f.area.code, f.period)
        )
    ]


def computed_rows(year: int, rows: list[ValueRow]) -> list[ValueRow]:
    """Totals, balances and rates a delivery left out, from the parts it delivered."""
    known: dict[Key, Fraction | None] = {
        (r.indicator.code, r.area.code, r.period): r.value for r in rows
    }
    found = derive(known, _computing_rules(), members_in(year))
    if not found:
        return []
    indicators = {i.code: i for i in m.Indicator.objects.all()}
    areas = {a.code: a for a in m.Area.objects.all()}
    computed = []
    for (code, area, period), derived in found.items():
        if code not in indicators or area not in areas:
            continue
        indicator = indicators[code]
        computed.append(
            ValueRow(
                indicator=indicator,
                area=areas[area],
                period=period,
                year=Period.parse(period).year,
                value=derived.value,
                printed=format_value(derived.value, indicator.unit, indicator.decimals),
                status="berekend",
                remark=f"berekend uit de geleverde delen: {derived.rule}",
                source="berekend",
                table="berekend door de monitor",
                table_code="berekend",
                delivered=True,
            )
        )
    return computed


# Findings that recompute a hidden small count: the analyst's `nprz check` shows the value,
# a public page or report never shows the finding at all (it would say which equation gives
# the count away, and the recomputed value).
DISCLOSING = frozenset({"herleidbaar", "deels-herleidbaar"})


@per_stamp
def findings(year: int) -> list[Finding]:
    """What `nprz check` finds in the report of `year`, computed once per state of the data;
    for the public without the recovered small counts and without the figures of a hidden
    cell."""
    found = run_checks(report_facts(year))
    if audience.current() is Audience.ANALYST:
        return found
    decision = disclosure()
    document = wording.report_name(year)
    public = []
    for finding in found:
        if finding.code in DISCLOSING:
            continue
        indicator, _, area = finding.subject.partition("@")
        if decision.table_of(indicator) and decision.hides_any(indicator, area):
            finding = dataclasses.replace(finding, published=MASKED, recomputed=MASKED)
        # The place as the reader knows it: the report's name, not its line (`wording`).
        finding = dataclasses.replace(
            finding,
            where=wording.source(finding.where, document),
            why=wording.text_for_reader(finding.why),
        )
        public.append(finding)
    return public


def findings_for(year: int, *, indicator: str = "", area: str = "") -> list[Finding]:
    """Findings about one indicator (its own, or in one of its areas) or about one area."""
    found = []
    for finding in findings(year):
        subject, _, where = finding.subject.partition("@")
        if (indicator and subject == indicator) or (area and where == area):
            found.append(finding)
    return found


@per_stamp
def targets(year: int, area: m.Area | None = None) -> list[TargetRow]:
    """Every target's row for `year` (judged in each target's start area, or in `area`),
    computed once per state of the data. A start or latest value that is a hidden cell is
    not shown to the public, nor what follows from it; an analyst sees it, marked."""
    rows = target_rows(year, area)
    decision = disclosure()
    if audience.current() is Audience.ANALYST:
        return [dataclasses.replace(r, not_public=_hidden(r, decision)) for r in rows]
    return [_masked_target(r, decision) for r in rows]


def _hidden(row: TargetRow, decision: Disclosure) -> bool:
    return decision.hides(row.code, row.area, row.start_period) or decision.hides(
        row.code, row.area, row.current_period
    )


def _masked_target(row: TargetRow, decision: Disclosure) -> TargetRow:
    area = row.area
    start = decision.hides(row.code, area, row.start_period)
    current = decision.hides(row.code, area, row.current_period)
    if not (start or current):
        return row
    # The target and % closed are computed from the hidden value: they would give it away.
    return dataclasses.replace(
        row,
        start_value=None if start else row.start_value,
        current_value=None if current else row.current_value,
        assessment=Assessment(
            status=Status.GEEN,
            reason=Reason.AFGESCHERMD,
            fraction_due=row.assessment.fraction_due,
        ),
    )
