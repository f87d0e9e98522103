"""The outlook of every goal, from the store, against an independent recomputation.

The recomputation reads the observations straight from the ORM (preferred vintage per period,
as known in the 2024 report), fits the line with `statistics.linear_regression` and works
out the interval with the textbook formula, so it shares no code with `nprz.core.projection`.
"""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

import pytest

from nprz.core.projection import MAX_GAP, MIN_POINTS, Method
from nprz.monitor import models as m
from nprz.monitor.outlook import Outlook, OutlookRow, outlook

END_YEAR = 2031  # the end of the plans of the bundled programme (plans.yaml)

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def result(store: object, db: None) -> Outlook:
    return outlook(YEAR)


def observed(code: str, area: str = "nprz") -> list[tuple[int, float]]:
    """The series as known in the report of YEAR: one value per period, the vintage with
    the lowest priority number (then the national variant) first; a period whose preferred
    count was taken off the series' reference date ("niet het einde van het jaar" in its
    footnote: the caseload's 31 March 2018 and the letter's undated count) is left out."""
    found: dict[str, tuple[int, float] | None] = {}
    query = m.Observation.objects.filter(
        indicator__code=code,
        area__code=area,
        vintage__report_year__lte=YEAR,
        value__isnull=False,
    ).order_by("period", "vintage__priority", "variant")
    for obs in query:
        off = "niet het einde van het jaar" in obs.footnote
        found.setdefault(obs.period, None if off else (obs.period_year, float(obs.value)))
    return sorted(p for p in found.values() if p is not None)


def by_hand(points: list[tuple[int, float]], year: int) -> tuple[float, float]:
    """OLS estimate and half-width of the 80% prediction interval for 3 points (df 1)."""
    xs, ys = [float(x) for x, _ in points], [y for _, y in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    residuals = [y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)]
    n = len(points)
    s = math.sqrt(sum(r * r for r in residuals) / (n - 2))
    x_mean = sum(xs) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    se = s * math.sqrt(1 + 1 / n + (year - x_mean) ** 2 / sxx)
    assert n == 3, "the closed form t(0,9; 1) = tan(0,4 pi) holds for 3 points only"
    return intercept + slope * year, math.tan(0.4 * math.pi) * se


def since_gap(points: list[tuple[int, float]]) -> list[tuple[int, float]]:
    start = 0
    for i in range(1, len(points)):
        if points[i][0] - points[i - 1][0] > MAX_GAP:
            start = i
    return points[start:]


def row_of(result: Outlook, code: str) -> OutlookRow:
    (row,) = [r for r in result.rows if r.code == code]
    return row


def test_every_goal_appears_with_a_projection_or_a_reason(result: Outlook) -> None:
    goals = list(m.Target.objects.values_list("indicator__code", flat=True))
    assert sorted(r.code for r in result.rows) == sorted(goals)
    for row in result.rows:
        points = observed(row.code, row.area)
        assert len(row.points) == len(points)
        if len(since_gap(points)) >= MIN_POINTS:
            assert row.projection is not None, row.code
            assert row.reason == ""
        else:
            assert row.projection is None, row.code
            assert row.reason.startswith("te weinig meetpunten"), row.reason
            assert f"minimaal {MIN_POINTS}" in row.reason


def test_a_goal_with_two_points_names_the_count(result: Outlook) -> None:
    points = observed("thuisbasis-kinderen-minimum")
    assert len(points) == 2  # 2020 and 2023 in the stoplight table
    row = row_of(result, "thuisbasis-kinderen-minimum")
    assert row.reason == "te weinig meetpunten: 2, minimaal 3"


def test_evictions_projection_equals_the_recomputation(result: Outlook) -> None:
    points = since_gap(observed("mph-ontruimingen"))
    assert len(points) == 3
    row = row_of(result, "mph-ontruimingen")
    assert row.projection is not None
    assert row.projection.method is Method.TREND_SINDS_BREUK
    for projected, year in ((row.projected_year, YEAR), (row.projected_end, END_YEAR)):
        value, half = by_hand(points, year)
        assert projected is not None
        assert projected.value == pytest.approx(value)
        assert projected.high - projected.value == pytest.approx(half, rel=1e-3)
        # A count has no negative values: the interval stops at 0 (2031: 49 - 50 < 0).
        assert projected.low == pytest.approx(max(value - half, 0.0), rel=1e-3)
    assert row.projected_end is not None
    assert row.projected_end.low == 0.0
    # "Evictions stay low" is qualitative: no level, so no on-course judgement.
    assert row.on_course is None
    assert row.year_reached is None


def test_welfare_caseload_against_its_path(result: Outlook) -> None:
    points = since_gap(observed("bijstandsuitkeringen"))
    target = m.Target.objects.get(indicator__code="bijstandsuitkeringen")
    end_year, end_level = target.milestones[-1]
    assert (int(end_year), Fraction(end_level)) == (2031, 10000)
    slope, intercept = statistics.linear_regression(
        [float(x) for x, _ in points], [y for _, y in points]
    )
    at_2031 = intercept + slope * 2031
    row = row_of(result, "bijstandsuitkeringen")
    assert row.projection is not None
    assert row.projection.n_points == len(points)
    assert row.projected_end is not None
    assert row.projected_end.value == pytest.approx(at_2031)
    assert row.end_level == 10000
    assert row.on_course is (at_2031 <= 10000)
    # Sure only when the whole 80% interval lies on the same side of 10.000.
    low, high = row.projected_end.low, row.projected_end.high
    assert row.on_course_sure is (high <= 10000 if row.on_course else low > 10000)
    reached = next((y for y in range(points[-1][0], 2041) if intercept + slope * y <= 10000), None)
    assert row.year_reached == reached
    assert row.last_period == str(points[-1][0])
    assert row.last_value == Fraction(str(points[-1][1]))


def test_relative_gap_from_the_observations(result: Outlook) -> None:
    # advies-havo-vwo converges to the G4: start and reference at the start period, now and
    # the reference at the same (latest) period.
    target = m.Target.objects.select_related("reference_area").get(
        indicator__code="advies-havo-vwo"
    )
    assert target.reference_area is not None
    own = dict(
        m.Observation.objects.filter(
            indicator__code="advies-havo-vwo", area__code="nprz", vintage__report_year__lte=YEAR
        )
        .order_by("-vintage__priority")
        .values_list("period", "value")
    )
    reference = dict(
        m.Observation.objects.filter(
            indicator__code="advies-havo-vwo",
            area=target.reference_area,
            vintage__report_year__lte=YEAR,
        )
        .order_by("-vintage__priority")
        .values_list("period", "value")
    )
    start, now = target.start_period, max(own, key=lambda p: int(p[:4]))
    row = row_of(result, "advies-havo-vwo")
    assert row.gap is not None
    assert row.gap.ratio_start == Fraction(own[start]) / Fraction(reference[start])
    assert row.gap.ratio_now == Fraction(own[now]) / Fraction(reference[now])
    assert row.gap.gap_start == Fraction(reference[start]) - Fraction(own[start])
    narrowed = abs(Fraction(reference[now]) - Fraction(own[now])) < abs(row.gap.gap_start)
    closer = abs(1 - row.gap.ratio_now) < abs(1 - row.gap.ratio_start)
    assert row.gap.divergent is (narrowed != closer)


def test_backtest_runs_over_the_store(result: Outlook) -> None:
    tested = result.backtest
    assert set(tested.summaries) == set(Method)
    # Every series of the store with at least MIN_POINTS points left after holding one out
    # and after its last gap counts, and each method is scored on the same cases.
    series = m.Observation.objects.filter(vintage__report_year__lte=YEAR, value__isnull=False)
    keys = set(series.values_list("indicator__code", "area__code"))
    expected = sum(
        1
        for code, area in keys
        if len(observed(code, area)) > MIN_POINTS
        and len(since_gap(observed(code, area)[:-1])) >= MIN_POINTS
    )
    for summary in tested.summaries.values():
        assert summary.n_series == expected > 0
        assert summary.n_cases == expected
        assert math.isfinite(summary.mae)
        assert summary.mae > 0
        assert summary.mape is not None
        assert math.isfinite(summary.mape)
        assert 0 <= summary.coverage <= 1
    # The naive method, recomputed: the mean of |last training value - held-out value|.
    naive = [
        abs(points[-2][1] - points[-1][1])
        for code, area in keys
        if len(points := observed(code, area)) > MIN_POINTS
        and len(since_gap(points[:-1])) >= MIN_POINTS
    ]
    assert tested.summaries[Method.LAATSTE_WAARDE].mae == pytest.approx(statistics.fmean(naive))


def test_unknown_year_is_refused(store: object, db: None) -> None:
    from nprz.monitor.targets import UnknownInput

    with pytest.raises(UnknownInput, match="onbekend rapportjaar 1999"):
        outlook(1999)
