"""Bytes to a table: a delivery file as plain rows of cells, each with its place.

Knows files, not figures: a CSV file in UTF-8 (with or without byte-order mark), UTF-16 or
Windows-1252 (Dutch Excel's "CSV (puntkomma)"), with comma, semicolon or tab between the cells
and Excel's optional "sep=;" first line; or one sheet of an .xlsx workbook. What the cells
mean is `nprz.imports.values`' job; the reader of a template only tells this module which
header words it knows (to pick the delimiter) and which sheet names it prefers.

Limits that keep a bad file cheap: at most `MAX_ROWS` rows with data, `MAX_COLUMNS` cells per
row, and `MAX_CELL_CHARS` characters per cell (Excel's own limit). A cell over that limit is
refused and its row not read, whatever a workbook's XML made of it.

Every problem goes into the caller's `ProblemLog` with the file, sheet and row (rows numbered
as a spreadsheet shows them, the header is row 1); nothing here raises on bad input.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from nprz.core.problems import Location, ProblemLog
from nprz.imports.problems import problem, severity

MAX_ROWS = 100_000  # data rows in one delivery; a yearly delivery has a few thousand
MAX_COLUMNS = 64  # cells read per row; the template has six
MAX_CELL_CHARS = 32_767  # characters in one cell, as in Excel

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_OTHER_TYPES = frozenset({".xls", ".ods", ".numbers", ".pdf", ".doc", ".docx", ".json", ".zip"})
_SEP_HINT = re.compile(r"^sep=([,;\t|])$")  # Excel's first line naming the delimiter: "sep=;"
_DELIMITERS = (",", ";", "\t")

Formulas = Callable[[set[tuple[int, int]]], set[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Cell:
    value: object  # str for CSV; str, int, float, datetime, bool or None from openpyxl
    number_format: str = "General"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


EMPTY = Cell(None)


@dataclass
class Table:
    file: str  # as problems name it
    sheet: str = ""  # "" for a CSV file
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)  # empty rows left out
    skipped: list[str] = field(default_factory=list)  # Dutch lines: sheets not read
    # Rows with a cell this module refused (too long): their problem is reported, the row is
    # kept in place (the header stays the header) but gives no value.
    refused_rows: set[int] = field(default_factory=set)
    # Excel only: of the given empty (row, column index) cells, those holding a formula.
    formulas: Formulas | None = None


def read_table(
    data: bytes,
    name: str,
    log: ProblemLog,
    *,
    header_word: Callable[[str], bool],
    sheet_names: tuple[str, ...] = (),
) -> Table | None:
    """The table in `data` (uploaded or saved as `name`), or None when there is none; the
    reason is in `log`. `header_word` says whether a header cell is a known column name (it
    picks the CSV delimiter); of a workbook the first sheet named in `sheet_names` is read,
    else the first sheet."""
    return _Reading(name, log).open(data, header_word, sheet_names)


class _Reading:
    def __init__(self, name: str, log: ProblemLog) -> None:
        self.table = Table(name)
        self.log = log

    def report(self, code: str, message: str, row: int | None = None, column: str = "") -> None:
        if self.log.full(code):
            self.log.tally(code, severity(code))
            return
        where = Location(self.table.file, self.table.sheet, row, column)
        self.log.add(problem(code, message, where))

    def open(
        self, data: bytes, header_word: Callable[[str], bool], sheet_names: tuple[str, ...]
    ) -> Table | None:
        name = self.table.file
        suffix = Path(name).suffix.lower()
        if not data.strip():
            self.report("leeg-bestand", f"{name} is leeg")
            return None
        if data.startswith(_OLE):
            self.report(
                "bestandstype-onbekend",
                f"{name} is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV",
            )
            return None
        if suffix in _OTHER_TYPES:
            self.report(
                "bestandstype-onbekend", f"{name} is geen CSV- of Excelbestand; lever .csv of .xlsx"
            )
            return None
        if data.startswith(_ZIP) or suffix in (".xlsx", ".xlsm"):
            return self._open_xlsx(data, sheet_names)
        return self._open_csv(data, header_word)

    # --- CSV ---------------------------------------------------------------------------------

    def _open_csv(self, data: bytes, header_word: Callable[[str], bool]) -> Table | None:
        text = self._decode(data)
        if text is None:
            return None
        first = next((line for line in text.splitlines() if line.strip()), "")
        if (hint := _SEP_HINT.match(first.strip(" \r"))) and text.lstrip(" \r").startswith(first):
            # Excel hides this line, so the header is row 1 there and here too.
            delimiter = hint[1]
            text = text.split("\n", 1)[1] if "\n" in text else ""
        else:
            delimiter = max(_DELIMITERS, key=lambda d: _header_score(first, d, header_word))
        rows = self.table.rows
        # strict: a quote left open would otherwise swallow the rest of the file into one cell
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                texts = record[:MAX_COLUMNS]
                if not any(text.strip() for text in texts):  # every cell empty (`Cell.empty`)
                    continue
                if not self._room(len(rows), number):
                    break
                cells = [Cell(text) for text in texts]
                if max(map(len, texts)) > MAX_CELL_CHARS:
                    cells = self._bounded(number, cells)
                rows.append((number, cells))
        except csv.Error as error:
            self.report("csv-onleesbaar", f"CSV niet te ontleden: {error}", number + 1)
            return None
        return self.table

    def _decode(self, data: bytes) -> str | None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as error:
                self._undecodable(data, error)
                return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            self._undecodable(data, error)
            return None
        self.report(
            "codering-cp1252",
            f"{self.table.file} is geen UTF-8 en is als Windows-1252 gelezen (Excel 'CSV "
            "(puntkomma)')",
        )
        return text

    def _undecodable(self, data: bytes, error: UnicodeDecodeError) -> None:
        row = data[: error.start].count(b"\n") + 1
        self.report(
            "codering-onleesbaar",
            f"byte {data[error.start]:#04x} op positie {error.start} is geen UTF-8 en geen "
            "Windows-1252; sla het bestand op als CSV UTF-8",
            row,
        )

    # --- Excel -------------------------------------------------------------------------------

    def _open_xlsx(self, data: bytes, sheet_names: tuple[str, ...]) -> Table | None:
        # openpyxl reports a damaged workbook with whatever exception its parser meets
        # (zipfile, XML, KeyError, ValueError, ...): for input that is one problem, not a crash.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's style warnings are not ours
                return self._read_xlsx(data, sheet_names)
        except Exception as error:
            self.report(
                "excel-onleesbaar",
                f"{self.table.file} is geen leesbaar .xlsx-bestand ({type(error).__name__})",
            )
            return None

    def _read_xlsx(self, data: bytes, sheet_names: tuple[str, ...]) -> Table | None:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        table = self.table
        try:
            names = list(book.sheetnames)
            if not names:
                self.report("excel-onleesbaar", f"{table.file} heeft geen werkbladen")
                return None
            chosen = next((n for n in names if n.strip().lower() in sheet_names), names[0])
            table.skipped.extend(
                f"werkblad {n!r} niet gelezen (alleen {chosen!r})" for n in names if n != chosen
            )
            table.sheet = chosen
            for number, row in enumerate(
                book[chosen].iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1
            ):
                cells = [Cell(c.value, getattr(c, "number_format", None) or "General") for c in row]
                if any(not c.empty for c in cells):
                    if not self._room(len(table.rows), number):
                        break
                    table.rows.append((number, self._bounded(number, cells)))
                elif number > 2 * MAX_ROWS:  # a sheet whose size is mostly empty rows
                    self._room(MAX_ROWS + 1, number)
                    break
        finally:
            book.close()
        table.formulas = lambda wanted: _formulas(data, chosen, wanted)
        return table

    # --- limits ------------------------------------------------------------------------------

    def _room(self, count: int, number: int) -> bool:
        """Room for one more row? Past the limit the problem is reported once."""
        if count <= MAX_ROWS:  # header + MAX_ROWS data rows
            return True
        if not self.log.count("te-veel-rijen"):
            self.report(
                "te-veel-rijen",
                f"meer dan {MAX_ROWS:,} rijen met gegevens; de rest is niet gelezen".replace(
                    ",", "."
                ),
                number,
            )
        return False

    def _bounded(self, number: int, cells: list[Cell]) -> list[Cell]:
        """The row's cells, with a cell over `MAX_CELL_CHARS` reported and emptied."""
        for index, cell in enumerate(cells):
            if isinstance(cell.value, str) and len(cell.value) > MAX_CELL_CHARS:
                self.report(
                    "cel-te-lang",
                    f"de cel heeft {len(cell.value):,} tekens; een cel mag er hoogstens "
                    f"{MAX_CELL_CHARS:,} hebben (zoals in Excel); de rij is niet gelezen".replace(
                        ",", "."
                    ),
                    number,
                    get_column_letter(index + 1),
                )
                cells[index] = EMPTY
                self.table.refused_rows.add(number)
        return cells


def _formulas(data: bytes, sheet: str, wanted: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which of the `wanted` empty cells hold a formula without a stored result (a workbook
    written by a program and never opened in Excel). Reads the workbook a second time, so
    only when a value cell is empty."""
    last = max(n for n, _ in wanted)
    found: set[tuple[int, int]] = set()
    # The workbook was read once already; should the second reading fail all the same, the
    # cells stay what they are: empty.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                rows = book[sheet].iter_rows(min_row=1, max_row=last, max_col=MAX_COLUMNS)
                for number, row in enumerate(rows, start=1):
                    for index, cell in enumerate(row):
                        if (number, index) in wanted and str(cell.value).startswith("="):
                            found.add((number, index))
            finally:
                book.close()
    except Exception:
        return set()
    return found


def _header_score(line: str, delimiter: str, header_word: Callable[[str], bool]) -> tuple[int, int]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return (0, 0)
    return (sum(1 for c in cells if header_word(c)), len(cells))
