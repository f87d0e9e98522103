"""`nprz.presenters.tables`: one Table, rendered as CSV and Excel, with sort headers for the page.

Pure: tables built by hand, no database. Missing is an empty field (never 0), numbers leave
with a decimal point, text cells leave as text.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from nprz.presenters.tables import Cell, Column, Header, Sorting, Table, number, to_csv, to_xlsx

COLUMNS = (
    Column("indicator", "Doel of indicator", sort="naam"),
    Column("actueel", "Waarde", numeric=True),
    Column("ingelopen", "% ingelopen", numeric=True, sort="ingelopen"),
    Column("vorig", "% ingelopen vorig rapport", numeric=True),
    Column("status", "Status", sort="status"),
)
ROWS = (
    (
        Cell("% werkeloosheid jongeren", "werkloosheid-jongeren"),
        Cell("4,0%", 4.0),
        Cell("23,8%", 23.8095),
        Cell("nvt"),
        Cell("oranje", "oranje", status="oranje"),
    ),
    (
        Cell("Bedrijfsruimte", "bedrijfsruimte-m2"),
        Cell("900.426", 900426),
        Cell("–"),
        Cell("–"),
        Cell("rood", "rood", status="rood"),
    ),
    (
        Cell("Midden en hoge inkomens", "midden-hoge-inkomens"),
        Cell("41,0%", 41.0),
        Cell("0,0%", 0.0),
        Cell("-7,7%", -7.7),
        Cell("rood", "rood", status="rood"),
    ),
)


def table(**changes: object) -> Table:
    fields: dict[str, object] = {
        "slug": "doelen-2024",
        "title": "Stand van de doelen 2024",
        "columns": COLUMNS,
        "rows": ROWS,
        "caption": "3 van 46 doelen en indicatoren",
        "download_path": "/doelen/tabel",
        "notes": ("Eerste noot.", "Tweede noot."),
    }
    fields.update(changes)
    return Table(**fields)  # type: ignore[arg-type]


def sorted_on(key: str, descending: bool) -> Table:
    links = {
        "naam": "/doelen/?sorteer=naam",
        "ingelopen": "/doelen/?sorteer=ingelopen&richting=af",
        "status": "/doelen/?sorteer=status",
    }
    return table(sorting=Sorting(key, descending, links))


# --- cells ---------------------------------------------------------------------------------


def test_cell_export_prefers_the_value_and_keeps_text_without_one():
    assert Cell("4,0%", 4.0).export == 4.0
    assert Cell("nvt").export == "nvt"
    assert Cell("<5").export == "<5"
    assert Cell("0", 0).export == 0


@pytest.mark.parametrize("text", ["", "–"])
def test_cell_export_of_missing_text_is_none(text):
    assert Cell(text).export is None


def test_number_rounds_half_up_to_four_places():
    assert number(Fraction(1, 3)) == 0.3333
    assert number(Fraction(100, 210) * 100) == 47.619
    assert number(Decimal("33.05"), 1) == 33.1
    assert number(Fraction(-1, 8), 2) == -0.13
    assert number(None) is None
    assert number(12794) == 12794.0


# --- CSV ----------------------------------------------------------------------------------


def test_csv_header_is_the_column_keys():
    lines = to_csv(table()).split("\r\n")
    assert lines[0] == "indicator,actueel,ingelopen,vorig,status"


def test_csv_rows_hold_values_with_a_decimal_point_and_empty_for_missing():
    rows = list(csv.reader(io.StringIO(to_csv(table()))))
    assert rows[1:] == [
        ["werkloosheid-jongeren", "4.0", "23.8095", "nvt", "oranje"],
        ["bedrijfsruimte-m2", "900426", "", "", "rood"],
        ["midden-hoge-inkomens", "41.0", "0.0", "-7.7", "rood"],
    ]


def test_csv_never_writes_zero_for_missing():
    # 0,0% closed is a real value (first row of that column), missing stays empty.
    rows = list(csv.DictReader(io.StringIO(to_csv(table()))))
    assert [r["ingelopen"] for r in rows] == ["23.8095", "", "0.0"]
    assert [r["vorig"] for r in rows] == ["nvt", "", "-7.7"]


def test_csv_quotes_text_with_commas_and_uses_crlf():
    t = table(
        columns=(Column("naam", "Naam"), Column("n", "N", numeric=True)),
        rows=((Cell("jongeren, 18 t/m 22 jaar", None), Cell("1.511", 1511)),),
    )
    assert to_csv(t) == 'naam,n\r\n"jongeren, 18 t/m 22 jaar",1511\r\n'


def test_csv_of_a_table_without_rows_is_only_the_header():
    assert to_csv(table(rows=())) == "indicator,actueel,ingelopen,vorig,status\r\n"


# --- Excel --------------------------------------------------------------------------------


def sheet_of(t: Table):
    book = load_workbook(io.BytesIO(to_xlsx(t)))
    return book.active


def rows_of(sheet) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_xlsx_has_title_caption_and_notes_above_the_dutch_header():
    sheet = sheet_of(table())
    assert sheet.title == "doelen-2024"
    assert sheet["A1"].value == "Stand van de doelen 2024"
    assert sheet["A1"].font.b is True
    assert sheet["A2"].value == "3 van 46 doelen en indicatoren"
    assert sheet["A3"].value == "Eerste noot."
    assert sheet["A4"].value == "Tweede noot."
    values = rows_of(sheet)
    labels = ("Doel of indicator", "Waarde", "% ingelopen", "% ingelopen vorig rapport", "Status")
    header = values.index(labels)
    assert header == 5  # row 6: after title, caption, two notes and one empty row
    assert values[header - 1] == (None,) * 5


def test_xlsx_numbers_are_numeric_cells_and_missing_is_none():
    values = rows_of(sheet_of(table()))
    body = values[-3:]
    assert body == [
        ("werkloosheid-jongeren", 4, 23.8095, "nvt", "oranje"),
        ("bedrijfsruimte-m2", 900426, None, None, "rood"),
        ("midden-hoge-inkomens", 41, 0, -7.7, "rood"),
    ]
    assert isinstance(body[0][2], float)
    assert isinstance(body[1][1], int)
    assert body[2][2] == 0  # a real 0,0% stays 0, missing (the row above) stays None


def test_xlsx_without_caption_and_notes_puts_the_header_on_row_three():
    sheet = sheet_of(table(caption="", notes=()))
    assert rows_of(sheet)[:3] == [
        ("Stand van de doelen 2024", None, None, None, None),
        (None,) * 5,
        ("Doel of indicator", "Waarde", "% ingelopen", "% ingelopen vorig rapport", "Status"),
    ]


def test_xlsx_sheet_title_is_cut_to_excels_31_characters():
    sheet = sheet_of(table(slug="rapport-kinderen-minimum-thuisbasis-2024"))
    assert sheet.title == "rapport-kinderen-minimum-thuisb"
    assert len(sheet.title) == 31


def test_xlsx_column_width_follows_the_longest_text_with_a_cap():
    t = table(
        columns=(Column("a", "Kort"), Column("b", "B")),
        rows=((Cell("x" * 100), Cell("1", 1)),),
    )
    sheet = sheet_of(t)
    assert sheet.column_dimensions["A"].width == 60
    assert sheet.column_dimensions["B"].width == 10  # at least 8 characters, plus 2


def test_xlsx_header_row_is_bold_and_frozen():
    sheet = sheet_of(table())
    assert [c.font.b for c in sheet[6]] == [True] * 5  # the Dutch header row
    assert sheet.freeze_panes == "A7"  # first data row: the header stays in view


# --- rows and headers ---------------------------------------------------------------------


def test_table_rejects_a_row_with_the_wrong_number_of_cells():
    with pytest.raises(ValueError, match=r"tabel doelen-2024: rij met 2 cellen"):
        table(rows=(ROWS[0], (Cell("a"), Cell("b"))))


def test_table_rejects_a_row_with_too_many_cells():
    with pytest.raises(ValueError, match=r"rij met 6 cellen"):
        table(rows=((*ROWS[0], Cell("extra")),))


def test_headers_without_sorting_have_no_links_or_marks():
    assert table().headers == [
        Header("Doel of indicator", False),
        Header("Waarde", True),
        Header("% ingelopen", True),
        Header("% ingelopen vorig rapport", True),
        Header("Status", False),
    ]


def test_headers_mark_only_the_current_sort_column_descending():
    headers = sorted_on("ingelopen", descending=True).headers
    assert [h.aria_sort for h in headers] == ["", "", "descending", "", ""]
    assert [h.mark for h in headers] == ["⇅", "", "▼", "", "⇅"]
    assert [h.href for h in headers] == [
        "/doelen/?sorteer=naam",
        "",
        "/doelen/?sorteer=ingelopen&richting=af",
        "",
        "/doelen/?sorteer=status",
    ]


def test_headers_mark_the_current_sort_column_ascending():
    headers = sorted_on("naam", descending=False).headers
    assert headers[0] == Header(
        "Doel of indicator", False, "/doelen/?sorteer=naam", "ascending", "▲"
    )
    assert [h.aria_sort for h in headers[1:]] == ["", "", "", ""]
    assert headers[4].mark == "⇅"


def test_headers_when_sorted_on_a_key_without_a_column_mark_nothing_current():
    headers = sorted_on("volgorde", descending=False).headers
    assert [h.aria_sort for h in headers] == [""] * 5
    assert [h.mark for h in headers] == ["⇅", "", "⇅", "", "⇅"]


def test_body_pairs_cells_with_their_column_numeric_flag():
    body = table().body
    assert len(body) == 3
    assert [numeric for _cell, numeric, _mark in body[0]] == [False, True, True, True, False]
    assert body[1][1] == (Cell("900.426", 900426), True, "")


# --- footnotes (known corrections, decision 022) ---------------------------------------------

NOTE = "Gedrukt 1.123; de optelling geeft 112 (waarschijnlijk een tikfout)."  # synthetic


def footnoted() -> Table:
    return Table(
        slug="synthetisch",
        title="Synthetische tabel",
        columns=(Column("gebied", "Gebied"), Column("waarde", "Waarde", numeric=True)),
        rows=(
            (Cell("Rotterdam", "rotterdam"), Cell("1.123", 1123, footnote=NOTE)),
            (Cell("Zuid", "nprz"), Cell("45", 45)),
            (Cell("G4", "g4"), Cell("1.123", 1123, footnote=NOTE)),
        ),
    )


def test_a_footnote_is_numbered_once_and_marks_every_cell_it_belongs_to():
    found = footnoted()
    assert found.footnotes == [NOTE]
    assert [[mark for _c, _n, mark in row] for row in found.body] == [
        ["", "1"],
        ["", ""],
        ["", "1"],
    ]


def test_downloads_add_a_correction_column_only_where_there_are_footnotes():
    rows = list(csv.reader(io.StringIO(to_csv(footnoted()))))
    assert rows == [
        ["gebied", "waarde", "correctie"],
        ["rotterdam", "1123", NOTE],
        ["nprz", "45", ""],
        ["g4", "1123", NOTE],
    ]
    sheet = load_workbook(io.BytesIO(to_xlsx(footnoted()))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True) if any(r)]
    assert values[-4:] == [
        ["Gebied", "Waarde", "Correctie"],
        ["rotterdam", 1123, NOTE],
        ["nprz", 45, None],
        ["g4", 1123, NOTE],
    ]
    assert "correctie" not in to_csv(table()).splitlines()[0]


# --- download links -----------------------------------------------------------------------


def test_download_hrefs_keep_the_query():
    t = table(download_query="?pijler=werk&sorteer=ingelopen&richting=af")
    assert t.csv_href == "/doelen/tabel.csv?pijler=werk&sorteer=ingelopen&richting=af"
    assert t.xlsx_href == "/doelen/tabel.xlsx?pijler=werk&sorteer=ingelopen&richting=af"


def test_download_hrefs_without_a_query():
    assert table().csv_href == "/doelen/tabel.csv"
    assert table().xlsx_href == "/doelen/tabel.xlsx"


def test_download_hrefs_are_empty_without_a_download_path():
    t = table(download_path="", download_query="?jaar=2023")
    assert t.csv_href == ""
    assert t.xlsx_href == ""
