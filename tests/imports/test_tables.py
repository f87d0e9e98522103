"""Bytes to a table: the limits that keep a bad file cheap, and rows with their places.

The defect files of tests/imports/defects/ go through the whole reader (test_files.py); here
the table step alone, and the cap on a cell's length (issue 13: a workbook's XML entities
grew one note to megabytes)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from nprz.core.problems import Location, ProblemLog
from nprz.imports.delivery import Codes
from nprz.imports.files import read_bytes
from nprz.imports.header import SHEET_NAMES, is_header_word
from nprz.imports.tables import MAX_CELL_CHARS, read_table

HEADER = "indicator,area,period,value,note\n"


def table_of(data: bytes, name: str = "levering.csv") -> tuple[object, ProblemLog]:
    log = ProblemLog()
    return read_table(data, name, log, header_word=is_header_word, sheet_names=SHEET_NAMES), log


def test_a_csv_becomes_rows_of_cells_with_their_spreadsheet_numbers() -> None:
    data = b"sep=;\r\nindicator;area\r\n\r\nbevolking;nprz\r\n"
    table, log = table_of(data)
    assert log.kept == ()
    assert table is not None
    assert [(n, [c.value for c in cells]) for n, cells in table.rows] == [  # type: ignore[attr-defined]
        (1, ["indicator", "area"]),
        (3, ["bevolking", "nprz"]),
    ]


def test_a_note_at_excels_limit_is_read(codes: Codes) -> None:
    note = "x" * MAX_CELL_CHARS
    delivery = read_bytes(
        (HEADER + f"bevolking,nprz,2024,211.548,{note}\n").encode(), "x.csv", codes
    )
    assert delivery.ok
    assert len(delivery.values[0].note) == 32_767


def test_a_cell_over_excels_limit_is_refused_and_its_row_not_read(codes: Codes) -> None:
    note = "x" * (MAX_CELL_CHARS + 1)
    data = (HEADER + f"bevolking,nprz,2024,211.548,{note}\nbevolking,nprz,2023,1\n").encode()
    delivery = read_bytes(data, "x.csv", codes)
    assert [(p.code, p.location) for p in delivery.errors] == [
        ("cel-te-lang", Location("x.csv", "", 2, "E"))
    ]
    assert delivery.errors[0].message == (
        "de cel heeft 32.768 tekens; een cel mag er hoogstens 32.767 hebben (zoals in Excel); "
        "de rij is niet gelezen"
    )
    assert [v.period for v in delivery.values] == ["2023"]  # the other row is read


def workbook_with_sheet(rows: list[list[str]], doctype: str = "") -> bytes:
    """A workbook whose first sheet is written here as XML: openpyxl itself would cut a long
    text to Excel's limit when saving, and never writes a DOCTYPE."""
    cells = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
            for c, text in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    sheet = (
        f"{doctype}"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    Workbook().save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, sheet if info.filename.endswith("sheet1.xml") else content)
    return out.getvalue()


HEADER_CELLS = ["indicator", "area", "period", "value", "note"]


def test_a_long_cell_in_a_workbook_is_refused(codes: Codes) -> None:
    rows = [HEADER_CELLS, ["bevolking", "nprz", "2024", "211.548", "x" * 40_000]]
    delivery = read_bytes(workbook_with_sheet(rows), "levering.xlsx", codes)
    assert [(p.code, str(p.location)) for p in delivery.errors] == [
        ("cel-te-lang", "levering.xlsx, blad Sheet, rij 2, kolom E")
    ]
    assert delivery.values == ()


def test_expanded_entities_that_slip_past_the_upload_check_stop_at_the_cap(codes: Codes) -> None:
    """`nprz import file` of a workbook with entities (the upload check refuses it first;
    this is the second line): 80.000 characters from a few hundred bytes, refused."""
    entities = '<!ENTITY a "xxxxxxxx">' + "".join(
        f'<!ENTITY {b} "{f"&{a};" * 10}">' for a, b in zip("abcd", "bcde", strict=True)
    )
    rows = [HEADER_CELLS, ["bevolking", "nprz", "2024", "211.548", "&e;"]]
    data = workbook_with_sheet(rows, f"<!DOCTYPE worksheet [{entities}]>")
    delivery = read_bytes(data, "levering.xlsx", codes)
    assert [(p.code, p.message.split(";")[0]) for p in delivery.errors] == [
        ("cel-te-lang", "de cel heeft 80.000 tekens")
    ]
