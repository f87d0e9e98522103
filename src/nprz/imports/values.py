"""A table to values: each row of the template read into one `IncomingValue`, or problems.

The header says which column holds what (`nprz.imports.header`); every row after it names an
indicator, an area and a period by the store's codes (a CBS area code, an area's name or a
code in capitals is read with a warning, a mistyped code gets the nearest known one as a
hint), a value in Dutch notation (`nprz.imports.numbers`) that must fit its indicator
(`nprz.imports.value_checks`), a status and a note. A row with an error gives no value.

Across rows: the same indicator, area and period twice is an error naming both rows; a row
with more cells than the header (a decimal comma in a comma CSV) is one error, not a cascade;
and a file that writes a decimal point somewhere ("12.5") cannot be trusted to mean a
thousand by "1.234", so those values are errors too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from nprz.core.periods import Period, PeriodError
from nprz.core.problems import Location, ProblemLog
from nprz.core.spreadsheet import restore
from nprz.imports.delivery import Codes, IncomingValue, KnownIndicator
from nprz.imports.header import Header, cell_text, read_header
from nprz.imports.numbers import Reading, read_number
from nprz.imports.problems import problem, severity
from nprz.imports.tables import EMPTY, Cell, Table
from nprz.imports.value_checks import fit

STATUSES = ("definitief", "voorlopig")

_ODD_SPACES = {ord(c): " " for c in "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003"}
_SCHOOL_YEAR_DASH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_SCHOOL_YEAR_LONG = re.compile(r"^(\d{4})/(\d{4})$", re.ASCII)
_THOUSANDS_DOT = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])", re.ASCII)
_Warn = Callable[[str, str], None]  # (code, message)
# What reading one cell said, in order: (stops the row, code, message). A delivery repeats
# its codes, periods and statuses in every row, so each distinct text is read once and what
# it said is told again, with the row's own number, for every row that holds it.
_Event = tuple[bool, str, str]
_Resolve = Callable[[str, list[_Event]], object]

CURRENT_COUNT = "huidig"  # a current count without a date (nprz.monitor.models)
DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
DUTCH_DATE = re.compile(r"(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>\d{4})")


def read_values(table: Table, codes: Codes, log: ProblemLog) -> list[IncomingValue]:
    """The values of the table's rows; every problem goes into `log`."""
    return _Values(table, codes, log).read()


class _Values:
    def __init__(self, table: Table, codes: Codes, log: ProblemLog) -> None:
        self.table = table
        self.log = log
        self.lookup = _Lookup(codes)
        self.values: list[IncomingValue] = []
        self.cleaned: dict[str, str] = {}  # cell text -> `_clean` of it
        # (column, indicator for a value) -> text -> what it was read as, and what it said
        self.resolved: dict[tuple[str, str], dict[str, tuple[object, tuple[_Event, ...]]]] = {}

    def report(self, code: str, message: str, row: int | None = None, column: str = "") -> None:
        if self.log.full(code):
            self.log.tally(code, severity(code))
            return
        where = Location(self.table.file, self.table.sheet, row, column)
        self.log.add(problem(code, message, where))

    def read(self) -> list[IncomingValue]:
        rows = self.table.rows
        if not rows:
            self.report("leeg-bestand", f"{self.table.file} bevat geen gegevens")
            return []
        header_row, header_cells = rows[0]
        header, findings = read_header(header_cells)
        for finding in findings:
            self.report(finding.code, finding.message, header_row, finding.column)
        if header is None:
            return []
        if len(rows) == 1:
            self.report("geen-rijen", "alleen een kopregel, geen rijen met gegevens", header_row)
            return []
        seen: dict[tuple[str, str, str], int] = {}
        ambiguous: list[tuple[int, IncomingValue]] = []
        decimal_point = False
        formulas = self._formulas(header)
        for number, cells in rows[1:]:
            if number in self.table.refused_rows:
                continue  # its problem is reported; what is left of it would only add noise
            row = _Row(self, number, cells, header, formulas)
            # More cells than the header: in a CSV even empty ones, because a decimal comma
            # without quotes ("33,3%") shifts every later cell one place to the right.
            extra = (
                [i for i, c in enumerate(cells) if i >= header.width and not c.empty]
                if len(cells) > header.width
                else []
            )
            if extra or len(cells) > len(header_cells):
                count = len(cells) if len(cells) > len(header_cells) else extra[-1] + 1
                row.fail(
                    "te-veel-cellen",
                    f"de rij heeft {count} cellen en de kopregel {header.width} kolommen; staat "
                    "er een decimale komma zonder aanhalingstekens in een CSV met komma's?",
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
            self._ambiguous_dots(ambiguous, header.labels["value"])
        return self.values

    def _formulas(self, header: Header) -> set[tuple[int, int]]:
        """The empty value cells of a workbook that hold a formula without a result."""
        if self.table.formulas is None:
            return set()
        at = header.columns["value"]
        empty = {
            (n, at)
            for n, cells in self.table.rows[1:]
            if at >= len(cells) or cells[at].value is None
        }
        return self.table.formulas(empty) if empty else set()

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


class _Lookup:
    """The store's codes, and how a delivery may write them otherwise."""

    def __init__(self, codes: Codes) -> None:
        self.codes = codes
        self._hints: dict[str, str] = {}  # mistyped code -> nearest known code ("" if none)
        self._area_by_cbs = {k.strip().upper(): v for k, v in codes.areas_by_cbs.items()}
        names: dict[str, list[str]] = {}
        for code, area_name in codes.areas.items():
            names.setdefault(area_name.strip().lower(), []).append(code)
        self._area_by_name = {k: v[0] for k, v in names.items() if len(v) == 1}

    def read_indicator(self, text: str, events: list[_Event]) -> KnownIndicator | None:
        """The indicator a cell names; what it said goes into `events`."""
        if not text:
            events.append((True, "indicator-leeg", "geen indicatorcode"))
            return None
        found = self.indicator(text, lambda code, message: events.append((False, code, message)))
        if isinstance(found, str):
            events.append((True, "onbekende-indicator", found))
            return None
        return found

    def read_area(self, text: str, events: list[_Event]) -> str | None:
        """The area a cell names; what it said goes into `events`."""
        if not text:
            events.append((True, "gebied-leeg", "geen gebiedscode"))
            return None
        found = self.area(text, lambda code, message: events.append((False, code, message)))
        if found is None:
            events.append((True, "onbekend-gebied", self.area_hint(text)))
        return found

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
        values: _Values,
        number: int,
        cells: list[Cell],
        header: Header,
        formulas: set[tuple[int, int]],
    ) -> None:
        self.values = values
        self.lookup = values.lookup
        self.number = number
        self.cells = cells
        self.columns = header.columns
        self.labels = header.labels
        self.formulas = formulas
        self.failed = False
        self.decimal_point = False  # a value used a decimal point ("12.5")
        self.thousands_dot = False  # a value read "1.234" as a thousand and more

    def cell(self, name: str) -> Cell:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return EMPTY
        return self.cells[index]

    def fail(self, code: str, message: str, column: str) -> None:
        self.failed = True
        self.values.report(code, message, self.number, column)

    def warner(self, name: str) -> _Warn:
        def warn(code: str, message: str) -> None:
            self.values.report(code, message, self.number, self.labels.get(name, ""))

        return warn

    def text(self, name: str) -> str:
        """The cell of column `name` as clean text."""
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            raw = ""
        else:
            value = self.cells[index].value
            raw = value if type(value) is str else cell_text(self.cells[index])
        cleaned = self.values.cleaned.get(raw)
        if cleaned is None:
            cleaned = self.values.cleaned[raw] = _clean(raw)
        return cleaned

    def resolve(self, name: str, text: str, resolve: _Resolve, within: str = "") -> object:
        """What `resolve` makes of the text of column `name`, read once per distinct text
        (`within` one indicator, for a value); its warnings and errors are reported for this
        row, in the order they were met."""
        memo = self.values.resolved.setdefault((name, within), {})
        found = memo.get(text)
        if found is None:
            events: list[_Event] = []
            found = memo[text] = (resolve(text, events), tuple(events))
        result, events_met = found
        if not events_met:
            return result
        column = self.labels.get(name, "")
        for stops, code, message in events_met:
            if stops:
                self.fail(code, message, column)
            else:
                self.values.report(code, message, self.number, column)
        return result

    def read(self) -> IncomingValue | None:
        indicator = self._indicator()
        area = self._area()
        period = self._period()
        status = self._status()
        note = self.text("note")
        reference = self._reference()
        reading = self._value(indicator)
        if self.failed or reading is None:
            return None
        # A row without failures has all its parts.
        assert indicator is not None
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
            location=Location(self.values.table.file, self.values.table.sheet, self.number),
            missing_reason=reading.missing_reason,
            suppressed=reading.suppressed,
            status=status,
            note=note,
            reference=reference,
        )

    def _reference(self) -> str:
        """The reference date: empty (the end of the period), a date, or "huidig"."""
        found = self.resolve("reference", self.text("reference"), _read_reference)
        assert isinstance(found, str)
        return found

    def _indicator(self) -> KnownIndicator | None:
        found = self.resolve("indicator", self.text("indicator"), self.lookup.read_indicator)
        assert found is None or isinstance(found, KnownIndicator)
        return found

    def _area(self) -> str | None:
        found = self.resolve("area", self.text("area"), self.lookup.read_area)
        assert found is None or isinstance(found, str)
        return found

    def _period(self) -> str | None:
        found = self.resolve("period", self.text("period"), _read_period)
        assert found is None or isinstance(found, str)
        return found

    def _status(self) -> str | None:
        found = self.resolve("status", self.text("status"), _read_status)
        assert found is None or isinstance(found, str)
        return found

    def _value(self, indicator: KnownIndicator | None) -> Reading | None:
        cell = self.cell("value")
        column = self.labels["value"]
        if cell.value is None and (self.number, self.columns["value"]) in self.formulas:
            self.fail(
                "formule-zonder-uitkomst",
                "de cel bevat een formule zonder opgeslagen uitkomst",
                column,
            )
            return None
        if isinstance(cell.value, str):  # a number typed as text, as in every CSV
            code = indicator.code if indicator else ""

            def read(text: str, events: list[_Event]) -> object:
                return _read_value(text, cell.number_format, indicator, events)

            found = self.resolve("value", cell.value, read, within=code)
        else:  # an Excel number: read each time (a float and an int can be equal and differ)
            events: list[_Event] = []
            found = _read_value(cell.value, cell.number_format, indicator, events)
            for stops, code, message in events:
                if stops:
                    self.fail(code, message, column)
                else:
                    self.values.report(code, message, self.number, column)
        assert isinstance(found, _ValueRead)
        self.decimal_point = self.decimal_point or found.decimal_point
        self.thousands_dot = self.thousands_dot or found.thousands_dot
        return found.reading


@dataclass(frozen=True, slots=True)
class _ValueRead:
    reading: Reading | None  # None: an error stops the row
    decimal_point: bool = False  # a value used a decimal point ("12.5")
    thousands_dot: bool = False  # a value read "1.234" as a thousand and more


def _read_value(
    value: object, number_format: str, indicator: KnownIndicator | None, events: list[_Event]
) -> _ValueRead:
    """A value cell read as a number and fitted to its indicator; what it said goes into
    `events`."""
    reading = read_number(value, number_format=number_format)
    events.extend((False, finding.code, finding.message) for finding in reading.warnings)
    if reading.error is not None:
        events.append((True, reading.error.code, reading.error.message))
        return _ValueRead(None)
    decimal_point = thousands_dot = False
    if any(f.code == "decimale-punt" for f in reading.warnings):
        decimal_point = True
    elif (
        isinstance(value, str)
        and _THOUSANDS_DOT.search(value)
        and ("," not in value and value.count(".") == 1)
    ):
        thousands_dot = True
    if indicator is None or not reading.is_number:
        return _ValueRead(reading, decimal_point, thousands_dot)
    fitted = fit(reading, indicator)
    events.extend((False, finding.code, finding.message) for finding in fitted.warnings)
    if fitted.error is not None:
        events.append((True, fitted.error.code, fitted.error.message))
        return _ValueRead(None, decimal_point, thousands_dot)
    return _ValueRead(fitted.reading, decimal_point, thousands_dot)


def _read_reference(text: str, events: list[_Event]) -> str:
    """The reference date: empty (the end of the period), a date, or "huidig"."""
    text = text.lower()
    if not text:
        return ""
    if text == CURRENT_COUNT:
        return text
    match = DATE.fullmatch(text) or DUTCH_DATE.fullmatch(text)
    if match is None:
        message = f"peildatum {text!r} is geen datum (2018-03-31 of 31-03-2018) en niet 'huidig'"
        events.append((True, "ongeldige-peildatum", message))
        return ""
    parts = match.groupdict()
    day = f"{parts['year']}-{int(parts['month']):02d}-{int(parts['day']):02d}"
    try:
        date.fromisoformat(day)
    except ValueError:
        events.append((True, "ongeldige-peildatum", f"{text!r} is geen bestaande datum"))
        return ""
    return day


def _read_period(text: str, events: list[_Event]) -> str | None:
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
        events.append((False, "periode-notatie", f"periode {text!r} gelezen als {code}"))
        return code
    events.append((True, "ongeldige-periode", reason))
    return None


def _read_status(text: str, events: list[_Event]) -> str | None:
    if not text:
        return "definitief"
    if text in STATUSES:
        return text
    if text.lower() in STATUSES:
        events.append((False, "status-variant", f"status {text!r} gelezen als {text.lower()!r}"))
        return text.lower()
    message = f"status {text!r} is niet definitief of voorlopig (leeg = definitief)"
    events.append((True, "ongeldige-status", message))
    return None


def _clean(text: str) -> str:
    return restore(text.translate(_ODD_SPACES).strip()).strip()


def _slug(text: str) -> str:
    """A code as typed with capitals; "Oude Westen" is a name, not a variant of a code."""
    return text.strip().lower()
