"""Exports never hand a spreadsheet a formula: every text cell of a CSV or Excel download (and
of the command line's CSV) goes through `nprz.core.spreadsheet.defuse`; numbers stay numbers,
and the real downloads of the site are unchanged (their data has nothing to defuse)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console

from nprz.core.spreadsheet import ESCAPE, defuse, restore
from nprz.datasets.records import Dataset
from nprz.output import Column as OutputColumn
from nprz.output import Format, emit
from nprz.presenters.tables import Cell, Column, Table, to_csv, to_xlsx

# delivered text -> what an export writes
DANGEROUS = {
    '=HYPERLINK("http://x")': '\'=HYPERLINK("http://x")',
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1": "'\t=1",
    "\r=1": "'\r=1",
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
}
# Number-shaped text and the missing mark: no spreadsheet runs these, so they stay.
HARMLESS = ["-3,5", "-1234.5", "-", "+31 10", "€ 1.234,50", "12%", "nb", "<5"]


def table(title: str = "Waarden") -> Table:
    texts = [*DANGEROUS, *HARMLESS]
    return Table(
        slug="waarden",
        title=title,
        columns=(Column("tekst", "Tekst"), Column("waarde", "Waarde", numeric=True)),
        rows=(
            *((Cell(text), Cell("–")) for text in texts),
            (Cell("negatief"), Cell("-3,5", -3.5)),
            (Cell("=geheel"), Cell("-12", -12)),
        ),
        caption="=onderschrift",
    )


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_defuse_escapes_what_a_spreadsheet_would_run_and_nothing_else() -> None:
    assert {text: defuse(text) for text in DANGEROUS} == DANGEROUS
    assert [defuse(text) for text in HARMLESS] == HARMLESS
    assert defuse("gewoon") == "gewoon"
    assert defuse("") == ""


def test_the_csv_holds_the_escaped_text_and_plain_numbers() -> None:
    rows = csv_rows(to_csv(table()))
    assert rows[0] == ["tekst", "waarde"]
    texts = [row[0] for row in rows[1:]]
    assert texts == [*DANGEROUS.values(), *HARMLESS, "negatief", "'=geheel"]
    assert rows[-2:] == [["negatief", "-3.5"], ["'=geheel", "-12"]]
    assert [row[1] for row in rows[1:-2]] == [""] * (len(DANGEROUS) + len(HARMLESS))


def test_the_xlsx_holds_the_escaped_text_no_formula_and_numbers_as_numbers() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(table(title="=titel"))))
    sheet = book.active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "'=titel"
    assert values[1][0] == "'=onderschrift"
    assert values[3] == ["Tekst", "Waarde"]
    body = values[4:]
    expected = [*DANGEROUS.values(), *HARMLESS, "negatief", "'=geheel"]
    # XML reads a bare carriage return back as a newline (openpyxl writes it unescaped).
    assert [row[0] for row in body] == [t.replace("\r", "\n") for t in expected]
    assert body[-2:] == [["negatief", -3.5], ["'=geheel", -12]]
    # openpyxl stores any string starting with "=" as a formula ("f"); none may be left.
    kinds = {c.data_type for row in sheet.iter_rows() for c in row if c.value is not None}
    assert kinds == {"s", "n"}


def test_the_command_line_csv_is_defused_too(capsys: pytest.CaptureFixture[str]) -> None:
    columns = [OutputColumn("naam", "Naam"), OutputColumn("waarde", "Waarde")]
    machine: list[dict[str, Any]] = [
        {"naam": '=HYPERLINK("http://x")', "waarde": -3.5},
        {"naam": "-", "waarde": None},
    ]
    emit(Console(), Format.CSV, columns, machine, [])
    assert csv_rows(capsys.readouterr().out) == [
        ["naam", "waarde"],
        ['\'=HYPERLINK("http://x")', "-3.5"],
        ["-", ""],
    ]


@given(st.text())
def test_restore_undoes_defuse(text: str) -> None:
    if not text.startswith(ESCAPE):
        assert restore(defuse(text)) == text


@given(st.text(alphabet=st.sampled_from("=+-@\t\r'a1,. €%"), max_size=8))
def test_restore_undoes_defuse_on_trigger_heavy_text(text: str) -> None:
    if not text.startswith(ESCAPE):
        assert restore(defuse(text)) == text


@given(st.text())
def test_a_defused_text_never_starts_a_formula_unless_it_is_a_number_or_the_dash(
    text: str,
) -> None:
    written = defuse(text)
    if written.startswith(("=", "@", "\t", "\r")):
        raise AssertionError(repr(written))
    if written.startswith(("+", "-")):
        assert written == text  # left alone only because it is number-shaped or "-"


# --- the real downloads -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_real_download_gives_the_same_numbers_in_csv_and_xlsx(loaded: Dataset) -> None:
    client = Client()
    csv_response = client.get("/doelen/tabel.csv")
    xlsx_response = client.get("/doelen/tabel.xlsx")
    assert (csv_response.status_code, xlsx_response.status_code) == (200, 200)
    rows = csv_rows(csv_response.content.decode("utf-8"))
    header = rows[0]
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    # As downloaded before escaping existed: negative numbers stay numbers.
    debt = by_code["problematische-schuld"]
    assert (debt["ingelopen"], debt["ingelopen_vorig"], debt["actueel"]) == (
        "-14.2857",
        "-33.1",
        "22.9",
    )
    assert not any(cell.startswith(ESCAPE) for row in rows for cell in row)

    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(values) if row[0] == "Doel of indicator") + 1
    body = values[start:]
    assert len(body) == len(rows) - 1
    for csv_row, xlsx_row in zip(rows[1:], body, strict=True):
        for text, value in zip(csv_row, xlsx_row, strict=True):
            if isinstance(value, int | float):
                assert float(text) == value
            else:
                assert text == ("" if value is None else value)
    debt_row = next(row for row in body if row[0] == "problematische-schuld")
    assert -14.2857 in debt_row
    assert -33.1 in debt_row
