"""Which hidden small counts can be worked out again from the published totals?

A table publishes cells and margins (row totals, column totals, group totals). A cell
printed as "<5" is meant to stay hidden, but every margin is a linear equation over the
cells, and together they may pin the hidden value down. We look at it in two ways:

1. exact: a hidden cell is determined when its unit vector lies in the row space of the
   equations over the hidden cells (Gaussian elimination over exact fractions);
2. bounds: each hidden count lies in [0, threshold - 1]; pushing those bounds through the
   equations until nothing changes can pin a cell down too (two hidden cells that must add
   up to 8 when each is at most 4 are both 4) or narrow it.

The first finds what any solver finds; the second finds what a reader with a pencil finds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Equation:
    """sum(coefficient * cell) == total, over named cells."""

    terms: tuple[tuple[str, int], ...]
    total: Fraction
    label: str


@dataclass(frozen=True)
class Recovery:
    cell: str
    low: Fraction
    high: Fraction
    exact: bool
    equations: tuple[str, ...]

    @property
    def recovered(self) -> bool:
        return self.low == self.high


def find_recoverable(
    equations: Iterable[Equation],
    known: dict[str, Fraction],
    hidden: dict[str, tuple[Fraction, Fraction]],
) -> list[Recovery]:
    """Hidden cells that the equations pin down or narrow, given the known cells.

    `hidden` maps each hidden cell to the bounds a reader may assume ([0, 4] for "<5").
    Equations that mention a cell in neither mapping are ignored (they cannot be used).
    """
    reduced = [_reduce(eq, known) for eq in equations]
    usable = [eq for eq in reduced if eq.terms]
    usable = [eq for eq in usable if all(cell in hidden for cell, _ in eq.terms)]
    determined = _solve_exact(usable, list(hidden))
    bounds = _propagate_bounds(usable, dict(hidden))
    results = []
    for cell, (low, high) in sorted(bounds.items()):
        used = tuple(eq.label for eq in usable if any(c == cell for c, _ in eq.terms))
        if cell in determined:
            value = determined[cell]
            results.append(Recovery(cell, value, value, True, used))
        elif (low, high) != hidden[cell]:
            results.append(Recovery(cell, low, high, False, used))
    return results


def _reduce(eq: Equation, known: dict[str, Fraction]) -> Equation:
    """Move known cells to the right-hand side; merge repeated cells; drop zero terms."""
    total = eq.total
    merged: dict[str, int] = {}
    for cell, coefficient in eq.terms:
        if cell in known:
            total -= coefficient * known[cell]
        else:
            merged[cell] = merged.get(cell, 0) + coefficient
    terms = tuple((cell, c) for cell, c in merged.items() if c != 0)
    return Equation(terms, total, eq.label)


def _solve_exact(equations: list[Equation], cells: list[str]) -> dict[str, Fraction]:
    index = {cell: i for i, cell in enumerate(cells)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * (len(cells) + 1)
        for cell, coefficient in eq.terms:
            row[index[cell]] += coefficient
        row[-1] = eq.total
        rows.append(row)
    pivots = _row_echelon(rows, len(cells))
    solved = {}
    for row, column in pivots:
        others = [j for j in range(len(cells)) if j != column and row[j] != 0]
        if not others:
            solved[cells[column]] = row[-1]
    return solved


def _row_echelon(rows: list[list[Fraction]], width: int) -> list[tuple[list[Fraction], int]]:
    """Reduced row echelon form; returns (row, pivot column) pairs."""
    pivots: list[tuple[list[Fraction], int]] = []
    remaining = rows
    for column in range(width):
        pivot_row = next((r for r in remaining if r[column] != 0), None)
        if pivot_row is None:
            continue
        remaining = [r for r in remaining if r is not pivot_row]
        pivot_row = [value / pivot_row[column] for value in pivot_row]
        remaining = [_eliminate(r, pivot_row, column) for r in remaining]
        pivots = [(_eliminate(r, pivot_row, column), c) for r, c in pivots]
        pivots.append((pivot_row, column))
    return pivots


def _eliminate(row: list[Fraction], pivot: list[Fraction], column: int) -> list[Fraction]:
    factor = row[column]
    if factor == 0:
        return row
    return [a - factor * b for a, b in zip(row, pivot, strict=True)]


def _propagate_bounds(
    equations: list[Equation], bounds: dict[str, tuple[Fraction, Fraction]]
) -> dict[str, tuple[Fraction, Fraction]]:
    changed = True
    while changed:
        changed = False
        for eq in equations:
            for cell, coefficient in eq.terms:
                rest_low = rest_high = Fraction(0)
                for other, other_coefficient in eq.terms:
                    if other == cell:
                        continue
                    low, high = bounds[other]
                    a, b = other_coefficient * low, other_coefficient * high
                    rest_low += min(a, b)
                    rest_high += max(a, b)
                a = (eq.total - rest_high) / coefficient
                b = (eq.total - rest_low) / coefficient
                low, high = bounds[cell]
                # Hidden cells are counts, so bounds round inwards to whole numbers; that
                # also makes the loop finish.
                lowest: Fraction = max(low, Fraction(math.ceil(min(a, b))))
                highest: Fraction = min(high, Fraction(math.floor(max(a, b))))
                new = (lowest, highest)
                if new != (low, high) and new[0] <= new[1]:
                    bounds[cell] = new
                    changed = True
    return bounds
