"""Reading delivery files: one defect per file (tests/imports/defects/, made by
make_defects.py), the good example delivery, and fuzzing with arbitrary and mutated bytes."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nprz.imports import tables
from nprz.imports.delivery import Codes, Delivery, Location, Severity
from nprz.imports.files import read_bytes, read_delivery
from nprz.imports.problems import PROBLEMS, WARNINGS, severity

HERE = Path(__file__).parent
DEFECTS = HERE / "defects"
GOOD = HERE / "good" / "levering-2024.csv"

# file -> (the problem it shows, sheet, row, column). An error file has no other error; a
# warning file has no error at all (it is imported, with the warning).
EXPECTED: dict[str, tuple[str, str, int | None, str]] = {
    # the file
    "leeg-bestand.csv": ("leeg-bestand", "", None, ""),
    "alleen-kopregel.csv": ("geen-rijen", "", 1, ""),
    "onleesbare-codering.csv": ("codering-onleesbaar", "", 3, ""),
    "niet-afgesloten-aanhalingsteken.csv": ("csv-onleesbaar", "", 3, ""),
    "oud-excel.xls": ("bestandstype-onbekend", "", None, ""),
    "kapot-excel.xlsx": ("excel-onleesbaar", "", None, ""),
    "puntkomma-cp1252.csv": ("codering-cp1252", "", None, ""),
    # the header
    "kolom-ontbreekt.csv": ("kolom-ontbreekt", "", 1, ""),
    "dubbele-kolom.csv": ("dubbele-kolom", "", 1, "waarde"),
    "onbekende-kolom.csv": ("onbekende-kolom", "", 1, "bron"),
    "nederlandse-kolomnamen.csv": ("kolomnaam-variant", "", 1, "Gebied"),
    # codes, periods, status, rows
    "onbekende-indicator.csv": ("onbekende-indicator", "", 2, "indicator"),
    "onbekende-indicator-op-blad-data.xlsx": ("onbekende-indicator", "data", 2, "indicator"),
    "lege-indicator.csv": ("indicator-leeg", "", 2, "indicator"),
    "onbekend-gebied.csv": ("onbekend-gebied", "", 2, "area"),
    "code-hoofdletters.csv": ("code-variant", "", 2, "area"),
    "cbs-gebiedscode.csv": ("cbs-gebiedscode", "", 2, "area"),
    "gebiedsnaam.csv": ("gebiedsnaam", "", 2, "area"),
    "ongeldige-periode.csv": ("ongeldige-periode", "", 2, "period"),
    "schooljaar-met-streepje.csv": ("periode-notatie", "", 2, "period"),
    "ongeldige-status.csv": ("ongeldige-status", "", 2, "status"),
    "status-hoofdletter.csv": ("status-variant", "", 2, "status"),
    "dubbele-rij.csv": ("dubbele-rij", "", 4, ""),
    "decimale-komma-zonder-aanhalingstekens.csv": ("te-veel-cellen", "", 2, ""),
    # values
    "lege-waarde.csv": ("lege-waarde", "", 2, "value"),
    "lege-waarde-tekst.xlsx": ("lege-waarde", "gegevens", 2, "value"),
    "tekst-als-waarde.csv": ("geen-getal", "", 2, "value"),
    "twee-decimale-komma-s.csv": ("geen-getal", "", 2, "value"),
    "formule-als-tekst.csv": ("formule", "", 2, "value"),
    "formule-in-cel.xlsx": ("formule-zonder-uitkomst", "gegevens", 3, "value"),
    "datum-als-waarde.xlsx": ("excel-celtype", "gegevens", 2, "value"),
    "excel-getal.xlsx": ("excel-getal", "gegevens", 3, "value"),
    "engelse-notatie.csv": ("engelse-notatie", "", 2, "value"),
    "decimale-punt.csv": ("decimale-punt", "", 2, "value"),
    "dubbelzinnige-punt.csv": ("dubbelzinnige-punt", "", 3, "value"),
    "spatie-duizendtallen.csv": ("spatie-duizendtallen", "", 2, "value"),
    "harde-spatie.csv": ("vreemde-spatie", "", 2, "value"),
    "spatie-voor-procent.csv": ("spatie-voor-procent", "", 2, "value"),
    "euro-achter-bedrag.csv": ("euro-notatie", "", 2, "value"),
    "eur-voor-bedrag.csv": ("euro-notatie", "", 2, "value"),
    "eurosteken-ontbreekt.csv": ("eurosteken-ontbreekt", "", 2, "value"),
    "nb-hoofdletters.csv": ("ontbrekend-teken-variant", "", 2, "value"),
    "apostrof-voor-waarde.csv": ("apostrof", "", 2, "value"),
    "procent-bij-aantal.csv": ("percentage-niet-verwacht", "", 2, "value"),
    "bedrag-bij-percentage.csv": ("bedrag-niet-verwacht", "", 2, "value"),
    "procentteken-ontbreekt.csv": ("procentteken-ontbreekt", "", 2, "value"),
    "fractie-zonder-procent.csv": ("percentage-of-fractie", "", 2, "value"),
    "percentage-buiten-bereik.csv": ("percentage-buiten-bereik", "", 2, "value"),
    "meer-decimalen-dan-gedrukt.csv": ("meer-decimalen", "", 2, "value"),
    "negatief-aantal.csv": ("negatief-aantal", "", 2, "value"),
}


def _make_defects():
    spec = importlib.util.spec_from_file_location("make_defects", HERE / "make_defects.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_file_shows_its_problem_where_it_is(name: str, codes: Codes):
    code, sheet, row, column = EXPECTED[name]
    delivery = read_delivery(DEFECTS / name, codes)
    where = Location(name, sheet, row, column)
    assert (code, where) in {(p.code, p.location) for p in delivery.problems}
    if severity(code) is Severity.FOUT:
        assert {p.code for p in delivery.errors} == {code}
        assert not delivery.ok
    else:
        assert delivery.ok
        assert delivery.values


def test_every_defect_file_is_expected_and_made_by_the_script():
    assert sorted(p.name for p in DEFECTS.iterdir()) == sorted(EXPECTED)
    made = _make_defects()
    assert set(made.CSV) <= set(EXPECTED)
    for name, content in made.CSV.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (DEFECTS / name).read_bytes() == data, name


def test_every_code_is_documented():
    assert set(PROBLEMS) >= WARNINGS
    assert all(text.strip() for text in PROBLEMS.values())
    used = {code for code, *_ in EXPECTED.values()}
    assert used <= set(PROBLEMS)


def test_an_uncatalogued_code_is_a_programming_error():
    with pytest.raises(KeyError, match="niet-bestaand"):
        severity("niet-bestaand")


# --- the good delivery -----------------------------------------------------------------


def test_the_good_delivery_reads_without_problems(codes: Codes):
    delivery = read_delivery(GOOD, codes)
    assert delivery.problems == ()
    assert delivery.ok
    assert (delivery.kind, delivery.title, delivery.document) == (
        "bestand",
        "levering-2024.csv",
        "levering-2024.csv",
    )
    assert delivery.report_year == 2024  # the highest period year
    assert len(delivery.values) == 12
    by_key = {v.key: v for v in delivery.values}
    woz = by_key[("woz-waarde", "nprz", "2024")]
    assert (woz.printed, woz.value, woz.resolution, woz.status) == (
        "€ 270.067",
        Decimal(270067),
        Decimal(1),
        "voorlopig",
    )
    assert woz.location == Location("levering-2024.csv", "", 10, "")
    share = by_key[("thuiszitters-aandeel", "nprz", "2023/24")]
    assert (share.value, share.resolution, share.status) == (
        Decimal("44.6"),
        Decimal("0.1"),
        "definitief",  # the status cell is empty
    )
    dash = by_key[("thuiszitters-aandeel", "g4", "2023/24")]
    assert (dash.printed, dash.value, dash.missing_reason) == ("-", None, "niet beschikbaar (-)")
    hidden = by_key[("verhuis-in-7", "kop-van-zuid", "2024")]
    assert (hidden.printed, hidden.value, hidden.suppressed) == ("<5", None, True)


def test_the_delivery_is_named_by_the_sha256_of_its_bytes(codes: Codes):
    data = GOOD.read_bytes()
    delivery = read_bytes(data, "upload.csv", codes)
    assert delivery.sha256 == hashlib.sha256(data).hexdigest()
    assert delivery.title == "upload.csv"
    assert read_delivery(GOOD, codes, name="DUO 2024.csv").title == "DUO 2024.csv"


def test_a_given_report_year_wins(codes: Codes):
    assert read_delivery(GOOD, codes, report_year=2025).report_year == 2025


@pytest.mark.django_db
def test_the_good_delivery_holds_the_figures_of_the_store(loaded, codes: Codes):
    from nprz.imports.template import rows_for_year

    store = {(r.indicator, r.area, r.period): (r.value, r.status) for r in rows_for_year(2024)}
    delivery = read_delivery(GOOD, codes)
    for value in delivery.values:
        assert store[value.key] == (value.printed, value.status), value.key


def test_the_semicolon_csv_in_windows_1252_keeps_its_accents(codes: Codes):
    delivery = read_delivery(DEFECTS / "puntkomma-cp1252.csv", codes)
    (value,) = delivery.values
    assert (value.printed, value.note) == ("33,3%", "geïnd via CBS")


def test_utf8_with_byte_order_mark_and_tabs(codes: Codes):
    lines = csv.reader(io.StringIO(GOOD.read_text(encoding="utf-8"), newline=""))
    text = "\n".join("\t".join(cells) for cells in lines)
    delivery = read_bytes(b"\xef\xbb\xbf" + text.encode(), "levering.txt", codes)
    assert delivery.problems == ()
    assert len(delivery.values) == 12


def test_the_duplicate_row_names_both_rows(codes: Codes):
    delivery = read_delivery(DEFECTS / "dubbele-rij.csv", codes)
    (duplicate,) = delivery.errors
    assert duplicate.message == "bevolking · nprz · 2024 staat in rij 2 en in rij 4"


def test_an_unknown_code_suggests_the_closest_known_one(codes: Codes):
    delivery = read_delivery(DEFECTS / "onbekende-indicator.csv", codes)
    assert delivery.errors[0].message == "onbekende indicator 'bevolkng'; bedoelt u 'bevolking'?"


def test_excel_numbers_and_percentage_cells(codes: Codes):
    delivery = read_delivery(DEFECTS / "excel-getal.xlsx", codes)
    assert [(v.indicator, v.printed, v.value, v.resolution) for v in delivery.values] == [
        ("bevolking", "211.548", Decimal(211548), Decimal(0)),
        ("jongeren-tot-27", "33,3%", Decimal("33.3"), Decimal("0.1")),
    ]


def test_other_sheets_are_listed_as_skipped(codes: Codes):
    delivery = read_delivery(DEFECTS / "onbekende-indicator-op-blad-data.xlsx", codes)
    assert delivery.skipped == ("werkblad 'toelichting' niet gelezen (alleen 'data')",)


def test_an_excel_number_in_the_period_column_is_a_year(codes: Codes, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "area", "period", "value"])
    sheet.append(["bevolking", "nprz", 2024, "211.548"])
    book.save(tmp_path / "levering.xlsx")
    delivery = read_delivery(tmp_path / "levering.xlsx", codes)
    assert delivery.problems == ()
    assert delivery.values[0].key == ("bevolking", "nprz", "2024")


def test_content_decides_between_csv_and_excel(codes: Codes):
    data = (DEFECTS / "excel-getal.xlsx").read_bytes()
    delivery = read_bytes(data, "eigenlijk-excel.csv", codes)
    assert len(delivery.values) == 2


def test_too_many_rows(codes: Codes, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    delivery = read_delivery(GOOD, codes)
    assert [(p.code, p.location.row) for p in delivery.errors] == [("te-veel-rijen", 5)]
    assert len(delivery.values) == 3


def test_a_missing_file_is_a_problem_not_a_crash(codes: Codes, tmp_path: Path):
    delivery = read_delivery(tmp_path / "bestaat-niet.csv", codes)
    assert [p.code for p in delivery.problems] == ["bestand-onleesbaar"]
    assert not delivery.ok


# --- fuzzing ----------------------------------------------------------------------------


def _sound(delivery: Delivery, name: str) -> None:
    """What every delivery must be, whatever went in."""
    for found in delivery.problems:
        assert found.code in PROBLEMS
        assert found.severity is severity(found.code)
        assert found.location.file == name
    assert len({v.key for v in delivery.values}) == len(delivery.values)
    if not delivery.problems:
        assert delivery.values  # nothing wrong means something was read
    if delivery.ok:
        assert all(p.code in WARNINGS for p in delivery.problems)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400), name=st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x"]))
def test_arbitrary_bytes_never_raise(data: bytes, name: str, codes: Codes):
    _sound(read_bytes(data, name, codes), name)


_GOOD_BYTES = GOOD.read_bytes()


@st.composite
def _mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(_GOOD_BYTES)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        what = draw(st.sampled_from(["flip", "insert", "delete"]))
        piece = draw(st.sampled_from([b",", b";", b'"', b"\n", b".", b" ", b"%", b"\x81", b"\xc3"]))
        if what == "insert" or not data or at == len(data):
            data[at:at] = piece
        elif what == "delete":
            del data[at]
        else:
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(data=_mutations())
def test_mutations_of_the_good_file_never_raise(data: bytes, codes: Codes):
    _sound(read_bytes(data, "levering-2024.csv", codes), "levering-2024.csv")


def _good_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in _GOOD_BYTES.decode().splitlines():
        sheet.append(next(csv.reader([line])))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_GOOD_XLSX = _good_xlsx()


@settings(max_examples=60, deadline=None)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, len(_GOOD_XLSX) - 1), st.integers(0, 255)), max_size=4
    )
)
def test_damaged_workbooks_never_raise(changes: list[tuple[int, int]], codes: Codes):
    data = bytearray(_GOOD_XLSX)
    for at, byte in changes:
        data[at] = byte
    _sound(read_bytes(bytes(data), "levering.xlsx", codes), "levering.xlsx")


def test_excels_sep_line_names_the_delimiter_and_is_not_a_row(codes: Codes):
    data = b"sep=;\r\nindicator;area;period;value\r\nbevolking;nprz;2024;211.548\r\n"
    delivery = read_bytes(data, "levering.csv", codes)
    assert delivery.problems == ()
    assert delivery.values[0].location == Location("levering.csv", "", 2, "")


def test_a_document_of_another_type_is_refused_by_its_name(codes: Codes):
    delivery = read_bytes(b"%PDF-1.7 ...", "levering.pdf", codes)
    assert [p.code for p in delivery.problems] == ["bestandstype-onbekend"]
