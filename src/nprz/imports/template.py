"""The delivery template, filled with what the store holds: `nprz export` writes it, a
supplier fills in next year's figures in the same form, `nprz import file` reads it back.

One row per figure: indicator, area, period, value, status, note. The value is the text the
store keeps (`Observation.printed`: "33,8%", "€ 23.100", "2.196.644", "<5", "-"), so an
export imports back to exactly the same figures with their precision
(`tests/imports/test_template.py`). Every text cell goes through
`nprz.core.spreadsheet.defuse`, so no cell is run as a formula; the reader undoes it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from pathlib import Path

from nprz.core.periods import Period
from nprz.core.spreadsheet import defuse
from nprz.imports.files import FIELDS

SHEET = "gegevens"  # the sheet name the reader looks for first


@dataclass(frozen=True)
class TemplateRow:
    indicator: str
    area: str
    period: str
    value: str  # Dutch notation, as printed
    status: str = "definitief"
    note: str = ""
    reference: str = ""


def rows_for_year(year: int) -> list[TemplateRow]:
    """The figures known in the report of `year`: per (indicator, area, period) the preferred
    delivery, in the order of the report's indicators, then area, then period."""
    from nprz.monitor import models as m

    found: dict[tuple[int, int, str], m.Observation] = {}
    for obs in m.Observation.objects.known_in(year).preferred_first():
        found.setdefault((obs.indicator_id, obs.area_id, obs.period), obs)
    ordered = sorted(
        found.values(),
        key=lambda o: (
            o.indicator.position,
            o.indicator_id,
            o.area_id,
            Period.parse(o.period).sort_key,
        ),
    )
    return [
        TemplateRow(
            indicator=o.indicator.code,
            area=o.area.code,
            period=o.period,
            value=o.printed,
            status=o.status,
            note=o.footnote,
            reference=o.reference,
        )
        for o in ordered
    ]


def blank_rows(year: int) -> list[TemplateRow]:
    """An empty template for a programme without figures yet: one row per indicator and area
    of the definition, value left empty for the supplier (nb where there is no figure). An
    empty value is an error on import, so a row nobody filled in is never read as 0."""
    from nprz.monitor import models as m

    areas = list(m.Area.objects.order_by("id").values_list("code", flat=True))
    indicators = m.Indicator.objects.order_by("position", "id").values_list("code", flat=True)
    return [
        TemplateRow(indicator=indicator, area=area, period=str(year), value="")
        for indicator in indicators
        for area in areas
    ]


def cells(row: TemplateRow) -> list[str]:
    """A row as the file writes it."""
    return [defuse(text) for text in astuple(row)]


def write_csv(rows: Iterable[TemplateRow], path: Path) -> None:
    """UTF-8 with a byte order mark (so Excel shows accents right), comma-separated; values
    with a decimal comma are quoted by the csv module."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(FIELDS)
        writer.writerows(cells(row) for row in rows)


def write_xlsx(rows: Iterable[TemplateRow], path: Path) -> None:
    """One sheet "gegevens"; every cell is text (format "@"), so Excel keeps "30,0%" as
    typed and does not turn 2023/24 into a date when someone edits it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(FIELDS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(cells(row))
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.number_format = "@"
    for letter, width in zip("ABCDEFG", (28, 22, 11, 14, 11, 40, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.save(path)
