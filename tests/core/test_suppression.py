"""Which hidden "<5" cells the published totals give away."""

from __future__ import annotations

from fractions import Fraction

import pytest

from nprz.core.suppression import Equation, Recovery, find_recoverable

LT5 = (Fraction(0), Fraction(4))


def eq(label: str, total: int, *cells: str) -> Equation:
    return Equation(tuple((cell, 1) for cell in cells), Fraction(total), label)


def known(**cells: int) -> dict[str, Fraction]:
    return {cell: Fraction(value) for cell, value in cells.items()}


def test_single_hidden_cell_in_a_row_total_is_recovered_exactly() -> None:
    # row: a=12, b=<5, c=30, total 45
    result = find_recoverable([eq("rij 1", 45, "a", "b", "c")], known(a=12, c=30), {"b": LT5})
    assert result == [Recovery("b", Fraction(3), Fraction(3), True, ("rij 1",))]
    assert result[0].recovered


def test_two_hidden_cells_separated_by_a_column_total() -> None:
    #            col 1  col 2  total
    # row 1:     <5     <5     16   (plus 10 known in col 3)
    # row 2:     20     7
    # col 1 total 22
    equations = [eq("rij 1", 16, "r1c1", "r1c2", "r1c3"), eq("kolom 1", 22, "r1c1", "r2c1")]
    result = find_recoverable(
        equations, known(r1c3=10, r2c1=20, r2c2=7), {"r1c1": LT5, "r1c2": LT5}
    )
    assert result == [
        Recovery("r1c1", Fraction(2), Fraction(2), True, ("rij 1", "kolom 1")),
        Recovery("r1c2", Fraction(4), Fraction(4), True, ("rij 1",)),
    ]


def test_two_hidden_cells_pinned_by_their_bounds() -> None:
    # a + b = 8 and each is at most 4: both are 4, which no linear solve finds on its own.
    result = find_recoverable([eq("totaal", 8, "a", "b")], {}, {"a": LT5, "b": LT5})
    assert result == [
        Recovery("a", Fraction(4), Fraction(4), False, ("totaal",)),
        Recovery("b", Fraction(4), Fraction(4), False, ("totaal",)),
    ]
    assert all(r.recovered and not r.exact for r in result)


def test_two_hidden_cells_narrowed_but_not_recovered() -> None:
    result = find_recoverable([eq("totaal", 5, "a", "b")], {}, {"a": LT5, "b": LT5})
    assert result == [
        Recovery("a", Fraction(1), Fraction(4), False, ("totaal",)),
        Recovery("b", Fraction(1), Fraction(4), False, ("totaal",)),
    ]
    assert not any(r.recovered for r in result)


@pytest.mark.parametrize(
    "equations",
    [
        [],
        [eq("totaal", 4, "a", "b")],  # a + b = 4 leaves both anywhere in [0, 4]
        [eq("andere rij", 30, "c", "d")],  # only known cells
        [eq("onbekend", 9, "a", "z")],  # z is neither known nor hidden: unusable
    ],
    ids=["no-equation", "sum-within-bounds", "only-known-cells", "unknown-cell"],
)
def test_nothing_to_recover(equations: list[Equation]) -> None:
    assert find_recoverable(equations, known(c=10, d=20), {"a": LT5, "b": LT5}) == []


def test_coefficients_other_than_one() -> None:
    # A difference published as a margin: in - out = 3, with out = 1 known.
    equation = Equation((("in", 1), ("out", -1)), Fraction(3), "saldo")
    result = find_recoverable([equation], known(out=1), {"in": LT5})
    assert result == [Recovery("in", Fraction(4), Fraction(4), True, ("saldo",))]


@pytest.mark.parametrize(
    ("total", "a", "b"),
    [(11, (4, 4), (3, 3)), (5, (1, 2), (1, 3))],
    ids=["pinned", "narrowed"],
)
def test_bounds_round_inwards_to_whole_counts(
    total: int, a: tuple[int, int], b: tuple[int, int]
) -> None:
    # 2a + b = 11: a >= 3,5, so a = 4 (a count) and b = 3.
    # 2a + b = 5: a in [0,5; 2,5] becomes [1, 2], and b = 5 - 2a in [1, 3].
    equation = Equation((("a", 2), ("b", 1)), Fraction(total), "gewogen totaal")
    result = find_recoverable([equation], {}, {"a": LT5, "b": LT5})
    assert [(r.cell, r.low, r.high, r.exact) for r in result] == [
        ("a", Fraction(a[0]), Fraction(a[1]), False),
        ("b", Fraction(b[0]), Fraction(b[1]), False),
    ]


def test_moving_flows_kop_van_zuid() -> None:
    # NPRZ 2024 report, moving-flows table (seed line 115), wijk Kop van Zuid: six in-columns
    # printed, one printed as "<5", in-total 613.
    printed = {"in1": 52, "in2": 221, "in3": 47, "in4": 59, "in5": 99, "in6": 131}
    cells = [*printed, "in7"]
    result = find_recoverable(
        [eq("Kop van Zuid, totaal in", 613, *cells)], known(**printed), {"in7": LT5}
    )
    assert result == [Recovery("in7", Fraction(4), Fraction(4), True, ("Kop van Zuid, totaal in",))]
