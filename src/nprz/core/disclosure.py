"""Disclosure control for published tables: hide small counts so they stay hidden.

Hiding the small counts (primary suppression) is not enough: every published total is a
linear equation over the cells, and a hidden cell that is the only unknown in a row can be
worked out by subtracting the other cells from the row total. The 2024 report printed its
moving-flows table that way; every "<5" in it can be recomputed. This module decides which
cells to hide so that the published equations no longer give a hidden count away.

The model
---------
A `Grid` is a table as a set of named count cells (totals are cells too), each with its
value, plus the equations that hold between them (`sum(parts) - total == 0`, a difference
such as saldo = in - uit, a group row that is the sum of its member rows). A cell whose
value is `None` was already hidden in the source (printed "<5"): its value is unknown, we
only know it lies in [0, threshold - 1] (so the rule's threshold must not be below the
source's).

The method
----------
1. Primary suppression: every count cell with a value below the threshold is hidden,
   **zeros included**, and every cell the source already hid. Zeros are hidden because
   publishing them would tell the reader that a "<5" is at least 1, and because a zero in
   a flows table is a statement about people too ("nobody moved from A to B"). Cells
   marked `signed` (differences such as saldo) are not counts of people and are never
   hidden for being small; they can still be hidden as secondary cells.
2. Secondary (complementary) suppression: the attack below is run on what would be
   published; while it finds something, one more cell is hidden. The cell is taken from
   an equation of an offending cell: the offender that is most exposed (the fewest hidden
   cells in one of its equations; ties by the grid's order of cells), its equation with
   the fewest hidden cells (ties by the order of the equations), and in it the published
   cell that costs least: an inner cell before a total (`margins`), then a cell whose
   other equations already hold a hidden cell (this builds the usual rectangles), then the
   smallest absolute value, then the grid's order.
   When all equations of the offending cell are hidden already, the search widens to the
   equations of the hidden cells in them. Every round hides one more cell, so the loop
   ends; at worst everything connected to a small count is hidden.
3. Derived figures (a percentage such as mobiliteit = totaal / bevolking) are not cells
   of the grid; a derived figure is withheld whenever one of the cells it is computed
   from is hidden, because with its printed precision it narrows the hidden cell (and for
   a small population pins it down).

The attack and what the reader is assumed to know
-------------------------------------------------
`recoverable` gives every published equation, with the published values filled in, to
`nprz.core.suppression.find_recoverable` (exact linear algebra over fractions plus
interval bounds pushed through the equations until nothing changes, rounded inwards to
whole counts). The reader is assumed to know, for each hidden cell:

* a primary cell lies in [0, threshold - 1];
* a secondary count cell lies in [0, M] and a secondary signed cell in [-M, M], where M
  is more than any cell can be (the sum of all absolute values in the grid): the real
  upper bounds, such as a published row total, the attack derives itself.

The report must therefore print every hidden cell with the same mark. If it printed "<5"
for primary and another mark for secondary cells, the reader would also know that a
secondary cell is at least the threshold, and that can leak: a row of 1 and 2 with total
3 at threshold 3 has the total as secondary, and "total >= 3, both parts <= 2" tells that
each part is at least 1. (Assuming the reader knows the primary cells are below the
threshold, while the report does not say which hidden cells are primary, makes the
attack stronger than the reader, which is the safe side.)

What is guaranteed
------------------
After `protect`, from the published cells and equations of this one table, with the
attack above:

* no primary cell is determined or narrowed at all: the reader still cannot tell it
  from any value in [0, threshold - 1];
* no secondary cell is determined exactly or narrowed to fewer values than the
  threshold (it may be narrowed further than [0, M]: it is at least the threshold, so
  narrowing it to, say, [120, 130] does not reveal a small count).

What is not guaranteed
----------------------
* Differencing across publications: the same table of another year, another report, a
  table with a different grouping of areas, or figures published elsewhere (CBS) are not
  in the equations. A cell hidden here may be published there, or a total there may
  complete an equation here. Suppression has to be coordinated over the publications.
* Stronger attacks than interval propagation: a linear-programming or integer solver
  can in principle find bounds that interval propagation does not (it looks at one
  equation at a time). The result has not been checked against such a solver; the
  guarantee is stated for the attack we run.
* Minimality: the greedy choice hides enough cells, not the fewest possible.
* Knowledge outside the table: a reader who knows one of the hidden values (a neighbour,
  a landlord) can use it; no table-level method protects against that.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from nprz.core.suppression import Equation, Recovery, find_recoverable


@dataclass(frozen=True)
class DisclosureRule:
    """Counts below `threshold` are hidden in the tables named in `tables`."""

    threshold: int = 5
    tables: frozenset[str] = frozenset({"verhuizingen"})

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"drempel moet minstens 1 zijn, niet {self.threshold}")

    def applies_to(self, table: str) -> bool:
        return table in self.tables


@dataclass(frozen=True)
class Grid:
    """A table as named count cells with the equations (margins) that hold between them.

    `values` keeps the cells in a stable order (that order breaks ties); `None` is a cell
    the source already hid. `margins` are totals (hidden as a last resort), `signed`
    cells may be negative and are not counts (never hidden for being small), `derived`
    maps a published figure outside the grid (a percentage) to the cells it is computed
    from.
    """

    table: str
    values: Mapping[str, Fraction | None]
    equations: tuple[Equation, ...]
    margins: frozenset[str] = frozenset()
    signed: frozenset[str] = frozenset()
    derived: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cells = set(self.values)
        named = [cell for eq in self.equations for cell, _ in eq.terms]
        named += [*self.margins, *self.signed]
        named += [cell for sources in self.derived.values() for cell in sources]
        unknown = sorted(set(named) - cells)
        if unknown:
            raise ValueError(
                f"cellen in vergelijkingen of kenmerken maar niet in de tabel: {unknown}"
            )

    @cached_property
    def equations_of(self) -> Mapping[str, tuple[Equation, ...]]:
        """Each cell's equations, in the grid's order (looked up on every step of `protect`)."""
        found: dict[str, list[Equation]] = {}
        for eq in self.equations:
            for cell in _cells_of(eq):
                found.setdefault(cell, []).append(eq)
        return {cell: tuple(eqs) for cell, eqs in found.items()}

    @cached_property
    def position(self) -> Mapping[Equation, int]:
        return {eq: i for i, eq in enumerate(self.equations)}

    @cached_property
    def bound(self) -> Fraction:
        """M: the sum of all absolute values, more than any cell can be. It says nothing:
        what the reader can know (a cell is at most its published total) the attack
        derives from the equations."""
        return sum((abs(v) for v in self.values.values() if v is not None), Fraction(0))


@dataclass(frozen=True)
class Protection:
    """What to publish: the grid with its primary and secondary cells hidden."""

    grid: Grid
    rule: DisclosureRule
    primary: frozenset[str]
    secondary: frozenset[str]

    @property
    def hidden(self) -> frozenset[str]:
        return self.primary | self.secondary

    @property
    def published(self) -> dict[str, Fraction | None]:
        """Every cell in the grid's order, with `None` where it is hidden."""
        return {
            cell: None if cell in self.hidden else value for cell, value in self.grid.values.items()
        }

    @property
    def withheld_derived(self) -> frozenset[str]:
        """Derived figures (percentages) not to print, because a source cell is hidden."""
        return frozenset(
            name for name, sources in self.grid.derived.items() if sources & self.hidden
        )

    def reader_bounds(self, cell: str) -> tuple[Fraction, Fraction]:
        """What a reader may assume about a hidden cell (see the module docstring)."""
        top = self.grid.bound + self.rule.threshold
        if cell in self.primary:
            return Fraction(0), Fraction(self.rule.threshold - 1)
        if cell in self.grid.signed:
            return -top, top
        return Fraction(0), top


def primary_cells(grid: Grid, rule: DisclosureRule) -> frozenset[str]:
    """Cells the source hid, and count cells (not `signed`) below the threshold, zeros too."""
    return frozenset(
        cell
        for cell, value in grid.values.items()
        if value is None or (cell not in grid.signed and value < rule.threshold)
    )


def as_printed(grid: Grid, rule: DisclosureRule) -> Protection:
    """Only the cells the source hid, nothing else: the table as the 2024 report printed it."""
    hidden = frozenset(cell for cell, value in grid.values.items() if value is None)
    return Protection(grid, rule, hidden, frozenset())


def protect(
    grid: Grid,
    rule: DisclosureRule,
    *,
    forced: frozenset[str] = frozenset(),
    known: frozenset[str] = frozenset(),
) -> Protection:
    """Primary and then secondary suppression until `recoverable` finds nothing.

    `forced` cells are hidden whatever their value (an earlier publication hid them, and
    showing them now would complete its equations); `known` cells are never chosen as
    secondary cells (an earlier publication printed them: hiding them again protects
    nothing). A table the rule does not apply to is returned as printed (only the cells the
    source hid stay hidden).
    """
    if not rule.applies_to(grid.table):
        return as_printed(grid, rule)
    primary = primary_cells(grid, rule)
    secondary: set[str] = set(forced - primary)
    order = {cell: i for i, cell in enumerate(grid.values)}
    cache: dict[frozenset[str], list[Recovery]] = {}
    while True:
        protection = Protection(grid, rule, primary, frozenset(secondary))
        offending = recoverable(protection, cache)
        if not offending:
            return protection
        offender = min(
            (r.cell for r in offending),
            key=lambda cell: (_exposure(grid, protection.hidden, cell), order[cell]),
        )
        choice = _choose(grid, protection.hidden, offender, order, known)
        if choice is None:  # pragma: no cover - everything connected is hidden already
            raise RuntimeError(f"{offender} blijft terug te rekenen, ook met alles verborgen")
        secondary.add(choice)


def recoverable(
    protection: Protection, cache: dict[frozenset[str], list[Recovery]] | None = None
) -> list[Recovery]:
    """The attack: hidden cells the published equations give away.

    A primary cell counts when it is pinned down or narrowed below [0, threshold - 1]; a
    secondary cell when it is pinned down or narrowed to fewer values than a small count can
    take (the threshold). Empty after `protect`.

    `cache` (for `protect`) keeps the answer per group of linked hidden cells: hiding one
    more cell only changes the group it joins.
    """
    if cache is None:
        cache = {}
    hidden = {cell: protection.reader_bounds(cell) for cell in protection.hidden}
    known = {cell: value for cell, value in protection.published.items() if value is not None}
    found: list[Recovery] = []
    for equations, cells in _components(protection.grid.equations, hidden):
        key = frozenset(cells)
        if key not in cache:
            cache[key] = find_recoverable(equations, known, {cell: hidden[cell] for cell in cells})
        found += cache[key]
    found.sort(key=lambda r: r.cell)
    # A secondary cell may be narrowed (it is at least the threshold, and narrowing it says
    # nothing about a small count), but not to fewer values than a small count could take.
    span = protection.rule.threshold - 1
    return [r for r in found if r.cell in protection.primary or r.high - r.low < span]


def _components(
    equations: Iterable[Equation], hidden: Mapping[str, object]
) -> list[tuple[list[Equation], list[str]]]:
    """Split the attack into groups of hidden cells linked by an equation (the same answer,
    much faster: the exact solve grows with the cube of the number of hidden cells)."""
    parent: dict[str, str] = {cell: cell for cell in hidden}

    def root(cell: str) -> str:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    linked: list[tuple[Equation, str]] = []
    for eq in equations:
        cells = [cell for cell, _ in eq.terms if cell in hidden]
        if not cells:
            continue
        for other in cells[1:]:
            parent[root(other)] = root(cells[0])
        linked.append((eq, cells[0]))
    groups: dict[str, tuple[list[Equation], list[str]]] = {}
    for cell in hidden:
        groups.setdefault(root(cell), ([], []))[1].append(cell)
    for eq, cell in linked:
        groups[root(cell)][0].append(eq)
    return list(groups.values())


def describe(protection: Protection) -> str:
    """A Dutch one-line summary for the report."""
    threshold = protection.rule.threshold
    primary, secondary = len(protection.primary), len(protection.secondary)
    if not primary and not secondary:
        return f"Geen cellen onder {threshold}; niets verborgen"
    text = f"{_cells(primary)} onder {threshold} verborgen"
    if secondary:
        extra = "extra cel" if secondary == 1 else "extra cellen"
        text += f", {secondary} {extra} verborgen zodat ze niet terug te rekenen zijn"
    withheld = len(protection.withheld_derived)
    if withheld:
        text += f"; {withheld} afgeleide {'cijfer' if withheld == 1 else 'cijfers'} weggelaten"
    return text


def _cells(count: int) -> str:
    return f"{count} cel" if count == 1 else f"{count} cellen"


def _choose(
    grid: Grid,
    hidden: frozenset[str],
    offender: str,
    order: Mapping[str, int],
    known: frozenset[str] = frozenset(),
) -> str | None:
    """The published cell to hide next, for a hidden cell that the equations give away.

    From the offender's equation with the fewest hidden cells (ties: the grid's order of
    equations), the cheapest published cell: an inner cell before a total, then the cell
    whose other equations already hold a hidden cell (hiding it opens no new equation
    that would give it away; this is what builds the usual rectangles), then the smallest
    value. When all the offender's equations are hidden, widen to its hidden neighbours.
    """
    seen: set[str] = set()
    frontier = {offender}
    while frontier:
        seen |= frontier
        equations = list(
            dict.fromkeys(eq for cell in sorted(frontier) for eq in grid.equations_of.get(cell, ()))
        )
        equations.sort(key=grid.position.__getitem__)
        ranked = sorted(
            enumerate(equations), key=lambda item: (len(_cells_of(item[1]) & hidden), item[0])
        )
        for _, eq in ranked:
            candidates = _cells_of(eq) - hidden - known
            if candidates:
                return min(candidates, key=lambda cell: _cost(grid, hidden, cell, order))
        reached: set[str] = set().union(*(_cells_of(eq) for eq in equations))
        frontier = reached - seen
    return None


def _exposure(grid: Grid, hidden: frozenset[str], cell: str) -> int:
    """The fewest hidden cells in an equation of `cell`: 1 when one equation alone gives
    it away. The most exposed offender is handled first."""
    return min((len(_cells_of(eq) & hidden) for eq in grid.equations_of.get(cell, ())), default=0)


@functools.cache
def _cells_of(eq: Equation) -> frozenset[str]:
    return frozenset(cell for cell, _ in eq.terms)


def _cost(
    grid: Grid, hidden: frozenset[str], cell: str, order: Mapping[str, int]
) -> tuple[int, int, Fraction, int]:
    value = grid.values[cell]
    assert value is not None  # cells the source hid are always hidden
    opened = sum(1 for eq in grid.equations_of.get(cell, ()) if not _cells_of(eq) & hidden)
    return (1 if cell in grid.margins else 0, opened, abs(value), order[cell])


def equation(label: str, total: str, parts: Iterable[tuple[str, int]]) -> Equation:
    """`sum(coefficient * part) - total == 0` as an `Equation` (totals are cells too)."""
    return Equation((*tuple(parts), (total, -1)), Fraction(0), label)
