"""The programme bureau's finance table from the store, and whether its totals add up.

`finance_lines` reads the rows as printed; `finance_checks` is pure arithmetic on them: for
every printed total it adds up the printed parts and returns both numbers, so a report can
print "gedrukt ≠ som" where they differ instead of quietly showing one of them.

Two kinds of sums are checked, as the dataset declares them (financien.csv):
- a total line and its parts, column by column (`sum_of`, limited to `sum_columns`);
- within one line, Gemeente + Overige partners against the column they divide (`split_of`).
A blank cell is not a zero: a blank part is left out of the sum and listed in `blank`; a
blank total is not checked at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from nprz.monitor import models as m

COLUMN_NAMES = {
    "begroot": "Begroot",
    "gerealiseerd": "Gerealiseerd",
    "gemeente": "Gemeente",
    "overige_partners": "Overige partners",
}
SPLIT = ("gemeente", "overige_partners")

Cell = tuple[m.FinanceLine, str]  # a line and one of its columns


@dataclass(frozen=True)
class FinanceCheck:
    """One printed total against the sum of its printed parts."""

    what: str
    total: Cell
    parts: tuple[Cell, ...]
    printed: Decimal
    computed: Decimal
    blank: tuple[Cell, ...] = ()  # parts with a blank cell, left out of `computed`

    @property
    def adds_up(self) -> bool:
        return self.printed == self.computed

    @property
    def difference(self) -> Decimal:
        """Printed minus computed: positive when the printed total is higher."""
        return self.printed - self.computed

    @property
    def lines(self) -> list[int]:
        """The source lines involved: the total's first, then its parts'."""
        return list(dict.fromkeys(line.line for line, _ in (self.total, *self.parts)))

    @property
    def text(self) -> str:
        """One Dutch sentence: what was added, printed against computed, and the lines."""
        sign = "=" if self.adds_up else "≠"
        text = f"{self.what}: gedrukt {euro(self.printed)} {sign} som {euro(self.computed)}"
        if not self.adds_up:
            text += f" (verschil {euro(self.difference)})"
        if self.blank:
            text += "; lege cel niet meegeteld: " + ", ".join(
                f"{_name(line)} ({COLUMN_NAMES[column]})" for line, column in self.blank
            )
        return f"{text}; rapport r. {', '.join(map(str, self.lines))}."


def finance_lines(report_year: int, with_text: bool = False) -> list[m.FinanceLine]:
    """The rows of the finance table of the report of `report_year`, in printed order.

    With `with_text`, also the amounts named in the paragraph above the table (kind
    `tekst`, amount in `bedrag`; they come after the table rows)."""
    lines = m.FinanceLine.objects.filter(vintage__report_year=report_year)
    if not with_text:
        lines = lines.exclude(kind=m.FinanceKind.TEKST)
    return list(
        lines.select_related("vintage").order_by("vintage__priority", "vintage__code", "order")
    )


def finance_checks(lines: Sequence[m.FinanceLine]) -> list[FinanceCheck]:
    """Every printed total of `lines` against the sum of its printed parts, in printed order."""
    by_order = {(line.vintage_id, line.order): line for line in lines}
    checks: list[FinanceCheck] = []
    for line in lines:
        parts = [by_order[(line.vintage_id, order)] for order in line.sum_of]
        for column in line.sum_columns or m.FINANCE_COLUMNS:
            check = _check(
                f"{_name(line)}, {COLUMN_NAMES[column]}: som van "
                + ", ".join(_name(part) for part in parts),
                (line, column),
                [(part, column) for part in parts],
            )
            if check is not None:
                checks.append(check)
        if line.split_of:
            check = _check(
                f"{_name(line)}: Gemeente + Overige partners = {COLUMN_NAMES[line.split_of]}",
                (line, line.split_of),
                [(line, column) for column in SPLIT],
            )
            if check is not None:
                checks.append(check)
    return checks


def _check(what: str, total: Cell, parts: list[Cell]) -> FinanceCheck | None:
    printed = total[0].amount(total[1])
    present = [(cell, cell[0].amount(cell[1])) for cell in parts]
    values = [value for _, value in present if value is not None]
    if printed is None or not values:
        return None
    return FinanceCheck(
        what=what,
        total=total,
        parts=tuple(parts),
        printed=printed,
        computed=sum(values, Decimal(0)),
        blank=tuple(cell for cell, value in present if value is None),
    )


def euro(value: Decimal) -> str:
    """A Dutch euro amount: "€ 1.364.637", "-€ 676.115", "€ 12,50"."""
    whole, _, cents = f"{abs(value):,.2f}".partition(".")
    text = "€ " + whole.replace(",", ".") + ("" if cents == "00" else f",{cents}")
    return f"-{text}" if value < 0 else text


def _name(line: m.FinanceLine) -> str:
    return f"{line.post} {line.label}".strip() if line.post else line.label
