"""The same cell printed in two tables with different values, and period labels that clash."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator

from nprz.checks.facts import MEASUREMENT, Facts, Figure
from nprz.checks.findings import Finding, Likely, Soort, one_digit_slip
from nprz.core.periods import Period

VALUE_KINDS = (MEASUREMENT, "afgeleid")


def check_cross_tables(facts: Facts) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str], dict[str, list[Figure]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for figure in facts.figures:
        if figure.kind not in VALUE_KINDS or not figure.indicator or not figure.area:
            continue
        if figure.number is None:
            continue
        info = facts.indicators.get(figure.indicator)
        measure = info.measure if info else figure.indicator
        groups[(measure, figure.area, figure.period)][figure.table].append(figure)
    for (measure, area, period), by_table in sorted(groups.items()):
        for table_a, table_b in itertools.combinations(sorted(by_table), 2):
            prints_a, prints_b = by_table[table_a], by_table[table_b]
            if any(_agree(a, b) for a in prints_a for b in prints_b):
                continue
            a, b = prints_a[0], prints_b[0]
            likely, why = _explain(facts, a, b)
            if a.indicator != b.indicator:
                why = (
                    f"{_name(facts, a.indicator)} en {_name(facts, b.indicator)} meten volgens "
                    f"de dataset dezelfde grootheid ({measure}). {why}"
                )
            hidden = {table_a, table_b} & facts.protected_tables
            if hidden:
                # A cell of a table under disclosure control may be a hidden small count:
                # say where the two prints disagree, never what they are.
                why = (
                    f"Tabel {', '.join(sorted(hidden))} valt onder de onthullingscontrole; de "
                    "waarden staan op de genoemde regels."
                )
            yield Finding(
                "tabellen-verschillen",
                "tabellen",
                measure,
                f"{_name(facts, a.indicator)}: {area}, {period} "
                "staat in twee tabellen verschillend",
                f"{a.source}; {b.source}",
                _shown([a], table_a, hidden),
                _shown(prints_b, table_b, hidden),
                likely,
                why,
                Soort.TABELLEN,
            )


MASKED = "afgeschermd"


def _shown(prints: list[Figure], table: str, hidden: set[str]) -> str:
    if table in hidden:
        return f"{MASKED} ({table})"
    values = " / ".join(f.printed + (f" [{f.variant}]" if f.variant else "") for f in prints)
    return f"{values} ({table})"


def _agree(a: Figure, b: Figure) -> bool:
    return bool(a.interval and b.interval and a.interval.overlaps(b.interval))


def _explain(facts: Facts, a: Figure, b: Figure) -> tuple[Likely, str]:
    for figure, other in ((a, b), (b, a)):
        twin = _same_line_other_area(facts, figure, other)
        if twin is not None:
            return Likely.ONBEKEND, (
                f"{figure.printed} ({figure.table}) is in die rij van de tabel {other.table} "
                f"de waarde van {twin.area}: mogelijk verwisseld."
            )
    if one_digit_slip(a.printed, b.printed):
        return Likely.ONBEKEND, "Eén cijfer verschilt: een tikfout in een van beide tabellen."
    derived = {"stoplicht"}
    if a.table in derived and b.table not in derived:
        return Likely.ONBEKEND, (
            f"De stoplichttabel ({a.source}) rekent haar doel en % ingelopen met {a.printed}; "
            "welke bron juist is, zegt het rapport niet."
        )
    return Likely.ONBEKEND, "Het rapport zegt niet welke bron juist is."


def _same_line_other_area(facts: Facts, figure: Figure, other: Figure) -> Figure | None:
    """Does `figure`'s value appear for another area on the other figure's printed line?"""
    for candidate in facts.figures:
        if (
            candidate.source == other.source
            and candidate.table == other.table
            and candidate.indicator == other.indicator
            and candidate.period == other.period
            and candidate.area != other.area
            and _agree(candidate, figure)
            and candidate.printed.replace(" ", "") == figure.printed.replace(" ", "")
        ):
            return candidate
    return None


_PART = re.compile(r"^(\d{4})(?:/(\d{2}))?$|^(\d{2})/(\d{2})$")


def _year_of(text: str) -> int | None:
    """The year a printed period label ends in: 2011 -> 2011, 2011/12 -> 2012, 22/23 -> 2023."""
    match = _PART.match(text.strip())
    if not match:
        return None
    if match[1]:
        return int(match[1]) + (1 if match[2] else 0)
    return 2000 + int(match[4])


def check_period_labels(facts: Facts, table: str = "stoplicht") -> Iterator[Finding]:
    for figure in facts.of_kind("periode", table):
        if not figure.indicator or not figure.period:
            continue
        parts = [p for p in re.split(r"\s*[-–]\s*", figure.printed) if p.strip()]
        end = _year_of(parts[-1]) if parts else None
        current = Period.parse(figure.period)
        if end is not None and end != current.year:
            yield Finding(
                "periode",
                "doelen",
                figure.indicator,
                f"{_name(facts, figure.indicator)}: "
                "de periodekolom en de rijkop noemen een ander jaar",
                figure.source,
                figure.printed,
                f"t/m {current.code} (zoals de rijkop)",
                Likely.ONBEKEND,
                f"De rijkop noemt {current.code}; de periodekolom eindigt in {end}. "
                "De herberekening gebruikt de periode uit de rijkop.",
                Soort.TEKST,
            )


def _name(facts: Facts, code: str | None) -> str:
    info = facts.indicators.get(code or "")
    return info.name if info else (code or "?")
