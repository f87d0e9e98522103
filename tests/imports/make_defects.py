"""Write the defect files in tests/imports/defects/: one small delivery per defect, named after
it. Run `python tests/imports/make_defects.py` after changing a file here and commit what it
writes; `test_files.py::test_defect_files_are_made_by_this_script` checks the CSVs still match.

Every row holds a real figure of the bundled 2024 dataset (stoplicht and verhuizingen tables):
only the defect itself is made up. The expected problem of each file is in test_files.py.
"""

from __future__ import annotations

import datetime
from pathlib import Path

HERE = Path(__file__).parent / "defects"
HEADER = "indicator,area,period,value,status,note"

# Real rows (indicator, area, period, value, status), as the report printed them.
BEVOLKING = ("bevolking", "nprz", "2024", "211.548", "definitief")
JONGEREN = ("jongeren-tot-27", "nprz", "2024", "33,3%", "definitief")
INKOMEN = ("besteedbaar-inkomen", "nprz", "2022", "€ 29.200", "definitief")
SCHOOLGEWICHT = ("schoolgewicht", "nprz", "2020-2023", "35,2", "definitief")
LEERPLICHTIGEN = ("leerplichtigen", "nprz", "2023/24", "30.069", "definitief")
ADVIES = ("advies-tm-vmbo-kl", "nprz", "2023/24", "20,7%", "voorlopig")
THUISZITTERS_G4 = ("thuiszitters-aandeel", "g4", "2023/24", "-", "definitief")
VERHUIS_HILLESLUIS = ("verhuis-in-1", "hillesluis", "2024", "350", "definitief")
VERHUIS_KOP = ("verhuis-in-7", "kop-van-zuid", "2024", "<5", "definitief")


def line(*cells: str) -> str:
    """A CSV line; a cell with a comma or a quote is quoted, as Excel and `csv` do."""
    out = []
    for cell in cells:
        if any(c in cell for c in ',"\n'):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return ",".join(out)


def row(base: tuple[str, ...], **changes: str) -> str:
    fields = dict(zip(("indicator", "area", "period", "value", "status"), base, strict=True))
    fields.update(changes)
    return line(*fields.values(), changes.get("note", ""))


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


# name -> file content (text files are written as UTF-8 unless bytes are given)
CSV: dict[str, str | bytes] = {
    # --- the file -----------------------------------------------------------------------
    "leeg-bestand.csv": b"",
    "alleen-kopregel.csv": csv_text(),
    "onleesbare-codering.csv": csv_text(row(BEVOLKING)).encode() + b"bevolking,\x81\r\n",
    "niet-afgesloten-aanhalingsteken.csv": csv_text(
        row(BEVOLKING), 'jongeren-tot-27,nprz,2024,"33,3%'
    ),
    "oud-excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "kapot-excel.xlsx": b"PK\x03\x04" + b"geen zip" * 8,
    # Excel's "CSV (puntkomma)": semicolons and Windows-1252 (the é of the note).
    "puntkomma-cp1252.csv": "\r\n".join(
        [
            HEADER.replace(",", ";"),
            "jongeren-tot-27;nprz;2024;33,3%;definitief;geïnd via CBS",
            "",
        ]
    ).encode("cp1252"),
    # --- the header ---------------------------------------------------------------------
    "kolom-ontbreekt.csv": csv_text(
        line("bevolking", "nprz", "211.548"), header="indicator,area,value"
    ),
    "dubbele-kolom.csv": csv_text(
        line(*BEVOLKING, "211.548"), header="indicator,area,period,value,status,waarde"
    ),
    "onbekende-kolom.csv": csv_text(
        line(*BEVOLKING, "", "CBS"), header="indicator,area,period,value,status,note,bron"
    ),
    "nederlandse-kolomnamen.csv": csv_text(
        row(BEVOLKING), header="Indicator,Gebied,Periode,Waarde,Status,Toelichting"
    ),
    # --- codes --------------------------------------------------------------------------
    "onbekende-indicator.csv": csv_text(row(BEVOLKING, indicator="bevolkng")),
    "lege-indicator.csv": csv_text(row(BEVOLKING, indicator="")),
    "onbekend-gebied.csv": csv_text(row(BEVOLKING, area="rotterdam-zuid")),
    "code-hoofdletters.csv": csv_text(row(BEVOLKING, indicator="Bevolking", area="NPRZ")),
    "cbs-gebiedscode.csv": csv_text(row(VERHUIS_HILLESLUIS, area="BU05991082")),
    "gebiedsnaam.csv": csv_text(row(VERHUIS_KOP, area="Kop van Zuid")),
    "ongeldige-periode.csv": csv_text(row(BEVOLKING, period="24")),
    "schooljaar-met-streepje.csv": csv_text(row(ADVIES, period="2023-24")),
    "ongeldige-status.csv": csv_text(row(BEVOLKING, status="defintief")),
    "status-hoofdletter.csv": csv_text(row(ADVIES, status="Voorlopig")),
    "dubbele-rij.csv": csv_text(row(BEVOLKING), row(JONGEREN), row(BEVOLKING)),
    "decimale-komma-zonder-aanhalingstekens.csv": csv_text(
        "jongeren-tot-27,nprz,2024,33,3%,definitief,"
    ),
    # --- values -------------------------------------------------------------------------
    "lege-waarde.csv": csv_text(row(BEVOLKING, value="")),
    "tekst-als-waarde.csv": csv_text(row(BEVOLKING, value="ongeveer 211.500")),
    "formule-als-tekst.csv": csv_text(row(BEVOLKING, value="=SUM(D2:D3)")),
    "engelse-notatie.csv": csv_text(row(INKOMEN, value="29,200.00")),
    "twee-decimale-komma-s.csv": csv_text(row(SCHOOLGEWICHT, value="35,2,0")),
    "decimale-punt.csv": csv_text(row(SCHOOLGEWICHT, value="35.2")),
    "dubbelzinnige-punt.csv": csv_text(
        row(SCHOOLGEWICHT, value="35.2"), row(LEERPLICHTIGEN, value="30.069")
    ),
    "spatie-duizendtallen.csv": csv_text(row(BEVOLKING, value="211 548")),
    "harde-spatie.csv": csv_text(row(BEVOLKING, value="211\u00a0548")),
    "spatie-voor-procent.csv": csv_text(row(JONGEREN, value="33,3 %")),
    "euro-achter-bedrag.csv": csv_text(row(INKOMEN, value="29.200 €")),
    "eur-voor-bedrag.csv": csv_text(row(INKOMEN, value="EUR 29.200")),
    "eurosteken-ontbreekt.csv": csv_text(row(INKOMEN, value="29.200")),
    "nb-hoofdletters.csv": csv_text(row(THUISZITTERS_G4, value="NB")),
    "apostrof-voor-waarde.csv": csv_text(row(BEVOLKING, value="'211.548")),
    "procent-bij-aantal.csv": csv_text(row(BEVOLKING, value="33,3%")),
    "bedrag-bij-percentage.csv": csv_text(row(JONGEREN, value="€ 33")),
    "procentteken-ontbreekt.csv": csv_text(row(JONGEREN, value="33,3")),
    "fractie-zonder-procent.csv": csv_text(row(JONGEREN, value="0,333")),
    "percentage-buiten-bereik.csv": csv_text(row(JONGEREN, value="133,3%")),
    "meer-decimalen-dan-gedrukt.csv": csv_text(row(JONGEREN, value="33,33%")),
    "negatief-aantal.csv": csv_text(row(BEVOLKING, value="-211.548")),
}


def write_csv_files() -> None:
    for name, content in CSV.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (HERE / name).write_bytes(data)


def write_xlsx_files() -> None:
    from openpyxl import Workbook

    def book(*rows: list[object], sheet: str = "gegevens") -> Workbook:
        workbook = Workbook()
        active = workbook.active
        assert active is not None
        active.title = sheet
        active.append(HEADER.split(","))
        for cells in rows:
            active.append(cells)
        return workbook

    # A value cell with only spaces in it: looks empty, is text.
    book([*BEVOLKING[:3], "   ", "definitief"]).save(HERE / "lege-waarde-tekst.xlsx")
    # A formula written by a program: no result stored, so data_only reads None.
    book(list(BEVOLKING), [*BEVOLKING[:2], "2011", "=D2*0+193982", "definitief"]).save(
        HERE / "formule-in-cel.xlsx"
    )
    # Numbers typed as numbers: a count and a cell formatted as percentage.
    workbook = book([*BEVOLKING[:3], 211548, "definitief"], [*JONGEREN[:3], 0.333, "definitief"])
    sheet = workbook.active
    assert sheet is not None
    sheet["D3"].number_format = "0.0%"
    workbook.save(HERE / "excel-getal.xlsx")
    # A date where a value belongs (Excel turned "1-1" into 1 January).
    book([*BEVOLKING[:3], datetime.datetime(2024, 1, 1), "definitief"]).save(
        HERE / "datum-als-waarde.xlsx"
    )
    # The data on a second sheet named "data", a cover sheet first; the unknown code shows
    # that locations name the sheet.
    workbook = book(["Levering NPRZ 2024"], sheet="toelichting")
    data = workbook.create_sheet("data")
    data.append(HEADER.split(","))
    data.append(["bevolkng", *BEVOLKING[1:]])
    workbook.save(HERE / "onbekende-indicator-op-blad-data.xlsx")


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    write_csv_files()
    write_xlsx_files()
