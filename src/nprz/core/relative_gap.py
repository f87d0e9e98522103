"""The gap to the reference in two views: absolute (as the report) and relative (as a ratio).

The report measures progress as the share of the absolute gap closed. When the reference
itself moves a lot (incomes, WOZ values that doubled since 2011), the programme area can
close part of the absolute gap while falling further behind in proportion, or the reverse.
Readers should see both, and a flag when they disagree:

* absolute gap = reference - value, at the start (reference at the start period) and now;
* ratio = value / reference (0,76: the area is at 76% of the reference level);
* relative gap = |1 - ratio|: how far, in proportion, the area is from the reference;
* `divergent`: the absolute gap narrowed while the relative one widened, or the reverse.

Pure and exact (`Fraction`), like the targets. Tests: tests/core/test_projection.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from nprz.core.trajectory import share_of_gap_closed


@dataclass(frozen=True)
class RelativeGap:
    start: Fraction
    reference_start: Fraction
    current: Fraction
    reference_now: Fraction
    share_closed: Fraction | None  # the report's view: (now - start) / (ref now - start)
    gap_start: Fraction  # reference - value
    gap_now: Fraction
    ratio_start: Fraction | None  # value / reference; None when the reference is 0
    ratio_now: Fraction | None

    @property
    def absolute_narrowed(self) -> bool | None:
        if abs(self.gap_now) == abs(self.gap_start):
            return None
        return abs(self.gap_now) < abs(self.gap_start)

    @property
    def relative_narrowed(self) -> bool | None:
        if self.ratio_start is None or self.ratio_now is None:
            return None
        before, now = abs(1 - self.ratio_start), abs(1 - self.ratio_now)
        if before == now:
            return None
        return now < before

    @property
    def divergent(self) -> bool:
        """The two views disagree: one gap narrowed while the other widened."""
        absolute, relative = self.absolute_narrowed, self.relative_narrowed
        return absolute is not None and relative is not None and absolute != relative


def relative_gap(
    *,
    start: Fraction,
    reference_start: Fraction,
    current: Fraction,
    reference_now: Fraction,
) -> RelativeGap:
    return RelativeGap(
        start=start,
        reference_start=reference_start,
        current=current,
        reference_now=reference_now,
        share_closed=share_of_gap_closed(start, reference_now, current),
        gap_start=reference_start - start,
        gap_now=reference_now - current,
        ratio_start=start / reference_start if reference_start else None,
        ratio_now=current / reference_now if reference_now else None,
    )
