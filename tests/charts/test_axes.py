"""The honest axes of decision 015: the value axis never magnifies a change below the printed
precision, sizes start at zero, and the years after the report year get at most a quarter."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nprz.charts.axes import FUTURE_SHARE, MIN_STEPS, YEAR_LABEL_PX, value_axis, year_axis


def test_44_0_to_44_3_is_three_steps_on_a_twelve_point_axis() -> None:
    # werkzame-jongeren, NPRZ: 44,0% (2021) -> 44,3% (2022), printed with one decimal.
    axis = value_axis([44.0, 44.3], "percent", 1)
    assert (axis.low, axis.high) == (38, 50)  # 10 procentpunt at least, centred on 44,15
    assert axis.ticks == (38, 40, 42, 44, 46, 48, 50)
    assert (44.3 - 44.0) / (axis.high - axis.low) == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("values", "unit", "decimals", "low", "high", "ticks"),
    [
        # werkloosheid-jongeren: NPRZ 4,5 -> 4,0, G4 2,4, target 3,5: 10 points from 0.
        ([4.5, 4.0, 3.6, 3.2, 2.9, 2.4, 3.5025], "percent", 1, 0, 10, (0, 2, 4, 6, 8, 10)),
        # A share near 100% slides down rather than run past 100%.
        ([97.0, 99.5], "percent", 1, 90, 100, (90, 92, 94, 96, 98, 100)),
        # bijstandsuitkeringen: a count starts at zero.
        ([15200, 12794, 12947, 10000], "aantal", 0, 0, 20000, (0, 5000, 10000, 15000, 20000)),
        # besteedbaar-inkomen: euros from zero.
        ([19300, 29200, 36400], "euro", 0, 0, 40000, (0, 10000, 20000, 30000, 40000)),
        # schoolgewicht: a score, centred; 20 steps of 0,1 is less than its data's span.
        ([35.9, 35.2, 29.9, 33.1], "score", 1, 28, 38, (28, 30, 32, 34, 36, 38)),
        # A score of two tenths printed with one decimal: at least 20 steps (2,0), centred.
        ([5.0, 5.2], "score", 1, 4, 6.5, (4, 4.5, 5, 5.5, 6, 6.5)),
        # Years printed whole: 20 steps, not below zero where the data are not.
        ([5.0], "jaren", 0, 0, 20, (0, 5, 10, 15, 20)),
    ],
)
def test_real_cases(values, unit, decimals, low, high, ticks) -> None:
    axis = value_axis(values, unit, decimals)
    assert (axis.low, axis.high, axis.ticks) == (low, high, ticks)


def test_tick_labels_get_the_decimals_their_step_needs() -> None:
    assert value_axis([44.0, 44.3], "percent", 1).decimals == 0
    assert value_axis([5.0, 5.2], "score", 1).decimals == 1
    assert value_axis([0.1, 0.15], "score", 3).decimals == 2


VALUES = st.lists(st.floats(0, 100), min_size=1, max_size=8)


@given(values=VALUES, unit=st.sampled_from(["percent", "score", "aantal", "euro"]),
       decimals=st.integers(0, 3))  # fmt: skip
def test_no_axis_magnifies_a_printed_step(values: list[float], unit: str, decimals: int) -> None:
    axis = value_axis(values, unit, decimals)
    span = axis.high - axis.low
    assert span >= MIN_STEPS * 10.0**-decimals * (1 - 1e-9)
    assert axis.low <= min(values)
    assert max(values) <= axis.high
    assert axis.low >= 0  # the data are not negative, nor is the axis
    if unit == "percent":
        assert span >= 10
        assert axis.high <= 100
    if unit in ("aantal", "euro"):
        assert axis.low == 0
    assert axis.ticks[0] == axis.low
    assert axis.ticks[-1] == axis.high


def test_the_years_after_the_report_year_share_the_last_quarter() -> None:
    # werkzame-jongeren: measured 2021-2022, report year 2024, end level 2031.
    axis = year_axis(2021, 2024, 2031, 340, 14)
    assert axis.domain == (2021, 2024, 2031)
    left, split, right = axis.range
    assert (split - left) / (right - left) == 1 - FUTURE_SHARE
    assert axis.ticks == (2021, 2022, 2023, 2024, 2031)
    assert axis.shortened_from == 2024


def test_a_long_series_keeps_one_scale_to_the_end_year() -> None:
    # 1995-2024 with the end level in 2031: the years after 2024 take 19% at one scale.
    axis = year_axis(1995, 2024, 2031, 340, 14)
    assert (axis.domain, axis.shortened_from) == ((1995, 2031), None)
    assert axis.ticks == (2001, 2011, 2021, 2031)


@given(first=st.integers(1990, 2030), length=st.integers(0, 40), now=st.integers(1990, 2040))
def test_year_labels_never_crowd(first: int, length: int, now: int) -> None:
    axis = year_axis(first, now, first + length, 340, 14)
    positions = []
    for year in axis.ticks:
        for (y0, x0), (y1, x1) in zip(
            zip(axis.domain, axis.range, strict=True),
            list(zip(axis.domain, axis.range, strict=True))[1:],
            strict=False,
        ):
            if y0 <= year <= y1:
                positions.append(x0 + (x1 - x0) * (year - y0) / (y1 - y0))
                break
    assert len(positions) == len(axis.ticks)
    assert all(b - a >= YEAR_LABEL_PX - 1 for a, b in itertools.pairwise(positions))
