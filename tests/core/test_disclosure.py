"""Disclosure control: small counts hidden, and enough other cells that none comes back."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from fractions import Fraction

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from nprz.core.disclosure import (
    DisclosureRule,
    Grid,
    Protection,
    as_printed,
    describe,
    equation,
    protect,
    recoverable,
)
from nprz.core.flows import COLUMNS, flows_grid
from nprz.core.printed import Suppressed, parse_printed
from nprz.core.suppression import find_recoverable
from nprz.datasets import folder
from nprz.programmes import bundled_folder

RULE = DisclosureRule()


def table(rows: Sequence[Sequence[int | None]], *, column_totals: bool = True) -> Grid:
    """Cells r{i}c{j}, row totals r{i}t, column totals tc{j} and the grand total tt."""
    values: dict[str, Fraction | None] = {}
    equations = []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            values[f"r{i}c{j}"] = None if value is None else Fraction(value)
        known = [v for v in row if v is not None]
        values[f"r{i}t"] = Fraction(sum(known)) if len(known) == len(row) else None
        equations.append(
            equation(f"rij {i}", f"r{i}t", ((f"r{i}c{j}", 1) for j in range(len(row))))
        )
    margins = {f"r{i}t" for i in range(len(rows))}
    if column_totals:
        for j in range(len(rows[0])):
            column = [row[j] for row in rows]
            values[f"tc{j}"] = Fraction(sum(v for v in column if v is not None))
            equations.append(
                equation(f"kolom {j}", f"tc{j}", ((f"r{i}c{j}", 1) for i in range(len(rows))))
            )
        values["tt"] = sum((v for k, v in values.items() if k.startswith("tc") and v), Fraction(0))
        equations.append(equation("totaal", "tt", ((f"tc{j}", 1) for j in range(len(rows[0])))))
        margins |= {f"tc{j}" for j in range(len(rows[0]))} | {"tt"}
    return Grid("verhuizingen", values, tuple(equations), frozenset(margins))


def assert_safe(protection: Protection) -> None:
    """The attack from every published margin finds nothing: primary cells keep their whole
    [0, threshold - 1], secondary cells are not pinned down."""
    assert recoverable(protection) == []
    grid, rule = protection.grid, protection.rule
    known = {c: v for c, v in protection.published.items() if v is not None}
    bounds = {c: protection.reader_bounds(c) for c in protection.hidden}
    for recovery in find_recoverable(grid.equations, known, bounds):
        assert recovery.cell in protection.secondary
        assert not recovery.recovered
    for cell, value in grid.values.items():
        if value is None or (cell not in grid.signed and value < rule.threshold):
            assert cell in protection.primary


def test_one_small_cell_and_a_row_total_needs_a_second_hidden_cell() -> None:
    grid = table([[12, 3, 30, 7]], column_totals=False)
    assert [r.cell for r in recoverable(protect_only_primary(grid))] == ["r0c1"]
    protection = protect(grid, RULE)
    assert protection.primary == {"r0c1"}
    assert protection.secondary == {"r0c3"}  # the smallest other cell, not the total
    assert protection.published["r0t"] == 52
    assert_safe(protection)


def protect_only_primary(grid: Grid) -> Protection:
    protection = protect(grid, RULE)
    return Protection(grid, RULE, protection.primary, frozenset())


def test_two_rows_with_column_totals_give_the_classic_rectangle() -> None:
    grid = table([[2, 20, 30], [15, 25, 40]])
    protection = protect(grid, RULE)
    assert protection.primary == {"r0c0"}
    # row partner, column partner and the opposite corner
    assert protection.secondary == {"r0c1", "r1c0", "r1c1"}
    assert_safe(protection)


def test_a_small_total_is_hidden_itself_and_its_parts_too() -> None:
    grid = table([[1, 2, 0], [10, 20, 30]])
    protection = protect(grid, RULE)
    assert {"r0c0", "r0c1", "r0c2", "r0t"} <= protection.primary
    assert_safe(protection)


def test_zeros_are_hidden_like_other_small_counts() -> None:
    grid = table([[0, 40, 50], [30, 60, 70]])
    protection = protect(grid, RULE)
    assert "r0c0" in protection.primary
    assert protection.reader_bounds("r0c0") == (Fraction(0), Fraction(4))
    assert_safe(protection)


def test_two_small_cells_in_one_row_are_not_enough_for_each_other() -> None:
    # a + b = 6 with a, b in [0, 4] tells the reader that both are at least 2
    grid = table([[2, 4, 30]], column_totals=False)
    assert recoverable(protect_only_primary(grid))
    protection = protect(grid, RULE)
    assert protection.secondary == {"r0c2"}
    assert_safe(protection)


def test_a_table_the_rule_does_not_cover_is_left_as_printed() -> None:
    grid = table([[12, 3, 30]], column_totals=False)
    protection = protect(grid, DisclosureRule(tables=frozenset({"thuiszitters"})))
    assert protection.hidden == set()
    assert DisclosureRule().applies_to("verhuizingen")
    assert not DisclosureRule().applies_to("thuiszitters")


def test_the_threshold_is_configurable() -> None:
    grid = table([[12, 7, 30, 9]], column_totals=False)
    assert protect(grid, RULE).hidden == set()
    protection = protect(grid, DisclosureRule(threshold=10))
    assert protection.primary == {"r0c1", "r0c3"}
    assert protection.reader_bounds("r0c1") == (Fraction(0), Fraction(9))
    assert_safe(protection)


def test_same_input_same_suppression() -> None:
    rows = [[2, 20, 30, 6], [15, 3, 40, 8], [9, 25, 1, 11]]
    first = protect(table(rows), RULE)
    again = protect(table(rows), RULE)
    assert (first.primary, first.secondary) == (again.primary, again.secondary)
    assert list(first.published.items()) == list(again.published.items())


def test_describe_in_dutch() -> None:
    protection = protect(table([[2, 20, 30], [15, 25, 40]]), RULE)
    assert describe(protection) == (
        "1 cel onder 5 verborgen, 3 extra cellen verborgen zodat ze niet terug te rekenen zijn"
    )
    nothing = protect(table([[12, 20, 30]], column_totals=False), RULE)
    assert describe(nothing) == "Geen cellen onder 5; niets verborgen"


@settings(max_examples=100, deadline=None)
@given(
    threshold=st.integers(3, 10),
    rows=st.integers(1, 3).flatmap(
        lambda n: st.integers(2, 4).flatmap(
            lambda m: st.lists(
                st.lists(st.integers(0, 30), min_size=m, max_size=m), min_size=n, max_size=n
            )
        )
    ),
)
def test_nothing_comes_back_from_any_margin(threshold: int, rows: list[list[int]]) -> None:
    grid = table(rows)
    protection = protect(grid, DisclosureRule(threshold=threshold))
    assert_safe(protection)


# The moving-flows table of the 2024 report


@pytest.fixture(scope="module")
def flows() -> Grid:
    data = folder("nprz2024")
    with (data / "verhuizingen.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    definition = bundled_folder("nprz")
    identities = yaml.safe_load((definition / "identities.yaml").read_text(encoding="utf-8"))
    by_code = {identity["code"]: identity for identity in identities}
    group_codes = by_code["verhuis-gebieden"]["members"]["groups"]
    groups: dict[str, list[str]] = {}
    with (definition / "memberships.csv").open(encoding="utf-8") as f:
        for membership in csv.DictReader(f):
            if membership["group"] in group_codes:
                groups.setdefault(membership["group"], []).append(membership["member"])
    grid = flows_grid(rows, groups)
    # every identity of the table (but the mobiliteit ratio) is an equation of the grid
    codes = {i["code"] for i in identities if i["table"] == "verhuizingen" and "ratio" not in i}
    assert {eq.label.split()[0] for eq in grid.equations} == codes
    return grid


@pytest.fixture(scope="module")
def printed_small_cells() -> set[str]:
    with (folder("nprz2024") / "verhuizingen.csv").open(encoding="utf-8") as f:
        return {
            f"{row['area']}/{column}"
            for row in csv.DictReader(f)
            for column in COLUMNS
            if isinstance(parse_printed(row[column]), Suppressed)
        }


def test_the_printed_flows_table_is_consistent(flows: Grid) -> None:
    for eq in flows.equations:
        values = [flows.values[cell] for cell, _ in eq.terms]
        if all(v is not None for v in values):
            assert sum(v * c for v, (_, c) in zip(values, eq.terms, strict=True) if v) == eq.total


def test_as_printed_every_small_cell_of_the_flows_table_comes_back(
    flows: Grid, printed_small_cells: set[str]
) -> None:
    assert len(printed_small_cells) == 8
    found = recoverable(as_printed(flows, RULE))
    assert {r.cell for r in found} == printed_small_cells
    assert all(r.recovered and r.exact for r in found)
    kop_van_zuid = next(r for r in found if r.cell == "kop-van-zuid/in_7")
    assert kop_van_zuid.low == 4


@pytest.fixture(scope="module")
def protected_flows(flows: Grid) -> Protection:
    return protect(flows, RULE)


def test_protected_flows_table_gives_nothing_away(
    protected_flows: Protection, printed_small_cells: set[str]
) -> None:
    assert protected_flows.primary == printed_small_cells
    assert_safe(protected_flows)
    # 8 printed "<5" cells need 20 more: pairs in each row and rectangles with the
    # gebied columns; no gebied, focuswijken or Zuid cell has to go
    assert describe(protected_flows) == (
        "8 cellen onder 5 verborgen, 20 extra cellen verborgen zodat ze niet terug te rekenen"
        " zijn; 2 afgeleide cijfers weggelaten"
    )
    assert not {c for c in protected_flows.secondary if c.startswith(("gebied-", "nprz/"))}
    assert not {c for c in protected_flows.secondary if c.startswith("focuswijken/")}
    # mobiliteit is withheld wherever totaal is hidden: with bevolking it pins totaal down
    for name in protected_flows.withheld_derived:
        assert name.replace("mobiliteit", "totaal") in protected_flows.hidden


def test_a_small_difference_is_not_hidden_but_can_give_a_cell_away() -> None:
    # saldo = in - uit is not a count of people: a saldo of 2 is not hidden for being small,
    # but in - uit = 2 tells that "in" is at least 2, so it goes as a secondary cell
    values = {"in": Fraction(3), "uit": Fraction(1), "saldo": Fraction(2)}
    saldo = equation("saldo", "saldo", [("in", 1), ("uit", -1)])
    grid = Grid("verhuizingen", values, (saldo,), frozenset({"saldo"}), frozenset({"saldo"}))
    protection = protect(grid, RULE)
    assert protection.primary == {"in", "uit"}
    assert protection.secondary == {"saldo"}
    assert_safe(protection)
