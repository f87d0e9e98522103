"""Samen voor Zuid: what the store holds about the welfare caseload of the NPRZ area and its
path to 10.000 in 2031, gathered for one report year (`caseload(year)`).

The page (/werk/samen-voor-zuid/, `nprz.web.pages.caseload`) and the report's chapter
(`nprz.reports.programme.caseload_section`) both build their tables and chart from this.

Where the figures live in the store:
- the stands: observations of indicator `bijstandsuitkeringen` in the NPRZ area, one per
  printing (the report's series, r. 4187-4193, and the letter's figures);
- the path: the indicator's Target (kind path): its start stand and milestones;
- outflow, jobhunters and the report's home visits: the KPIs of the Werk interventions 5, 7
  and 24, as the report printed them (reused, not copied);
- the letter's home visits: indicator `verzuim-huisbezoeken` (observation and year targets),
  because a KPI value can only point at a line of the report.

Nothing is corrected: where the report and the letter differ, both rows are shown, each with
its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from nprz.core import projection
from nprz.core.periods import Period
from nprz.core.trajectory import YearOutsideRegime, milestone_value
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor.outlook import ProjectionInputs, bounds

INDICATOR = "bijstandsuitkeringen"
HOME_VISITS = "verzuim-huisbezoeken"  # the letter's home visits
AREA = "nprz"
END_YEAR = 2031

# The report's KPIs this page reuses: (Werk intervention number, KPI label as printed).
SERIES_KPI = ("4", "Bijstandsuitkeringen in het NPRZ-gebied")  # its "doel" values: the path
OUTFLOW_WORK = ("5", "Uitstroom naar Werk in NPRZ-gebied")
OUTFLOW_WORK_SHARE = ("5", "Uitstroom naar Werk in NPRZ-gebied, % van het totaal in Rotterdam")
OUTFLOW_OTHER = ("5", "Uitstroom Overig in NPRZ-gebied")
OUTFLOW_OTHER_SHARE = ("5", "Uitstroom Overig in NPRZ-gebied, % van het totaal in Rotterdam")
ACTIVITY_KPIS = (
    ("24", "Extra huisbezoeken in NPRZ-gebied", "Huisbezoeken verzuimaanpak"),
    ("24", "Aanmeldingen voor een thuisbezoek van het verzuimteam", "Aanmeldingen thuisbezoek"),
    (
        "7",
        "Uitstroom door inzet van jobhunters (gerealiseerde arbeidsovereenkomsten)",
        "Jobhunters: arbeidsovereenkomsten",
    ),
)


# --- what the store holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Printing:
    """One printed figure with where it stands."""

    value: Fraction | None
    printed: str
    source: str  # "rapport r. 4187", "brief r. 38"
    table: str  # the printed table (vintage) it belongs to
    remark: str  # our own note (footnote), e.g. the date of the count

    @property
    def document(self) -> str:
        return self.source.split(" ", 1)[0]


@dataclass(frozen=True)
class Stand:
    """The caseload of one period, as every source printed it (preferred source first)."""

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
        """Counted at the end of its year. A remark naming another date ("peildatum 31 maart")
        or an undated count ("huidige stand") says it is not."""
        remarks = " ".join(p.remark for p in self.printings)
        if "huidige stand" in remarks:
            return False
        return not ("peildatum" in remarks and "31 december" not in remarks)

    @property
    def remarks(self) -> str:
        return "; ".join(dict.fromkeys(p.remark for p in self.printings if p.remark))


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
        """Stand minus path: above zero means more benefits than the path allows."""
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
    number: str  # the Werk intervention's number
    intervention: str
    label: str
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
    method: str  # how it was computed, in Dutch, for the page
    years: tuple[ForecastYear, ...]
    reached: int | None  # the first year at or under the final goal (None: not by 2040)


@dataclass(frozen=True)
class Caseload:
    year: int  # the report year
    indicator: m.Indicator
    stands: tuple[Stand, ...]
    path: tuple[PathPoint, ...]
    rows: tuple[YearRow, ...]
    outflow: dict[str, KpiSeries | None]
    activities: tuple[Activity, ...]
    activity_notes: tuple[str, ...]
    forecast: Forecast | None
    forecast_points: tuple[tuple[int, float], ...]
    target_source: str

    @property
    def last_year_end(self) -> Stand | None:
        known = [s for s in self.stands if s.year_end and s.year <= self.year]
        return known[-1] if known else None

    @property
    def milestones(self) -> tuple[PathPoint, ...]:
        return tuple(p for p in self.path if p.kind == "jaardoel")

    @property
    def later_stands(self) -> tuple[Stand, ...]:
        """Stands the sources give for after the report year (the letter's current count)."""
        return tuple(s for s in self.stands if s.year > self.year)


def caseload(year: int) -> Caseload | None:
    """Everything the page and the report show, from the store; None without the indicator."""
    indicator = m.Indicator.objects.filter(code=INDICATOR).first()
    if indicator is None:
        return None
    stands = _stands(indicator, year)
    target = indicator.targets.filter(kind=m.TargetKind.PATH).first()
    printed_targets = _kpi(*SERIES_KPI, year)
    path = _path(target, stands, printed_targets) if target is not None else ()
    rows = _year_rows(year, stands, path)
    kpis = {key: _kpi(*key, year) for key in (OUTFLOW_WORK, OUTFLOW_WORK_SHARE, OUTFLOW_OTHER)}
    kpis[OUTFLOW_OTHER_SHARE] = _kpi(*OUTFLOW_OTHER_SHARE, year)
    outflow = {
        "werk": kpis[OUTFLOW_WORK],
        "werk-aandeel": kpis[OUTFLOW_WORK_SHARE],
        "overig": kpis[OUTFLOW_OTHER],
        "overig-aandeel": kpis[OUTFLOW_OTHER_SHARE],
    }
    activities, notes = _activities(year)
    area = m.Area.objects.filter(code=AREA).first()
    inputs = ProjectionInputs.of(year)
    # Projected up to the path's last milestone (10.000 in 2031), or the programme's end.
    horizon = path[-1].year if path else END_YEAR
    points = inputs.points_of(indicator, area) if area is not None else []
    return Caseload(
        year=year,
        indicator=indicator,
        stands=stands,
        path=path,
        rows=rows,
        outflow=outflow,
        activities=activities,
        activity_notes=notes,
        forecast=_projection(points, range(year + 1, horizon + 1), goal(path), inputs.record()),
        forecast_points=tuple(points),
        target_source=target.source if target is not None else "",
    )


def goal(path: Sequence[PathPoint]) -> float | None:
    """The path's final milestone (10.000 in 2031)."""
    return float(path[-1].value) if path else None


def _stands(indicator: m.Indicator, year: int) -> tuple[Stand, ...]:
    by_period: dict[str, list[Printing]] = {}
    observations = (
        m.Observation.objects.filter(indicator=indicator, area__code=AREA)
        .known_in(year)
        .preferred_first()
    )
    for obs in observations:
        by_period.setdefault(obs.period, []).append(_printing(obs))
    stands = [
        Stand(period, Period.parse(period).year, tuple(found))
        for period, found in by_period.items()
    ]
    return tuple(sorted(stands, key=lambda s: Period.parse(s.period).sort_key))


def _printing(obs: m.Observation) -> Printing:
    return Printing(
        value=Fraction(obs.value) if obs.value is not None else None,
        printed=obs.printed,
        source=obs.source,
        table=obs.vintage.title,
        remark=obs.footnote,
    )


def _path(
    target: m.Target, stands: Sequence[Stand], printed: KpiSeries | None
) -> tuple[PathPoint, ...]:
    """The path year by year: the start stand, the milestones, straight lines between.

    A milestone's source is the target's (the letter) and, where the report prints the same
    year target at its caseload KPI, that line too; a different value there is said."""
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
    sources = [f"pad: {target.source}"] if target.source else []
    found = printed.at(str(year), "doel") if printed else None
    if found is not None:
        same = found.value == value
        sources.append(found.source if same else f"{found.source} drukt {found.printed}")
    return "; ".join(sources) or "bron niet vastgelegd"


def _year_rows(
    year: int, stands: Sequence[Stand], path: Sequence[PathPoint]
) -> tuple[YearRow, ...]:
    by_year: dict[int, Stand] = {}
    for item in stands:
        by_year.setdefault(item.year, item)
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


def _kpi(number: str, label: str, year: int) -> KpiSeries | None:
    """A Werk intervention's KPI with the values of the published rounds up to `year`."""
    kpi = (
        iv.Kpi.objects.filter(intervention__pillar="werk", intervention__number=number, label=label)
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
                value.source,
                value.value,
            )
        )
    found.sort(key=lambda v: (period_key(v.period), v.kind))
    return KpiSeries(number, kpi.intervention.name, kpi.label, kpi.note, tuple(found))


def period_key(period: str) -> tuple[int, str]:
    """KPI periods are free text ("2024", "31 dec 2023", "eind augustus 2024"): sort by year."""
    digits = [word for word in period.split() if word.isdigit() and len(word) == 4]
    return (int(digits[-1]) if digits else 0, period)


def _activities(year: int) -> tuple[tuple[Activity, ...], tuple[str, ...]]:
    activities: list[Activity] = []
    notes: list[str] = []
    for index, (code, label, name) in enumerate(ACTIVITY_KPIS):
        series = _kpi(code, label, year)
        if series is None:
            notes.append(f"{name}: KPI '{label}' van Werk-interventie {code} ontbreekt.")
        values = series.values if series else ()
        periods = list(dict.fromkeys(v.period for v in values if v.kind != "was"))
        for period in periods:
            assert series is not None
            activities.append(
                Activity(
                    name,
                    "rapport",
                    period,
                    series.at(period, "doel"),
                    series.at(period, "realisatie"),
                    note=f"Werk-interventie {code} ({series.intervention})",
                )
            )
        if series and series.note:
            notes.append(f"{name} (rapport): {series.note}")
        if index == 0:  # the letter's home visits right under the report's
            activities += _letter_home_visits(year)
    return tuple(activities), tuple(notes)


def _letter_home_visits(year: int) -> list[Activity]:
    """The letter's home visits: realisations are observations, year targets published figures."""
    indicator = m.Indicator.objects.filter(code=HOME_VISITS).first()
    if indicator is None:
        return []
    realised: dict[str, KpiValue] = {}
    observations = (
        m.Observation.objects.filter(indicator=indicator, area__code=AREA)
        .known_in(year)
        .preferred_first()
    )
    for obs in observations:
        realised.setdefault(obs.period, _as_kpi_value(obs.period, "realisatie", obs))
    targets: dict[str, KpiValue] = {}
    figures = (
        m.PublishedFigure.objects.known_in(year)
        .filter(indicator=indicator, kind="doel")
        .order_by("vintage__priority", "id")
    )
    for figure in figures:
        targets.setdefault(figure.period, _as_kpi_value(figure.period, "doel", figure))
    periods = sorted(set(realised) | set(targets), key=lambda p: Period.parse(p).sort_key)
    name = ACTIVITY_KPIS[0][2]
    return [
        Activity(name, "brief", p, targets.get(p), realised.get(p), note=indicator.name)
        for p in periods
    ]


def _as_kpi_value(period: str, kind: str, row: m.Observation | m.PublishedFigure) -> KpiValue:
    value = Fraction(row.value) if row.value is not None else None
    return KpiValue(period, kind, row.printed, value, row.source, row.value)


def _projection(
    points: Sequence[tuple[int, float]], years: range, goal: float | None, record: str
) -> Forecast | None:
    """The caseload projected to 2031 with `nprz.core.projection` (its default method: a
    straight line through the stands since the last break, with an 80% interval). `points`
    are the stands up to the report year, the same `nprz outlook` projects from
    (`outlook.ProjectionInputs`): the letter's undated current count comes after the report
    year and is left out; the 31 March 2018 count is in, as the table of stands says. None
    when there are too few stands."""
    found = projection.project(points, list(years), bounds=bounds("aantal"))
    if found is None:
        return None
    reached = (
        projection.year_reached(found, goal, "lager", until=projection.UNTIL)
        if goal is not None
        else None
    )
    method = (
        f"{found.label}, berekend uit de standen {found.first_year}-"
        f"{found.last_year} ({found.n_points} standen, dezelfde als in nprz outlook); "
        f"backtest van deze methode: {record}; onder- en bovengrens: "
        f"{int(projection.LEVEL * 100)}%-voorspelinterval"
    )
    return Forecast(
        method,
        tuple(ForecastYear(p.year, p.value, p.low, p.high) for p in found.years),
        reached,
    )
