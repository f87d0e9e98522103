"""Projections, the year a level is reached, the backtest and the relative gap.

Expected values are worked out by hand in the comments (small series, round numbers), never
copied from a run of the code.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nprz.core.projection import (
    MIN_POINTS,
    T_90,
    UNTIL,
    Method,
    backtest,
    project,
    since_break,
    t_quantile,
    too_few_reason,
    year_reached,
)
from nprz.core.relative_gap import relative_gap

LINEAR = [(2020, 10.0), (2021, 12.0), (2022, 14.0)]  # +2 a year
# x mean 2020, y mean 2, Sxx 2, Sxy 1 -> slope 0,5; fitted 1,5 2 2,5; residuals -0,5 1 -0,5;
# SSE 1,5 with 1 degree of freedom.
BENT = [(2019, 1.0), (2020, 3.0), (2021, 2.0)]


def test_t_table_agrees_with_the_closed_forms() -> None:
    # df 1: t = tan(pi (p - 1/2)); df 2: t = (2p - 1) / sqrt(2 p (1 - p)); p = 0,9.
    assert T_90[0] == pytest.approx(math.tan(0.4 * math.pi), abs=5e-4)
    assert T_90[1] == pytest.approx(0.8 / math.sqrt(0.18), abs=5e-4)
    assert t_quantile(1000) == pytest.approx(1.2816, abs=1e-4)
    assert list(T_90) == sorted(T_90, reverse=True)
    with pytest.raises(ValueError, match="vrijheidsgraden"):
        t_quantile(0)


def test_every_t_value_has_90_percent_below_it() -> None:
    # The t density integrated from 0 with Simpson's rule: P(T <= t) = 0,5 + integral.
    for df, t in enumerate(T_90, start=1):
        scale = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))

        def density(x: float, df: int = df, scale: float = scale) -> float:
            return scale * (1 + x * x / df) ** (-(df + 1) / 2)

        steps = 2000
        h = t / steps
        inner = sum((4 if i % 2 else 2) * density(i * h) for i in range(1, steps))
        area = h / 3 * (density(0) + inner + density(t))
        assert 0.5 + area == pytest.approx(0.9, abs=2e-4), df


def test_a_straight_series_is_projected_exactly_with_no_width() -> None:
    found = project(LINEAR, [2024, 2031])
    assert found is not None
    assert found.method is Method.TREND_SINDS_BREUK
    assert (found.first_year, found.last_year, found.n_points) == (2020, 2022, 3)
    at_2024, at_2031 = found.years
    assert at_2024.value == pytest.approx(18.0)
    assert at_2031.value == pytest.approx(32.0)
    assert at_2024.high - at_2024.low == pytest.approx(0.0, abs=1e-9)


def test_ols_interval_by_hand() -> None:
    found = project(BENT, [2022])
    assert found is not None
    (at_2022,) = found.years
    # 2 + 0,5 x (2022 - 2020) = 3; se = sqrt(1,5 x (1 + 1/3 + 4/2)) = sqrt(5); t(0,9; 1).
    assert at_2022.value == pytest.approx(3.0)
    assert at_2022.high - at_2022.value == pytest.approx(3.078 * math.sqrt(5))
    assert at_2022.value - at_2022.low == pytest.approx(3.078 * math.sqrt(5))


def test_last_value_interval_by_hand() -> None:
    found = project(BENT, [2023], method=Method.LAATSTE_WAARDE)
    assert found is not None
    (at_2023,) = found.years
    # Changes +2 and -1: yearly variance (4 + 1) / 2 = 2,5; two years ahead: x 2; t(0,9; 2).
    assert at_2023.value == 2.0
    assert at_2023.high - 2.0 == pytest.approx(1.886 * math.sqrt(5))


def test_a_long_gap_is_a_break() -> None:
    points = [(2012, 20.0), (2019, 10.0), (2020, 11.0), (2021, 12.0)]
    assert since_break(points) == [(2019, 10.0), (2020, 11.0), (2021, 12.0)]
    found = project(points, [2023])
    assert found is not None
    assert found.first_year == 2019
    assert found.years[0].value == pytest.approx(14.0)
    # The whole series: x mean 2018, y mean 13,25; Sxx 36 + 1 + 4 + 9 = 50,
    # Sxy = -6 x 6,75 + 1 x -3,25 + 2 x -2,25 + 3 x -1,25 = -52 -> slope -1,04 (falling).
    whole = project(points, [2023], method=Method.TREND_HELE_REEKS)
    assert whole is not None
    assert whole.fit.slope == pytest.approx(-52 / 50)


def test_a_known_break_is_used_and_can_leave_too_few_points() -> None:
    points = [(2017, 5.0), (2018, 6.0), (2019, 7.0), (2020, 1.0), (2021, 2.0)]
    assert since_break(points, breaks=[2020]) == [(2020, 1.0), (2021, 2.0)]
    assert project(points, [2024], breaks=[2020]) is None
    assert too_few_reason(points, breaks=[2020]) == (
        "te weinig meetpunten sinds de breuk tussen 2019 en 2020: 2 van de 5, minimaal 3"
    )
    assert too_few_reason(points) is None


def test_fewer_than_the_minimum_is_none_with_the_reason() -> None:
    assert project(LINEAR[:2], [2024]) is None
    assert too_few_reason(LINEAR[:2]) == "te weinig meetpunten: 2, minimaal 3"
    assert year_reached(LINEAR[:2], 20.0, "hoger") is None


def test_duplicate_years_are_refused() -> None:
    with pytest.raises(ValueError, match="dubbel"):
        project([(2020, 1.0), (2020, 2.0), (2021, 3.0)], [2024])


def test_year_reached_by_hand() -> None:
    found = project(LINEAR, [])
    assert found is not None
    # 10 + 2 (year - 2020) >= 19 first in 2025 (20); 14 is there in the last year, 2022.
    assert year_reached(found, 19.0, "hoger") == 2025
    assert year_reached(found, 14.0, "hoger") == 2022
    assert year_reached(LINEAR, 19.0, "hoger") == 2025
    # 10 + 2 x 20 = 50 in 2040: 100 is not reached before UNTIL.
    assert year_reached(found, 100.0, "hoger") is None
    # Rising, so a lower level is never reached after 2022 unless already there.
    assert year_reached(found, 5.0, "lager") is None
    falling = project([(2020, 10.0), (2021, 9.0), (2022, 8.0)], [])
    assert falling is not None
    assert year_reached(falling, 5.0, "lager") == 2025
    with pytest.raises(ValueError, match="richting"):
        year_reached(found, 5.0, "omhoog")


def test_backtest_by_hand() -> None:
    series = {
        # Train 1, 2, 3 -> trend 4, naive 3; actual 5.
        "a": [(2019, 1.0), (2020, 2.0), (2021, 3.0), (2022, 5.0)],
        # Too short: three points leave two to fit.
        "b": [(2020, 1.0), (2021, 2.0), (2022, 3.0)],
        # Train 3, 2, 1 -> trend 0 (exact), naive 1; actual 0 (left out of the MAPE).
        "c": [(2019, 3.0), (2020, 2.0), (2021, 1.0), (2022, 0.0)],
    }
    result = backtest(series)
    assert result.skipped == 1
    trend = result.summaries[Method.TREND_SINDS_BREUK]
    naive = result.summaries[Method.LAATSTE_WAARDE]
    assert (trend.n_series, trend.n_cases) == (2, 2)
    assert trend.mae == pytest.approx((1 + 0) / 2)
    assert naive.mae == pytest.approx((2 + 1) / 2)
    assert trend.mape == pytest.approx(20.0)  # |4 - 5| / 5, series c left out
    assert naive.mape == pytest.approx(40.0)
    # Trend: zero-width intervals, [4, 4] misses 5, [0, 0] holds 0. Naive: yearly variance 1,
    # 3 +- 1,886 misses 5, 1 +- 1,886 holds 0.
    assert trend.coverage == 0.5
    assert naive.coverage == 0.5
    with pytest.raises(ValueError, match="minstens"):
        backtest(series, holdout=0)


def test_backtest_with_nothing_long_enough_has_no_summaries() -> None:
    result = backtest({"kort": LINEAR})
    assert result.summaries == {}
    assert result.skipped == 1


def test_relative_gap_that_diverges() -> None:
    # Gap 100 - 50 = 50 -> 150 - 90 = 60 (wider); ratio 0,5 -> 0,6 (closer): divergent.
    gap = relative_gap(
        start=Fraction(50),
        reference_start=Fraction(100),
        current=Fraction(90),
        reference_now=Fraction(150),
    )
    assert (gap.gap_start, gap.gap_now) == (50, 60)
    assert (gap.ratio_start, gap.ratio_now) == (Fraction(1, 2), Fraction(3, 5))
    assert gap.absolute_narrowed is False
    assert gap.relative_narrowed is True
    assert gap.divergent
    assert gap.share_closed == Fraction(40, 100)  # (90 - 50) / (150 - 50)


def test_relative_gap_the_other_way_and_agreeing() -> None:
    # Lower is better: 40 vs 50 (gap 10, 20% off) -> 20 vs 28 (gap 8, 28,6% off).
    reverse = relative_gap(
        start=Fraction(40),
        reference_start=Fraction(50),
        current=Fraction(20),
        reference_now=Fraction(28),
    )
    assert reverse.absolute_narrowed is True
    assert reverse.relative_narrowed is False
    assert reverse.divergent
    # 10 -> 8,5 and 50% -> 58,5%: both narrower.
    agree = relative_gap(
        start=Fraction(10),
        reference_start=Fraction(20),
        current=Fraction(12),
        reference_now=Fraction(41, 2),
    )
    assert not agree.divergent
    # No change in the absolute gap, or a zero reference: nothing to flag.
    same = relative_gap(
        start=Fraction(20),
        reference_start=Fraction(10),
        current=Fraction(15),
        reference_now=Fraction(5),
    )
    assert same.absolute_narrowed is None
    assert not same.divergent
    zero = relative_gap(
        start=Fraction(1),
        reference_start=Fraction(0),
        current=Fraction(2),
        reference_now=Fraction(0),
    )
    assert zero.ratio_start is None
    assert zero.relative_narrowed is None
    assert not zero.divergent


# --- properties -----------------------------------------------------------------------------

years_st = st.lists(st.integers(2000, 2030), min_size=MIN_POINTS, max_size=14, unique=True)
value_st = st.floats(-1e5, 1e5, allow_nan=False, allow_infinity=False)


@st.composite
def series_st(draw: st.DrawFn) -> list[tuple[int, float]]:
    years = sorted(draw(years_st))
    return [(year, draw(value_st)) for year in years]


@given(series_st(), st.sampled_from(list(Method)))
def test_interval_contains_the_estimate(points: list[tuple[int, float]], method: Method) -> None:
    found = project(points, [2024, 2031, 2040], method=method, breaks=())
    if found is None:  # only the trend since a break can have too few points left
        assert method is Method.TREND_SINDS_BREUK
        assert too_few_reason(points) is not None
        return
    for p in found.years:
        assert p.low <= p.value <= p.high


@given(series_st())
def test_the_interval_widens_beyond_the_data(points: list[tuple[int, float]]) -> None:
    found = project(points, [2031, 2035, 2040], method=Method.TREND_HELE_REEKS)
    assert found is not None
    widths = [p.high - p.low for p in found.years]
    assert widths == sorted(widths)


@given(
    years_st,
    st.integers(-1000, 1000),
    st.integers(-50, 50),
)
def test_a_linear_series_is_projected_exactly(years: list[int], start: int, slope: int) -> None:
    points = [(y, float(start + slope * (y - 2000))) for y in sorted(years)]
    found = project(points, [2035], method=Method.TREND_HELE_REEKS)
    assert found is not None
    (p,) = found.years
    assert p.value == pytest.approx(start + slope * 35, abs=1e-6)
    assert p.high - p.low == pytest.approx(0, abs=1e-6)


@given(st.lists(st.tuples(st.integers(2000, 2030), value_st), max_size=MIN_POINTS - 1))
def test_fewer_than_min_points_is_none(raw: list[tuple[int, float]]) -> None:
    points = list(dict(raw).items())
    for method in Method:
        assert project(points, [2031], method=method) is None


@given(series_st(), value_st, value_st, st.sampled_from(["hoger", "lager"]))
def test_year_reached_is_monotone_in_the_target(
    points: list[tuple[int, float]], a: float, b: float, direction: str
) -> None:
    found = project(points, [], method=Method.TREND_HELE_REEKS)
    assert found is not None
    easier, harder = (min(a, b), max(a, b)) if direction == "hoger" else (max(a, b), min(a, b))

    def rank(year: int | None) -> int:
        return UNTIL + 1 if year is None else year

    assert rank(year_reached(found, easier, direction)) <= rank(
        year_reached(found, harder, direction)
    )


def test_bounds_cut_value_and_interval_where_the_quantity_ends() -> None:
    """30, 20, 10 evictions: the line reaches 0 in 2024 and would go below; a count cannot."""
    points = [(2021, 30.0), (2022, 20.0), (2023, 10.0)]
    free = project(points, [2025, 2026])
    bounded = project(points, [2025, 2026], bounds=(0.0, None))
    assert free is not None
    assert bounded is not None
    assert [p.value for p in free.years] == pytest.approx([-10.0, -20.0])
    assert [(p.value, p.low, p.high) for p in bounded.years] == [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0)]
    shares = project([(2021, 96.0), (2022, 98.0), (2023, 99.0)], [2024], bounds=(0.0, 100.0))
    assert shares is not None
    assert shares.years[0].value == 100.0
    assert shares.years[0].high == 100.0
    assert shares.years[0].low < 100.0
