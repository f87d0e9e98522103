"""Deliveries as files: the CSV or Excel template that DUO, UWV, OBI and partners fill in.

The template has one row per figure and the columns `indicator, area, period, value, status,
note` (`nprz.imports.template` writes it). Reading is two steps, each a module of its own:
bytes to a table (`nprz.imports.tables`: encodings, delimiters, workbook sheets, limits) and
the table to values (`nprz.imports.values`: header, codes, numbers, checks per value). The
reader is forgiving where a mistake has one possible meaning — Dutch column names, header
case, a CBS area code, a decimal point in "12.5", Excel's semicolon CSV in Windows-1252 — and
says so with a warning; everything else is an error. Each problem has a stable code from
`nprz.imports.problems` and the file, sheet, row and column it was found in.

Bad input never raises: a file that is not a CSV, a broken workbook, a wrong encoding, a
value that is not a number all end up as problems in the returned `Delivery`; only a
programming error raises (`tests/imports/test_files.py` fuzzes arbitrary bytes). A row with
an error gives no value, so `Delivery.ok` is false and the store refuses it as a whole.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from nprz.core.problems import Location, ProblemLog
from nprz.imports import report_year as years
from nprz.imports.delivery import Codes, Delivery
from nprz.imports.header import FIELDS, SHEET_NAMES, is_header_word
from nprz.imports.problems import problem
from nprz.imports.tables import read_table
from nprz.imports.values import read_values

__all__ = ["FIELDS", "read_bytes", "read_delivery"]


def read_delivery(
    path: Path, codes: Codes, *, report_year: int | None = None, name: str | None = None
) -> Delivery:
    """Read a delivery file; `name` is what problems and the vintage call it (default: the
    file's name)."""
    shown = name or path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        return Delivery(
            kind="bestand",
            title=shown,
            document=shown,
            sha256="",
            report_year=report_year or 0,
            problems=(
                problem(
                    "bestand-onleesbaar",
                    f"{shown} kon niet gelezen worden: {error.strerror or error}",
                    Location(shown),
                ),
            ),
        )
    return read_bytes(data, shown, codes, report_year=report_year)


def read_bytes(data: bytes, name: str, codes: Codes, *, report_year: int | None = None) -> Delivery:
    """Read a delivery from its raw bytes (a web upload); `name` is the uploaded file name,
    which also decides CSV or Excel when the content does not. Without `report_year` the
    delivery is filed under the year `nprz.imports.report_year` proposes."""
    log = ProblemLog()
    table = read_table(data, name, log, header_word=is_header_word, sheet_names=SHEET_NAMES)
    values = read_values(table, codes, log) if table is not None else []
    if report_year is None:
        types = {code: known.period_type for code, known in codes.indicators.items()}
        # 0 only when nothing could be read: the delivery then has errors and is refused.
        report_year = years.propose(values, types).year
    return Delivery(
        kind="bestand",
        title=name,
        document=name,
        sha256=hashlib.sha256(data).hexdigest(),
        report_year=report_year,
        values=tuple(values),
        problems=log.kept,
        skipped=tuple(table.skipped) if table is not None else (),
        unlisted=log.unlisted,
    )
