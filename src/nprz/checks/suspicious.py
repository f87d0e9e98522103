"""Values that look copied rather than measured.

Two patterns a careful reader stops at:
- A start value printed exactly as the current value, years apart, while the other areas of
  the same row moved clearly (by at least ten steps of their printed precision): a city's
  population printed as the same number for 2011 and 2024 while the other areas grew.
- One quantity printed with the same value for two periods in one table, while another
  table (or a delivery) shows it changed between those periods.

Neither proves an error; the finding says what looks wrong and what the other figures show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from fractions import Fraction
from itertools import pairwise

from nprz.checks.facts import MEASUREMENT, Facts, Figure
from nprz.checks.findings import Finding, Likely, Soort
from nprz.core.formatting import format_number
from nprz.core.periods import period_sort_key

STOPLIGHT = "stoplicht"
# "Clearly moved": at least this many steps of the area's printed precision.
CLEAR_STEPS = 10


def check_suspicious(facts: Facts) -> Iterator[Finding]:
    # Where a `bron` text links a printed indicator to a delivered one, the delivery's own
    # series is evidence too.
    sources = {t.subject: t.reading.split()[0] for t in facts.texts if t.kind == "bron"}
    yield from _start_equals_now(facts, sources)
    yield from _flat_against_another_table(facts)


def _series(facts: Facts, table: str) -> dict[str, dict[str, list[Figure]]]:
    """indicator -> area -> its measurements in `table`, oldest period first."""
    rows: dict[str, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    for figure in facts.figures:
        if (
            figure.table == table
            and figure.kind == MEASUREMENT
            and figure.indicator
            and figure.area
            and figure.number is not None
        ):
            rows[figure.indicator][figure.area].append(figure)
    for areas in rows.values():
        for figures in areas.values():
            figures.sort(key=lambda f: period_sort_key(f.period))
    return rows


def _start_equals_now(facts: Facts, source_measures: dict[str, str]) -> Iterator[Finding]:
    if STOPLIGHT in facts.protected_tables:
        return
    for indicator, areas in _series(facts, STOPLIGHT).items():
        moves = {area: _move(figures) for area, figures in areas.items() if len(figures) >= 2}
        for area, figures in areas.items():
            start, now = figures[0], figures[-1]
            if len(figures) < 2 or start.period == now.period or start.printed != now.printed:
                continue
            others = {
                other: move
                for other, move in moves.items()
                if other != area and move is not None and move[1] >= CLEAR_STEPS
            }
            if not others:
                continue
            moved = "; ".join(
                f"{facts.area_name(other)} {areas[other][0].printed} → {areas[other][-1].printed}"
                for other in others
            )
            evidence = _delivered_change(facts, source_measures.get(indicator), area, start, now)
            yield Finding(
                "verdacht-start-gelijk",
                "tabellen",
                f"{indicator}@{area}",
                f"{_name(facts, indicator)}: {facts.area_name(area)} heeft in "
                f"{start.period} en {now.period} precies dezelfde waarde",
                start.source,
                f"{start.printed} ({start.period}) = {now.printed} ({now.period})",
                moved,
                Likely.ONBEKEND,
                f"In dezelfde rij veranderden de andere gebieden duidelijk ({moved}); een "
                "ongewijzigde waarde over zoveel jaren is onwaarschijnlijk, mogelijk is de "
                f"actuele waarde ook als startwaarde ingevuld.{evidence}",
                Soort.TABELLEN,
            )


def _move(figures: list[Figure]) -> tuple[Fraction, Fraction] | None:
    """(change, change in printed steps) from the first to the last figure."""
    first, last = figures[0].number, figures[-1].number
    if first is None or last is None:
        return None
    change = abs(last.exact - first.exact)
    step = max(Fraction(first.resolution), Fraction(last.resolution)) or Fraction(1)
    return change, change / step


def _delivered_change(
    facts: Facts, measure: str | None, area: str, start: Figure, now: Figure
) -> str:
    """What a delivery of the source says about the same area over the same years."""
    if measure is None:
        return ""
    series = sorted(
        (
            f
            for f in facts.figures
            if f.imported and f.indicator == measure and f.area == area and f.number is not None
        ),
        key=lambda f: period_sort_key(f.period),
    )
    inside = [
        f
        for f in series
        if period_sort_key(start.period) <= period_sort_key(f.period) <= period_sort_key(now.period)
    ]
    if len(inside) < 2 or inside[0].printed == inside[-1].printed:
        return ""
    first, last = inside[0], inside[-1]
    tables = ", ".join(dict.fromkeys([first.table, last.table]))
    return (
        f" De geleverde open data ({tables}) tonen voor dit gebied "
        f"{first.printed} in {first.period} en {last.printed} in {last.period}."
    )


def _flat_against_another_table(facts: Facts) -> Iterator[Finding]:
    """Same token for two periods in one table; another table has the two periods apart."""
    for (measure, area), tables in sorted(_by_quantity(facts).items()):
        for table, periods in sorted(tables.items()):
            ordered = sorted(periods, key=period_sort_key)
            for before, after in pairwise(ordered):
                a, b = periods[before], periods[after]
                if a.printed != b.printed:
                    continue
                for other_table, other in sorted(tables.items()):
                    x, y = other.get(before), other.get(after)
                    if other_table != table and x is not None and y is not None and _apart(x, y):
                        yield _flat_finding(
                            facts, measure, area, (table, a, b), (other_table, x, y)
                        )


def _by_quantity(facts: Facts) -> dict[tuple[str, str], dict[str, dict[str, Figure]]]:
    """(measure, area) -> table -> period -> the figure printed there."""
    found: dict[tuple[str, str], dict[str, dict[str, Figure]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for figure in facts.figures:
        if figure.kind not in (MEASUREMENT, "afgeleid") or figure.number is None:
            continue
        if not figure.indicator or not figure.area or figure.table in facts.protected_tables:
            continue
        info = facts.indicators.get(figure.indicator)
        measure = info.measure if info else figure.indicator
        found[(measure, figure.area)][figure.table].setdefault(figure.period, figure)
    return found


def _apart(x: Figure, y: Figure) -> bool:
    return x.interval is not None and y.interval is not None and not x.interval.overlaps(y.interval)


def _flat_finding(
    facts: Facts,
    measure: str,
    area: str,
    flat: tuple[str, Figure, Figure],
    moving: tuple[str, Figure, Figure],
) -> Finding:
    table, a, b = flat
    other_table, x, y = moving
    change = (
        format_number(abs(y.number.exact - x.number.exact), 1) if x.number and y.number else "?"
    )
    return Finding(
        "verdacht-gelijk-gebleven",
        "tabellen",
        f"{measure}@{area}",
        f"{_name(facts, a.indicator or measure)} ({area}): tabel {table} drukt voor "
        f"{a.period} en {b.period} dezelfde waarde, tabel {other_table} niet",
        f"{a.source}; {b.source}; {x.source}; {y.source}",
        f"{a.printed} ({a.period}) = {b.printed} ({b.period})",
        f"{x.printed} ({x.period}) → {y.printed} ({y.period}) in {other_table}",
        Likely.ONBEKEND,
        f"Een andere tabel laat tussen deze perioden een verandering van {change} zien; de "
        "gelijke waarde is mogelijk gekopieerd.",
        Soort.TABELLEN,
    )


def _name(facts: Facts, code: str) -> str:
    info = facts.indicators.get(code)
    return info.name if info else code
