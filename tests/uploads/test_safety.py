"""Upload safety on crafted files, one defect per test, each built here from a real workbook
made by openpyxl (so the harmless parts are exactly what Excel-like tools write)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from nprz.imports.delivery import Location, Severity
from nprz.imports.safety import (
    CODES,
    MAX_BYTES,
    ZipLimits,
    inspect_upload,
    kind_of,
    reading_name,
)

MB = 1024 * 1024
CSV = "indicator;gebied;periode;waarde\r\nwerkloosheid;hillesluis;2024;7,5\r\n"


def workbook(hyperlink: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "gebied", "periode", "waarde"])
    sheet.append(["werkloosheid", "hillesluis", "2024", 7.5])
    if hyperlink:
        sheet["A2"].hyperlink = hyperlink
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(
    data: bytes,
    add: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
) -> bytes:
    """The workbook `data` with parts replaced and added, everything deflated."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def directory_entry(data: bytes, name: str) -> int:
    """Where the central-directory entry of `name` starts (to lie in it)."""
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name.encode():
            return position
        position = data.find(b"PK\x01\x02", position + 4)
    raise AssertionError(name)


def codes(data: bytes, name: str = "levering.xlsx", **kwargs: object) -> list[str]:
    return [p.code for p in inspect_upload(data, name, **kwargs)]  # type: ignore[arg-type]


# --- what passes ------------------------------------------------------------------------------


def test_a_plain_workbook_and_a_plain_csv_pass() -> None:
    assert inspect_upload(workbook(), "levering.xlsx") == []
    assert inspect_upload(CSV.encode(), "levering.csv") == []
    assert inspect_upload(CSV.encode("utf-8-sig"), "levering.txt") == []


def test_a_csv_from_dutch_excel_in_windows_1252_passes() -> None:
    data = "indicator;bedrag\r\nuitkering;€ 1.234,50\r\n".encode("cp1252")
    assert data.count(b"\x80") == 1  # the euro sign is not UTF-8
    assert codes(data, "levering.csv") == []


def test_a_cell_hyperlink_is_an_external_relationship_but_allowed() -> None:
    data = workbook(hyperlink="https://opendata.cbs.nl/statline/")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels")
    assert b'TargetMode="External"' in rels
    assert codes(data) == []


# --- size -------------------------------------------------------------------------------------


def test_empty_and_too_big() -> None:
    assert codes(b"", "leeg.csv") == ["bestand-leeg"]
    assert MAX_BYTES == 5 * MB
    exactly = b"a;b\r\n" * (1000 // 5)
    assert codes(exactly, "x.csv", max_bytes=len(exactly)) == []
    [problem] = inspect_upload(exactly + b"x", "x.csv", max_bytes=len(exactly))
    assert problem.code == "bestand-te-groot"
    assert problem.message == "Het bestand is 1001 bytes; de grens is 1000 bytes."
    assert problem.location == Location(file="x.csv")
    assert problem.severity is Severity.FOUT


# --- the type by content, not by name ---------------------------------------------------------


def test_an_xls_renamed_xlsx_is_refused_as_old_excel() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    [problem] = inspect_upload(ole2, "levering.xlsx")
    assert problem.code == "oud-excel"
    assert "(.xls)" in problem.message


def test_a_png_renamed_csv_is_refused_naming_what_it_is() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    [problem] = inspect_upload(png, "levering.csv")
    assert problem.code == "bestandstype"
    assert problem.message == (
        "Dit bestand is een PNG-afbeelding, geen CSV-bestand of Excel-werkmap (.xlsx)."
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.4\n1 0 obj << >> endobj\n", "een PDF-document"),  # all ASCII, still refused
        (b"MZ\x90\x00\x03\x00\x00\x00", "een Windows-programma"),
        (b"\x7fELF\x02\x01\x01", "een programma"),
        (b"#!/bin/sh\nrm -rf /\n", "een script"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "een webpagina"),
        (b'\xef\xbb\xbf  <?xml version="1.0"?><Workbook/>', "een webpagina of XML-bestand"),
        (b"a;b\r\n1;\x002\r\n", "een binair bestand"),
    ],
)
def test_other_files_named_csv_are_refused(data: bytes, what: str) -> None:
    [problem] = inspect_upload(data, "levering.csv")
    assert problem.code == "bestandstype"
    assert what in problem.message


def test_utf16_text_and_undecodable_text_are_refused_with_advice() -> None:
    [problem] = inspect_upload(CSV.encode("utf-16"), "levering.csv")
    assert (problem.code, problem.message) == (
        "tekstcodering",
        "Deze tekst is in UTF-16 opgeslagen; sla het bestand op als CSV UTF-8.",
    )
    # 0x81 is neither UTF-8 on its own nor defined in Windows-1252.
    assert codes(b"a;b\r\n\x81;1\r\n", "levering.csv") == ["tekstcodering"]


def test_other_zips_are_not_workbooks() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert codes(out.getvalue(), "levering.xlsx") == ["geen-werkmap"]
    assert codes(b"PK\x03\x04 niet echt een zip", "levering.xlsx") == ["zip-beschadigd"]


def test_macros_activex_and_macro_content_types_are_refused() -> None:
    assert codes(rezip(workbook(), add={"xl/vbaProject.bin": b"\x00" * 64})) == ["macro"]
    assert codes(rezip(workbook(), add={"xl/activeX/activeX1.xml": b"<ax/>"})) == ["macro"]
    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        types = archive.read("[Content_Types].xml")
    macro_types = types.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
    assert macro_types != types
    assert codes(rezip(workbook(), replace={"[Content_Types].xml": macro_types})) == ["macro"]


# --- the name: content decides, the name must not lie dangerously ------------------------------


def test_a_harmless_lie_is_a_warning_and_the_reader_gets_the_true_suffix() -> None:
    [problem] = inspect_upload(CSV.encode(), "levering.xlsx")
    assert problem.code == "naam-past-niet"
    assert problem.severity is Severity.WAARSCHUWING
    assert "wordt gelezen als CSV" in problem.message
    assert reading_name("levering.xlsx", CSV.encode()) == "levering.csv"
    assert codes(workbook(), "levering.csv") == ["naam-past-niet"]
    assert reading_name("levering.csv", workbook()) == "levering.xlsx"
    assert reading_name("levering.CSV", CSV.encode()) == "levering.CSV"
    assert (kind_of(workbook()), kind_of(CSV.encode())) == ("xlsx", "csv")


@pytest.mark.parametrize("name", ["levering.xlsm", "levering.xlsx.exe", "levering", "x.html"])
def test_a_name_outside_csv_txt_xlsx_is_refused_even_with_harmless_content(name: str) -> None:
    assert codes(workbook(), name) == ["bestandsnaam"]
    assert codes(CSV.encode(), name) == ["bestandsnaam"]


# --- zip bombs, from the directory only --------------------------------------------------------


def test_a_real_zip_bomb_is_refused_without_unpacking_it() -> None:
    bomb = rezip(workbook(), add={"xl/worksheets/sheet2.xml": bytes(50 * MB)})
    assert len(bomb) < 100_000  # 50 MB of zeros in about 50 kB
    problems = inspect_upload(bomb, "levering.xlsx")
    assert [p.code for p in problems] == ["zip-te-groot", "zip-verhouding"]
    assert "'xl/worksheets/sheet2.xml'" in problems[1].message
    assert "zip-bom" in problems[1].message


def test_a_large_but_ordinary_part_passes_the_ratio() -> None:
    rows = "".join(f"<row r='{i}'><c><v>{i * 7919 % 1000}</v></c></row>" for i in range(60_000))
    data = rezip(workbook(), add={"xl/worksheets/sheet2.xml": rows.encode()})
    assert codes(data) == []


def test_limits_on_members_and_total_size() -> None:
    many = rezip(workbook(), add={f"docProps/custom{i}.xml": b"<a/>" for i in range(500)})
    assert codes(many) == ["zip-te-veel-bestanden"]
    assert codes(workbook(), limits=ZipLimits(uncompressed=1000)) == ["zip-te-groot"]


def test_overlapping_entries_the_non_recursive_bomb_are_refused() -> None:
    data = bytearray(workbook())
    # The sheet's directory entry points at the workbook part's bytes: one stream, two entries.
    workbook_at = struct.unpack_from(
        "<I", data, directory_entry(bytes(data), "xl/workbook.xml") + 42
    )
    struct.pack_into(
        "<I", data, directory_entry(bytes(data), "xl/worksheets/sheet1.xml") + 42, *workbook_at
    )
    problems = inspect_upload(bytes(data), "levering.xlsx")
    assert [p.code for p in problems] == ["zip-overlap"]
    assert "overlappen" in problems[0].message


def test_duplicate_names_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("xl/workbook.xml", b"<workbook/>")
    assert codes(out.getvalue()) == ["zip-overlap"]


def test_a_part_that_lies_about_its_size_is_read_no_further_than_it_says() -> None:
    data = bytearray(workbook())
    entry = directory_entry(bytes(data), "xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, entry + 24, 10)  # declared uncompressed size: 10 bytes
    assert codes(bytes(data)) == ["zip-beschadigd"]  # the CRC of the cut-off part fails


def test_an_encrypted_member_is_refused() -> None:
    data = bytearray(workbook())
    entry = directory_entry(bytes(data), "xl/workbook.xml")
    flags = struct.unpack_from("<H", data, entry + 8)[0]
    struct.pack_into("<H", data, entry + 8, flags | 0x1)
    assert "zip-versleuteld" in codes(bytes(data))


def test_a_zip_inside_the_zip_is_refused_by_name_and_by_content() -> None:
    inner = workbook()
    assert codes(rezip(workbook(), add={"xl/embedded.zip": inner})) == ["zip-genest"]
    assert codes(rezip(workbook(), add={"xl/media/image1.png": inner})) == ["zip-genest"]


# --- links and XML ----------------------------------------------------------------------------


def test_an_external_link_part_is_refused() -> None:
    data = rezip(workbook(), add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
    [problem] = inspect_upload(data, "levering.xlsx")
    assert problem.code == "externe-koppeling"
    assert "xl/externalLinks/externalLink1.xml" in problem.message


def test_an_external_relationship_is_refused() -> None:
    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    link = (
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLinkPath" Target="file:///C:/geheim/bron.xlsx" '
        b'TargetMode="External"/></Relationships>'
    )
    data = rezip(
        workbook(),
        replace={"xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>", link)},
    )
    [problem] = inspect_upload(data, "levering.xlsx")
    assert problem.code == "externe-koppeling"
    assert "'file:///C:/geheim/bron.xlsx'" in problem.message


def test_a_data_connection_is_refused() -> None:
    data = rezip(workbook(), add={"xl/connections.xml": b"<connections/>"})
    assert codes(data) == ["externe-koppeling"]


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheets><sheet name='&lol2;' sheetId='1' r:id='rId1'/></sheets></workbook>"
)


def test_entity_expansion_is_refused_in_any_xml_part() -> None:
    data = rezip(workbook(), replace={"xl/workbook.xml": LAUGHS})
    [problem] = inspect_upload(data, "levering.xlsx")
    assert problem.code == "xml-entiteit"
    assert "'xl/workbook.xml'" in problem.message
    hidden = b'<?xml version="1.0"?><a>' + b" " * 100_000 + b"<!doctype x>"  # not in the prolog
    assert codes(rezip(workbook(), add={"docProps/custom.xml": hidden})) == ["xml-entiteit"]


def test_a_doctype_split_over_two_reads_is_still_found() -> None:
    for offset in range(64 * 1024 - 9, 64 * 1024 + 1):
        part = b"<a>" + b" " * (offset - 3) + b"<!DOCTYPE x>"
        assert codes(rezip(workbook(), add={"docProps/custom.xml": part})) == ["xml-entiteit"]


def test_an_xml_part_in_another_encoding_is_refused() -> None:
    utf16 = rezip(workbook(), add={"docProps/custom.xml": "<a/>".encode("utf-16")})
    assert codes(utf16) == ["xml-codering"]
    declared = b'<?xml version="1.0" encoding="UTF-7"?><a/>'
    assert codes(rezip(workbook(), add={"docProps/custom.xml": declared})) == ["xml-codering"]


def expanding_sheet(levels: int = 6, fan: int = 14) -> bytes:
    """A worksheet whose note cell is an entity that expands `fan` ** (`levels` - 1) times:
    8 characters become 4,3 MB. (Python's expat stops at 8 MiB; an older one does not.)"""
    entities = ['<!ENTITY e0 "xxxxxxxx">'] + [
        f'<!ENTITY e{i} "{f"&e{i - 1};" * fan}">' for i in range(1, levels)
    ]
    return (
        f"<!DOCTYPE worksheet [{''.join(entities)}]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>area</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>period</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>value</t></is></c>'
        '<c r="E1" t="inlineStr"><is><t>note</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>bevolking</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>nprz</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>2024</t></is></c>'
        '<c r="D2" t="inlineStr"><is><t>211.548</t></is></c>'
        f'<c r="E2" t="inlineStr"><is><t>&e{levels - 1};</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


def renamed_sheet(sheet: bytes, name: str = "sheet1.bin", content_type: bool = True) -> bytes:
    """The workbook with its worksheet under another name; the workbook's relationship (and,
    with `content_type`, the content-type override) point at the new name, as openpyxl follows
    them."""
    data = workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels")
        types = archive.read("[Content_Types].xml")
    rels = rels.replace(b"/xl/worksheets/sheet1.xml", f"/xl/worksheets/{name}".encode())
    if content_type:
        types = types.replace(b"/xl/worksheets/sheet1.xml", f"/xl/worksheets/{name}".encode())
    else:
        types = re.sub(rb"<Override PartName=\"/xl/worksheets/sheet1.xml\"[^>]*/>", b"", types)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                target.writestr(f"xl/worksheets/{name}", sheet)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                target.writestr(info.filename, rels)
            elif info.filename == "[Content_Types].xml":
                target.writestr(info.filename, types)
            else:
                target.writestr(info.filename, source.read(info))
    return out.getvalue()


def test_a_worksheet_under_another_name_is_scanned() -> None:
    """Issue 13: a 5 kB upload whose worksheet is called sheet1.bin passed the scan, and
    openpyxl expanded its entities into a note of megabytes."""
    data = renamed_sheet(expanding_sheet())
    assert len(data) < 6_000
    [problem] = inspect_upload(data, "levering.xlsx")
    assert problem.code == "xml-entiteit"
    assert "'xl/worksheets/sheet1.bin'" in problem.message


def test_a_renamed_worksheet_is_found_by_relationship_and_by_content() -> None:
    sheet = expanding_sheet()
    # No content type for the part: the relationship alone makes it XML.
    assert codes(renamed_sheet(sheet, content_type=False)) == ["xml-entiteit"]
    # Declared as printer settings (binary): its first bytes still look like XML.
    data = rezip(
        renamed_sheet(sheet, "printerSettings1.bin", content_type=False),
        replace={"[Content_Types].xml": _with_bin_default(PRINTER_SETTINGS)},
    )
    assert codes(data) == ["xml-entiteit"]
    # White space and a byte-order mark before the DOCTYPE, under a name that says nothing.
    padded = b"\xef\xbb\xbf \r\n" + sheet
    assert codes(renamed_sheet(padded, "data", content_type=False)) == ["xml-entiteit"]


def test_a_renamed_worksheet_in_utf16_without_a_mark_is_refused() -> None:
    sheet = expanding_sheet().decode().encode("utf-16-le")  # expat reads this as UTF-16
    assert codes(renamed_sheet(sheet, content_type=False)) == ["xml-codering"]


def test_a_declared_xml_part_that_is_not_xml_is_refused() -> None:
    data = renamed_sheet(b"\x01\x02 not xml")
    assert codes(data) == ["xml-codering"]


PRINTER_SETTINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"


def _with_bin_default(content_type: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(workbook())) as archive:
        types = archive.read("[Content_Types].xml")
    default = f'<Default Extension="bin" ContentType="{content_type}"/>'.encode()
    return types.replace(b"<Default ", default + b"<Default ", 1)


def test_binary_printer_settings_are_not_taken_for_xml() -> None:
    """Excel stores printer settings as a binary .bin part (a Windows DEVMODE: the printer's
    name in UTF-16, then numbers); nobody parses it as XML, and it passes."""
    devmode = "HP LaserJet".encode("utf-16-le").ljust(64, b"\x00") + bytes(range(256))
    data = rezip(
        workbook(),
        add={"xl/printerSettings/printerSettings1.bin": devmode},
        replace={"[Content_Types].xml": _with_bin_default(PRINTER_SETTINGS)},
    )
    assert codes(data) == []


def test_every_code_is_documented_and_named_by_a_test() -> None:
    text = Path(__file__).read_text(encoding="utf-8")
    assert [code for code in CODES if f'"{code}"' not in text] == []


def test_a_ribbon_that_can_call_macros_is_refused() -> None:
    assert codes(rezip(workbook(), add={"customUI/customUI14.xml": b"<customUI/>"})) == ["macro"]
