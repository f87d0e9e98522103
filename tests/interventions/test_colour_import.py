"""Reading a colour file: one defect per file (tests/interventions/data/kleuren/), each with
its code, Dutch message and place; CSV as Dutch Excel writes it, and .xlsx. Pure: no database
(the store's checks are in test_colours.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from nprz.core.movement import Colour
from nprz.imports.delivery import Severity
from nprz.interventions.colour_import import CODES, read_colours
from nprz.interventions.colours import CLI_MAX_BYTES, read_and_check

DATA = Path(__file__).parent / "data" / "kleuren"
PILLARS = {
    "thuisbasis": "Thuisbasis op orde",
    "school": "School",
    "werk": "Werk",
    "wonen": "Wonen",
    "veilig": "Veilig",
}


def read(name: str, year: int | None = None):  # type: ignore[no-untyped-def]
    return read_colours((DATA / name).read_bytes(), name, year=year, pillars=PILLARS)


# (file, year given with the import) -> (code, severity, place, words of the message)
DEFECTS = [
    ("kolom-kleur-ontbreekt.csv", None, "kolom-ontbreekt", "fout",
     "kolom-kleur-ontbreekt.csv, rij 1", "De kolom kleur ontbreekt in de kop."),
    ("kleur-oranje.csv", None, "kleur-onbekend", "fout", "kleur-oranje.csv, rij 2, kolom D (kleur)",
     "Onbekende kleur 'oranje'; kies groen, geel, rood, niet gestart of gestopt (de middelste "
     "kleur heet hier geel)."),
    ("kleur-leeg.csv", None, "kleur-leeg", "fout", "kleur-leeg.csv, rij 2, kolom D (kleur)",
     "Deze rij heeft geen kleur; laat de rij weg als de kleur niet bekend is."),
    ("pijler-onbekend.csv", None, "pijler-onbekend", "fout",
     "pijler-onbekend.csv, rij 2, kolom A (pijler)",
     "Onbekende pijler 'sport'; het programma kent thuisbasis, school, werk, wonen, veilig."),
    ("jaar-arabisch-indische-cijfers.csv", None, "ander-schrift", "fout",
     "jaar-arabisch-indische-cijfers.csv, rij 2, kolom C (jaar)",
     "Gebruik de cijfers 0 tot en met 9; '٢' (arabic-indic digit two) is een cijfer uit een "
     "ander schrift."),
    ("dubbele-rij.csv", None, "dubbele-rij", "fout", "dubbele-rij.csv, rij 3, kolom B (nummer)",
     "werk 12 staat voor 2024 ook in rij 2."),
    ("jaar-ontbreekt.csv", None, "jaar-ontbreekt", "fout", "jaar-ontbreekt.csv, rij 1",
     "Het bestand heeft geen kolom jaar; geef het jaar op bij het importeren."),
    ("geen-rijen.csv", None, "geen-rijen", "fout", "geen-rijen.csv",
     "Onder de kop staan geen rijen."),
    ("onbekende-kolom.csv", None, "onbekende-kolom", "waarschuwing",
     "onbekende-kolom.csv, rij 1, kolom E",
     "De kolom 'opmerking' is niet gelezen; het sjabloon kent pijler, nummer, kleur, jaar, "
     "naam, toelichting."),
    ("nummer-leeg.csv", None, "nummer-ongeldig", "fout", "nummer-leeg.csv, rij 2, kolom B (nummer)",
     "Het nummer is leeg; schrijf het zoals het rapport, bijvoorbeeld 12 of 2a."),
    ("ronde-loopt-2025.csv", 2024, "jaar-anders", "fout",
     "ronde-loopt-2025.csv, rij 2, kolom C (jaar)",
     "Deze rij is voor 2025, maar er wordt geïmporteerd voor 2024."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "year", "code", "severity", "place", "message"), DEFECTS)
def test_each_defect_has_its_code_message_and_place(
    name: str, year: int | None, code: str, severity: str, place: str, message: str
) -> None:
    sheet = read(name, year)
    found = [p for p in sheet.problems if p.code == code]
    assert len(found) == 1, sheet.problems
    problem = found[0]
    assert (problem.severity.value, str(problem.location), problem.message) == (
        severity,
        place,
        message,
    )
    assert code in CODES
    if severity == "fout":
        assert sheet.rows == () or code == "dubbele-rij"  # the bad row is never kept


def test_fullwidth_digits_capitals_and_a_longer_pillar_name_are_read() -> None:
    sheet = read("voluit-breed-en-hoofdletters.csv")
    assert sheet.problems == ()
    assert [(r.pillar, r.number, r.year, r.colour) for r in sheet.rows] == [
        ("werk", "12", 2024, Colour.NIET_GESTART),
        ("veilig", "1", 2024, Colour.GROEN),
    ]


def test_comma_csv_in_windows_1252_with_the_year_given_on_import() -> None:
    sheet = read("komma-cp1252.csv", 2024)
    assert sheet.problems == ()
    (row,) = sheet.rows
    assert (row.pillar, row.number, row.year, row.colour) == ("werk", "12", 2024, Colour.GEEL)
    assert row.note == "Nog niet op schema, zie één rapport"
    assert str(row.location) == "komma-cp1252.csv, rij 2"


def test_an_excel_workbook_with_number_cells() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "kleuren"
    sheet.append(["Pijler", "Nummer", "Jaar", "Kleur"])
    sheet.append(["werk", 12, 2024.0, "rood"])  # numbers as Excel stores them
    sheet.append([None, None, None, None])  # an empty row is skipped
    sheet.append(["school", "t1", 2023, "purper"])
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_colours(buffer.getvalue(), "kleuren.xlsx", year=None, pillars=PILLARS)
    assert [(r.pillar, r.number, r.year, r.colour) for r in read.rows] == [
        ("werk", "12", 2024, Colour.ROOD)
    ]
    ((problem),) = read.problems
    assert (problem.code, str(problem.location)) == (
        "kleur-onbekend",
        "kleuren.xlsx, blad kleuren, rij 4, kolom D (kleur)",
    )


def test_an_unsafe_file_is_refused_before_it_is_read() -> None:
    """The same inspection as a data delivery (nprz.imports.safety): an old .xls is not read,
    whatever its name; no database is touched before that."""
    old_excel = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    plan = read_and_check(old_excel, "kleuren.xlsx", year=2024, max_bytes=CLI_MAX_BYTES)
    assert [p.code for p in plan.problems] == ["oud-excel"]
    assert not plan.ok
    assert plan.changes == ()
    big = read_and_check(b"pijler;nummer\n" * 100, "kleuren.csv", year=2024, max_bytes=100)
    assert [(p.code, p.severity) for p in big.problems] == [("bestand-te-groot", Severity.FOUT)]
