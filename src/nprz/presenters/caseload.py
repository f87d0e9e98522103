"""Samen voor Zuid on the site and in the report: the tables, chart and sentences built from
`nprz.monitor.caseload.caseload(year)`. The page and the report's chapter call the same
functions, so they show the same rows."""

from __future__ import annotations

from fractions import Fraction

from nprz.charts.specs import Chart, Marker, Point, TargetPath, indicator_chart
from nprz.core import projection
from nprz.core.formatting import MISSING_TEXT, format_number, format_share, format_value
from nprz.monitor.caseload import (
    ACTIVITY_KPIS,
    Caseload,
    KpiValue,
    PathPoint,
    Stand,
    YearRow,
    goal,
    period_key,
)
from nprz.presenters.tables import Cell, Column, Table, number

PATH = "/werk/samen-voor-zuid/"


STAND_SERIES = "NPRZ"


FORECAST_SERIES = "Prognose"


DOCUMENT_NAMES = {"rapport": "Voortgangsrapportage 2024", "brief": "Brief Samen voor Zuid"}


INTERPOLATION_TEXT = (
    "Tussen twee jaardoelen loopt het pad in een rechte lijn: de monitor verdeelt het verschil "
    "tussen twee opeenvolgende doelen in gelijke stappen over de jaren ertussen, zoals hij ook "
    "de status van het doel berekent (nprz.core.trajectory.milestone_value). Het pad begint "
    "bij de stand van eind {start} ({start_value}). Na het doel voor {before} "
    "({before_value}) daalt het elk jaar met {step}, tot {end_value} eind {end}. Voor {start} "
    "zegt het pad niets."
)


def goal_text(data: Caseload) -> str:
    """The path's final milestone as the titles name it ("10.000 in 2031"), from the data."""
    final = data.path[-1] if data.path else None
    return f"{format_number(final.value)} in {final.year}" if final else "het doel"


def horizon(data: Caseload) -> int:
    """The last year projected: the path's final milestone (2031)."""
    return data.forecast.years[-1].year if data.forecast and data.forecast.years else data.year


def path_series(data: Caseload) -> str:
    final = data.path[-1] if data.path else None
    return f"Pad naar {format_number(final.value)}" if final else "Pad"


def kpi_cell(value: KpiValue, unit: str) -> Cell:
    """In Dutch notation with the precision it was printed with; where the print used other
    separators (38.46%), the printed token follows as a note."""
    if value.exact is None or unit not in ("aantal", "percent"):
        return Cell(value.printed, None)
    exact = value.exact.normalize()
    places = max(0, -int(exact.as_tuple().exponent))
    text = format_value(exact, unit, places)
    plain = text.replace(".", "")
    note = "" if value.printed.replace(".", "") == plain else f"gedrukt {value.printed}"
    return Cell(text, number(exact), note=note)


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
        title=f"Bijstandsuitkeringen per jaar tegen het {path_series(data).lower()}",
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
    periods.sort(key=period_key)
    body = []
    for period in periods:
        cells = []
        sources = []
        for key in ("werk", "werk-aandeel", "overig", "overig-aandeel"):
            unit = "percent" if key.endswith("aandeel") else "aantal"
            kpi = series[key]
            found = kpi.at(period) if kpi else None
            cells.append(kpi_cell(found, unit) if found else Cell(MISSING_TEXT, None))
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
                kpi_cell(a.target, "aantal") if a.target else Cell("–", None),
                kpi_cell(a.realised, "aantal") if a.realised else Cell("niet vermeld", None),
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
        title=f"Prognose bijstandsuitkeringen tot {horizon(data)}",
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
    final = goal(data.path)
    if forecast is None:
        reason = projection.too_few_reason(data.forecast_points) or "geen reeks"
        return f"Er is geen prognose: {reason}. Er is niets geschat."
    prefix = (
        f"Prognose ({forecast.method}). Dit is een doortrekking van het tempo tot nu toe, "
        "geen voorspelling van het effect van beleid."
    )
    if final is None:
        return prefix
    target = format_number(Fraction(final))
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
    if data.forecast is not None:
        points += [
            Point(FORECAST_SERIES, str(f.year), f.year, f.value, provisional=False)
            for f in data.forecast.years
        ]
    markers = [Marker(f"doel {p.year}", p.year, float(p.value)) for p in data.milestones]
    path = TargetPath(path_series(data).lower(), tuple((p.year, float(p.value)) for p in data.path))
    return indicator_chart(
        title=data.indicator.name,
        unit=data.indicator.unit,
        decimals=data.indicator.decimals,
        points=points,
        markers=markers,
        paths=[path] if data.path else [],
        report_year=data.year,
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
