"""Honest axes for the line charts: how far the value axis reaches and how years share the width.

The rules are in decision 015 (docs/decisions/015-honest-chart-axes.md):

* The value axis never magnifies a change smaller than the printed precision: it spans at least
  `MIN_STEPS` steps of the indicator's printed precision, and at least a minimum per unit (10
  procentpunt for a percentage), centred on the data. A count, an amount or an area (a size:
  twice as much is twice as many) starts at zero.
* The years up to the report year keep at least three quarters of the width at one scale; the
  years after it, up to the end year of a target, share the last quarter (a shaded band says
  the scale is shortened there), so the end level stays on the chart without squeezing the
  measured years into a third of it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# One step of the printed precision (0,1 for a percentage printed with one decimal) is at most
# 1/MIN_STEPS of the axis: 44,0 -> 44,3 is three steps, so at most 15% of the height.
MIN_STEPS = 20
# The least span per unit of the store; a percentage axis spans at least 10 procentpunt.
MIN_SPAN = {"percent": 10.0, "%": 10.0}
# Sizes: half the height is half the number, so the axis starts at zero.
FROM_ZERO = frozenset({"aantal", "euro", "m2"})
MARGIN = 0.05  # of the data's span, on each side, so symbols stay clear of the axis ends
TICK_STEPS = (1.0, 2.0, 5.0)  # times a power of ten
TICKS = 5  # about this many ticks on the value axis

FUTURE_SHARE = 0.25  # the years after the report year get at most this part of the width
YEAR_LABEL_PX = 46  # room one year label (four digits at 15 px: 38 px) needs, with a gap


@dataclass(frozen=True)
class ValueAxis:
    low: float
    high: float
    ticks: tuple[float, ...]
    decimals: int  # the ticks' labels need this many (0,5 one; 40.000 none)


def value_axis(values: Sequence[float], unit: str, decimals: int) -> ValueAxis:
    """The value axis for `values` of an indicator printed with `decimals` in `unit`."""
    low, high = min(values), max(values)
    data_span = high - low
    least = max(MIN_STEPS * 10.0**-decimals, MIN_SPAN.get(unit, 0.0))
    if unit in FROM_ZERO:
        low, high = min(low, 0.0), max(high, 0.0)
        span = max(high - low, least)
        low, high = (low, low + span) if low == 0 else (high - span, high)
        # Room above (or below) the data only, so the zero line stays the axis' end.
        high += MARGIN * span if high > 0 else 0.0
        low -= MARGIN * span if low < 0 else 0.0
    else:
        span = max(data_span * (1 + 2 * MARGIN), least)
        centre = (low + high) / 2
        low, high = centre - span / 2, centre + span / 2
        # The window slides rather than cross zero (or 100%) where the data do not.
        if low < 0 <= min(values):
            low, high = 0.0, high - low
        elif unit in MIN_SPAN and high > 100 >= max(values):
            low, high = low - (high - 100), 100.0
        if unit in MIN_SPAN and min(values) >= 0 and max(values) <= 100:
            low, high = max(low, 0.0), min(high, 100.0)  # a wide spread: at most 0-100
    step = _tick_step((high - low) / TICKS)
    # Outward to whole steps (every step divides 100, so 0-100 stays inside 0-100).
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    count = round((high - low) / step)
    ticks = tuple(_clean(low + i * step) for i in range(count + 1))
    return ValueAxis(_clean(low), _clean(high), ticks, _places(step))


def _tick_step(rough: float) -> float:
    """The smallest round step (1, 2 or 5 times a power of ten) of at least `rough`."""
    if rough <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(rough))
    return next((s * power for s in TICK_STEPS if s * power >= rough * (1 - 1e-9)), 10 * power)


def _places(step: float) -> int:
    """Decimals that print every multiple of `step` exactly: 0,5 -> 1, 0,02 -> 2, 5.000 -> 0."""
    places = 0
    while abs(step * 10**places - round(step * 10**places)) > 1e-9 and places < 9:
        places += 1
    return places


def _clean(value: float) -> float:
    """No 0.30000000000000004 in a spec: tick values as a person would write them."""
    return round(value, 9) + 0.0


@dataclass(frozen=True)
class YearAxis:
    domain: tuple[int, ...]  # two years, or three when the years after `now` are shortened
    range: tuple[float, ...]  # pixel positions of those years
    ticks: tuple[int, ...]
    shortened_from: int | None  # the report year, when the scale is shortened after it


def year_axis(first: int, now: int, last: int, width: float, padding: float) -> YearAxis:
    """The year axis from `first` to `last` over `width` pixels; `now` is the report year.

    One scale from `first` to `now`; when the years after `now` would take more than a
    quarter of the width at that scale, they share that quarter instead.
    """
    left, right = padding, width - padding
    if first == last:  # one year, in the middle
        return YearAxis((first - 1, last + 1), (left, right), (first,), None)
    now = min(max(now, first), last)
    usable = right - left
    if now > first and now < last and (last - now) / (last - first) > FUTURE_SHARE:
        split = left + usable * (1 - FUTURE_SHARE)
        ticks = (*_counted_back(first, now, split - left), last)
        return YearAxis((first, now, last), (left, split, right), ticks, now)
    return YearAxis((first, last), (left, right), _counted_back(first, last, usable), None)


def _counted_back(first: int, last: int, pixels: float) -> tuple[int, ...]:
    """Whole years from `last` back to `first`, every so many that their labels do not
    crowd over `pixels`; `last` always has one."""
    per_year = pixels / (last - first)
    step = next(
        (s for s in (1, 2, 5, 10, 20, 25, 50) if s * per_year >= YEAR_LABEL_PX),
        math.ceil(YEAR_LABEL_PX / per_year),
    )
    return tuple(sorted(range(last, first - 1, -step)))
