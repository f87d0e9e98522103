"""The report's tables, kept in the shape they were printed, turned into records.

Each file mirrors one printed table (a row per printed row, a column per printed column), so
an analyst can hold the file next to the report. This module knows what each column means:
which cells are measurements (observations) and which the report derived (published figures:
targets, shares closed, totals and shares of side tables).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nprz.core.printed import Printed, Token, Unit
from nprz.datasets.records import (
    Dataset,
    FinanceRecord,
    ObservationRecord,
    PublishedRecord,
    SourceRef,
)
from nprz.datasets.schema import (
    FINANCE_COLUMNS,
    FLOW_COLUMNS,
    AreaColumns,
    BucketRow,
    FinanceRow,
    FlowRow,
    GeneralRow,
    PageRow,
    SideRow,
    StoplightRow,
)

if TYPE_CHECKING:
    from nprz.datasets.reader import Reader

REPORT = "rapport"
FLOW_INDICATORS = {
    "binnen": "verhuis-binnen",
    **{f"in_{i}": f"verhuis-in-{i}" for i in range(1, 8)},
    "in_totaal": "verhuis-in",
    **{f"uit_{i}": f"verhuis-uit-{i}" for i in range(1, 8)},
    "uit_totaal": "verhuis-uit",
    "totaal": "verhuis-totaal",
    "saldo": "verhuis-saldo",
    "bevolking": "verhuis-bevolking",
    "mobiliteit": "verhuis-mobiliteit",
}
# Columns of a wijk row that the report computed from the others (see identities.yaml).
FLOW_DERIVED = {"in_totaal", "uit_totaal", "totaal", "saldo", "mobiliteit"}
STOPLIGHT_PUBLISHED = {
    "pct_now": "ingelopen",
    "pct_prev": "ingelopen-vorig",
    "target": "doel",
    "target_end": "eindniveau",
}


def read_all(
    reader: Reader, dataset: Dataset, table_documents: dict[str, str], columns: AreaColumns
) -> None:
    assert dataset.report_year is not None  # a folder of printed tables names its year
    assert dataset.programme is not None  # read before the tables (nprz.datasets.reader)
    # The figures the report derived for the programme as a whole are its own area's.
    own = str(dataset.programme.definition["area"])
    area_kinds = {a.code: a.kind for a in dataset.areas}
    _stoplight(reader, dataset, columns.stoplight, own)
    _general(reader, dataset, columns.general)
    _flows(reader, dataset, area_kinds)
    _side_tables(reader, dataset, table_documents)
    _pages(reader, dataset, own)
    _buckets(reader, dataset, own)
    _finance(reader, dataset, table_documents)


def _area_and_variant(column: str) -> tuple[str, str]:
    area, _, variant = column.partition("@")
    return area, variant


def _observation(
    reader: Reader,
    dataset: Dataset,
    column: str,
    vintage: str,
    indicator: str,
    area: str,
    period: str,
    token: Token,
    line: int,
    status: str = "",
    variant: str = "",
    footnote: str = "",
    document: str = REPORT,
    reference: str = "",
) -> None:
    reader.add_observation(
        dataset,
        column,
        ObservationRecord(
            vintage=vintage,
            indicator=indicator,
            area=area,
            period=period,
            token=token,
            status=status or "definitief",
            variant=variant,
            footnote=footnote,
            source=SourceRef(document, line),
            reference=reference,
        ),
    )


def _stoplight(reader: Reader, dataset: Dataset, columns: dict[str, str], own: str) -> None:
    file = "stoplicht.csv"
    year = dataset.report_year or 0
    this_year, last_year = str(year), str(year - 1)
    parts = ("start", "now", "is")
    model = StoplightRow.with_columns(f"{p}_{part}" for p in columns for part in parts)
    for number, row in reader.csv_rows(file, model):
        found = row.area_cells()
        current = reader.period(row.current_period, file, number, "current_period")
        start = (
            reader.period(row.start_period, file, number, "start_period")
            if row.start_period
            else None
        )
        cells: dict[str, tuple[str, str, str | None]] = {}
        for prefix, column_area in columns.items():
            # A column may hold another indicator or area in this row ("<indicator>@<area>").
            holds = found.get(f"{prefix}_is", "")
            if holds and not re.fullmatch(r"[a-z0-9-]+@[a-z0-9-]+", holds):
                reader.problem(
                    "ongeldig-veld", "verwacht indicator@gebied", file, number, f"{prefix}_is"
                )
                continue
            indicator, area = holds.split("@") if holds else (row.indicator, column_area)
            cells[f"{prefix}_start"] = (indicator, area, start)
            cells[f"{prefix}_now"] = (indicator, area, current)
        for column, (indicator, area, period) in cells.items():
            text = found.get(column, "")
            if not text:
                continue
            if period is None:
                reader.problem(
                    "periode-ontbreekt", "waarde zonder startperiode", file, number, column
                )
                continue
            token = reader.token(text, file, number, column)
            if token is not None:
                status = row.current_status if column.endswith("_now") else ""
                _observation(
                    reader,
                    dataset,
                    column,
                    "stoplicht",
                    indicator,
                    area,
                    period,
                    token,
                    row.line,
                    status,
                )
        for column, kind in STOPLIGHT_PUBLISHED.items():
            text = getattr(row, column)
            token = reader.token(text, file, number, column) if text else None
            if token is None:
                continue
            period = last_year if kind == "ingelopen-vorig" else this_year
            reader.add_published(
                dataset,
                PublishedRecord(
                    "stoplicht",
                    kind,
                    token,
                    text,
                    SourceRef(REPORT, row.line),
                    row.indicator,
                    own,
                    period,
                ),
            )
        for text in row.unplaced.split():
            reader.add_published(
                dataset,
                PublishedRecord(
                    "stoplicht",
                    "ongeplaatst",
                    reader.token(text, file, number, "unplaced"),
                    text,
                    SourceRef(REPORT, row.line),
                    row.indicator,
                    note="gedrukt, maar de kolom is niet zeker",
                ),
            )
        reader.add_published(
            dataset,
            PublishedRecord(
                "stoplicht",
                "periode",
                None,
                row.periods_printed,
                SourceRef(REPORT, row.line),
                row.indicator,
                own,
                current or "",
                note=f"startperiode {start or 'niet gedrukt'}",
            ),
        )


def _general(reader: Reader, dataset: Dataset, columns: dict[str, str]) -> None:
    file = "algemeen.csv"
    for number, row in reader.csv_rows(file, GeneralRow.with_columns(columns)):
        found = row.area_cells()
        period = reader.period(row.period, file, number, "period")
        if period is None:
            continue
        for column, area_column in columns.items():
            area, variant = _area_and_variant(area_column)
            text = found.get(column, "")
            token = reader.token(text, file, number, column)
            if token is not None:
                _observation(
                    reader,
                    dataset,
                    column,
                    "algemeen",
                    row.indicator,
                    area,
                    period,
                    token,
                    row.line,
                    row.status,
                    variant,
                    row.footnote,
                )


def _flows(reader: Reader, dataset: Dataset, area_kinds: dict[str, str]) -> None:
    file = "verhuizingen.csv"
    period = str(dataset.report_year)
    for number, row in reader.csv_rows(file, FlowRow):
        is_group = area_kinds.get(row.area) != "wijk"
        for column, text in row.cells().items():
            token = reader.token(text, file, number, column)
            if token is None:
                continue
            indicator = FLOW_INDICATORS[column]
            if is_group or column in FLOW_DERIVED:
                reader.add_published(
                    dataset,
                    PublishedRecord(
                        "verhuizingen",
                        "afgeleid",
                        token,
                        text,
                        SourceRef(REPORT, row.line),
                        indicator,
                        row.area,
                        period,
                    ),
                )
            else:
                _observation(
                    reader,
                    dataset,
                    column,
                    "verhuizingen",
                    indicator,
                    row.area,
                    period,
                    token,
                    row.line,
                )
    assert set(FLOW_INDICATORS) == set(FLOW_COLUMNS)


def _side_tables(reader: Reader, dataset: Dataset, table_documents: dict[str, str]) -> None:
    file = "zijtabellen.csv"
    for number, row in reader.csv_rows(file, SideRow):
        if row.table not in table_documents:
            reader.problem(
                "onbekende-tabel", f"onbekende tabel {row.table!r}", file, number, "table"
            )
            continue
        period = reader.period(row.period, file, number, "period")
        token = reader.token(row.printed, file, number, "printed")
        if period is None or token is None:
            continue
        document = table_documents[row.table]
        if row.role == "invoer":
            _observation(
                reader,
                dataset,
                "printed",
                row.table,
                row.indicator,
                row.area,
                period,
                token,
                row.line,
                footnote=row.note,
                document=document,
                reference=row.reference,
            )
        else:
            kind = row.role if row.role in ("eindniveau", "doel") else "afgeleid"
            reader.add_published(
                dataset,
                PublishedRecord(
                    row.table,
                    kind,
                    token,
                    row.printed,
                    SourceRef(document, row.line),
                    row.indicator,
                    row.area,
                    period,
                    note=row.note,
                ),
            )


def _pages(reader: Reader, dataset: Dataset, own: str) -> None:
    file = "paginas.csv"
    period = str(dataset.report_year)
    for number, row in reader.csv_rows(file, PageRow):
        token = (
            None if row.kind == "oordeel" else reader.token(row.printed, file, number, "printed")
        )
        if row.kind != "oordeel" and token is None:
            continue
        reader.add_published(
            dataset,
            PublishedRecord(
                "paginas",
                row.kind,
                token,
                row.printed,
                SourceRef(REPORT, row.line),
                row.indicator,
                own,
                period,
                note=row.note,
            ),
        )


def _buckets(reader: Reader, dataset: Dataset, own: str) -> None:
    file = "buckets.csv"
    period = str(dataset.report_year)
    for number, row in reader.csv_rows(file, BucketRow):
        token = reader.token(row.printed, file, number, "printed")
        ref = SourceRef(REPORT, row.line)
        if row.kind == "lid":
            reader.add_published(
                dataset,
                PublishedRecord(
                    "buckets",
                    "bucket-lid",
                    token,
                    row.printed,
                    ref,
                    row.indicator,
                    own,
                    period,
                    key=row.bucket,
                    note=row.note,
                ),
            )
            continue
        key = f"{row.bucket}:{row.pillar}"
        reader.add_published(
            dataset,
            PublishedRecord(
                "buckets", "bucket-aantal", token, row.printed, ref, None, own, period, key
            ),
        )
        was = reader.token(row.was, file, number, "was")
        reader.add_published(
            dataset,
            PublishedRecord(
                "buckets",
                "bucket-aantal-was",
                was,
                row.was,
                ref,
                None,
                own,
                str((dataset.report_year or 0) - 1),
                key,
            ),
        )


FINANCE_TABLE = "financien"


def _finance(reader: Reader, dataset: Dataset, table_documents: dict[str, str]) -> None:
    """The programme bureau's finance table: every cell a euro amount as printed, or blank."""
    file = "financien.csv"
    rows: dict[int, tuple[int, FinanceRow]] = {}  # order -> (spreadsheet row, row)
    before = len(reader.problems)
    for number, row in reader.csv_rows(file, FinanceRow):
        if row.order in rows:
            reader.problem(
                "dubbele-volgorde",
                f"volgnummer {row.order} staat er twee keer in",
                file,
                number,
                "order",
            )
            continue
        rows[row.order] = (number, row)
    if rows and FINANCE_TABLE not in table_documents:
        reader.problem(
            "onbekende-tabel", f"tabel {FINANCE_TABLE!r} staat niet in dataset.yaml", file
        )
        return
    complete = len(reader.problems) == before
    span = _line_span(next((v.lines for v in dataset.vintages if v.code == FINANCE_TABLE), ""))
    records = []
    for order, (number, row) in sorted(rows.items()):
        ok = True
        if span and not span[0] <= row.line <= span[1]:
            reader.problem(
                "regel-buiten-tabel",
                f"regel {row.line} ligt buiten de tabel (regels {span[0]}-{span[1]})",
                file,
                number,
                "line",
            )
            ok = False
        cells: dict[str, Printed | None] = {}
        for column in (*FINANCE_COLUMNS, "bedrag"):
            text = getattr(row, column)
            cells[column] = None
            if not text:
                continue
            token = reader.token(text, file, number, column)
            if token is None:
                ok = False
            elif not isinstance(token, Printed) or token.unit is not Unit.EURO:
                reader.problem(
                    "geen-bedrag", f"{text!r} is geen bedrag in euro", file, number, column
                )
                ok = False
            else:
                cells[column] = token
        # A row that did not validate is missing here; its number in sum_of is no new problem.
        for part in row.orders() if complete else ():
            if part == order or part not in rows or rows[part][1].kind == "tekst":
                reader.problem(
                    "onbekende-regel",
                    f"sum_of noemt {part}: geen andere tabelregel met dat volgnummer",
                    file,
                    number,
                    "sum_of",
                )
                ok = False
        if ok:
            records.append(
                FinanceRecord(
                    vintage=FINANCE_TABLE,
                    order=order,
                    post=row.post,
                    label=row.label,
                    kind=row.kind,
                    cells=cells,
                    sum_of=tuple(row.orders()),
                    sum_columns=tuple(row.sum_columns.split()),
                    split_of=row.split_of,
                    label_lines=row.label_lines or str(row.line),
                    note=row.note,
                    source=SourceRef(table_documents[FINANCE_TABLE], row.line),
                )
            )
    dataset.finance.extend(records)


def _line_span(lines: str) -> tuple[int, int] | None:
    first, _, last = lines.partition("-")
    if not first.isdigit() or not (last or first).isdigit():
        return None
    return int(first), int(last or first)
