"""The template's header: which column holds which field.

The template (`nprz.imports.template` writes it) has the columns `indicator, area, period,
value, status, note, reference` (the last optional: the date a figure describes when it is not
the end of its period, "2018-03-31", or "huidig" for a current count without a date). A header
that says the same another way — Dutch names, capitals,
"Indicator_code" — is read with a warning; an unknown column is ignored with a warning; a
missing required column or two columns meaning one field stop the reading.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from nprz.imports.tables import Cell

FIELDS = ("indicator", "area", "period", "value", "status", "note", "reference")
REQUIRED = ("indicator", "area", "period", "value")
SHEET_NAMES = ("gegevens", "data")  # the sheet read when present; else the first sheet

# Header names after lower-casing and dropping spaces, "_" and "-"; the value is the field.
HEADER_ALIASES: dict[str, str] = {
    "indicator": "indicator",
    "indicatorcode": "indicator",
    "area": "area",
    "areacode": "area",
    "gebied": "area",
    "gebiedscode": "area",
    "period": "period",
    "periode": "period",
    "value": "value",
    "waarde": "value",
    "status": "status",
    "note": "note",
    "toelichting": "note",
    "opmerking": "note",
    "opmerkingen": "note",
    "reference": "reference",
    "peildatum": "reference",
}

_SEPARATORS = re.compile(r"[\s_\-]+")


@dataclass(frozen=True)
class Finding:
    """A problem in the header; the caller adds the file and the header's row."""

    code: str
    message: str
    column: str = ""


@dataclass(frozen=True)
class Header:
    columns: dict[str, int]  # field -> index of its cell
    labels: dict[str, str]  # field -> the column as the delivery names it
    width: int  # cells up to the last named one


def is_header_word(text: str) -> bool:
    """Is this a name the template knows for a column (to pick a CSV's delimiter)?"""
    return _SEPARATORS.sub("", text.lower()) in HEADER_ALIASES


def read_header(cells: list[Cell]) -> tuple[Header | None, list[Finding]]:
    """The columns of the template in a header row, or None when it cannot be read."""
    findings: list[Finding] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = cell_text(cell).replace("\ufeff", "").strip()
        if not text:
            continue
        found = HEADER_ALIASES.get(_SEPARATORS.sub("", text.lower()))
        if found is None:
            hint = difflib.get_close_matches(text.lower(), FIELDS, n=1, cutoff=0.6)
            findings.append(
                Finding(
                    "onbekende-kolom",
                    f"kolom {text!r} is onbekend en wordt genegeerd"
                    + (f"; bedoelt u {hint[0]!r}?" if hint else ""),
                    text,
                )
            )
        elif found in columns:
            findings.append(
                Finding(
                    "dubbele-kolom",
                    f"kolom {text!r} en kolom {label(cells, columns[found])!r} betekenen "
                    f"allebei {found!r}",
                    text,
                )
            )
        else:
            columns[found] = index
            if text != found:
                findings.append(
                    Finding("kolomnaam-variant", f"kolom {text!r} gelezen als {found!r}", text)
                )
    missing = [f for f in REQUIRED if f not in columns]
    findings += [
        Finding(
            "kolom-ontbreekt",
            f"kolom {name!r} ontbreekt; de kopregel moet {', '.join(FIELDS)} bevatten "
            "(status en note mogen ontbreken)",
        )
        for name in missing
    ]
    if missing or any(f.code == "dubbele-kolom" for f in findings):
        return None, findings
    width = max(i for i, c in enumerate(cells) if not c.empty) + 1
    labels = {f: label(cells, i) for f, i in columns.items()}
    return Header(columns, labels, width), findings


def cell_text(cell: Cell) -> str:
    """A code or text cell as text; Excel may have turned "2024" into the number 2024."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def label(cells: list[Cell], index: int) -> str:
    """A column as the delivery names it: its header, else its spreadsheet letter."""
    if index < len(cells) and (name := cell_text(cells[index]).replace("\ufeff", "").strip()):
        return name
    letter: str = get_column_letter(index + 1)
    return letter
