"""Per goal: where its series is heading at this pace, whether that reaches the goal, and
how well the method predicted the store's own series before (`nprz outlook`, decision 008).

The adapter between the store and `nprz.core.projection` / `nprz.core.relative_gap`: it reads
each goal's series for its start area as known in the report of the year (the same values
`target_rows` uses), projects it, and compares the projection with the goal.

"Op koers" means: the projected value (point estimate) for the goal's end year — the last
knot of its plan's schedule, or a path's last milestone — is at or beyond the level due then
(the end level of `target_rows`: today's reference value, the fixed norm or level, or the
path's last milestone). Whether the whole 80% interval lies on that side is said separately, because
with three to eight points it rarely does.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from rich.console import Console

from nprz.core import projection as pj
from nprz.core.formatting import MISSING_TEXT, format_number, format_percent, format_value, plain
from nprz.core.periods import Period
from nprz.core.relative_gap import RelativeGap, relative_gap
from nprz.monitor import models as m
from nprz.monitor.targets import Series, TargetRow, check_year, observed_series, target_rows
from nprz.output import Column, Format, emit


@dataclass(frozen=True)
class OutlookRow:
    code: str
    name: str
    pillar: str
    unit: str
    decimals: int
    direction: str  # "hoger" or "lager"
    kind: str  # the target's kind: converge, path, level, qualitative
    area: str  # the start area's code: the series projected
    points: tuple[tuple[int, float], ...]  # the whole series, (year the period ends, value)
    last_period: str
    last_value: Fraction | None
    target_value: Fraction | None  # the target of the report year (from target_rows)
    end_year: int | None  # the year the goal's end level is due
    end_level: Fraction | None
    projection: pj.Projection | None
    reason: str  # why there is no projection; "" when there is one
    projected_year: pj.Projected | None  # for the report year
    projected_end: pj.Projected | None  # for the goal's end year
    on_course: bool | None  # None: no projection or no level to reach
    on_course_sure: bool  # the whole 80% interval is on the same side of the level
    year_reached: int | None
    gap: RelativeGap | None
    gap_reason: str  # why the relative-gap view is missing; "" when it is there
    break_note: str  # the source's own note on a break in the series, if any
    backtest: pj.Summary | None  # the method's record on the store's series

    @property
    def method(self) -> pj.Method | None:
        return self.projection.method if self.projection else None


@dataclass(frozen=True)
class Outlook:
    year: int
    rows: list[OutlookRow]
    backtest: pj.Backtest


def outlook(year: int) -> Outlook:
    """Every goal of `year` (raises UnknownInput for a year the store does not know)."""
    check_year(year)
    rows = target_rows(year)
    targets = list(
        m.Target.objects.select_related(
            "indicator", "plan", "start_area", "reference_area", "reference_indicator"
        ).order_by("indicator__position", "indicator_id", "plan_id")
    )
    inputs = ProjectionInputs.of(year)
    summary = inputs.backtest.summaries.get(pj.Method.TREND_SINDS_BREUK)
    notes = dict(
        m.IndicatorNote.objects.filter(kind="trendbreuk").values_list("indicator__code", "text")
    )
    found = [
        _row(target, row, year, inputs, summary, notes.get(row.code, ""))
        for target, row in zip(targets, rows, strict=True)
    ]
    return Outlook(year, found, inputs.backtest)


@dataclass(frozen=True)
class ProjectionInputs:
    """What every projection of a report year starts from, read once: the store's series,
    the periods counted off their series' reference date, the points that are projected
    from, and the backtest over all of them. `nprz outlook`, the goal pages and the caseload
    page all take their points and the method's record from here."""

    series: Series
    off_date: dict[tuple[int, int], set[str]]
    points: dict[tuple[int, int], list[tuple[int, float]]]  # (indicator id, area id)
    backtest: pj.Backtest

    @classmethod
    def of(cls, year: int) -> ProjectionInputs:
        series = observed_series(year)
        off_date = _off_date(year)
        points = {key: _points(values, off_date.get(key)) for key, values in series.items()}
        codes = dict(m.Indicator.objects.values_list("id", "code"))
        areas = dict(m.Area.objects.values_list("id", "code"))
        labelled = {f"{codes[i]}@{areas[a]}": pts for (i, a), pts in points.items()}
        return cls(series, off_date, points, pj.backtest(labelled))

    def points_of(self, indicator: m.Indicator, area: m.Area) -> list[tuple[int, float]]:
        return self.points.get((indicator.id, area.id), [])

    def record(self, method: pj.Method = pj.Method.TREND_SINDS_BREUK) -> str:
        """The method's backtest in words, as the goal pages and the caseload page show it."""
        return backtest_text(self.backtest.summaries.get(method))


def _off_date(year: int) -> dict[tuple[int, int], set[str]]:
    """Per series the periods counted on another day than the end of the period (their
    reference date, `Observation.reference`: a count on 31 March, an undated current count):
    a line through such a point would mix dates."""
    found: dict[tuple[int, int], set[str]] = {}
    query = m.Observation.objects.known_in(year).exclude(reference="")
    for indicator, area, period, year_end, reference in query.values_list(
        "indicator_id", "area_id", "period", "period_year", "reference"
    ):
        if not m.at_period_end(reference, year_end):
            found.setdefault((indicator, area), set()).add(period)
    return found


def bounds(unit: str) -> tuple[float | None, float | None]:
    """The range a quantity of this unit can take: counts and amounts are not negative, a
    percentage lies between 0 and 100 (scores and ratios are left free)."""
    if unit == "percent":
        return (0.0, 100.0)
    if unit in ("aantal", "euro", "m2"):
        return (0.0, None)
    return (None, None)


def _points(values: list[Any], off_date: set[str] | None = None) -> list[tuple[int, float]]:
    """(year the period ends, value), without counts taken off the series' reference date.
    A period after the report year can belong to it: a count on 1 January 2025 closes the
    report year 2024 (decision 004)."""
    skip = off_date or set()
    by_year = {Period.parse(v.period).year: float(v.value) for v in values if v.period not in skip}
    return sorted(by_year.items())


def _row(
    target: m.Target,
    row: TargetRow,
    year: int,
    inputs: ProjectionInputs,
    summary: pj.Summary | None,
    break_note: str,
) -> OutlookRow:
    key = (target.indicator_id, target.start_area_id)
    skip = inputs.off_date.get(key, set())
    values = inputs.series.get(key, [])
    points = inputs.points.get(key, [])
    direction = row.direction or "hoger"
    end_year, end_level = _end(target, row)
    horizon = max(end_year or year, year)
    projection = pj.project(points, [year, horizon], bounds=bounds(row.unit)) if points else None
    reason = ""
    if projection is None:
        reason = (pj.too_few_reason(points) or "") if points else "geen meetpunten"
    on_course: bool | None = None
    sure = False
    reached = None
    if projection is not None and end_level is not None and end_year is not None:
        at_end = projection.at(end_year)
        level = float(end_level)
        on_course = at_end.value >= level if direction == "hoger" else at_end.value <= level
        # Sure: the interval's edge nearest the level is on the same side as the estimate.
        if direction == "hoger":
            sure = at_end.low >= level if on_course else at_end.high < level
        else:
            sure = at_end.high <= level if on_course else at_end.low > level
        reached = pj.year_reached(projection, level, direction)
    gap, gap_reason = _gap(target, row, inputs.series)
    # The last measurement on the series' own reference date, as the projection uses it.
    last = next((v for v in reversed(values) if v.period not in skip), None)
    return OutlookRow(
        code=row.code,
        name=row.name,
        pillar=row.pillar,
        unit=row.unit,
        decimals=row.decimals,
        direction=direction,
        kind=row.kind,
        area=target.start_area.code,
        points=tuple(points),
        last_period=last.period if last else "",
        last_value=last.value if last else None,
        target_value=row.assessment.target_value,
        end_year=end_year,
        end_level=end_level,
        projection=projection,
        reason=reason,
        projected_year=projection.at(year) if projection else None,
        projected_end=projection.at(horizon) if projection else None,
        on_course=on_course,
        on_course_sure=sure,
        year_reached=reached,
        gap=gap,
        gap_reason=gap_reason,
        break_note=break_note,
        backtest=summary if projection else None,
    )


def _end(target: m.Target, row: TargetRow) -> tuple[int | None, Fraction | None]:
    """The year and level the goal must reach in the end. A qualitative goal has no level,
    but its plan still ends: its projection runs to that year."""
    if target.kind == "qualitative":
        regime = target.plan.regime()
        return (regime.end_year if regime else None), None
    if target.kind == "path":
        if not target.milestones:
            return None, None
        last_year, last_level = target.milestones[-1]
        return int(last_year), Fraction(last_level)
    regime = target.plan.regime()
    return (regime.end_year if regime else None), row.reference_value


def _gap(target: m.Target, row: TargetRow, series: Series) -> tuple[RelativeGap | None, str]:
    if target.kind == "qualitative":
        return None, "kwalitatief doel: geen niveau om de kloof aan te meten"
    if row.start_value is None:
        return None, "de startwaarde ontbreekt"
    if row.current_value is None:
        return None, "er is geen actuele waarde na de start"
    if row.reference_value is None:
        return None, "de actuele referentiewaarde ontbreekt"
    reference_start = row.reference_value  # a norm, level or path end does not move
    if target.kind == "converge" and target.norm_value is None:
        assert target.reference_area is not None
        indicator = target.reference_indicator or target.indicator
        values = series.get((indicator.id, target.reference_area.id), [])
        at_start = next((v for v in values if v.period == target.start_period), None)
        if at_start is None:
            return None, f"de referentiewaarde bij de start ({target.start_period}) ontbreekt"
        reference_start = at_start.value
    return (
        relative_gap(
            start=row.start_value,
            reference_start=reference_start,
            current=row.current_value,
            reference_now=row.reference_value,
        ),
        "",
    )


# --- words and the command's table ------------------------------------------------------------


def value_text(row: OutlookRow, value: float | Fraction | None) -> str:
    if value is None:
        return MISSING_TEXT
    return format_value(Fraction(value), row.unit, row.decimals)


def interval_text(row: OutlookRow, projected: pj.Projected | None) -> str:
    if projected is None:
        return MISSING_TEXT
    return (
        f"{value_text(row, projected.value)} "
        f"({value_text(row, projected.low)} tot {value_text(row, projected.high)})"
    )


def on_course_text(row: OutlookRow) -> str:
    if row.on_course is None:
        return MISSING_TEXT
    word = "ja" if row.on_course else "nee"
    return word if row.on_course_sure else f"{word}, onzeker"


def reached_text(row: OutlookRow) -> str:
    if row.projection is None or row.end_level is None:
        return MISSING_TEXT
    if row.year_reached is None:
        return f"niet vóór {pj.UNTIL}"
    return str(row.year_reached)


def ratio_text(ratio: Fraction | None) -> str:
    return MISSING_TEXT if ratio is None else format_percent(ratio * 100, 0)


def backtest_text(summary: pj.Summary | None) -> str:
    if summary is None:
        return MISSING_TEXT
    mape = format_percent(Fraction(summary.mape), 1) if summary.mape is not None else "–"
    return (
        f"gemiddeld {mape} ernaast één jaar vooruit, interval raak in "
        f"{format_percent(Fraction(summary.coverage * 100), 0)} "
        f"({summary.n_series} reeksen)"
    )


OUTLOOK_COLUMNS = [
    Column(key, key)
    for key in (
        "code",
        "naam",
        "gebied",
        "punten",
        "laatste_periode",
        "laatste_waarde",
        "doel_jaar",
        "prognose_jaar",
        "prognose_jaar_laag",
        "prognose_jaar_hoog",
        "eindjaar",
        "prognose_eind",
        "prognose_eind_laag",
        "prognose_eind_hoog",
        "eindniveau",
        "op_koers",
        "op_koers_zeker",
        "jaar_bereikt",
        "methode",
        "eerste_jaar",
        "laatste_jaar",
        "kloof_start",
        "kloof_nu",
        "verhouding_start",
        "verhouding_nu",
        "divergent",
        "backtest_mape",
        "reden",
    )
]


def machine_row(row: OutlookRow) -> dict[str, Any]:
    p = row.projection
    gap = row.gap
    return {
        "code": row.code,
        "naam": row.name,
        "gebied": row.area,
        "punten": len(row.points),
        "laatste_periode": row.last_period,
        "laatste_waarde": plain(row.last_value),
        "doel_jaar": plain(row.target_value),
        "prognose_jaar": _plain(row.projected_year.value if row.projected_year else None),
        "prognose_jaar_laag": _plain(row.projected_year.low if row.projected_year else None),
        "prognose_jaar_hoog": _plain(row.projected_year.high if row.projected_year else None),
        "eindjaar": row.end_year,
        "prognose_eind": _plain(row.projected_end.value if row.projected_end else None),
        "prognose_eind_laag": _plain(row.projected_end.low if row.projected_end else None),
        "prognose_eind_hoog": _plain(row.projected_end.high if row.projected_end else None),
        "eindniveau": plain(row.end_level),
        "op_koers": row.on_course,
        "op_koers_zeker": row.on_course_sure if row.on_course is not None else None,
        "jaar_bereikt": row.year_reached,
        "methode": p.method.value if p else None,
        "eerste_jaar": p.first_year if p else None,
        "laatste_jaar": p.last_year if p else None,
        "kloof_start": plain(gap.gap_start) if gap else None,
        "kloof_nu": plain(gap.gap_now) if gap else None,
        "verhouding_start": plain(gap.ratio_start) if gap else None,
        "verhouding_nu": plain(gap.ratio_now) if gap else None,
        "divergent": gap.divergent if gap else None,
        "backtest_mape": _plain(row.backtest.mape) if row.backtest else None,
        "reden": row.reason or None,
    }


def _plain(value: float | None) -> float | None:
    return None if value is None else plain(Fraction(value))


def gap_text(row: OutlookRow) -> str:
    gap = row.gap
    if gap is None:
        return MISSING_TEXT
    text = f"{ratio_text(gap.ratio_start)} → {ratio_text(gap.ratio_now)}"
    return f"{text} (divergent)" if gap.divergent else text


def short_reason(row: OutlookRow) -> str:
    """The reason for a missing projection, short enough for a terminal column."""
    if not row.reason:
        return ""
    used = pj.since_break(row.points)
    if len(row.points) < pj.MIN_POINTS or len(used) == len(row.points):
        count = len(row.points)
        return f"{count} {'punt' if count == 1 else 'punten'} (min. {pj.MIN_POINTS})"
    before = row.points[len(row.points) - len(used) - 1][0]
    return f"{len(used)} punten na breuk {before}–{used[0][0]} (min. {pj.MIN_POINTS})"


def human_row(row: OutlookRow, year: int) -> dict[str, str]:
    last = f"{value_text(row, row.last_value)} [dim]{row.last_period or '–'}[/dim]"
    return {
        "code": row.code,
        "laatste": last,
        "doel": value_text(row, row.target_value),
        "jaar": interval_text(row, row.projected_year),
        "eind": interval_text(row, row.projected_end)
        + (f" [dim]{row.end_year}[/dim]" if row.end_year else ""),
        "niveau": value_text(row, row.end_level),
        "koers": on_course_text(row),
        "bereikt": reached_text(row),
        "kloof": gap_text(row),
        "reden": short_reason(row),
    }


def print_outlook(console: Console, fmt: Format, result: Outlook) -> None:
    year = result.year
    ends = sorted({r.end_year for r in result.rows if r.end_year is not None})
    # One end year for all goals names it; several (plans that end apart) say "eindjaar".
    end = str(ends[0]) if len(ends) == 1 else "eindjaar"
    human = [
        Column("code", "Doel", fold=True),
        Column("laatste", "Laatste meting", "right"),
        Column("doel", f"Doel {year}", "right"),
        Column("jaar", f"Prognose {year}", "right"),
        Column("eind", f"Prognose {end}", "right"),
        Column("niveau", f"Niveau {end}", "right"),
        Column("koers", "Op koers"),
        Column("bereikt", "Bereikt"),
        Column("kloof", "Gebied / referentie"),
        Column("reden", "Geen prognose"),
    ]
    lines = []
    for method, summary in result.backtest.summaries.items():
        mape = format_number(Fraction(summary.mape), 1) if summary.mape is not None else "–"
        lines.append(
            f"{method.label}: gemiddeld {mape}% ernaast, interval raak in "
            f"{format_number(Fraction(summary.coverage * 100), 0)}%"
        )
    caption = (
        "Prognose: lineaire trend sinds de laatste breuk, met 80%-interval tussen haakjes. "
        "Gebied / referentie: de waarde als deel van de referentie, bij de start → nu. "
        f"Backtest: het laatste punt van {_n_series(result)} reeksen voorspeld uit de rest. "
        + "; ".join(lines)
    )
    emit(
        console,
        fmt,
        OUTLOOK_COLUMNS,
        [machine_row(r) for r in result.rows],
        [human_row(r, year) for r in result.rows],
        title=f"Prognoses per doel, rapportjaar {year}",
        caption=caption,
        human_columns=human,
    )


def _n_series(result: Outlook) -> int:
    return max((s.n_series for s in result.backtest.summaries.values()), default=0)
