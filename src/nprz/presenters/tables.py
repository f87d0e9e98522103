"""A table as the pages show it and the downloads export it: one object, three renderings.

Every table on the site is a `Table`; the HTML template, the CSV writer and the Excel writer
all read the same rows, so a download always holds what the page showed. A cell carries the
Dutch text a reader sees and the plain value a spreadsheet needs (a number in the unit of the
column, or text); empty means missing, and missing is never turned into 0.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Font

from nprz.core.formatting import plain
from nprz.core.spreadsheet import defuse
from nprz.presenters.addresses import address

Plain = str | int | float | None


@dataclass(frozen=True)
class Cell:
    text: str
    value: Plain = None
    href: str = ""
    status: str = ""  # groen / oranje / rood / geen: drawn with an icon and a word
    note: str = ""  # a short marker after the text, e.g. "voorlopig"
    # A sentence below the table, referred to by a numbered mark after the text (a known
    # correction: "Gedrukt 1.123; de optelling geeft 112 (waarschijnlijk een tikfout).").
    footnote: str = ""

    @property
    def export(self) -> Plain:
        return self.text if self.value is None and not _is_missing(self.text) else self.value


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    sort: str = ""  # the value of ?sorteer= that sorts on this column; empty: not sortable


@dataclass(frozen=True)
class Sorting:
    """How a table is sorted now, and the link for each sortable column."""

    key: str
    descending: bool
    links: dict[str, str]  # sort key -> URL that sorts on it (toggling direction if current)


@dataclass(frozen=True)
class Header:
    label: str
    numeric: bool
    href: str = ""
    aria_sort: str = ""  # "ascending" / "descending" on the current sort column
    mark: str = ""  # the arrow shown next to a sortable label


@dataclass(frozen=True)
class Table:
    slug: str  # file name of the downloads, e.g. "doelen-2024"
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    download_path: str = ""  # URL path of the downloads without extension; empty: none
    download_query: str = ""  # "?..." that selects the same rows, or empty
    notes: tuple[str, ...] = field(default=())
    sorting: Sorting | None = None

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"tabel {self.slug}: rij met {len(row)} cellen")

    @property
    def csv_href(self) -> str:
        where = address(self.download_path)
        return f"{where}.csv{self.download_query}" if self.download_path else ""

    @property
    def xlsx_href(self) -> str:
        where = address(self.download_path)
        return f"{where}.xlsx{self.download_query}" if self.download_path else ""

    @property
    def headers(self) -> list[Header]:
        found = []
        for column in self.columns:
            if not (column.sort and self.sorting):
                found.append(Header(column.label, column.numeric))
                continue
            current = self.sorting.key == column.sort
            direction = "descending" if self.sorting.descending else "ascending"
            found.append(
                Header(
                    column.label,
                    column.numeric,
                    href=self.sorting.links[column.sort],
                    aria_sort=direction if current else "",
                    mark=("▼" if self.sorting.descending else "▲") if current else "⇅",
                )
            )
        return found

    @property
    def footnotes(self) -> list[str]:
        """The cells' footnotes, each once, in the order they first appear."""
        return list(dict.fromkeys(c.footnote for row in self.rows for c in row if c.footnote))

    @property
    def body(self) -> list[list[tuple[Cell, bool, str]]]:
        """Rows as (cell, numeric column?, footnote mark) triples, for the template; the
        mark is the footnote's number below the table, or empty."""
        numeric = [c.numeric for c in self.columns]
        marks = {note: str(n) for n, note in enumerate(self.footnotes, start=1)}
        return [
            [
                (cell, num, marks.get(cell.footnote, ""))
                for cell, num in zip(row, numeric, strict=True)
            ]
            for row in self.rows
        ]


def number(value: Fraction | Decimal | int | None, places: int = 4) -> float | int | None:
    """The exported form of a number: rounded half up far below print precision; a whole
    number stays an integer (1511, not 1511.0)."""
    found = plain(value, places)
    return int(found) if found is not None and found.is_integer() else found


def _is_missing(text: str) -> bool:
    return text in ("", "–")


def safe(value: Plain) -> Plain:
    """A cell as an export writes it: text a spreadsheet would run as a formula gets the
    apostrophe of `nprz.core.spreadsheet.defuse`; numbers and missing cells stay as they are."""
    return defuse(value) if isinstance(value, str) else value


def to_csv(table: Table) -> str:
    """UTF-8 CSV, comma-separated, decimal point: the open-data form."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    extra = bool(table.footnotes)
    writer.writerow([defuse(c.key) for c in table.columns] + ([CORRECTION_KEY] if extra else []))
    for row in table.rows:
        cells = ["" if cell.export is None else safe(cell.export) for cell in row]
        writer.writerow(cells + ([safe(_row_footnotes(row))] if extra else []))
    return buffer.getvalue()


# Where a table has footnotes (known corrections), the downloads add one column with the
# row's footnotes: the number stays the printed one, the note travels beside it.
CORRECTION_KEY = "correctie"
CORRECTION_LABEL = "Correctie"


def _row_footnotes(row: tuple[Cell, ...]) -> str:
    return " ".join(dict.fromkeys(c.footnote for c in row if c.footnote))


def to_xlsx(table: Table) -> bytes:
    """An Excel workbook: Dutch headers, numbers as numbers, the title and notes above."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.slug[:31]
    # Every text goes through `defuse`: openpyxl itself stores any string starting with "="
    # as a formula, and Excel would run it when the file is opened.
    sheet.append([defuse(table.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    for note in (table.caption, *table.notes):
        if note:
            sheet.append([defuse(note)])
    # openpyxl does not count an empty appended row in max_row: fix the header row first.
    header_row = sheet.max_row + 2
    sheet.append([])
    extra = bool(table.footnotes)
    sheet.append([defuse(c.label) for c in table.columns] + ([CORRECTION_LABEL] if extra else []))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        cells = [safe(cell.export) for cell in row]
        sheet.append(cells + ([safe(_row_footnotes(row) or None)] if extra else []))
    for index, column in enumerate(table.columns, start=1):
        letter = sheet.cell(row=header_row, column=index).column_letter
        width = max([len(column.label)] + [len(r[index - 1].text) for r in table.rows] + [8])
        sheet.column_dimensions[letter].width = min(width + 2, 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
