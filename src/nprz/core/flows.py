"""The moving-flows table ("Verhuisbewegingen") as a `Grid` for disclosure control.

One row per area (wijk, gebied, group of wijken, programme area), with the columns as
printed: binnen, in_1..in_7, in_totaal, uit_1..uit_7, uit_totaal, totaal, saldo, bevolking,
mobiliteit.
The equations are the identities of the dataset (`identities.yaml`, table verhuizingen):

* verhuis-in: in_totaal = in_1 + ... + in_7
* verhuis-uit: uit_totaal = uit_1 + ... + uit_7
* verhuis-totaal: totaal = binnen + in_totaal + uit_totaal
* verhuis-saldo: saldo = in_totaal - uit_totaal
* verhuis-gebieden: in every column a group row is the sum of its member rows

Bevolking is not a flow and comes from elsewhere: it is not a cell of the grid and never
hidden. Mobiliteit (totaal / bevolking, printed to 0,1%) is a derived figure: with a
published bevolking it pins totaal down to within bevolking / 2000 (exactly, for a small
wijk), so it is withheld whenever totaal is hidden (`Grid.derived`). Saldo may be negative
and is a difference, not a count of people: it is a `signed` cell.

Pure: takes the rows as dicts of printed strings (as `csv.DictReader` gives them).
"""

from __future__ import annotations

from fractions import Fraction

from nprz.core.disclosure import Grid, equation
from nprz.core.printed import Printed, Suppressed, Unit, parse_printed
from nprz.core.suppression import Equation

TABLE = "verhuizingen"
IN = tuple(f"in_{i}" for i in range(1, 8))
UIT = tuple(f"uit_{i}" for i in range(1, 8))
COLUMNS = ("binnen", *IN, "in_totaal", *UIT, "uit_totaal", "totaal", "saldo")
TOTALS = frozenset({"in_totaal", "uit_totaal", "totaal", "saldo"})


def cell(area: str, column: str) -> str:
    """The name of a cell in the grid: "<wijk>/in_7"."""
    return f"{area}/{column}"


def flows_grid(rows: list[dict[str, str]], groups: dict[str, list[str]]) -> Grid:
    """The grid of the moving-flows table; `groups` maps a group row to its member rows."""
    areas = [row["area"] for row in rows]
    values: dict[str, Fraction | None] = {}
    for row in rows:
        for column in COLUMNS:
            values[cell(row["area"], column)] = _count(row[column], row["area"], column)
    equations: list[Equation] = []
    for area in areas:
        equations += _row_equations(area)
    for group, members in groups.items():
        if group not in areas:
            continue
        missing = [member for member in members if member not in areas]
        if missing:
            raise ValueError(f"{group}: leden ontbreken in de tabel: {missing}")
        for column in COLUMNS:
            equations.append(
                equation(
                    f"verhuis-gebieden {group} {column}",
                    cell(group, column),
                    ((cell(member, column), 1) for member in members),
                )
            )
    margins = {cell(area, column) for area in areas for column in TOTALS}
    margins |= {cell(group, column) for group in groups if group in areas for column in COLUMNS}
    return Grid(
        table=TABLE,
        values=values,
        equations=tuple(equations),
        margins=frozenset(margins),
        signed=frozenset(cell(area, "saldo") for area in areas),
        derived={cell(area, "mobiliteit"): frozenset({cell(area, "totaal")}) for area in areas},
    )


def _row_equations(area: str) -> list[Equation]:
    def c(column: str) -> str:
        return cell(area, column)

    return [
        equation(f"verhuis-in {area}", c("in_totaal"), ((c(col), 1) for col in IN)),
        equation(f"verhuis-uit {area}", c("uit_totaal"), ((c(col), 1) for col in UIT)),
        equation(
            f"verhuis-totaal {area}",
            c("totaal"),
            [(c("binnen"), 1), (c("in_totaal"), 1), (c("uit_totaal"), 1)],
        ),
        equation(f"verhuis-saldo {area}", c("saldo"), [(c("in_totaal"), 1), (c("uit_totaal"), -1)]),
    ]


def _count(text: str, area: str, column: str) -> Fraction | None:
    token = parse_printed(text)
    if isinstance(token, Suppressed):
        return None
    if isinstance(token, Printed) and token.unit is Unit.NONE and token.exact.denominator == 1:
        return token.exact
    raise ValueError(f"{area} {column}: {text!r} is geen aantal")
