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
            extra = [i for i, c in enumerate(cells) if i >= header.width and not c.empty]
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

    def read(self) -> IncomingValue | None:
        indicator = self._indicator()
        area = self._area()
        period = self._period()
        status = self._status()
        note = _clean(cell_text(self.cell("note")))
        reference = self._reference(period)
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

    def _reference(self, period: str | None) -> str:
        """The reference date: empty (the end of the period), a date, or "huidig"."""
        text = _clean(cell_text(self.cell("reference"))).lower()
        if not text:
            return ""
        if text == CURRENT_COUNT:
            return text
        match = DATE.fullmatch(text) or DUTCH_DATE.fullmatch(text)
        if match is None:
            self.fail(
                "ongeldige-peildatum",
                f"peildatum {text!r} is geen datum (2018-03-31 of 31-03-2018) en niet 'huidig'",
                self.labels.get("reference", ""),
            )
            return ""
        parts = match.groupdict()
        day = f"{parts['year']}-{int(parts['month']):02d}-{int(parts['day']):02d}"
        try:
            date.fromisoformat(day)
        except ValueError:
            self.fail(
                "ongeldige-peildatum",
                f"{text!r} is geen bestaande datum",
                self.labels.get("reference", ""),
            )
            return ""
        return day

    def _indicator(self) -> KnownIndicator | None:
        text = _clean(cell_text(self.cell("indicator")))
        column = self.labels["indicator"]
        if not text:
            self.fail("indicator-leeg", "geen indicatorcode", column)
            return None
        found = self.lookup.indicator(text, self.warner("indicator"))
        if isinstance(found, str):
            self.fail("onbekende-indicator", found, column)
            return None
        return found

    def _area(self) -> str | None:
        text = _clean(cell_text(self.cell("area")))
        column = self.labels["area"]
        if not text:
            self.fail("gebied-leeg", "geen gebiedscode", column)
            return None
        found = self.lookup.area(text, self.warner("area"))
        if found is None:
            self.fail("onbekend-gebied", self.lookup.area_hint(text), column)
        return found

    def _period(self) -> str | None:
        text = _clean(cell_text(self.cell("period")))
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
        text = _clean(cell_text(self.cell("status")))
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
        if cell.value is None and (self.number, self.columns["value"]) in self.formulas:
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
        fitted = fit(reading, indicator)
        for finding in fitted.warnings:
            warn(finding.code, finding.message)
        if fitted.error is not None:
            self.fail(fitted.error.code, fitted.error.message, column)
            return None
        return fitted.reading


def _clean(text: str) -> str:
    return restore(text.translate(_ODD_SPACES).strip()).strip()


def _slug(text: str) -> str:
    """A code as typed with capitals; "Oude Westen" is a name, not a variant of a code."""
    return text.strip().lower()
