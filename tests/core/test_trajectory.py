"""The gap schedule: how much of the gap is due per year, the target level and the share closed."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nprz.core.formatting import format_euro, format_percent
from nprz.core.trajectory import (
    Regime,
    YearOutsideRegime,
    milestone_value,
    share_of_gap_closed,
    target_value,
)

UP2019 = Regime("up2019", ((2021, Fraction(1, 4)), (2031, Fraction(1))))
UP2023 = Regime("up2023", ((2022, Fraction(0)), (2031, Fraction(1))))
REGIMES = {"up2019": UP2019, "up2023": UP2023}


@pytest.fixture(scope="module")
def up2019() -> Regime:
    return UP2019


@pytest.fixture(scope="module")
def up2023() -> Regime:
    return UP2023


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, Fraction(1, 4)),
        (2022, Fraction(325, 1000)),
        (2023, Fraction(40, 100)),
        (2024, Fraction(475, 1000)),
        (2031, Fraction(1)),
        (2035, Fraction(1)),
    ],
    ids=["2021-25%", "2022-32,5%", "2023-40%", "2024-47,5%", "2031-100%", "2035-after-end"],
)
def test_up2019_fraction_due(up2019: Regime, year: int, expected: Fraction) -> None:
    assert up2019.fraction_due(year) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2022, Fraction(0)), (2024, Fraction(2, 9)), (2031, Fraction(1))],
    ids=["2022-base-0", "2024-2/9", "2031-100%"],
)
def test_up2023_fraction_due(up2023: Regime, year: int, expected: Fraction) -> None:
    assert up2023.fraction_due(year) == expected


def test_up2023_2024_prints_as_22_2_percent(up2023: Regime) -> None:
    assert format_percent(up2023.fraction_due(2024) * 100) == "22,2%"


@pytest.mark.parametrize(
    ("regime", "year"), [("up2019", 2020), ("up2023", 2021)], ids=["up2019-2020", "up2023-2021"]
)
def test_year_before_first_knot_raises(regime: str, year: int) -> None:
    with pytest.raises(YearOutsideRegime, match=str(year)):
        REGIMES[regime].fraction_due(year)


@pytest.mark.parametrize(
    "knots",
    [
        ((2031, Fraction(1)), (2021, Fraction(1, 4))),
        ((2021, Fraction(1, 4)), (2021, Fraction(1, 2)), (2031, Fraction(1))),
        ((2021, Fraction(1, 4)), (2031, Fraction(9, 10))),
        ((2021, Fraction(1, 2)), (2025, Fraction(1, 4)), (2031, Fraction(1))),
        ((2021, Fraction(-1, 4)), (2031, Fraction(1))),
        (),
    ],
    ids=["unsorted-years", "duplicate-year", "not-ending-at-1", "decreasing", "negative", "empty"],
)
def test_regime_validation(knots: tuple[tuple[int, Fraction], ...]) -> None:
    with pytest.raises(ValueError, match="schema 'bad'"):
        Regime("bad", knots)


# Rows of the NPRZ 2024 stoplight table.
@pytest.mark.parametrize(
    ("start", "reference", "fraction", "expected", "printed"),
    [
        ("21.9", "14.9", Fraction(2, 9), Fraction(219, 10) - Fraction(14, 9), "20,3%"),
        ("35.9", "29.9", Fraction(475, 1000), Fraction(3305, 100), "33,1%"),
    ],
    ids=["up2023-lower-is-better", "up2019-half-up-33,05"],
)
def test_target_value_report_rows(
    start: str, reference: str, fraction: Fraction, expected: Fraction, printed: str
) -> None:
    target = target_value(Fraction(start), Fraction(reference), fraction)
    assert target == expected
    assert format_percent(target) == printed


def test_target_value_euro_row_rounds_half_up() -> None:
    target = target_value(Fraction(19300), Fraction(36400), Fraction(475, 1000))
    assert target == Fraction(54845, 2)  # 27.422,5
    assert format_euro(target) == "€ 27.423"


def test_share_of_gap_closed_report_row() -> None:
    share = share_of_gap_closed(Fraction("91.6"), Fraction("95.0"), Fraction("93.6"))
    assert share == Fraction(10, 17)  # 2 / 3,4
    assert share is not None
    assert round(float(share), 4) == 0.5882


def test_share_of_gap_closed_without_gap_is_none() -> None:
    assert share_of_gap_closed(Fraction(5), Fraction(5), Fraction(7)) is None


def test_share_of_gap_closed_is_not_capped() -> None:
    assert share_of_gap_closed(Fraction(10), Fraction(20), Fraction(25)) == Fraction(3, 2)
    assert share_of_gap_closed(Fraction(10), Fraction(20), Fraction(5)) == Fraction(-1, 2)


MILESTONES = ((2024, Fraction(12750)), (2025, Fraction(12400)), (2031, Fraction(10000)))


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2023, 13065), (2024, 12750), (2025, 12400), (2028, 11200), (2031, 10000), (2032, 10000)],
    ids=["start", "first-milestone", "second-milestone", "between", "last", "after-last"],
)
def test_milestone_value(year: int, expected: int) -> None:
    assert milestone_value(2023, Fraction(13065), MILESTONES, year) == expected


def test_milestone_value_before_start_raises() -> None:
    with pytest.raises(YearOutsideRegime, match="2022"):
        milestone_value(2023, Fraction(13065), MILESTONES, 2022)


# Properties.
values = st.fractions(min_value=-1000, max_value=1000, max_denominator=1000)
shares = st.fractions(min_value=-2, max_value=3, max_denominator=1000)
regimes = st.sampled_from([UP2019, UP2023])


@given(regime=regimes, year=st.integers(min_value=2022, max_value=2060), step=st.integers(0, 20))
def test_fraction_due_is_monotone_and_within_0_and_1(regime: Regime, year: int, step: int) -> None:
    earlier, later = regime.fraction_due(year), regime.fraction_due(year + step)
    assert 0 <= earlier <= later <= 1


@given(start=values, reference=values)
def test_target_at_fraction_0_is_start_and_at_1_is_reference(
    start: Fraction, reference: Fraction
) -> None:
    assert target_value(start, reference, Fraction(0)) == start
    assert target_value(start, reference, Fraction(1)) == reference


@given(start=values, reference=values, fraction=shares)
def test_share_of_target_is_the_fraction(
    start: Fraction, reference: Fraction, fraction: Fraction
) -> None:
    assume(reference != start)
    target = target_value(start, reference, fraction)
    assert share_of_gap_closed(start, reference, target) == fraction


@given(start=values, reference=values, current=values, shift=values)
def test_share_is_invariant_under_shift_and_negation(
    start: Fraction, reference: Fraction, current: Fraction, shift: Fraction
) -> None:
    assume(reference != start)
    share = share_of_gap_closed(start, reference, current)
    assert share is not None
    assert share_of_gap_closed(start + shift, reference + shift, current + shift) == share
    # Negating all three turns a higher-is-better series into a lower-is-better one.
    assert share_of_gap_closed(-start, -reference, -current) == share


def test_fraction_due_prints_report_percentages(up2019: Regime) -> None:
    printed = [format_percent(up2019.fraction_due(year) * 100) for year in (2022, 2023, 2024)]
    assert printed == ["32,5%", "40,0%", "47,5%"]
