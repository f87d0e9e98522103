"""Samen voor Zuid: the welfare caseload of the NPRZ area against its path to 10.000 in 2031.

One presenter for the web page (/werk/samen-voor-zuid/) and the report's chapter
(`nprz.reports.programme.caseload_section`): both call `caseload(year)` and the table and chart
functions below, so the site and the report show the same rows.

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

from django.http import HttpRequest

from nprz.charts.specs import Chart, Marker, Point, indicator_chart
from nprz.core import projection
from nprz.core.formatting import MISSING_TEXT, format_number, format_share, format_value
from nprz.core.periods import Period
from nprz.core.trajectory import YearOutsideRegime, milestone_value
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor.outlook import bounds, method_record, series_points
from nprz.web import params
from nprz.web.pages.common import Page, chart_table, current_year, page
from nprz.web.tables import Cell, Column, Table, number

INDICATOR = "bijstandsuitkeringen"
HOME_VISITS = "verzuim-huisbezoeken"  # the letter's home visits
AREA = "nprz"
PATH = "/werk/samen-voor-zuid/"
END_YEAR = 2031
STAND_SERIES = "NPRZ"
PATH_SERIES = "Pad naar 10.000"
FORECAST_SERIES = "Prognose"
DOCUMENT_NAMES = {"rapport": "Voortgangsrapportage 2024", "brief": "Brief Samen voor Zuid"}

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

INTERPOLATION_TEXT = (
    "Tussen twee jaardoelen loopt het pad in een rechte lijn: de monitor verdeelt het verschil "
    "tussen twee opeenvolgende doelen in gelijke stappen over de jaren ertussen, zoals hij ook "
    "de status van het doel berekent (nprz.core.trajectory.milestone_value). Het pad begint "
    "bij de stand van eind {start} ({start_value}). Na het doel voor {before} "
    "({before_value}) daalt het elk jaar met {step}, tot {end_value} eind {end}. Voor {start} "
    "zegt het pad niets."
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

    def cell(self, unit: str) -> Cell:
        """In Dutch notation with the precision it was printed with; where the print used
        other separators (38.46%), the printed token follows as a note."""
        if self.exact is None or unit not in ("aantal", "percent"):
            return Cell(self.printed, None)
        exact = self.exact.normalize()
        places = max(0, -int(exact.as_tuple().exponent))
        text = format_value(exact, unit, places)
        plain = text.replace(".", "")
        note = "" if self.printed.replace(".", "") == plain else f"gedrukt {self.printed}"
        return Cell(text, number(exact), note=note)


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
    points = series_points(year, indicator, area) if area is not None else []
    return Caseload(
        year=year,
        indicator=indicator,
        stands=stands,
        path=path,
        rows=rows,
        outflow=outflow,
        activities=activities,
        activity_notes=notes,
        forecast=_projection(
            points, range(year + 1, END_YEAR + 1), _goal(path), method_record(year)
        ),
        forecast_points=tuple(points),
        target_source=target.source if target is not None else "",
    )


def _goal(path: Sequence[PathPoint]) -> float | None:
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
    found.sort(key=lambda v: (_period_key(v.period), v.kind))
    return KpiSeries(number, kpi.intervention.name, kpi.label, kpi.note, tuple(found))


def _period_key(period: str) -> tuple[int, str]:
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
    (`outlook.series_points`): the letter's undated current count comes after the report
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


# --- tables and chart shared by the page and the report ------------------------------------


def signed(value: Fraction | None) -> str:
    """A difference with its sign: "+44", "-97", "0"; missing stays a dash."""
    if value is None:
        return MISSING_TEXT
    text = format_number(value)
    return f"+{text}" if value > 0 else text


def signed_share(value: Fraction | None) -> str:
    if value is None:
        return MISSING_TEXT
    text = format_share(value)
    return f"+{text}" if value > 0 else text


def _verdict(row: YearRow, year: int) -> Cell:
    if row.path is None:
        return Cell("geen doel", None)
    if row.path.kind == "start":
        return Cell("startpunt van het pad", None)
    if row.stand is None:
        return Cell("nog geen stand" if row.year > year else "stand ontbreekt", None)
    if not row.comparable:
        if row.year > year:
            return Cell(f"niet te beoordelen: {row.year} valt na het rapportjaar {year}", None)
        return Cell("niet te beoordelen: geen stand aan het eind van het jaar", None)
    difference = row.difference
    assert difference is not None
    if difference <= 0:
        return Cell(f"gehaald ({format_number(-difference)} onder het doel)", "gehaald")
    return Cell(f"niet gehaald ({format_number(difference)} boven het doel)", "niet gehaald")


def year_table(data: Caseload, download_path: str = "", query: str = "") -> Table:
    """Per year: the stand with its sources, the path, met or not and by how much."""
    unit, decimals = "aantal", data.indicator.decimals
    body = []
    for row in data.rows:
        stand, point = row.stand, row.path
        difference = row.difference
        share = difference / point.value if difference is not None and point else None
        remark = stand.remarks if stand else ""
        if stand is not None and not stand.sources_agree:
            remark = "; ".join(
                [remark, "de bronnen geven verschillende standen: "]
                + [f"{p.printed} ({p.source})" for p in stand.printings]
            ).strip("; ")
        body.append(
            (
                Cell(str(row.year), row.year),
                Cell(_stand_text(stand, unit, decimals), number(stand.value) if stand else None),
                Cell(stand.sources if stand else "–", stand.sources if stand else None),
                Cell(
                    format_number(point.value) if point else "–",
                    number(point.value) if point else None,
                ),
                Cell(_path_kind(point), point.kind if point else None),
                _verdict(row, data.year),
                Cell(signed(difference), number(difference)),
                Cell(signed_share(share), number(share * 100) if share is not None else None),
                Cell(remark or "–", remark or None),
            )
        )
    return Table(
        slug=f"bijstand-per-jaar-{data.year}",
        title="Bijstandsuitkeringen per jaar tegen het pad naar 10.000",
        caption="stand zoals gedrukt, met bron; verschil = stand min doel (boven nul: te veel)",
        columns=(
            Column("jaar", "Jaar"),
            Column("stand", "Stand", numeric=True),
            Column("bron", "Bron van de stand"),
            Column("pad", "Pad (doel)", numeric=True),
            Column("soort", "Soort padwaarde"),
            Column("oordeel", "Doel gehaald?"),
            Column("verschil", "Verschil", numeric=True),
            Column("verschil_pct", "Verschil in % van het doel", numeric=True),
            Column("opmerking", "Opmerking"),
        ),
        rows=tuple(body),
        download_path=download_path,
        download_query=query,
        notes=(interpolation_text(data),) if data.path else (),
    )


def _stand_text(stand: Stand | None, unit: str, decimals: int) -> str:
    if stand is None:
        return "–"
    if stand.value is None:
        return stand.printings[0].printed or "ontbreekt"
    return format_number(stand.value, decimals)


def _path_kind(point: PathPoint | None) -> str:
    if point is None:
        return "–"
    if point.kind == "start":
        return f"startstand ({point.source})"
    if point.kind == "jaardoel":
        return f"jaardoel ({point.source})"
    return "tussenwaarde, lineair berekend"


def interpolation_text(data: Caseload) -> str:
    """How the years between milestones get their value, with this path's numbers."""
    start = next((p for p in data.path if p.kind == "start"), None)
    milestones = data.milestones
    if start is None or not milestones:
        return "Het pad heeft geen startstand of geen jaardoelen; tussenwaarden ontbreken."
    last, before = milestones[-1], milestones[-2] if len(milestones) > 1 else start
    step = (before.value - last.value) / (last.year - before.year)
    return INTERPOLATION_TEXT.format(
        start=start.year,
        start_value=format_number(start.value),
        before=before.year,
        before_value=format_number(before.value),
        step=format_number(step),
        end_value=format_number(last.value),
        end=last.year,
    )


def outflow_table(data: Caseload, download_path: str = "", query: str = "") -> Table:
    """Outflow to work and other outflow per year, with the area's share of Rotterdam's."""
    series = data.outflow
    periods: list[str] = []
    for each in series.values():
        for value in each.values if each else ():
            if value.period not in periods:
                periods.append(value.period)
    periods.sort(key=_period_key)
    body = []
    for period in periods:
        cells = []
        sources = []
        for key in ("werk", "werk-aandeel", "overig", "overig-aandeel"):
            unit = "percent" if key.endswith("aandeel") else "aantal"
            kpi = series[key]
            found = kpi.at(period) if kpi else None
            cells.append(found.cell(unit) if found else Cell(MISSING_TEXT, None))
            if found:
                sources.append(found.source)
        source_text = "; ".join(dict.fromkeys(sources)) or "–"
        body.append((Cell(period), *cells, Cell(source_text, source_text)))
    notes = tuple(
        f"{each.label}: {each.note}" for each in series.values() if each is not None and each.note
    )
    missing = [key for key, each in series.items() if each is None]
    if missing:
        notes += (f"Ontbrekende reeksen in de gegevens: {', '.join(missing)}.",)
    return Table(
        slug=f"bijstand-uitstroom-{data.year}",
        title="Uitstroom uit de bijstand in het NPRZ-gebied",
        caption="zoals gedrukt bij Werk-interventie 5; aandeel = deel van de uitstroom in heel "
        "Rotterdam",
        columns=(
            Column("jaar", "Jaar"),
            Column("werk", "Uitstroom naar werk", numeric=True),
            Column("werk_aandeel", "Aandeel van Rotterdam", numeric=True),
            Column("overig", "Uitstroom overig", numeric=True),
            Column("overig_aandeel", "Aandeel van Rotterdam (overig)", numeric=True),
            Column("bron", "Bron"),
        ),
        rows=tuple(body),
        download_path=download_path,
        download_query=query,
        notes=notes,
    )


def activity_table(data: Caseload, download_path: str = "", query: str = "") -> Table:
    """The activity KPIs: target and realisation per source, each with its line."""
    body = []
    for a in data.activities:
        sources = "; ".join(
            dict.fromkeys(v.source for v in (a.target, a.realised) if v is not None)
        )
        body.append(
            (
                Cell(a.name),
                Cell(DOCUMENT_NAMES.get(a.document, a.document), a.document),
                Cell(a.period),
                a.target.cell("aantal") if a.target else Cell("–", None),
                a.realised.cell("aantal") if a.realised else Cell("niet vermeld", None),
                Cell(signed(a.difference), number(a.difference)),
                Cell(sources or "–", sources or None),
            )
        )
    return Table(
        slug=f"samen-voor-zuid-activiteiten-{data.year}",
        title="Activiteiten van Samen voor Zuid: doel en realisatie",
        caption="per bron; waar rapport en brief verschillen staan beide",
        columns=(
            Column("activiteit", "Activiteit"),
            Column("document", "Bron"),
            Column("periode", "Periode"),
            Column("doel", "Doel", numeric=True),
            Column("realisatie", "Realisatie", numeric=True),
            Column("verschil", "Realisatie min doel", numeric=True),
            Column("regel", "Regel"),
        ),
        rows=tuple(body),
        download_path=download_path,
        download_query=query,
        notes=data.activity_notes,
    )


def home_visit_differences(data: Caseload) -> list[str]:
    """Where the report and the letter print a different realisation for the same year."""
    name = ACTIVITY_KPIS[0][2]
    own = [a for a in data.activities if a.name == name and a.realised is not None]
    found = []
    for period in dict.fromkeys(a.period for a in own):
        printed = {a.document: a.realised for a in own if a.period == period}
        report, letter = printed.get("rapport"), printed.get("brief")
        if report and letter and report.value != letter.value:
            found.append(
                f"Huisbezoeken {period}: de voortgangsrapportage drukt {report.printed} "
                f"({report.source}), de brief {letter.printed} ({letter.source}). Beide staan in "
                "de tabel; de bronnen zeggen niet welke juist is. In de rapportage is "
                f"{letter.printed} het aantal aanmeldingen voor een thuisbezoek."
                if _is_signups(data, period, letter)
                else f"Huisbezoeken {period}: de voortgangsrapportage drukt {report.printed} "
                f"({report.source}), de brief {letter.printed} ({letter.source}). Beide staan "
                "in de tabel; de bronnen zeggen niet welke juist is."
            )
    return found


def _is_signups(data: Caseload, period: str, letter: KpiValue) -> bool:
    signups = ACTIVITY_KPIS[1][2]
    return any(
        a.name == signups
        and a.period == period
        and a.realised is not None
        and a.realised.value == letter.value
        for a in data.activities
    )


def forecast_table(data: Caseload, download_path: str = "", query: str = "") -> Table:
    forecast = data.forecast
    on_path = {p.year: p for p in data.path}
    rows = []
    for each in forecast.years if forecast else ():
        point = on_path.get(each.year)
        rows.append(
            (
                Cell(str(each.year), each.year),
                Cell(format_number(Fraction(each.value)), round(each.value)),
                Cell(_number(each.low), _rounded(each.low)),
                Cell(_number(each.high), _rounded(each.high)),
                Cell(
                    format_number(point.value) if point else "–",
                    number(point.value) if point else None,
                ),
            )
        )
    return Table(
        slug=f"bijstand-prognose-{data.year}",
        title="Prognose bijstandsuitkeringen tot 2031",
        caption=forecast.method if forecast else "geen prognose beschikbaar",
        columns=(
            Column("jaar", "Jaar"),
            Column("prognose", "Prognose", numeric=True),
            Column("laag", "Ondergrens", numeric=True),
            Column("hoog", "Bovengrens", numeric=True),
            Column("pad", "Pad (doel)", numeric=True),
        ),
        rows=tuple(rows),
        download_path=download_path,
        download_query=query,
    )


def _rounded(value: float | None) -> int | None:
    return round(value) if value is not None else None


def _number(value: float | None) -> str:
    return format_number(Fraction(value)) if value is not None else MISSING_TEXT


def forecast_text(data: Caseload) -> str:
    """What the projection says about reaching the final goal, or why there is none."""
    forecast = data.forecast
    goal = _goal(data.path)
    if forecast is None:
        reason = projection.too_few_reason(data.forecast_points) or "geen reeks"
        return f"Er is geen prognose: {reason}. Er is niets geschat."
    prefix = (
        f"Prognose ({forecast.method}). Dit is een doortrekking van het tempo tot nu toe, "
        "geen voorspelling van het effect van beleid."
    )
    if goal is None:
        return prefix
    target = format_number(Fraction(goal))
    last = data.path[-1].year
    at_end = next((f for f in forecast.years if f.year == last), None)
    end_text = (
        f" Eind {last} komt de prognose uit op {_number(at_end.value)} "
        f"(tussen {_number(at_end.low)} en {_number(at_end.high)})."
        if at_end is not None
        else ""
    )
    if forecast.reached is None:
        verdict = f" In dit tempo wordt {target} niet vóór {projection.UNTIL} bereikt."
    elif forecast.reached <= last:
        verdict = f" In dit tempo wordt {target} bereikt in {forecast.reached}."
    else:
        verdict = (
            f" In dit tempo wordt {target} niet in {last} bereikt, maar pas in {forecast.reached}."
        )
    return prefix + end_text + verdict


def chart(data: Caseload) -> Chart:
    """The stands against the path (and the projection, if there is one): web and PDF."""
    points = [
        Point(STAND_SERIES, s.period, s.year, float(s.value), provisional=False)
        for s in data.stands
        if s.value is not None and s.year <= data.year
    ]
    points += [
        Point(PATH_SERIES, str(p.year), p.year, float(p.value), provisional=False)
        for p in data.path
    ]
    if data.forecast is not None:
        points += [
            Point(FORECAST_SERIES, str(f.year), f.year, f.value, provisional=False)
            for f in data.forecast.years
        ]
    markers = [Marker(f"doel {p.year}", p.year, float(p.value)) for p in data.milestones]
    return indicator_chart(
        title=data.indicator.name,
        unit=data.indicator.unit,
        decimals=data.indicator.decimals,
        points=points,
        markers=markers,
    )


def summary(data: Caseload) -> str:
    """The state of the last year-end stand against its year target, in one sentence."""
    row = next((r for r in reversed(data.rows) if r.comparable and r.difference is not None), None)
    if row is None or row.stand is None or row.path is None:
        return "Er is nog geen stand aan het eind van een jaar om met het pad te vergelijken."
    difference = row.difference
    assert difference is not None
    assert row.stand.value is not None
    share = signed_share(difference / row.path.value)
    verdict = (
        f"het doel van {format_number(row.path.value)} is gehaald"
        if difference <= 0
        else f"het doel van {format_number(row.path.value)} is niet gehaald, met "
        f"{format_number(difference)} uitkeringen te veel ({share})"
    )
    return (
        f"Eind {row.year} waren er {format_number(row.stand.value)} bijstandsuitkeringen in het "
        f"NPRZ-gebied ({row.stand.sources}); {verdict}."
    )


def date_notes(data: Caseload) -> list[str]:
    """Stands that are not an end-of-year count, said in words."""
    return [
        f"De stand bij {s.period} ({format_number(s.value)}) is geen eindejaarsstand: {s.remarks} "
        f"({s.sources}). Hij staat in de tabel maar wordt niet met het pad vergeleken."
        for s in data.stands
        if not s.year_end and s.value is not None and s.year <= data.year
    ]


# --- the page ------------------------------------------------------------------------------


def build(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    data = caseload(year.value)
    crumbs = [{"href": year.link("/"), "label": "Overzicht"}, {"label": "Samen voor Zuid"}]
    title = "Samen voor Zuid: bijstand op weg naar 10.000"
    if data is None:
        context = page(request.path, title, year, data=None, crumbs=crumbs)
        return Page("web/caseload.html", context)
    query = year.link("")
    per_year = year_table(data, f"{PATH}per-jaar", query)
    outflow = outflow_table(data, f"{PATH}uitstroom", query)
    activities = activity_table(data, f"{PATH}activiteiten", query)
    forecast = forecast_table(data, f"{PATH}prognose", query)
    drawn = chart(data)
    drawn_data = chart_table(drawn, f"bijstand-grafiek-{year.value}", f"{PATH}grafiek-data")
    context = page(
        request.path,
        title,
        year,
        data=data,
        summary=summary(data),
        date_notes=date_notes(data),
        later=[
            (s, format_number(s.value) if s.value is not None else s.printings[0].printed)
            for s in data.later_stands
        ],
        differences=home_visit_differences(data),
        chart=drawn,
        chart_src=year.link(f"{PATH}grafiek.svg"),
        chart_data=drawn_data,
        per_year=per_year,
        outflow=outflow,
        activities=activities,
        forecast=forecast,
        forecast_text=forecast_text(data),
        interpolation=interpolation_text(data),
        indicator_href=year.indicator(INDICATOR),
        crumbs=crumbs,
    )
    return Page(
        "web/caseload.html",
        context,
        tables={
            "per-jaar": per_year,
            "uitstroom": outflow,
            "activiteiten": activities,
            "prognose": forecast,
            "grafiek-data": drawn_data,
        },
        charts={"grafiek": drawn},
    )
