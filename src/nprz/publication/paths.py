"""A path chapter's figures (`kind: pad` in the programme's definition): a count on its way to
a goal through yearly milestones, gathered for one report year.

Where the figures live in the store:
- the stands: observations of the chapter's indicator in its area, one per printing (a report
  and a letter may both print a year's count); each with its reference date
  (`Observation.reference`): only a count at the end of its year is judged against the path;
- the path: the indicator's path target (start stand and milestones, straight lines between);
- outflow and activities: the KPIs of interventions the definition names (reused, not
  copied), and related indicators that are another source for an activity.

Nothing is corrected: where sources differ, both rows are shown, each with its source. A
stand that disclosure control hides is shown as hidden, like every other figure.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from nprz.core import projection
from nprz.core.formatting import format_date
from nprz.core.periods import Period
from nprz.core.trajectory import YearOutsideRegime, milestone_value
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor.outlook import ProjectionInputs, bounds
from nprz.programmes.schema import PathChapter, PathKpi
from nprz.publication import wording
from nprz.publication.audience import MASKED


@dataclass(frozen=True)
class Printing:
    """One printed figure with where it stands."""

    value: Fraction | None
    printed: str
    source: str  # "rapport r. 4187", "brief r. 38"
    document: str  # the delivery's document title
    reference: str  # "" (end of the period), a date, or "huidig"
    remark: str  # the footnote


@dataclass(frozen=True)
class Stand:
    """The count of one period, as every source printed it (preferred source first)."""

    period: str
    year: int
    printings: tuple[Printing, ...]

    @property
    def value(self) -> Fraction | None:
        return self.printings[0].value

    @property
    def sources(self) -> str:
        return "; ".join(p.source for p in self.printings)

    @property
    def sources_agree(self) -> bool:
        return len({p.value for p in self.printings}) == 1

    @property
    def year_end(self) -> bool:
        """Counted at the end of its year: every printing's reference date says so."""
        return all(m.at_period_end(p.reference, self.year) for p in self.printings)

    @property
    def remarks(self) -> str:
        return "; ".join(dict.fromkeys(p.remark for p in self.printings if p.remark))

    @property
    def reference_text(self) -> str:
        """The stand's moment in words, when it is not the end of the year."""
        references = {p.reference for p in self.printings} - {"", f"{self.year}-12-31"}
        if m.CURRENT_COUNT in references:
            return "een huidige stand zonder datum"
        dates = [format_date(datetime.date.fromisoformat(d)) for d in sorted(references)]
        return f"peildatum {', '.join(dates)}" if dates else ""


@dataclass(frozen=True)
class PathPoint:
    year: int
    value: Fraction
    kind: str  # "start", "jaardoel", "tussenwaarde"
    source: str


@dataclass(frozen=True)
class YearRow:
    year: int
    stand: Stand | None
    path: PathPoint | None
    comparable: bool  # a year-end stand of a year that is over, on the path

    @property
    def difference(self) -> Fraction | None:
        """Stand minus path: above zero means more than the path allows."""
        if not self.comparable or self.stand is None or self.path is None:
            return None
        value = self.stand.value
        return None if value is None else value - self.path.value

    @property
    def met(self) -> bool | None:
        difference = self.difference
        return None if difference is None else difference <= 0


@dataclass(frozen=True)
class KpiValue:
    period: str
    kind: str  # realisatie / doel / was
    printed: str
    value: Fraction | None
    source: str
    exact: Decimal | None = None  # the stored decimal, for its printed precision


@dataclass(frozen=True)
class KpiSeries:
    spec: PathKpi
    intervention: str
    note: str
    values: tuple[KpiValue, ...]

    def at(self, period: str, kind: str = "realisatie") -> KpiValue | None:
        return next((v for v in self.values if (v.period, v.kind) == (period, kind)), None)


@dataclass(frozen=True)
class Activity:
    """One activity in one source and period: its target and what was realised."""

    name: str
    document: str
    period: str
    target: KpiValue | None
    realised: KpiValue | None
    note: str = ""

    @property
    def difference(self) -> Fraction | None:
        if self.target is None or self.realised is None:
            return None
        if self.target.value is None or self.realised.value is None:
            return None
        return self.realised.value - self.target.value


@dataclass(frozen=True)
class ForecastYear:
    year: int
    value: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Forecast:
    method: str  # how it was computed, in Dutch
    years: tuple[ForecastYear, ...]
    reached: int | None  # the first year at or beyond the final goal (None: not by UNTIL)


@dataclass(frozen=True)
class PathData:
    spec: PathChapter
    year: int  # the report year
    indicator: m.Indicator
    area: m.Area
    stands: tuple[Stand, ...]
    path: tuple[PathPoint, ...]
    rows: tuple[YearRow, ...]
    outflow: tuple[KpiSeries, ...]
    activities: tuple[Activity, ...]
    notes: tuple[str, ...]
    forecast: Forecast | None
    forecast_points: tuple[tuple[int, float], ...]
    direction: str  # "lager" or "hoger": which way the path goes

    @property
    def last_year_end(self) -> Stand | None:
        known = [s for s in self.stands if s.year_end and s.year <= self.year]
        return known[-1] if known else None

    @property
    def milestones(self) -> tuple[PathPoint, ...]:
        return tuple(p for p in self.path if p.kind == "jaardoel")

    @property
    def later_stands(self) -> tuple[Stand, ...]:
        """Stands the sources give for after the report year (a letter's current count)."""
        return tuple(s for s in self.stands if s.year > self.year)

    @property
    def goal(self) -> PathPoint | None:
        return self.path[-1] if self.path else None


def path_data(spec: PathChapter, year: int) -> PathData | None:
    """Everything the page and the report show; None without the indicator or the area."""
    from nprz import publication

    indicator = m.Indicator.objects.filter(code=spec.indicator).first()
    area = m.Area.objects.filter(code=spec.area).first()
    if indicator is None or area is None:
        return None
    hidden = publication.disclosure()
    stands = _stands(indicator, area, year, hidden.hides)
    target = indicator.targets.filter(kind=m.TargetKind.PATH).first()
    kpis = {k: _kpi(k, year) for k in spec.kpis}
    printed_targets = next((s for k, s in kpis.items() if k.role == "pad" and s), None)
    path = _path(target, stands, printed_targets) if target is not None else ()
    rows = _year_rows(year, stands, path)
    outflow = tuple(s for k, s in kpis.items() if k.role == "uitstroom" and s is not None)
    notes = [
        f"{k.name}: KPI '{k.label}' van interventie {k.intervention} ontbreekt in de gegevens."
        for k, s in kpis.items()
        if s is None
    ]
    activities = _activities(spec, kpis, year, area, notes)
    inputs = ProjectionInputs.of(year)
    horizon = path[-1].year if path else year
    points = inputs.points_of(indicator, area)
    direction = indicator.direction or "lager"
    final = float(path[-1].value) if path else None
    return PathData(
        spec=spec,
        year=year,
        indicator=indicator,
        area=area,
        stands=stands,
        path=path,
        rows=rows,
        outflow=outflow,
        activities=activities,
        notes=tuple(notes),
        forecast=_projection(
            points, range(year + 1, horizon + 1), final, direction, inputs.record()
        ),
        forecast_points=tuple(points),
        direction=direction,
    )


def _stands(indicator: m.Indicator, area: m.Area, year: int, hides: object) -> tuple[Stand, ...]:
    # One stand per period and moment: a count at the end of 2025 and a letter's undated
    # current count filed under 2025 are two stands, each with the sources that print it.
    by_moment: dict[tuple[str, bool], list[Printing]] = {}
    observations = (
        m.Observation.objects.filter(indicator=indicator, area=area)
        .known_in(year)
        .preferred_first()
    )
    assert callable(hides)
    for obs in observations:
        hidden = hides(indicator.code, area.code, obs.period)
        key = (obs.period, obs.at_period_end)
        by_moment.setdefault(key, []).append(_printing(obs, hidden))
    stands = [
        Stand(period, Period.parse(period).year, tuple(found))
        for (period, _), found in by_moment.items()
    ]
    return tuple(sorted(stands, key=lambda s: (Period.parse(s.period).sort_key, not s.year_end)))


def _printing(obs: m.Observation, hidden: bool) -> Printing:
    return Printing(
        value=None if hidden or obs.value is None else Fraction(obs.value),
        printed=MASKED if hidden else obs.printed,
        # A report's line names its document ("rapport r. 4187"); a delivery's row does not
        # ("rij 129"), so the analyst gets its title with it. The public gets the document's
        # or the delivery's name instead of the line or row (`wording`).
        source=wording.source(obs.source, obs.vintage.document)
        if obs.vintage.kind == "rapport"
        else wording.source(obs.source, obs.vintage.title)
        if wording.public()
        else f"{obs.vintage.title}, {obs.source}",
        document=obs.vintage.document,
        reference=obs.reference,
        remark=obs.footnote,
    )


def _path(
    target: m.Target, stands: Sequence[Stand], printed: KpiSeries | None
) -> tuple[PathPoint, ...]:
    """The path year by year: the start stand, the milestones, straight lines between.

    A milestone's source is the target's and, where a KPI prints the same year target, that
    line too; a different value there is said."""
    if not target.start_period or not target.milestones:
        return ()
    start_year = Period.parse(target.start_period).year
    start = next((s for s in stands if s.period == target.start_period), None)
    if start is None or start.value is None:
        return ()
    milestones = tuple((int(y), Fraction(v)) for y, v in target.milestones)
    own = dict(milestones)
    points = [PathPoint(start_year, start.value, "start", start.sources)]
    for year in range(start_year + 1, milestones[-1][0] + 1):
        try:
            value = milestone_value(start_year, start.value, milestones, year)
        except YearOutsideRegime:  # pragma: no cover - years start after the start year
            continue
        if year in own:
            points.append(
                PathPoint(year, value, "jaardoel", _milestone_source(target, printed, year, value))
            )
        else:
            points.append(PathPoint(year, value, "tussenwaarde", "berekend (lineair)"))
    return tuple(points)


def _milestone_source(
    target: m.Target, printed: KpiSeries | None, year: int, value: Fraction
) -> str:
    document = wording.report_name(year) if wording.public() else ""
    sources = [f"pad: {wording.source(target.source, document)}"] if target.source else []
    found = printed.at(str(year), "doel") if printed else None
    if found is not None:
        same = found.value == value
        sources.append(found.source if same else f"{found.source} drukt {found.printed}")
    # For the public two references can become the same document's name: once is enough.
    return "; ".join(dict.fromkeys(sources)) or "bron niet vastgelegd"


def _year_rows(
    year: int, stands: Sequence[Stand], path: Sequence[PathPoint]
) -> tuple[YearRow, ...]:
    by_year: dict[int, Stand] = {}
    for item in stands:
        # A year's end-of-year stand goes first; another count of the year only without one.
        if item.year not in by_year or (item.year_end and not by_year[item.year].year_end):
            by_year[item.year] = item
    on_path = {p.year: p for p in path}
    rows = []
    for each in sorted(set(by_year) | set(on_path)):
        stand, point = by_year.get(each), on_path.get(each)
        comparable = (
            stand is not None
            and point is not None
            and point.kind != "start"
            and stand.year_end
            and each <= year
        )
        rows.append(YearRow(each, stand, point, comparable))
    return tuple(rows)


def _kpi(spec: PathKpi, year: int) -> KpiSeries | None:
    """An intervention's KPI with the values of the published rounds up to `year`."""
    pillar, _, number = spec.intervention.partition(":")
    kpi = (
        iv.Kpi.objects.filter(
            intervention__pillar=pillar, intervention__number=number, label=spec.label
        )
        .select_related("intervention")
        .first()
    )
    if kpi is None:
        return None
    values = (
        kpi.values.filter(round__status=iv.RoundStatus.GEPUBLICEERD, round__year__lte=year)
        .select_related("round")
        .order_by("-round__year", "id")
    )
    seen: set[tuple[str, str]] = set()
    found = []
    for value in values:  # the latest round's value of a period and kind wins
        if (value.period, value.kind) in seen:
            continue
        seen.add((value.period, value.kind))
        found.append(
            KpiValue(
                value.period,
                value.kind,
                value.printed,
                Fraction(value.value) if value.value is not None else None,
                wording.source(value.source, wording.report_name(year) if wording.public() else ""),
                value.value,
            )
        )
    found.sort(key=lambda v: (period_key(v.period), v.kind))
    # The KPI's note on how it was read is the analyst's; the public gets what remains.
    return KpiSeries(spec, kpi.intervention.name, wording.text_for_reader(kpi.note), tuple(found))


def period_key(period: str) -> tuple[int, str]:
    """KPI periods are free text ("2024", "31 dec 2023", "eind augustus 2024"): sort by year."""
    digits = [word for word in period.split() if word.isdigit() and len(word) == 4]
    return (int(digits[-1]) if digits else 0, period)


def _activities(
    spec: PathChapter,
    kpis: dict[PathKpi, KpiSeries | None],
    year: int,
    area: m.Area,
    notes: list[str],
) -> tuple[Activity, ...]:
    activities: list[Activity] = []
    for kpi_spec in spec.kpis_of("activiteit"):
        series = kpis.get(kpi_spec)
        values = series.values if series else ()
        for period in dict.fromkeys(v.period for v in values if v.kind != "was"):
            assert series is not None
            activities.append(
                Activity(
                    kpi_spec.name,
                    "voortgangsronde",
                    period,
                    series.at(period, "doel"),
                    series.at(period, "realisatie"),
                    note=f"interventie {series.intervention}"
                    if wording.public()
                    else f"interventie {kpi_spec.intervention} ({series.intervention})",
                )
            )
        if series and series.note:
            notes.append(f"{kpi_spec.name}: {series.note}")
        activities += _related(spec, kpi_spec.name, year, area)
    return tuple(activities)


def _related(spec: PathChapter, name: str, year: int, area: m.Area) -> list[Activity]:
    """Related indicators that are another source for activity `name`: realisations are
    observations, year targets the figures printed as "doel"."""
    found: list[Activity] = []
    for related in spec.related:
        if related.name != name:
            continue
        indicator = m.Indicator.objects.filter(code=related.indicator).first()
        if indicator is None:
            continue
        realised: dict[str, KpiValue] = {}
        documents: dict[str, str] = {}
        observations = (
            m.Observation.objects.filter(indicator=indicator, area=area)
            .known_in(year)
            .preferred_first()
        )
        for obs in observations:
            realised.setdefault(obs.period, _as_kpi_value(obs.period, "realisatie", obs))
            documents.setdefault(obs.period, obs.vintage.document)
        targets: dict[str, KpiValue] = {}
        figures = (
            m.PublishedFigure.objects.known_in(year)
            .filter(indicator=indicator, area=area, kind="doel")
            .order_by("vintage__priority", "id")
        )
        for figure in figures:
            targets.setdefault(figure.period, _as_kpi_value(figure.period, "doel", figure))
            documents.setdefault(figure.period, figure.vintage.document)
        periods = sorted(set(realised) | set(targets), key=lambda p: Period.parse(p).sort_key)
        found += [
            Activity(
                name,
                documents.get(p, ""),
                p,
                targets.get(p),
                realised.get(p),
                note=indicator.name,
            )
            for p in periods
        ]
    return found


def _as_kpi_value(period: str, kind: str, row: m.Observation | m.PublishedFigure) -> KpiValue:
    value = Fraction(row.value) if row.value is not None else None
    vintage = getattr(row, "vintage", None)
    source = wording.source(row.source, vintage.document if vintage is not None else "")
    return KpiValue(period, kind, row.printed, value, source, row.value)


def _projection(
    points: Sequence[tuple[int, float]],
    years: range,
    goal: float | None,
    direction: str,
    record: str,
) -> Forecast | None:
    """The count projected to the path's last milestone with `nprz.core.projection` (a
    straight line through the stands since the last break, with an 80% interval); the same
    points `nprz outlook` projects from. None when there are too few stands."""
    found = projection.project(points, list(years), bounds=bounds("aantal"))
    if found is None:
        return None
    reached = (
        projection.year_reached(found, goal, direction, until=projection.UNTIL)
        if goal is not None
        else None
    )
    # The analyst may compare with the command line; the public reads no commands.
    same_as = "" if wording.public() else ", dezelfde als in nprz outlook"
    method = (
        f"{found.label}, berekend uit de standen {found.first_year}-"
        f"{found.last_year} ({found.n_points} standen{same_as}); "
        f"backtest van deze methode: {record}; onder- en bovengrens: "
        f"{int(projection.LEVEL * 100)}%-voorspelinterval"
    )
    return Forecast(
        method,
        tuple(ForecastYear(p.year, p.value, p.low, p.high) for p in found.years),
        reached,
    )
