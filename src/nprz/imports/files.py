"""Deliveries as files: the CSV or Excel template that DUO, UWV, OBI and partners fill in.

The template has one row per figure and the columns `indicator, area, period, value, status,
note` (`nprz.imports.template` writes it). The reader is forgiving where a mistake has one
possible meaning — Dutch column names, header case, a CBS area code, a decimal point in
"12.5", Excel's semicolon CSV in Windows-1252 — and says so with a warning; everything else is
an error. Each problem has a stable code from `nprz.imports.problems` and the file, sheet,
row and column it was found in (rows are numbered as a spreadsheet shows them, header = 1).

Bad input never raises: a file that is not a CSV, a broken workbook, a wrong encoding, a
value that is not a number all end up as problems in the returned `Delivery`; only a
programming error raises (`tests/imports/test_files.py` fuzzes arbitrary bytes). A row with
an error gives no value, so `Delivery.ok` is false and the store refuses it as a whole.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from nprz.core.periods import Period, PeriodError
from nprz.core.printed import Unit
from nprz.core.spreadsheet import restore
from nprz.imports.delivery import Codes, Delivery, IncomingValue, KnownIndicator, Location, Problem
from nprz.imports.numbers import Reading, read_number
from nprz.imports.problems import problem

MAX_ROWS = 100_000  # data rows in one delivery; a yearly delivery has a few thousand
MAX_COLUMNS = 64  # cells read per row; the template has six
FIELDS = ("indicator", "area", "period", "value", "status", "note")
REQUIRED = ("indicator", "area", "period", "value")
SHEET_NAMES = ("gegevens", "data")  # the sheet read when present; else the first sheet
STATUSES = ("definitief", "voorlopig")

# Header names after lower-casing and dropping spaces, "_" and "-"; the value is the field.
HEADER_ALIASES: dict[str, str] = {
    "indicator": "indicator",
    "indicatorcode": "indicator",
    "area": "area",
    "areacode": "area",
    "gebied": "area",
    "gebiedscode": "area",
    "period": "period",
    "periode": "period",
    "value": "value",
    "waarde": "value",
    "status": "status",
    "note": "note",
    "toelichting": "note",
    "opmerking": "note",
    "opmerkingen": "note",
}

# Units as the store names them ("percent", "euro", "aantal", "m2", "score"); "%" and "€" as
# `KnownIndicator` documents them.
PERCENT_UNITS = frozenset({"percent", "%", "procent"})
EURO_UNITS = frozenset({"euro", "€"})
NON_NEGATIVE_UNITS = frozenset({"aantal", "m2"})  # a count or a floor area is never negative

_ODD_SPACES = {ord(c): " " for c in "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003"}
_SCHOOL_YEAR_DASH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_SCHOOL_YEAR_LONG = re.compile(r"^(\d{4})/(\d{4})$", re.ASCII)
_THOUSANDS_DOT = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])", re.ASCII)
_Warn = Callable[[str, str], None]  # (code, message)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_OTHER_TYPES = frozenset({".xls", ".ods", ".numbers", ".pdf", ".doc", ".docx", ".json", ".zip"})
_SEP_HINT = re.compile(r"^sep=([,;\t|])$")  # Excel's first line naming the delimiter: "sep=;"


@dataclass(frozen=True)
class _Cell:
    value: object  # str for CSV; str, int, float, datetime, bool or None from openpyxl
    number_format: str = "General"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


_EMPTY = _Cell(None)


@dataclass
class _Table:
    sheet: str  # "" for a CSV file
    rows: list[tuple[int, list[_Cell]]]  # (spreadsheet row number, cells), empty rows left out
    # Excel only: of the given empty (row, column index) cells, those holding a formula.
    formulas: Callable[[set[tuple[int, int]]], set[tuple[int, int]]] | None = None


def read_delivery(
    path: Path, codes: Codes, *, report_year: int | None = None, name: str | None = None
) -> Delivery:
    """Read a delivery file; `name` is what problems and the vintage call it (default: the
    file's name)."""
    shown = name or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        return Delivery(
            kind="bestand",
            title=shown,
            document=shown,
            sha256="",
            report_year=report_year or 0,
            problems=(
                problem(
                    "bestand-onleesbaar",
                    f"{shown} kon niet gelezen worden: {error.strerror or error}",
                    Location(shown),
                ),
            ),
        )
    return read_bytes(data, shown, codes, report_year=report_year)


def read_bytes(data: bytes, name: str, codes: Codes, *, report_year: int | None = None) -> Delivery:
    """Read a delivery from its raw bytes (a web upload); `name` is the uploaded file name,
    which also decides CSV or Excel when the content does not."""
    reader = _Reader(name, codes)
    table = reader.open(data)
    if table is not None:
        reader.read(table)
    years = [Period.parse(v.period).year for v in reader.values]
    return Delivery(
        kind="bestand",
        title=name,
        document=name,
        sha256=hashlib.sha256(data).hexdigest(),
        # 0 only when nothing could be read: the delivery then has errors and is refused.
        report_year=report_year if report_year is not None else max(years, default=0),
        values=tuple(reader.values),
        problems=tuple(reader.problems),
        skipped=tuple(reader.skipped),
    )


class _Reader:
    def __init__(self, name: str, codes: Codes) -> None:
        self.name = name
        self.codes = codes
        self.values: list[IncomingValue] = []
        self.problems: list[Problem] = []
        self.skipped: list[str] = []
        self.sheet = ""
        self._hints: dict[str, str] = {}  # mistyped code -> nearest known code ("" if none)
        self._area_by_cbs = {k.strip().upper(): v for k, v in codes.areas_by_cbs.items()}
        names: dict[str, list[str]] = {}
        for code, area_name in codes.areas.items():
            names.setdefault(area_name.strip().lower(), []).append(code)
        self._area_by_name = {k: v[0] for k, v in names.items() if len(v) == 1}

    # --- the file ------------------------------------------------------------------------

    def report(self, code: str, message: str, row: int | None = None, column: str = "") -> None:
        self.problems.append(problem(code, message, Location(self.name, self.sheet, row, column)))

    def open(self, data: bytes) -> _Table | None:
        suffix = Path(self.name).suffix.lower()
        if not data.strip():
            self.report("leeg-bestand", f"{self.name} is leeg")
            return None
        if data.startswith(_OLE):
            self.report(
                "bestandstype-onbekend",
                f"{self.name} is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV",
            )
            return None
        if suffix in _OTHER_TYPES:
            self.report(
                "bestandstype-onbekend",
                f"{self.name} is geen CSV- of Excelbestand; lever .csv of .xlsx",
            )
            return None
        if data.startswith(_ZIP) or suffix in (".xlsx", ".xlsm"):
            return self._open_xlsx(data)
        return self._open_csv(data)

    def _open_csv(self, data: bytes) -> _Table | None:
        text = self._decode(data)
        if text is None:
            return None
        first = next((line for line in text.splitlines() if line.strip()), "")
        if (hint := _SEP_HINT.match(first.strip(" \r"))) and text.lstrip(" \r").startswith(first):
            # Excel hides this line, so the header is row 1 there and here too.
            delimiter = hint[1]
            text = text.split("\n", 1)[1] if "\n" in text else ""
        else:
            delimiter = max((",", ";", "\t"), key=lambda d: _header_score(first, d))
        rows: list[tuple[int, list[_Cell]]] = []
        # strict: a quote left open would otherwise swallow the rest of the file into one cell
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                cells = [_Cell(value) for value in record[:MAX_COLUMNS]]
                if all(c.empty for c in cells):
                    continue
                if not self._room(len(rows), number):
                    break
                rows.append((number, cells))
        except csv.Error as error:
            self.report("csv-onleesbaar", f"CSV niet te ontleden: {error}", number + 1)
            return None
        return _Table("", rows)

    def _room(self, count: int, number: int) -> bool:
        """Room for one more row? Past the limit the problem is reported once."""
        if count <= MAX_ROWS:  # header + MAX_ROWS data rows
            return True
        if not any(p.code == "te-veel-rijen" for p in self.problems):
            self.report(
                "te-veel-rijen",
                f"meer dan {MAX_ROWS:,} rijen met gegevens; de rest is niet gelezen".replace(
                    ",", "."
                ),
                number,
            )
        return False

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
            f"{self.name} is geen UTF-8 en is als Windows-1252 gelezen (Excel 'CSV (puntkomma)')",
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

    def _open_xlsx(self, data: bytes) -> _Table | None:
        # openpyxl reports a damaged workbook with whatever exception its parser meets
        # (zipfile, XML, KeyError, ValueError, ...): for input that is one problem, not a crash.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's style warnings are not ours
                return self._read_xlsx(data)
        except Exception as error:
            self.report(
                "excel-onleesbaar",
                f"{self.name} is geen leesbaar .xlsx-bestand ({type(error).__name__})",
            )
            return None

    def _read_xlsx(self, data: bytes) -> _Table | None:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            names = list(book.sheetnames)
            if not names:
                self.report("excel-onleesbaar", f"{self.name} heeft geen werkbladen")
                return None
            chosen = next((n for n in names if n.strip().lower() in SHEET_NAMES), names[0])
            self.skipped.extend(
                f"werkblad {n!r} niet gelezen (alleen {chosen!r})" for n in names if n != chosen
            )
            self.sheet = chosen
            rows: list[tuple[int, list[_Cell]]] = []
            for number, row in enumerate(
                book[chosen].iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1
            ):
                cells = [
                    _Cell(c.value, getattr(c, "number_format", None) or "General") for c in row
                ]
                if any(not c.empty for c in cells):
                    if not self._room(len(rows), number):
                        break
                    rows.append((number, cells))
                elif number > 2 * MAX_ROWS:  # a sheet whose size is mostly empty rows
                    self._room(MAX_ROWS + 1, number)
                    break
        finally:
            book.close()
        return _Table(chosen, rows, lambda cells: self._formulas(data, chosen, cells))

    def _formulas(
        self, data: bytes, sheet: str, wanted: set[tuple[int, int]]
    ) -> set[tuple[int, int]]:
        """Which of the `wanted` empty cells hold a formula without a stored result (a workbook
        written by a program and never opened in Excel). Reads the workbook a second time, so
        only when a value cell is empty."""
        last = max(n for n, _ in wanted)
        found: set[tuple[int, int]] = set()
        # The workbook was read once already; should the second reading fail all the same,
        # the cells stay what they are: empty.
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

    # --- the table -----------------------------------------------------------------------

    def read(self, table: _Table) -> None:
        if not table.rows:
            self.report("leeg-bestand", f"{self.name} bevat geen gegevens")
            return
        header_row, header = table.rows[0]
        columns = self._header(header_row, header)
        if columns is None:
            return
        if len(table.rows) == 1:
            self.report("geen-rijen", "alleen een kopregel, geen rijen met gegevens", header_row)
            return
        width = max(i for i, c in enumerate(header) if not c.empty) + 1
        labels = {f: _label(header, i) for f, i in columns.items()}
        seen: dict[tuple[str, str, str], int] = {}
        ambiguous: list[tuple[int, IncomingValue]] = []
        decimal_point = False
        formulas: set[tuple[int, int]] = set()
        if table.formulas is not None:
            at = columns["value"]
            empty = {
                (n, at)
                for n, cells in table.rows[1:]
                if at >= len(cells) or cells[at].value is None
            }
            if empty:
                formulas = table.formulas(empty)
        for number, cells in table.rows[1:]:
            row = _Row(self, number, cells, columns, labels, formulas)
            # More cells than the header: in a CSV even empty ones, because a decimal comma
            # without quotes ("33,3%") shifts every later cell one place to the right.
            extra = [i for i, c in enumerate(cells) if i >= width and not c.empty]
            if extra or len(cells) > len(header):
                row.fail(
                    "te-veel-cellen",
                    f"de rij heeft {len(cells) if len(cells) > len(header) else extra[-1] + 1} "
                    f"cellen en de kopregel {width} kolommen; staat er een decimale komma "
                    "zonder aanhalingstekens in een CSV met komma's?",
                    "",
                )
                continue  # the cells are shifted: what they say would only add noise
            value = row.read()
            decimal_point = decimal_point or row.decimal_point
            if value is None:
                continue
            if value.key in seen:
                indicator, area, period = value.key
                row.fail(
                    "dubbele-rij",
                    f"{indicator} · {area} · {period} staat in rij {seen[value.key]} en in "
                    f"rij {number}",
                    "",
                )
                continue
            seen[value.key] = number
            self.values.append(value)
            if row.thousands_dot:
                ambiguous.append((number, value))
        if decimal_point and ambiguous:
            self._ambiguous_dots(ambiguous, labels["value"])

    def _header(self, row: int, header: list[_Cell]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for index, cell in enumerate(header):
            text = _text(cell).replace("\ufeff", "").strip()
            if not text:
                continue
            found = HEADER_ALIASES.get(re.sub(r"[\s_\-]+", "", text.lower()))
            if found is None:
                hint = difflib.get_close_matches(text.lower(), FIELDS, n=1, cutoff=0.6)
                self.report(
                    "onbekende-kolom",
                    f"kolom {text!r} is onbekend en wordt genegeerd"
                    + (f"; bedoelt u {hint[0]!r}?" if hint else ""),
                    row,
                    text,
                )
            elif found in columns:
                self.report(
                    "dubbele-kolom",
                    f"kolom {text!r} en kolom {_label(header, columns[found])!r} betekenen "
                    f"allebei {found!r}",
                    row,
                    text,
                )
            else:
                columns[found] = index
                if text != found:
                    self.report(
                        "kolomnaam-variant", f"kolom {text!r} gelezen als {found!r}", row, text
                    )
        missing = [f for f in REQUIRED if f not in columns]
        for name in missing:
            self.report(
                "kolom-ontbreekt",
                f"kolom {name!r} ontbreekt; de kopregel moet {', '.join(FIELDS)} bevatten "
                "(status en note mogen ontbreken)",
                row,
            )
        has_duplicates = any(p.code == "dubbele-kolom" for p in self.problems)
        return None if missing or has_duplicates else columns

    def _ambiguous_dots(self, rows: list[tuple[int, IncomingValue]], column: str) -> None:
        """A file that writes "12.5" somewhere cannot be trusted to mean 1234 by "1.234"."""
        doubtful = {id(v) for _, v in rows}
        self.values = [v for v in self.values if id(v) not in doubtful]
        for number, value in rows:
            self.report(
                "dubbelzinnige-punt",
                f"{value.printed!r}: dit bestand gebruikt elders een decimale punt, dus de punt "
                "kan hier ook een decimaalteken zijn; gebruik in het hele bestand de decimale "
                f"komma (12,5), dan is {value.printed} ondubbelzinnig",
                number,
                column,
            )

    # --- codes ---------------------------------------------------------------------------

    def indicator(self, text: str, warn: _Warn) -> KnownIndicator | str:
        """The known indicator, or the Dutch message why not."""
        known = self.codes.indicators
        if text in known:
            return known[text]
        slug = _slug(text)
        if slug in known:
            warn("code-variant", f"indicator {text!r} gelezen als {slug!r}")
            return known[slug]
        hint = self.closest(slug, known)
        return f"onbekende indicator {text!r}" + (f"; bedoelt u {hint!r}?" if hint else "")

    def closest(self, slug: str, known: Mapping[str, object]) -> str:
        """The nearest known code, remembered: a file of 20.000 rows with one mistyped code
        would otherwise compare it with every code 20.000 times."""
        if slug not in self._hints:
            hint = difflib.get_close_matches(slug, list(known), n=1, cutoff=0.6)
            self._hints[slug] = hint[0] if hint else ""
        return self._hints[slug]

    def area(self, text: str, warn: _Warn) -> str | None:
        areas = self.codes.areas
        if text in areas:
            return text
        slug = _slug(text)
        if slug in areas:
            warn("code-variant", f"gebied {text!r} gelezen als {slug!r}")
            return slug
        if (cbs := self._area_by_cbs.get(text.replace(" ", "").upper())) is not None:
            warn("cbs-gebiedscode", f"CBS-code {text!r} gelezen als gebied {cbs!r}")
            return cbs
        if (named := self._area_by_name.get(text.lower())) is not None:
            warn("gebiedsnaam", f"gebiedsnaam {text!r} gelezen als {named!r}")
            return named
        return None

    def area_hint(self, text: str) -> str:
        hint = self.closest(_slug(text), self.codes.areas)
        return f"onbekend gebied {text!r}" + (f"; bedoelt u {hint!r}?" if hint else "")


class _Row:
    """One data row: reads its cells, reports its problems, gives a value or None."""

    def __init__(
        self,
        reader: _Reader,
        number: int,
        cells: list[_Cell],
        columns: dict[str, int],
        labels: dict[str, str],
        formulas: set[tuple[int, int]],
    ) -> None:
        self.reader = reader
        self.number = number
        self.cells = cells
        self.columns = columns
        self.labels = labels
        self.formulas = formulas
        self.failed = False
        self.decimal_point = False  # a value used a decimal point ("12.5")
        self.thousands_dot = False  # a value read "1.234" as a thousand and more

    def cell(self, name: str) -> _Cell:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return _EMPTY
        return self.cells[index]

    def fail(self, code: str, message: str, column: str) -> None:
        self.failed = True
        self.reader.report(code, message, self.number, column)

    def warner(self, name: str) -> _Warn:
        def warn(code: str, message: str) -> None:
            self.reader.report(code, message, self.number, self.labels.get(name, ""))

        return warn

    def read(self) -> IncomingValue | None:
        indicator = self._indicator()
        area = self._area()
        period = self._period()
        status = self._status()
        note = _clean(_text(self.cell("note")))
        reading = self._value(indicator if isinstance(indicator, KnownIndicator) else None)
        if self.failed or reading is None:
            return None
        # A row without failures has all its parts.
        assert isinstance(indicator, KnownIndicator)
        assert area
        assert period
        assert status
        return IncomingValue(
            indicator=indicator.code,
            area=area,
            period=period,
            printed=reading.printed,
            value=reading.value,
            resolution=reading.resolution,
            location=Location(self.reader.name, self.reader.sheet, self.number),
            missing_reason=reading.missing_reason,
            suppressed=reading.suppressed,
            status=status,
            note=note,
        )

    def _indicator(self) -> KnownIndicator | None:
        text = _clean(_text(self.cell("indicator")))
        column = self.labels["indicator"]
        if not text:
            self.fail("indicator-leeg", "geen indicatorcode", column)
            return None
        found = self.reader.indicator(text, self.warner("indicator"))
        if isinstance(found, str):
            self.fail("onbekende-indicator", found, column)
            return None
        return found

    def _area(self) -> str | None:
        text = _clean(_text(self.cell("area")))
        column = self.labels["area"]
        if not text:
            self.fail("gebied-leeg", "geen gebiedscode", column)
            return None
        found = self.reader.area(text, self.warner("area"))
        if found is None:
            self.fail("onbekend-gebied", self.reader.area_hint(text), column)
        return found

    def _period(self) -> str | None:
        text = _clean(_text(self.cell("period")))
        column = self.labels["period"]
        try:
            if not text.isascii():  # Python reads "٢٠٢٤" as a year; a spreadsheet does not
                raise PeriodError(f"periode {text!r} bevat andere tekens dan cijfers 0-9")
            return Period.parse(text).code
        except PeriodError as error:
            reason = str(error)
        # A school year written another way, with one possible meaning.
        code = ""
        if match := _SCHOOL_YEAR_DASH.match(text):  # 2023-24
            if (int(match[1]) + 1) % 100 == int(match[2]):
                code = f"{match[1]}/{match[2]}"
        elif (match := _SCHOOL_YEAR_LONG.match(text)) and int(match[2]) == int(match[1]) + 1:
            code = f"{match[1]}/{match[2][2:]}"  # 2023/2024
        if code:
            self.warner("period")("periode-notatie", f"periode {text!r} gelezen als {code}")
            return code
        self.fail("ongeldige-periode", reason, column)
        return None

    def _status(self) -> str | None:
        text = _clean(_text(self.cell("status")))
        if not text:
            return "definitief"
        if text in STATUSES:
            return text
        if text.lower() in STATUSES:
            self.warner("status")("status-variant", f"status {text!r} gelezen als {text.lower()!r}")
            return text.lower()
        self.fail(
            "ongeldige-status",
            f"status {text!r} is niet definitief of voorlopig (leeg = definitief)",
            self.labels.get("status", ""),
        )
        return None

    def _value(self, indicator: KnownIndicator | None) -> Reading | None:
        cell = self.cell("value")
        column = self.labels["value"]
        index = self.columns["value"]
        if cell.value is None and (self.number, index) in self.formulas:
            self.fail(
                "formule-zonder-uitkomst",
                "de cel bevat een formule zonder opgeslagen uitkomst",
                column,
            )
            return None
        reading = read_number(cell.value, number_format=cell.number_format)
        warn = self.warner("value")
        for finding in reading.warnings:
            warn(finding.code, finding.message)
        if reading.error is not None:
            self.fail(reading.error.code, reading.error.message, column)
            return None
        if any(f.code == "decimale-punt" for f in reading.warnings):
            self.decimal_point = True
        elif (
            isinstance(cell.value, str)
            and _THOUSANDS_DOT.search(cell.value)
            and ("," not in cell.value and cell.value.count(".") == 1)
        ):
            self.thousands_dot = True
        if indicator is None or not reading.is_number:
            return reading
        return self._fits(reading, indicator, column, warn)

    def _fits(
        self, reading: Reading, indicator: KnownIndicator, column: str, warn: _Warn
    ) -> Reading | None:
        """The value against its indicator: unit, range and printed decimals."""
        unit = indicator.unit.strip().lower()
        shown = repr(reading.text)
        if unit in PERCENT_UNITS:
            if reading.unit is Unit.EURO:
                self.fail(
                    "bedrag-niet-verwacht",
                    f"{shown} is een bedrag; {indicator.code} is een percentage",
                    column,
                )
                return None
            if reading.unit is Unit.NONE:
                assert reading.value is not None
                if 0 < abs(reading.value) <= 1:
                    self.fail(
                        "percentage-of-fractie",
                        f"{shown} zonder procentteken: is dit {reading.printed}% of "
                        f"{_dutch(reading.value * 100)}%? Schrijf het procentteken erbij",
                        column,
                    )
                    return None
                warn(
                    "procentteken-ontbreekt",
                    f"{shown} zonder procentteken gelezen als {reading.printed}%",
                )
                reading = read_number(reading.printed + "%")
        elif unit in EURO_UNITS:
            if reading.unit is Unit.PERCENT:
                self.fail(
                    "percentage-niet-verwacht",
                    f"{shown} is een percentage; {indicator.code} is een bedrag",
                    column,
                )
                return None
            if reading.unit is Unit.NONE:
                warn("eurosteken-ontbreekt", f"{shown} zonder euroteken gelezen als bedrag")
                reading = read_number("€ " + reading.printed)
        elif reading.unit is not Unit.NONE:
            what = "een percentage" if reading.unit is Unit.PERCENT else "een bedrag"
            code = (
                "percentage-niet-verwacht"
                if reading.unit is Unit.PERCENT
                else "bedrag-niet-verwacht"
            )
            self.fail(code, f"{shown} is {what}; {indicator.code} is in {indicator.unit}", column)
            return None
        value = reading.value
        assert value is not None
        assert reading.resolution is not None
        if unit in PERCENT_UNITS and not 0 <= value <= 100:
            self.fail(
                "percentage-buiten-bereik", f"{reading.printed} ligt niet tussen 0 en 100%", column
            )
            return None
        if unit in NON_NEGATIVE_UNITS and value < 0:
            self.fail("negatief-aantal", f"{reading.printed} is negatief", column)
            return None
        if reading.resolution and reading.resolution < Decimal(1).scaleb(-indicator.decimals):
            warn(
                "meer-decimalen",
                f"{reading.printed} heeft meer decimalen dan {indicator.code} drukt "
                f"({indicator.decimals})",
            )
        return reading


def _text(cell: _Cell) -> str:
    """A code or text cell as text; Excel may have turned "2024" into the number 2024."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _dutch(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _clean(text: str) -> str:
    return restore(text.translate(_ODD_SPACES).strip()).strip()


def _slug(text: str) -> str:
    """A code as typed with capitals; "Kop van Zuid" is a name, not a variant of a code."""
    return text.strip().lower()


def _label(header: list[_Cell], index: int) -> str:
    """A column as the delivery names it: its header, else its spreadsheet letter."""
    if index < len(header) and (name := _text(header[index]).replace("\ufeff", "").strip()):
        return name
    return _letter(index)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_score(line: str, delimiter: str) -> tuple[int, int]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return (0, 0)
    known = sum(1 for c in cells if re.sub(r"[\s_\-]+", "", c.lower()) in HEADER_ALIASES)
    return (known, len(cells))
