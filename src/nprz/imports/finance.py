"""The programme bureau's finances as a delivery: `nprz import financien PATH --rapportjaar N`.

A template of its own (`nprz export --financien` writes it), one row per line of the finance
table: `volgorde, post, omschrijving, soort, begroot, gerealiseerd, gemeente,
overige_partners, som_van, som_kolommen, verdeelt, toelichting`. Amounts in Dutch notation
(€ 1.325.000, -€ 676.115), an empty cell is empty (never 0). Read with the same table reader
as every delivery; any error and nothing is written. The sums the file declares are checked
after reading (`nprz.monitor.finance.finance_checks`) and reported, never corrected.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from nprz.core.problems import Problem, ProblemLog, Severity
from nprz.core.spreadsheet import defuse
from nprz.imports.numbers import read_number
from nprz.imports.tables import Cell, read_table
from nprz.monitor import models as m
from nprz.monitor import scope

FIELDS = (
    "volgorde",
    "post",
    "omschrijving",
    "soort",
    "begroot",
    "gerealiseerd",
    "gemeente",
    "overige_partners",
    "som_van",
    "som_kolommen",
    "verdeelt",
    "toelichting",
)
REQUIRED = ("volgorde", "omschrijving", "soort")
AMOUNTS = {
    "begroot": "begroot",
    "gerealiseerd": "gerealiseerd",
    "gemeente": "gemeente",
    "overige_partners": "overige_partners",
}
KINDS = {"post", "bijdrage", "subtotaal", "totaal"}
KIND = "financien"


@dataclass
class FinanceDelivery:
    name: str
    sha256: str
    report_year: int
    lines: list[m.FinanceLine] = field(default_factory=list)  # not saved yet
    log: ProblemLog = field(default_factory=ProblemLog)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.log.kept if p.severity is Severity.FOUT]

    @property
    def ok(self) -> bool:
        return not any(t.severity is Severity.FOUT for t in self.log.unlisted) and not self.errors


def read_finance(data: bytes, name: str, report_year: int) -> FinanceDelivery:
    """The finance lines in `data`, with every problem at its place; nothing is written."""
    delivery = FinanceDelivery(name, hashlib.sha256(data).hexdigest(), report_year)
    table = read_table(data, name, delivery.log, header_word=lambda text: _key(text) in FIELDS)
    if table is None or not table.rows:
        if table is not None:
            delivery.log.add(Problem.at("geen-rijen", "het bestand heeft geen regels", name))
        return delivery
    header_row, header = table.rows[0]
    columns = {_key(str(cell.value or "")): index for index, cell in enumerate(header)}
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        delivery.log.add(
            Problem.at(
                "kolom-ontbreekt",
                f"kolom(men) {', '.join(missing)} ontbreken; het sjabloon heeft: "
                + ", ".join(FIELDS),
                name,
                header_row,
            )
        )
        return delivery
    orders: set[int] = set()
    for number, cells in table.rows[1:]:
        line = _line(delivery, columns, cells, number, table.sheet)
        if line is None:
            continue
        if line.order in orders:
            delivery.log.add(
                Problem.at(
                    "dubbele-regel",
                    f"volgorde {line.order} staat er twee keer in",
                    name,
                    number,
                    "volgorde",
                )
            )
            continue
        orders.add(line.order)
        delivery.lines.append(line)
    for line in delivery.lines:
        for part in line.sum_of:
            if part not in orders:
                delivery.log.add(
                    Problem.at(
                        "onbekende-regel",
                        f"som_van noemt regel {part}, die niet in het bestand staat",
                        name,
                        line.line,
                        "som_van",
                    )
                )
    return delivery


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def _line(
    delivery: FinanceDelivery, columns: dict[str, int], cells: list[Cell], number: int, sheet: str
) -> m.FinanceLine | None:
    def text(field_name: str) -> str:
        index = columns.get(field_name)
        if index is None or index >= len(cells) or cells[index].empty:
            return ""
        return str(cells[index].value).strip()

    def problem(code: str, message: str, column: str) -> None:
        delivery.log.add(Problem.at(code, message, delivery.name, number, column, sheet=sheet))

    failed = False
    order_text = text("volgorde")
    if not order_text.isdigit():
        problem("ongeldige-volgorde", f"volgorde {order_text!r} is geen geheel getal", "volgorde")
        failed = True
    kind = text("soort").lower()
    if kind not in KINDS:
        problem("ongeldige-soort", f"soort {kind!r}; kies uit {', '.join(sorted(KINDS))}", "soort")
        failed = True
    amounts: dict[str, object] = {}
    for column in AMOUNTS:
        raw = text(column)
        if not raw:
            amounts[column], amounts[f"{column}_printed"] = None, ""
            continue
        reading = read_number(raw)
        if not reading.is_number or reading.value is None:
            problem("geen-bedrag", f"{raw!r} is geen bedrag in Nederlandse notatie", column)
            failed = True
            continue
        amounts[column] = reading.value.quantize(Decimal("0.01"))
        amounts[f"{column}_printed"] = reading.printed
    sum_of = text("som_van").split()
    if any(not part.isdigit() for part in sum_of):
        problem("ongeldige-som", "som_van: volgnummers gescheiden door spaties", "som_van")
        failed = True
    sum_columns = text("som_kolommen").split()
    unknown = [c for c in sum_columns if c not in AMOUNTS]
    split = text("verdeelt")
    if unknown or (split and split not in ("begroot", "gerealiseerd")):
        problem("ongeldige-kolom", "onbekende kolom in som_kolommen of verdeelt", "som_kolommen")
        failed = True
    if failed:
        return None
    return m.FinanceLine(
        order=int(order_text),
        post=text("post"),
        label=text("omschrijving"),
        kind=kind,
        sum_of=[int(p) for p in sum_of],
        sum_columns=sum_columns,
        split_of=split,
        line=number,
        note=text("toelichting"),
        source=f"rij {number}",
        **amounts,
    )


@transaction.atomic
def apply(delivery: FinanceDelivery, user: str = "") -> m.Vintage:
    """One new delivery with its lines; refused whole on any error or when imported before."""
    if not delivery.ok:
        raise ValueError("de levering heeft fouten; er is niets ingelezen")
    if m.Vintage.objects.filter(sha256=delivery.sha256).exists():
        raise ValueError(f"{delivery.name} is al eerder ingelezen")
    sequence = (m.Vintage.objects.aggregate(s=Max("sequence"))["s"] or 0) + 1
    vintage = m.Vintage.objects.create(
        programme=scope.current(),
        code=f"{KIND}-{sequence:04d}",
        dataset="levering",
        title=f"Financiën programmabureau ({delivery.name})"[:200],
        document=delivery.name[:300],
        report_year=delivery.report_year,
        priority=0,
        kind=KIND,
        sequence=sequence,
        sha256=delivery.sha256,
        received=timezone.now(),
        received_by=user,
        summary=f"{len(delivery.lines)} regels",
    )
    for line in delivery.lines:
        line.vintage = vintage
    m.FinanceLine.objects.bulk_create(delivery.lines)
    return vintage


def write_template(year: int, path: Path) -> int:
    """The finance lines the store holds for `year` (or an empty template), in the template."""
    from nprz.monitor.finance import finance_lines

    lines = finance_lines(year)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(FIELDS)
        for line in lines:
            writer.writerow(
                defuse(text)
                for text in (
                    str(line.order),
                    line.post,
                    line.label,
                    line.kind,
                    line.begroot_printed,
                    line.gerealiseerd_printed,
                    line.gemeente_printed,
                    line.overige_partners_printed,
                    " ".join(map(str, line.sum_of)),
                    " ".join(line.sum_columns),
                    line.split_of,
                    line.note,
                )
            )
    return len(lines)
