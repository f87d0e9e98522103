"""How much of the gap to the reference level is due in a year, and how much has been closed.

A programme closes the gap between its area and a reference (another area, or a fixed norm)
by the end year of a plan; each plan has its own schedule, read from the definition's
`plans.yaml`. For example (the method pages of the bundled 2024 report, seed lines 178-223):

* a quarter of the gap by 2021, the other 75% linear over the next ten years, so 40% in 2023
  and 47,5% in 2024;
* linear from base year 2022 to the plan's end year nine years later, so 2/9 = 22,2% in
  2024.

Both are piecewise-linear schedules, so one type serves both: a `Regime` is a list of
(year, fraction) knots. The reference is the *current* value of the reference area: the end
level moves with it every year (seed line 206).

All arithmetic is exact (`Fraction`): the report's rounding is applied only when printing,
so 33,05 stays 33,05 and rounds half up to 33,1 as the report does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

Number = Fraction


class YearOutsideRegime(ValueError):
    """The schedule says nothing about this year (before its first knot)."""


@dataclass(frozen=True)
class Regime:
    """A plan's schedule: the fraction of the gap that should be closed in a given year.

    Between knots the fraction grows linearly; after the last knot it stays at the last
    value (100% from the plan's end year on). Before the first knot the schedule is
    undefined: a regime whose first knot is 2021 sets no interim target before it, and we do
    not invent one.
    """

    code: str
    knots: tuple[tuple[int, Fraction], ...]

    def __post_init__(self) -> None:
        if not self.knots:
            raise ValueError(f"schema {self.code!r} heeft geen knooppunten")
        years = [year for year, _ in self.knots]
        if years != sorted(set(years)):
            raise ValueError(f"schema {self.code!r}: jaren moeten strikt oplopen: {years}")
        fractions = [fraction for _, fraction in self.knots]
        if fractions != sorted(fractions) or fractions[0] < 0 or fractions[-1] != 1:
            raise ValueError(
                f"schema {self.code!r}: aandelen moeten oplopen van >= 0 tot precies 100%"
            )

    @property
    def first_year(self) -> int:
        return self.knots[0][0]

    @property
    def end_year(self) -> int:
        return self.knots[-1][0]

    def fraction_due(self, year: int) -> Fraction:
        if year < self.first_year:
            raise YearOutsideRegime(
                f"schema {self.code} begint in {self.first_year}; voor {year} is geen tussendoel"
            )
        return interpolate(self.knots, year)


def interpolate(knots: tuple[tuple[int, Fraction], ...], year: int) -> Fraction:
    """Linear between knots, flat after the last one. `year` must not precede the first knot."""
    for (year_a, value_a), (year_b, value_b) in itertools.pairwise(knots):
        if year_a <= year <= year_b:
            return value_a + (value_b - value_a) * Fraction(year - year_a, year_b - year_a)
    return knots[-1][1]


def milestone_value(
    start_year: int, start: Number, milestones: tuple[tuple[int, Number], ...], year: int
) -> Number:
    """The level a path target sets for `year`: its milestone, or linear between milestones.

    Used for targets like a welfare caseload (12.750 in 2024, 12.400 in 2025, 10.000 in the
    plan's end year): between the start and the first milestone, and between milestones, the
    path is a straight line. Before the start year the path says nothing.
    """
    if year < start_year:
        raise YearOutsideRegime(f"pad begint in {start_year}; voor {year} is geen tussendoel")
    return interpolate(((start_year, start), *milestones), year)


def target_value(start: Number, reference: Number, fraction: Fraction) -> Number:
    """The level due this year: the start plus the due share of the gap to today's reference."""
    return start + fraction * (reference - start)


def share_of_gap_closed(start: Number, reference: Number, current: Number) -> Fraction | None:
    """(current - start) / (reference - start), or None when there is no gap to close.

    The result is a fraction (0,443 for 44,3%); it is negative when the area moved away
    from the reference and above 1 when it passed it. It is never capped.
    """
    gap = reference - start
    if gap == 0:
        return None
    return (current - start) / gap
