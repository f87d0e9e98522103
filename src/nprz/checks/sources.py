"""Printed figures against the open data of the source the report names.

Where the report names its source in words ("Bron: CBS statline en Publiekszaken" of a
gemeente), a `bron` text links the printed indicator to the store's indicator that holds
that source's open data, for the table and areas the words cover. The check compares every
printed figure there with what a delivery (`nprz import cbs`, `nprz import file`) holds for
the same area and period, allowing for the rounding of both: the printed digits and the
delivery's own (CBS gives WOZ values in thousands, wijk counts rounded to fives).

A group (G4) is compared with the sum of its members where the source's indicator adds up
and every member was delivered; the sum carries the members' rounding. A figure printed as
a local variant ("lokaal") is not a CBS figure and is not compared; nor are periods the
store holds no delivery for (the report's 2011 start values, for example).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from nprz.checks.facts import MEASUREMENT, Facts, Figure, PrintedText
from nprz.checks.findings import Finding, Likely, Soort
from nprz.core.formatting import format_number
from nprz.core.printed import Interval


@dataclass(frozen=True)
class SourceLink:
    """Read from a `bron` text: `indicator` printed in `table` for `areas` comes from the
    source whose open data the store holds as `source_indicator`."""

    indicator: str
    source_indicator: str
    table: str
    areas: tuple[str, ...]
    text: PrintedText

    @classmethod
    def read(cls, text: PrintedText) -> SourceLink:
        source_indicator, table, areas = text.reading.split()
        return cls(text.subject, source_indicator, table, tuple(areas.split(",")), text)


@dataclass(frozen=True)
class Delivered:
    interval: Interval
    shown: str
    where: str
    how: str  # "" for a delivered figure, or how a group's figure was added up


def source_links(facts: Facts) -> list[SourceLink]:
    return [SourceLink.read(t) for t in facts.texts if t.kind == "bron"]


def check_sources(facts: Facts) -> Iterator[Finding]:
    for link in source_links(facts):
        if link.table in facts.protected_tables:
            continue
        for figure in facts.figures:
            if (
                figure.table != link.table
                or figure.kind != MEASUREMENT
                or figure.indicator != link.indicator
                or figure.area not in link.areas
                or figure.variant
                or figure.interval is None
            ):
                continue
            assert figure.area is not None
            delivered = delivered_figure(facts, link.source_indicator, figure.area, figure.period)
            if delivered is None or delivered.interval.overlaps(figure.interval):
                continue
            yield Finding(
                "bron-wijkt-af",
                "bronnen",
                f"{link.indicator}@{figure.area}",
                f"{_name(facts, link.indicator)}: {facts.area_name(figure.area)}, "
                f"{figure.period} wijkt af van de open data van de genoemde bron",
                f"{figure.source}; {delivered.where}",
                figure.printed,
                delivered.shown + (f" ({delivered.how})" if delivered.how else ""),
                Likely.ONBEKEND,
                _why(facts, link, figure, delivered),
                Soort.BRONNEN,
            )


def delivered_figure(facts: Facts, indicator: str, area: str, period: str) -> Delivered | None:
    """The latest delivery of `indicator` for the area and period, or the sum over a group's
    members when the indicator adds up and every member was delivered."""
    own = _latest(facts, indicator, area, period)
    if own is not None:
        interval = own.delivered_interval
        assert interval is not None
        return Delivered(interval, own.printed, f"{own.table} {own.source}".strip(), "")
    info = facts.indicators.get(indicator)
    members = facts.members.get(area, [])
    if info is None or not info.additive or not members:
        return None
    parts = [_latest(facts, indicator, member, period) for member in members]
    if any(p is None for p in parts):
        return None
    lo = hi = Fraction(0)
    for part in parts:
        assert part is not None
        interval = part.delivered_interval
        assert interval is not None
        lo, hi = lo + interval.lo, hi + interval.hi
    point = (lo + hi) / 2
    names = ", ".join(member for member in members)
    tables = sorted({p.table for p in parts if p is not None})
    return Delivered(
        Interval(lo, hi),
        format_number(point),
        ", ".join(tables),
        f"som van {names}"
        + ("" if lo == hi else f", tussen {format_number(lo)} en {format_number(hi)}"),
    )


def _latest(facts: Facts, indicator: str, area: str, period: str) -> Figure | None:
    found = None
    for figure in facts.figures:
        if (
            figure.imported
            and figure.indicator == indicator
            and figure.area == area
            and figure.period == period
            and figure.number is not None
        ):
            found = figure  # figures come oldest delivery first; the last one wins
    return found


def _why(facts: Facts, link: SourceLink, figure: Figure, delivered: Delivered) -> str:
    why = (
        f'De tabel noemt als bron "{link.text.printed}" ({link.text.source}); de geleverde '
        f"open data geven {delivered.shown} voor {facts.area_name(figure.area or '')} "
        f"in {figure.period}, ook met de afronding van beide niet {figure.printed}."
    )
    local = next(
        (
            f
            for f in facts.figures
            if f.variant
            and f.indicator == figure.indicator
            and f.area == figure.area
            and f.period == figure.period
            and f.printed == figure.printed
        ),
        None,
    )
    if local is not None:
        why += (
            f" Het gedrukte cijfer staat in tabel {local.table} ({local.source}) als variant "
            f"'{local.variant}', niet als cijfer van de landelijke bron."
        )
    for group, members in facts.members.items():
        if figure.area not in members:
            continue
        total = facts.one(figure.table, MEASUREMENT, figure.indicator, group, figure.period)
        summed = delivered_figure(facts, link.source_indicator, group, figure.period)
        if total and total.interval and summed and summed.interval.overlaps(total.interval):
            why += (
                f" De kolom {facts.area_name(group)} in dezelfde rij ({total.printed}) "
                "telt wel met het cijfer van de bron: de rij mengt twee bronnen."
            )
    return why


def _name(facts: Facts, code: str) -> str:
    info = facts.indicators.get(code)
    return info.name if info else code
