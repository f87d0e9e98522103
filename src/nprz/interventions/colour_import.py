"""Read a colour file: the colour of interventions per year, as a CSV file or Excel workbook.

The template follows the delivery template's conventions (README, "Gegevens inlezen"), with
Dutch column names: one row per intervention and year,

    pijler;nummer;jaar;kleur;naam;toelichting
    jeugd;12;2024;groen;Naam van de interventie;

`pijler` is a pillar code of the programme's definition (`jeugd`), its name (`Jeugd`) or a
longer form of its code (`Jeugdzorg` for jeugd), `nummer` the
number as printed (`2a`), `kleur` one of groen, geel, rood, niet gestart, gestopt. `jaar` may
be left out when the year is given with the import (`--jaar`); `naam` (checked against the
intervention's name, a warning when it differs) and `toelichting` are optional. Semicolon CSV
from Dutch Excel, UTF-8 or Windows-1252, and .xlsx (first sheet) are read.

Every problem is data: a stable code (`CODES`), a Dutch message and a place (file, sheet, row,
column). Pure: no Django; the store's side (which interventions and rounds exist, what would
change) is `nprz.interventions.colours`. The bytes must have passed
`nprz.imports.safety.inspect_upload` first (the callers do that).

This reader is separate from the delivery reader in `nprz.imports.files` on purpose, for now:
it uses only `nprz.imports.safety`'s problems and locations, so it can be folded into the
shared table reader later without changing what it accepts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from openpyxl import load_workbook

from nprz.core.movement import Colour
from nprz.imports.delivery import Location, Problem, Severity
from nprz.interventions import entry

REQUIRED = ("pijler", "nummer", "kleur")
OPTIONAL = ("jaar", "naam", "toelichting")
NUMBER = re.compile(r"[a-z0-9]+")
NOTE_MAX = 2000

# Stable codes and what they mean; the tests name each one.
CODES = {
    "kolom-ontbreekt": "een verplichte kolom (pijler, nummer, kleur) ontbreekt",
    "dubbele-kolom": "twee kolommen met dezelfde naam",
    "onbekende-kolom": "een kolom die het sjabloon niet kent (waarschuwing; niet gelezen)",
    "geen-rijen": "het bestand heeft geen rijen onder de kop",
    "jaar-ontbreekt": "geen kolom jaar en geen jaar bij het importeren",
    "jaar-ongeldig": "een jaar dat geen jaartal van vier cijfers is",
    "jaar-anders": "een jaar dat afwijkt van het jaar bij het importeren",
    "ander-schrift": "cijfers uit een ander schrift (alleen 0-9)",
    "pijler-onbekend": "een pijler die het programma niet kent",
    "nummer-ongeldig": "een leeg of onleesbaar interventienummer",
    "kleur-leeg": "een rij zonder kleur",
    "kleur-onbekend": "een kleur die niet groen, geel, rood, niet gestart of gestopt is",
    "te-lang": "een toelichting langer dan 2000 tekens",
    "dubbele-rij": "dezelfde interventie en hetzelfde jaar twee keer",
    "werkmap-onleesbaar": "een werkmap die niet te openen is",
}
COLOUR_WORDS = {
    "groen": Colour.GROEN,
    "geel": Colour.GEEL,
    "rood": Colour.ROOD,
    "niet gestart": Colour.NIET_GESTART,
    "gestopt": Colour.GESTOPT,
}


@dataclass(frozen=True)
class ColourRow:
    pillar: str  # pillar code
    number: str  # as printed, lower case: "2a"
    year: int
    colour: Colour
    name: str  # the `naam` cell, "" when none
    note: str
    location: Location  # the row (no column)


@dataclass(frozen=True)
class ColourSheet:
    """A read colour file: its rows and every problem found in it."""

    name: str
    sha256: str
    rows: tuple[ColourRow, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.FOUT)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({r.year for r in self.rows}))


@dataclass
class _Cells:
    """The raw table: header and rows of text, with the sheet's name and the row numbers."""

    sheet: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_colours(
    data: bytes, name: str, *, year: int | None, pillars: Mapping[str, str]
) -> ColourSheet:
    """Read `data` (a CSV file or .xlsx workbook named `name`). `year` is the year given with
    the import (None: every row names its own), `pillars` the programme's pillar codes with
    their names."""
    sha256 = hashlib.sha256(data).hexdigest()
    problems: list[Problem] = []
    try:
        cells = _workbook(data) if data.startswith(b"PK") else _csv(data)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        where = Location(file=name)
        message = f"De werkmap is niet te lezen: {error.__class__.__name__}."
        return ColourSheet(name, sha256, (), (_problem("werkmap-onleesbaar", message, where),))
    columns = _columns(cells, name, year, problems)
    if columns is None:
        return ColourSheet(name, sha256, (), tuple(problems))
    rows: list[ColourRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, values in cells.rows:
        row = _Row(name, cells.sheet, number, cells.header, columns, values, problems)
        read = row.read(year, pillars)
        if read is None:
            continue
        key = (read.pillar, read.number, read.year)
        if key in seen:
            row.problem(
                "dubbele-rij",
                f"{read.pillar} {read.number} staat voor {read.year} ook in rij {seen[key]}.",
                "nummer",
            )
            continue
        seen[key] = number
        rows.append(read)
    if not cells.rows:
        problems.append(
            _problem("geen-rijen", "Onder de kop staan geen rijen.", Location(name, cells.sheet))
        )
    return ColourSheet(name, sha256, tuple(rows), tuple(problems))


def _csv(data: bytes) -> _Cells:
    text = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _table("", reader)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # as Dutch Excel saves CSV


def _workbook(data: bytes) -> _Cells:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return _table(
            sheet.title, ([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True))
        )
    finally:
        book.close()


def _cell(value: object) -> str:
    """An Excel cell as text: 12.0 (a number cell) is "12", never "12.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(sheet: str, rows: Iterator[list[str]]) -> _Cells:
    cells: _Cells | None = None
    for number, values in enumerate(rows, start=1):
        if not any(v.strip() for v in values):
            continue
        if cells is None:
            cells = _Cells(sheet, [_header(v) for v in values])
        else:
            cells.rows.append((number, values))
    return cells or _Cells(sheet, [])


def _header(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _columns(
    cells: _Cells, name: str, year: int | None, problems: list[Problem]
) -> dict[str, int] | None:
    """Column name -> index; None (with the problems) when the header is unusable."""
    where = Location(name, cells.sheet, 1)
    columns: dict[str, int] = {}
    usable = True
    for index, header in enumerate(cells.header):
        if not header:
            continue
        place = Location(name, cells.sheet, 1, _letter(index))
        if header in columns:
            problems.append(
                _problem("dubbele-kolom", f"De kolom {header!r} staat er twee keer.", place)
            )
            usable = False
        elif header in REQUIRED or header in OPTIONAL:
            columns[header] = index
        else:
            problems.append(
                _problem(
                    "onbekende-kolom",
                    f"De kolom {header!r} is niet gelezen; het sjabloon kent "
                    f"{', '.join(REQUIRED + OPTIONAL)}.",
                    place,
                    Severity.WAARSCHUWING,
                )
            )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            _problem(
                "kolom-ontbreekt",
                f"De kolom{'men' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"ontbre{'ken' if len(missing) > 1 else 'ekt'} in de kop.",
                where,
            )
        )
        usable = False
    if "jaar" not in columns and year is None:
        problems.append(
            _problem(
                "jaar-ontbreekt",
                "Het bestand heeft geen kolom jaar; geef het jaar op bij het importeren.",
                where,
            )
        )
        usable = False
    return columns if usable else None


class _Row:
    """One data row: reads its cells and records its problems with their place."""

    def __init__(
        self,
        file: str,
        sheet: str,
        number: int,
        header: list[str],
        columns: dict[str, int],
        values: list[str],
        problems: list[Problem],
    ) -> None:
        self.file, self.sheet, self.number = file, sheet, number
        self.header, self.columns, self.values = header, columns, values
        self.problems = problems
        self.ok = True

    def text(self, column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(self.values):
            return ""
        return self.values[index]

    def place(self, column: str = "") -> Location:
        index = self.columns.get(column)
        label = f"{_letter(index)} ({column})" if index is not None else ""
        return Location(self.file, self.sheet, self.number, label)

    def problem(self, code: str, message: str, column: str) -> None:
        self.problems.append(_problem(code, message, self.place(column)))
        self.ok = False

    def normal(self, column: str) -> str | None:
        try:
            return entry.normalise(self.text(column))
        except entry.EntryError as error:
            self.problem("ander-schrift", _sentence(str(error)), column)
            return None

    def read(self, year: int | None, pillars: Mapping[str, str]) -> ColourRow | None:
        pillar = self._pillar(pillars)
        number = self._number()
        row_year = self._year(year)
        colour = self._colour()
        note = (self.normal("toelichting") or "") if "toelichting" in self.columns else ""
        if len(note) > NOTE_MAX:
            self.problem("te-lang", f"Gebruik hoogstens {NOTE_MAX} tekens.", "toelichting")
        name = " ".join(self.text("naam").split())
        if not self.ok or pillar is None or number is None or row_year is None or colour is None:
            return None
        return ColourRow(pillar, number, row_year, colour, name, note, self.place())

    def _pillar(self, pillars: Mapping[str, str]) -> str | None:
        text = self.normal("pijler")
        if text is None:
            return None
        wanted = " ".join(text.casefold().split())
        for code, label in pillars.items():
            if wanted in (code, label.casefold()):
                return code
        # A longer form of a code, as printed headings have it ("Jeugdzorg" for jeugd).
        longer = [code for code in pillars if wanted.startswith(code)]
        if len(longer) == 1:
            return longer[0]
        self.problem(
            "pijler-onbekend",
            f"Onbekende pijler {text!r}; het programma kent {', '.join(pillars)}.",
            "pijler",
        )
        return None

    def _number(self) -> str | None:
        text = self.normal("nummer")
        if text is None:
            return None
        number = text.casefold().replace(" ", "")
        if not NUMBER.fullmatch(number):
            shown = repr(text) if text else "leeg"
            self.problem(
                "nummer-ongeldig",
                f"Het nummer is {shown}; schrijf het zoals het rapport, bijvoorbeeld 12 of 2a.",
                "nummer",
            )
            return None
        return number

    def _year(self, given: int | None) -> int | None:
        if "jaar" not in self.columns or not self.text("jaar").strip():
            return given
        try:
            found = entry.year(self.text("jaar"))
        except entry.EntryError as error:
            self.problem(error.code, _sentence(str(error)), "jaar")
            return None
        if given is not None and found != given:
            self.problem(
                "jaar-anders",
                f"Deze rij is voor {found}, maar er wordt geïmporteerd voor {given}.",
                "jaar",
            )
            return None
        return found

    def _colour(self) -> Colour | None:
        text = self.normal("kleur")
        if text is None:
            return None
        word = " ".join(text.casefold().replace("-", " ").replace("_", " ").split())
        if word in COLOUR_WORDS:
            return COLOUR_WORDS[word]
        if word in ("", "niet vastgelegd", "onbekend"):
            self.problem(
                "kleur-leeg",
                "Deze rij heeft geen kleur; laat de rij weg als de kleur niet bekend is.",
                "kleur",
            )
            return None
        hint = " (de middelste kleur heet hier geel)" if word == "oranje" else ""
        self.problem(
            "kleur-onbekend",
            f"Onbekende kleur {text!r}; kies groen, geel, rood, niet gestart of gestopt{hint}.",
            "kleur",
        )
        return None


def _problem(
    code: str, message: str, where: Location, severity: Severity = Severity.FOUT
) -> Problem:
    assert code in CODES, code
    return Problem(code=code, message=message, location=where, severity=severity)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
