"""Print rows as a Rich table (Dutch notation) or as CSV/JSON (plain numbers), one way for all
commands."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

from nprz.core.spreadsheet import defuse


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"
    # A code or name must never be cut off with "…" in a narrow terminal: fold it instead.
    fold: bool = False


def emit(
    console: Console,
    fmt: Format,
    columns: Sequence[Column],
    machine_rows: list[dict[str, Any]],
    human_rows: list[dict[str, str]],
    title: str = "",
    caption: str = "",
    human_columns: Sequence[Column] | None = None,
) -> None:
    """Machine rows go to CSV/JSON with exactly `columns`, in order; human rows (already
    formatted in Dutch) go to a table with `human_columns` (default: the same columns)."""
    if fmt is Format.JSON:
        data = [{c.key: row.get(c.key) for c in columns} for row in machine_rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.key for c in columns])
        for row in machine_rows:
            writer.writerow([_csv_cell(row.get(c.key)) for c in columns])
        return
    table = Table(title=title or None, caption=caption or None, show_lines=False, expand=False)
    columns = human_columns or columns
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            overflow="fold" if column.fold else "ellipsis",
            min_width=16 if column.fold else None,
        )
    for row in human_rows:
        table.add_row(*(row.get(c.key, "") for c in columns))
    console.print(table)


def _csv_cell(value: Any) -> Any:
    """CSV output is opened in spreadsheets too: text that would run as a formula is defused
    (`nprz.core.spreadsheet`); numbers stay numbers and a missing value stays empty."""
    if value is None:
        return ""
    return defuse(value) if isinstance(value, str) else value
