"""Where a yearly series is heading at its current pace, and how well that worked before.

Readers ask of every goal: are we on course, and when do we get there at this pace? The
series are short (3 to 14 yearly points) and often broken: a start value from 2011/12, then
nothing until 2018/19, or a definition change. So the method is deliberately plain:

* **trend sinds breuk** (the projection shown): an ordinary least-squares line through the
  points since the last break. A break is a year the caller knows the series changed (a
  definition or source change) or, detected here, a gap of more than `MAX_GAP` years between
  two measurements: over an unobserved stretch a straight line assumes a path nobody saw,
  and a programme's start values before such gaps were often computed afterwards from another
  source. The 80% prediction interval is the textbook OLS one (Student-t with n - 2 degrees
  of freedom), so it widens with the distance to the middle of the fitted years and is zero
  for a perfectly straight series.
* **trend hele reeks**: the same line through all points, breaks ignored (for comparison).
* **laatste waarde**: the last value carried forward, its interval a random walk's
  (variance per year estimated from the yearly changes) — the naive benchmark.

`backtest` holds out the last point(s) of each series, projects them from the rest with each
method and summarises the errors, so the README and decision 008 can say which method
predicts better on the store's own data, and by how much. Pure: no Django, no clock, floats
(the exact `Fraction` arithmetic of the targets buys nothing for a statistical estimate).
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

MIN_POINTS = 3  # a line through two points has no residuals, so no interval
MAX_GAP = 2  # years between two measurements; a longer gap counts as a break
LEVEL = 0.80  # the prediction interval's coverage
UNTIL = 2040  # year_reached looks no further: beyond it a straight line means little

# Student-t quantiles t(0.90; df) for the two-sided 80% interval, df = 1..30, as printed in
# any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2). df 1 and 2 have closed forms
# (tan(0.4 pi) = 3.0777, 0.8 / sqrt(0.18) = 1.8856), checked in tests/core/test_projection.py.
# Beyond df 30 the normal quantile 1.2816 is within 0.03 of the t value.
T_90 = (
    3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
    1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
    1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310,
)  # fmt: skip

Points = Sequence[tuple[int, float]]


def t_quantile(df: int) -> float:
    """The 0.90 quantile of Student's t with `df` degrees of freedom (two-sided 80%)."""
    if df < 1:
        raise ValueError(f"vrijheidsgraden moeten minstens 1 zijn, niet {df}")
    if df <= len(T_90):
        return T_90[df - 1]
    return statistics.NormalDist().inv_cdf(0.5 + LEVEL / 2)


class Method(StrEnum):
    TREND_SINDS_BREUK = "trend-sinds-breuk"
    TREND_HELE_REEKS = "trend-hele-reeks"
    LAATSTE_WAARDE = "laatste-waarde"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]


METHOD_LABELS = {
    Method.TREND_SINDS_BREUK: "lineaire trend sinds de laatste breuk",
    Method.TREND_HELE_REEKS: "lineaire trend over de hele reeks",
    Method.LAATSTE_WAARDE: "laatste waarde doorgetrokken",
}


@dataclass(frozen=True)
class Projected:
    year: int
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Fit:
    """A fitted line (slope 0 for the last value) and what its interval needs."""

    method: Method
    first_year: int  # the points used
    last_year: int
    n_points: int
    anchor_year: float  # the line is value + slope * (year - anchor_year)
    anchor_value: float
    slope: float  # per year
    spread: float  # residual standard deviation (per year for the random walk)
    df: int
    sxx: float  # sum of squared year deviations (OLS only)

    def predict(self, year: int) -> Projected:
        value = self.anchor_value + self.slope * (year - self.anchor_year)
        if self.method is Method.LAATSTE_WAARDE:
            # A random walk's variance grows with the years since the last point.
            width = self.spread * math.sqrt(max(year - self.last_year, 0))
        else:
            width = self.spread * math.sqrt(
                1 + 1 / self.n_points + (year - self.anchor_year) ** 2 / self.sxx
            )
        half = t_quantile(self.df) * width
        return Projected(year, value, value - half, value + half)


@dataclass(frozen=True)
class Projection:
    fit: Fit
    years: tuple[Projected, ...]

    @property
    def method(self) -> Method:
        return self.fit.method

    @property
    def label(self) -> str:
        return self.fit.method.label

    @property
    def first_year(self) -> int:
        return self.fit.first_year

    @property
    def last_year(self) -> int:
        return self.fit.last_year

    @property
    def n_points(self) -> int:
        return self.fit.n_points

    def at(self, year: int) -> Projected:
        """The projection for any year, also one that was not asked for."""
        found = next((p for p in self.years if p.year == year), None)
        return found or self.fit.predict(year)


def _checked(points: Points) -> list[tuple[int, float]]:
    ordered = sorted((int(year), float(value)) for year, value in points)
    years = [year for year, _ in ordered]
    if len(set(years)) != len(years):
        raise ValueError(f"een reeks heeft per jaar één waarde; dubbel: {years}")
    if any(not math.isfinite(value) for _, value in ordered):
        raise ValueError("een reeks bevat een waarde die geen getal is")
    return ordered


def since_break(points: Points, breaks: Sequence[int] = ()) -> list[tuple[int, float]]:
    """The points since the last break: a known break year (the first year of the new
    series) or a gap of more than MAX_GAP years between two measurements."""
    ordered = _checked(points)
    start = 0
    for index in range(1, len(ordered)):
        year, previous = ordered[index][0], ordered[index - 1][0]
        if year - previous > MAX_GAP or any(previous < b <= year for b in breaks):
            start = index
    return ordered[start:]


def too_few_reason(points: Points, breaks: Sequence[int] = ()) -> str | None:
    """Why the trend since the last break cannot be projected, in Dutch; None when it can."""
    ordered = _checked(points)
    used = since_break(ordered, breaks)
    if len(ordered) < MIN_POINTS:
        return f"te weinig meetpunten: {len(ordered)}, minimaal {MIN_POINTS}"
    if len(used) < MIN_POINTS:
        before = ordered[len(ordered) - len(used) - 1][0]
        return (
            f"te weinig meetpunten sinds de breuk tussen {before} en {used[0][0]}: "
            f"{len(used)} van de {len(ordered)}, minimaal {MIN_POINTS}"
        )
    return None


def fit(points: Points, method: Method, breaks: Sequence[int] = ()) -> Fit | None:
    """The method's fit, or None when it has fewer than MIN_POINTS points to work with."""
    ordered = _checked(points)
    if method is Method.TREND_SINDS_BREUK:
        ordered = since_break(ordered, breaks)
    if len(ordered) < MIN_POINTS:
        return None
    if method is Method.LAATSTE_WAARDE:
        return _random_walk(ordered)
    return _ols(ordered, method)


def _ols(points: list[tuple[int, float]], method: Method) -> Fit:
    n = len(points)
    x_mean = statistics.fmean(x for x, _ in points)
    y_mean = statistics.fmean(y for _, y in points)
    sxx = sum((x - x_mean) ** 2 for x, _ in points)
    slope = sum((x - x_mean) * (y - y_mean) for x, y in points) / sxx
    residuals = [y - (y_mean + slope * (x - x_mean)) for x, y in points]
    spread = math.sqrt(sum(r * r for r in residuals) / (n - 2))
    return Fit(method, points[0][0], points[-1][0], n, x_mean, y_mean, slope, spread, n - 2, sxx)


def _random_walk(points: list[tuple[int, float]]) -> Fit:
    # Changes over a gap of g years have g times the yearly variance; no drift is assumed
    # (that is what "carry the last value forward" means).
    steps = list(itertools.pairwise(points))
    variance = sum((b - a) ** 2 / (yb - ya) for (ya, a), (yb, b) in steps) / len(steps)
    last_year, last_value = points[-1]
    return Fit(
        Method.LAATSTE_WAARDE,
        points[0][0],
        last_year,
        len(points),
        last_year,
        last_value,
        0.0,
        math.sqrt(variance),
        len(steps),
        0.0,
    )


def project(
    points: Points,
    years: Sequence[int],
    *,
    method: Method = Method.TREND_SINDS_BREUK,
    breaks: Sequence[int] = (),
    bounds: tuple[float | None, float | None] = (None, None),
) -> Projection | None:
    """The projected value and 80% interval for each of `years`; None with too few points
    (`too_few_reason` says why). `bounds` is the range the quantity can take (0 for a count,
    0-100 for a percentage): a straight line or its interval does not know that there are
    no -1 evictions, so value and interval are cut off there. Shown by
    tests/core/test_projection.py."""
    found = fit(points, method, breaks)
    if found is None:
        return None
    return Projection(found, tuple(_within(found.predict(year), bounds) for year in years))


def _within(p: Projected, bounds: tuple[float | None, float | None]) -> Projected:
    low, high = bounds

    def clip(x: float) -> float:
        if low is not None and x < low:
            return low
        if high is not None and x > high:
            return high
        return x

    return Projected(p.year, clip(p.value), clip(p.low), clip(p.high))


def year_reached(
    projection: Projection | Points,
    target_value: float,
    direction: str,
    until: int = UNTIL,
) -> int | None:
    """The first year, from the last year used on, in which the projected value (the point
    estimate) is at or beyond `target_value`; None when not before `until` ("niet vóór
    2040"), or when there are too few points to project."""
    if not isinstance(projection, Projection):
        found = project(projection, ())
        if found is None:
            return None
        projection = found
    if direction not in ("hoger", "lager"):
        raise ValueError(f"richting is 'hoger' of 'lager', niet {direction!r}")
    for year in range(projection.last_year, until + 1):
        value = projection.fit.predict(year).value
        if (value >= target_value) if direction == "hoger" else (value <= target_value):
            return year
    return None


# --- backtest -------------------------------------------------------------------------------

METHODS = (Method.TREND_SINDS_BREUK, Method.TREND_HELE_REEKS, Method.LAATSTE_WAARDE)


@dataclass(frozen=True)
class Case:
    series: str
    method: Method
    year: int
    actual: float
    projected: Projected

    @property
    def error(self) -> float:
        return self.projected.value - self.actual

    @property
    def covered(self) -> bool:
        return self.projected.low <= self.actual <= self.projected.high


@dataclass(frozen=True)
class Summary:
    method: Method
    n_series: int
    n_cases: int
    mae: float  # mean absolute error, in the series' own unit
    mape: float | None  # mean absolute percentage error (in %), actual values of 0 left out
    coverage: float  # share of actual values inside the 80% interval


@dataclass(frozen=True)
class Backtest:
    holdout: int
    cases: tuple[Case, ...]
    summaries: dict[Method, Summary]
    skipped: int  # series too short for every method to project their held-out points


def backtest(
    series: Mapping[str, Points],
    holdout: int = 1,
    *,
    breaks: Mapping[str, Sequence[int]] | None = None,
    methods: Sequence[Method] = METHODS,
) -> Backtest:
    """Hold out the last `holdout` points of each series and project them from the rest.

    Only series where every method can project from the rest count, so the methods are
    compared on the same cases. An empty result (no series long enough) has no summaries.
    """
    if holdout < 1:
        raise ValueError("houd minstens één punt achter")
    cases: list[Case] = []
    skipped = 0
    for name, points in sorted(series.items()):
        ordered = _checked(points)
        rest, held = ordered[:-holdout], ordered[-holdout:]
        if len(rest) < MIN_POINTS:
            skipped += 1
            continue
        known = (breaks or {}).get(name, ())
        projections = [project(rest, [y for y, _ in held], method=m, breaks=known) for m in methods]
        if any(p is None for p in projections):
            skipped += 1
            continue
        for method, projection in zip(methods, projections, strict=True):
            assert projection is not None
            for (year, actual), projected in zip(held, projection.years, strict=True):
                cases.append(Case(name, method, year, actual, projected))
    summaries = {}
    for method in methods:
        mine = [c for c in cases if c.method is method]
        if not mine:
            continue
        relative = [abs(c.error) / abs(c.actual) * 100 for c in mine if c.actual != 0]
        summaries[method] = Summary(
            method=method,
            n_series=len({c.series for c in mine}),
            n_cases=len(mine),
            mae=statistics.fmean(abs(c.error) for c in mine),
            mape=statistics.fmean(relative) if relative else None,
            coverage=sum(c.covered for c in mine) / len(mine),
        )
    return Backtest(holdout, tuple(cases), summaries, skipped)
