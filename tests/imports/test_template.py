"""The template: what the store holds for a report year, written as CSV and Excel, reads back
as exactly the same figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from nprz.imports.delivery import Codes
from nprz.imports.files import FIELDS, read_delivery
from nprz.imports.template import TemplateRow, rows_for_year, write_csv, write_xlsx
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db


def test_rows_for_a_year_are_the_preferred_figures_as_printed(loaded):
    rows = rows_for_year(2024)
    keys = [(r.indicator, r.area, r.period) for r in rows]
    assert len(keys) == len(set(keys))
    # One row per cell the store knows in 2024, whatever the number of tables it was in.
    cells = set(
        m.Observation.objects.known_in(2024).values_list("indicator__code", "area__code", "period")
    )
    assert set(keys) == cells
    by_key = {(r.indicator, r.area, r.period): r for r in rows}
    assert by_key[("jongeren-tot-27", "nprz", "2024")] == TemplateRow(
        "jongeren-tot-27", "nprz", "2024", "33,3%", "definitief", ""
    )
    assert by_key[("woz-waarde", "nprz", "2024")].value == "€ 270.067"  # stoplight first
    assert by_key[("bedrijfsruimte-m2", "nprz", "2025")].value == "900426"  # as printed
    assert by_key[("verhuis-in-7", "kop-van-zuid", "2024")].value == "<5"
    assert by_key[("thuiszitters-aandeel", "g4", "2023/24")].value == "-"
    assert rows[0].indicator == m.Indicator.objects.order_by("position", "id")[0].code


def test_a_year_before_the_report_has_no_rows(loaded):
    assert rows_for_year(2023) == []


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_the_export_reads_back_as_the_same_figures(loaded, codes: Codes, tmp_path, write):
    rows = rows_for_year(2024)
    path = tmp_path / ("levering" + (".csv" if write is write_csv else ".xlsx"))
    write(rows, path)
    delivery = read_delivery(path, codes, report_year=2024)
    assert delivery.problems == ()
    assert delivery.report_year == 2024
    assert [
        (v.indicator, v.area, v.period, v.printed, v.status, v.note) for v in delivery.values
    ] == [(r.indicator, r.area, r.period, r.value, r.status, r.note) for r in rows]
    # And the values are those of the store, with their precision.
    stored = {
        (o.indicator.code, o.area.code, o.period, o.printed): (o.value, o.resolution)
        for o in m.Observation.objects.select_related("indicator", "area")
    }
    for value in delivery.values:
        key = (value.indicator, value.area, value.period, value.printed)
        assert stored[key] == (value.value, value.resolution), key


def test_the_csv_is_utf8_with_a_byte_order_mark_and_quotes_decimal_commas(tmp_path: Path):
    rows = [TemplateRow("jongeren-tot-27", "nprz", "2024", "33,3%", "definitief", "geïnd")]
    write_csv(rows, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == (
        b"\xef\xbb\xbf"
        + ",".join(FIELDS).encode()
        # the last column, peildatum, empty: the value is of the end of the period
        + b'\r\njongeren-tot-27,nprz,2024,"33,3%",definitief,ge\xc3\xafnd,\r\n'
    )


@pytest.mark.parametrize("write", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_text_a_spreadsheet_would_run_is_defused_and_restored(codes: Codes, tmp_path, write):
    note = '=HYPERLINK("http://voorbeeld.nl","klik")'
    rows = [TemplateRow("bevolking", "nprz", "2024", "211.548", "definitief", note)]
    path = tmp_path / ("t.csv" if write is write_csv else "t.xlsx")
    write(rows, path)
    if write is write_csv:
        assert b"'=HYPERLINK" in path.read_bytes()
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path).active
        assert sheet is not None
        assert sheet["F2"].value == "'" + note
        assert sheet["F2"].data_type == "s"  # text, not a formula
    (value,) = read_delivery(path, codes).values
    assert value.note == note


def test_the_workbook_has_one_sheet_of_text_cells(tmp_path: Path):
    from openpyxl import load_workbook

    rows = [TemplateRow("advies-tm-vmbo-kl", "nprz", "2023/24", "20,7%", "voorlopig", "")]
    write_xlsx(rows, tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["gegevens"]
    sheet = book["gegevens"]
    assert [c.value for c in sheet[1]] == list(FIELDS)
    assert [c.value for c in sheet[2]][:5] == [
        "advies-tm-vmbo-kl",
        "nprz",
        "2023/24",
        "20,7%",
        "voorlopig",
    ]
    assert sheet["D2"].number_format == "@"
