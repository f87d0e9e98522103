"""What every presenter shares: status and band words, Dutch number cells, the data table
of a chart, and the report year with the links to its pages.

The website and the report both build their tables from these, so a status is the same word
and a number the same text wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from urllib.parse import urlencode

from nprz import programmes
from nprz.charts.specs import Chart
from nprz.core.formatting import format_number, format_share, format_value, to_decimal
from nprz.core.printed import Printed, PrintedError, parse_printed
from nprz.core.status import Bucket, Status
from nprz.monitor.targets import TargetRow
from nprz.monitor.values import ValueRow
from nprz.presenters.addresses import address
from nprz.presenters.tables import Cell, Column, Table, number
from nprz.publication.audience import NOT_PUBLIC

# Status is always a word next to a shape (the CSS draws ✓, ◐, ✕ or –), never colour alone.
STATUS_WORDS = {
    Status.GROEN: "groen",
    Status.ORANJE: "oranje",
    Status.ROOD: "rood",
    Status.GEEN: "geen oordeel",
}
STATUS_MEANING = {
    Status.GROEN: "op of voorbij het doel van dit jaar",
    Status.ORANJE: "vooruitgang sinds de start, nog niet op het doel",
    Status.ROOD: "geen vooruitgang of achteruitgang sinds de start",
    Status.GEEN: "geen oordeel mogelijk of kwalitatief doel",
}
BUCKET_WORDS = {
    Bucket.BOVEN_DOEL: "op of boven doel",
    Bucket.VIJFTIEN_TOT_DOEL: "15% tot doel",
    Bucket.VIJF_TOT_VIJFTIEN: "5% tot 15%",
    Bucket.ONDER_VIJF: "onder 5%",
}
ROLES = {"doel": "doel", "indicator": "indicator", "context": "context"}


def chart_table(chart: Chart, slug: str, download_path: str) -> Table:
    """The data table that goes with a chart, for readers who cannot or will not see it."""
    return Table(
        slug=slug,
        title=f"Gegevens bij de grafiek: {chart.title}",
        columns=tuple(
            Column(column_key(label), label, numeric=index > 0)
            for index, label in enumerate(chart.columns)
        ),
        rows=tuple(
            tuple(Cell(text, _plain(text) if index else None) for index, text in enumerate(row))
            for row in chart.rows
        ),
        download_path=download_path,
    )


def _plain(text: str) -> float | int | None:
    """A chart table's Dutch number back as a number for the downloads ("1.511" -> 1511)."""
    try:
        token = parse_printed(text.split(" (")[0])
    except PrintedError:
        return None
    return number(token.value) if isinstance(token, Printed) else None


def column_key(label: str) -> str:
    """A download column name for a label: "Uitstroom naar werk" -> "uitstroom_naar_werk"."""
    return "".join(ch if ch.isalnum() else "_" for ch in label.casefold()).strip("_")


def value_text(value: Fraction | None, unit: str, decimals: int) -> str:
    return format_value(value, unit, decimals)


def target_text(value: Fraction | None, unit: str, decimals: int) -> str:
    # A target is printed one decimal finer than its percentage data (41% -> doel 47,2%).
    places = max(decimals, 1) if unit == "percent" else decimals
    return format_value(value, unit, places)


def value_cell(value: Fraction | None, unit: str, decimals: int, note: str = "") -> Cell:
    return Cell(value_text(value, unit, decimals), number(value), note=note)


def row_cell(row: ValueRow, missing: str = "–") -> Cell:
    """A value of the store as a cell, as `nprz.publication` lets the reader see it: Dutch
    notation; a cell disclosure control hides is "afgeschermd" for the public and its value
    marked "niet openbaar" for an analyst; a missing value as printed ("nb", "<5") or
    `missing`."""
    if row.value is None:
        return Cell(row.printed or missing, None)
    cell = value_cell(row.value, row.indicator.unit, row.indicator.decimals)
    if row.correction is not None:
        # The printed figure stays; the known correction is its footnote (decision 022).
        cell = replace(cell, footnote=row.correction.note)
    return replace(cell, note=NOT_PUBLIC) if row.masked else cell


def end_level(end_year: int | None) -> str:
    """What a target's end level is called: "niveau 2030" after the plan's own end year, or
    "eindniveau" where there is no one year (a mix of plans, or none known)."""
    return f"niveau {end_year}" if end_year is not None else "eindniveau"


def common_end_year(end_years: Iterable[int | None]) -> int | None:
    """The one end year these targets share (a fixed level has none), or None when they
    differ or none is known."""
    found = {year for year in end_years if year is not None}
    return found.pop() if len(found) == 1 else None


def share_cell(share: Fraction | None) -> Cell:
    return Cell(format_share(share), number(share * 100) if share is not None else None)


def change_text(change: Fraction, unit: str, decimals: int, *, signed: bool = True) -> str:
    """A change in the indicator's own unit, with its sign: "-4,6 procentpunt", "+€ 1.200",
    "-271" (without it when not `signed`). A percentage changes by procentpunten."""
    size = abs(change)
    if unit == "percent":
        text = f"{format_number(size, decimals)} procentpunt"
    elif unit == "m2":
        text = f"{format_number(size, decimals)} m²"
    else:
        text = format_value(size, unit, decimals)
    if not signed or to_decimal(size, decimals) == 0:
        return text
    return ("+" if change > 0 else "-") + text


CLOSED_NOTE = (
    "Tussen haakjes bij % ingelopen: de verandering sinds de start in de eenheid van de "
    "indicator (procentpunt, euro, aantal). Een negatief percentage betekent dat de waarde "
    "verder van het doel af is geraakt."
)


def closed_note(row: TargetRow) -> str:
    """What % closed stands for, in the indicator's unit: the change since the start, and for
    a negative share that the value moved away from the target ("+0,8 procentpunt, weg van
    het doel"). Empty when the start or the current value is missing."""
    share = row.assessment.share_closed
    if share is None or row.start_value is None or row.current_value is None:
        return ""
    change = change_text(row.current_value - row.start_value, row.unit, row.decimals)
    return f"{change}, weg van het doel" if share < 0 else change


def closed_cell(row: TargetRow) -> Cell:
    """% closed with the change since the start beside it; the export keeps the number."""
    return replace(share_cell(row.assessment.share_closed), note=closed_note(row))


def status_cell(status: Status) -> Cell:
    return Cell(STATUS_WORDS[status], status.value, status=status.value)


@dataclass(frozen=True)
class ReportYear:
    """The report year a page shows, and the latest one (the default, left out of links)."""

    value: int
    latest: int

    def link(self, path: str, **params: str) -> str:
        """`path` with this year (unless it is the default) and `params`, empty ones dropped."""
        query = {"jaar": str(self.value)} if self.value != self.latest else {}
        query.update({k: v for k, v in params.items() if v})
        where = address(path)
        return f"{where}?{urlencode(query)}" if query else where

    def indicator(self, code: str) -> str:
        return self.link(f"/indicatoren/{code}/")

    def area(self, code: str) -> str:
        return self.link(f"/gebieden/{code}/")


def pillars() -> dict[str, str]:
    """The current programme's pillars or themes, code -> name, in their order."""
    return {p.code: p.name for p in programmes.definition().pillars}


def pillar_name(code: str) -> str:
    """A pillar's name; a code the definition does not know (an indicator a delivery brought
    under a theme of its own) as it is, capitalised."""
    return pillars().get(code, code.capitalize())


def chart_areas() -> tuple[str, ...]:
    """The areas an indicator chart draws, in legend order (the programme's `compare`)."""
    return tuple(programmes.definition().compare)
