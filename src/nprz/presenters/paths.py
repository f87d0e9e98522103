"""A path chapter on the site and in the report: the tables, chart and sentences built from
`nprz.publication.paths.path_data`. The page (/pad/<anker>/) and the report's chapter call the
same functions, so they show the same rows. Nothing here names a programme: the chapter's
definition gives the indicator, the area, the KPIs and the related sources."""

from __future__ import annotations

from fractions import Fraction

from nprz.charts.specs import Chart, Marker, Point, TargetPath, indicator_chart
from nprz.core import projection
from nprz.core.formatting import (
    MISSING_TEXT,
    format_number,
    format_share,
    format_value,
    in_sentence,
)
from nprz.presenters.common import column_key
from nprz.presenters.tables import Cell, Column, Table, number
from nprz.publication import wording
from nprz.publication.paths import (
    KpiValue,
    PathData,
    PathPoint,
    Stand,
    YearRow,
    period_key,
)

FORECAST_SERIES = "Prognose"


def page_path(anchor: str) -> str:
    return f"/pad/{anchor}/"


def goal_text(data: PathData) -> str:
    """The path's final milestone as the titles name it ("10.000 in <end year>"), from the data."""
    final = data.goal
    return f"{format_number(final.value)} in {final.year}" if final else "het doel"


def title(data: PathData) -> str:
    final = data.goal
    return (
        f"{data.spec.title} op weg naar {format_number(final.value)}" if final else data.spec.title
    )


def horizon(data: PathData) -> int:
    """The last year projected: the path's final milestone."""
    return data.forecast.years[-1].year if data.forecast and data.forecast.years else data.year


def path_series(data: PathData) -> str:
    final = data.goal
    return f"Pad naar {format_number(final.value)}" if final else "Pad"


def kpi_cell(value: KpiValue, unit: str) -> Cell:
    """In Dutch notation with the precision it was printed with; where the print used other
    separators (38.46%), the printed token follows as a note for the analyst (for the
    public it is a note on reading the source, `nprz.publication.wording`)."""
    if value.exact is None or unit not in ("aantal", "percent"):
        return Cell(value.printed, None)
    exact = value.exact.normalize()
    places = max(0, -int(exact.as_tuple().exponent))
    text = format_value(exact, unit, places)
    plain = text.replace(".", "")
    note = "" if value.printed.replace(".", "") == plain else f"gedrukt {value.printed}"
    return Cell(text, number(exact), note=wording.note_for_reader(note))


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


def _met(data: PathData, difference: Fraction) -> bool:
    return difference <= 0 if data.direction == "lager" else difference >= 0


def _verdict(data: PathData, row: YearRow) -> Cell:
    if row.path is None:
        return Cell("geen doel", None)
    if row.path.kind == "start":
        return Cell("startpunt van het pad", None)
    if row.stand is None:
        return Cell("nog geen stand" if row.year > data.year else "stand ontbreekt", None)
    if not row.comparable:
        if row.year > data.year:
            return Cell(f"niet te beoordelen: {row.year} valt na het rapportjaar {data.year}", None)
        moment = row.stand.reference_text or "geen stand aan het eind van het jaar"
        return Cell(f"niet te beoordelen: {moment}", None)
    difference = row.difference
    assert difference is not None
    verdict = "gehaald" if _met(data, difference) else "niet gehaald"
    return Cell(f"{verdict} ({_distance(difference)})", verdict)


def _distance(difference: Fraction) -> str:
    """How far a stand is from its target, with the side: "44 boven het doel"."""
    if difference == 0:
        return "precies op het doel"
    side = "boven" if difference > 0 else "onder"
    return f"{format_number(abs(difference))} {side} het doel"


def year_table(data: PathData, download_path: str = "", query: str = "") -> Table:
    """Per year: the stand with its sources, the path, met or not and by how much."""
    decimals = data.indicator.decimals
    body = []
    for row in data.rows:
        stand, point = row.stand, row.path
        difference = row.difference
        share = difference / point.value if difference is not None and point else None
        remark = stand.reference_text if stand else ""
        if stand is not None and not stand.sources_agree:
            remark = "; ".join(
                [remark, "de bronnen geven verschillende standen: "]
                + [f"{p.printed} ({p.source})" for p in stand.printings]
            ).strip("; ")
        body.append(
            (
                Cell(str(row.year), row.year),
                Cell(_stand_text(stand, decimals), number(stand.value) if stand else None),
                Cell(stand.sources if stand else "–", stand.sources if stand else None),
                Cell(
                    format_number(point.value) if point else "–",
                    number(point.value) if point else None,
                ),
                Cell(_path_kind(point), point.kind if point else None),
                _verdict(data, row),
                Cell(signed(difference), number(difference)),
                Cell(signed_share(share), number(share * 100) if share is not None else None),
                Cell(remark or "–", remark or None),
            )
        )
    return Table(
        slug=f"{data.spec.anchor}-per-jaar-{data.year}",
        title=f"{data.indicator.name} per jaar tegen het {in_sentence(path_series(data))}",
        caption="stand zoals gedrukt, met bron; verschil = stand min doel",
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


def _stand_text(stand: Stand | None, decimals: int) -> str:
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


def interpolation_text(data: PathData) -> str:
    """How the years between milestones get their value, with this path's numbers."""
    start = next((p for p in data.path if p.kind == "start"), None)
    milestones = data.milestones
    if start is None or not milestones:
        return "Het pad heeft geen startstand of geen jaardoelen; tussenwaarden ontbreken."
    last, before = milestones[-1], milestones[-2] if len(milestones) > 1 else start
    step = (before.value - last.value) / (last.year - before.year)
    way = "daalt" if step > 0 else "stijgt"
    return (
        "Tussen twee jaardoelen loopt het pad in een rechte lijn: het verschil tussen twee "
        "opeenvolgende doelen is in gelijke stappen over de jaren ertussen verdeeld, zoals ook "
        f"de status van het doel wordt berekend. Het pad begint bij de stand van eind "
        f"{start.year} ({format_number(start.value)}). Na het doel voor {before.year} "
        f"({format_number(before.value)}) {way} het elk jaar met {format_number(abs(step))}, "
        f"tot {format_number(last.value)} eind {last.year}. Voor {start.year} zegt het pad niets."
    )


def outflow_table(data: PathData, download_path: str = "", query: str = "") -> Table | None:
    """The outflow KPIs per period, one column each, as printed in the progress round."""
    if not data.outflow:
        return None
    periods: list[str] = []
    for series in data.outflow:
        for value in series.values:
            if value.period not in periods:
                periods.append(value.period)
    periods.sort(key=period_key)
    body = []
    for period in periods:
        cells = []
        sources = []
        for series in data.outflow:
            found = series.at(period)
            cells.append(kpi_cell(found, series.spec.unit) if found else Cell(MISSING_TEXT, None))
            if found:
                sources.append(found.source)
        source_text = "; ".join(dict.fromkeys(sources)) or "–"
        body.append((Cell(period), *cells, Cell(source_text, source_text)))
    notes = tuple(f"{s.spec.name}: {s.note}" for s in data.outflow if s.note)
    return Table(
        slug=f"{data.spec.anchor}-uitstroom-{data.year}",
        title="Uitstroom per jaar",
        caption="zoals gedrukt bij de interventies in de voortgangsronde",
        columns=(
            Column("jaar", "Jaar"),
            *(Column(column_key(s.spec.name), s.spec.name, numeric=True) for s in data.outflow),
            Column("bron", "Bron"),
        ),
        rows=tuple(body),
        download_path=download_path,
        download_query=query,
        notes=notes,
    )


def activity_table(data: PathData, download_path: str = "", query: str = "") -> Table | None:
    """The activities: target and realisation per source, each with its source."""
    if not data.activities:
        return None
    body = []
    for a in data.activities:
        sources = "; ".join(
            dict.fromkeys(v.source for v in (a.target, a.realised) if v is not None)
        )
        body.append(
            (
                Cell(a.name),
                Cell(a.document),
                Cell(a.period),
                kpi_cell(a.target, "aantal") if a.target else Cell("–", None),
                kpi_cell(a.realised, "aantal") if a.realised else Cell("niet vermeld", None),
                Cell(signed(a.difference), number(a.difference)),
                Cell(sources or "–", sources or None),
            )
        )
    return Table(
        slug=f"{data.spec.anchor}-activiteiten-{data.year}",
        title="Activiteiten: doel en realisatie",
        caption="per bron; waar bronnen verschillen staan beide",
        columns=(
            Column("activiteit", "Activiteit"),
            Column("document", "Bron"),
            Column("periode", "Periode"),
            Column("doel", "Doel", numeric=True),
            Column("realisatie", "Realisatie", numeric=True),
            Column("verschil", "Realisatie min doel", numeric=True),
            Column("regel", "Vindplaats"),
        ),
        rows=tuple(body),
        download_path=download_path,
        download_query=query,
        notes=data.notes,
    )


def source_differences(data: PathData) -> list[str]:
    """Where two sources give an activity a different realisation for the same period."""
    found = []
    for name in dict.fromkeys(a.name for a in data.activities):
        own = [a for a in data.activities if a.name == name and a.realised is not None]
        for period in dict.fromkeys(a.period for a in own):
            printed = [a for a in own if a.period == period]
            values = {a.realised.value for a in printed if a.realised is not None}
            if len(printed) > 1 and len(values) > 1:
                said = ", ".join(
                    f"{a.document or 'een bron'} {a.realised.printed} ({a.realised.source})"
                    for a in printed
                    if a.realised is not None
                )
                found.append(
                    f"{name} {period}: {said}. Beide staan in de tabel; de bronnen zeggen niet "
                    "welke juist is."
                )
    return found


def forecast_table(data: PathData, download_path: str = "", query: str = "") -> Table:
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
        slug=f"{data.spec.anchor}-prognose-{data.year}",
        title=f"Prognose {in_sentence(data.indicator.name)} tot {horizon(data)}",
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


def forecast_text(data: PathData) -> str:
    """What the projection says about reaching the final goal, or why there is none."""
    forecast = data.forecast
    final = data.goal
    if forecast is None:
        reason = projection.too_few_reason(data.forecast_points) or "geen reeks"
        return f"Er is geen prognose: {reason}. Er is niets geschat."
    prefix = (
        f"Prognose ({forecast.method}). Dit is een doortrekking van het tempo tot nu toe, "
        "geen voorspelling van het effect van beleid."
    )
    if final is None:
        return prefix
    target = format_number(final.value)
    at_end = next((f for f in forecast.years if f.year == final.year), None)
    end_text = (
        f" Eind {final.year} komt de prognose uit op {_number(at_end.value)} "
        f"(tussen {_number(at_end.low)} en {_number(at_end.high)})."
        if at_end is not None
        else ""
    )
    if forecast.reached is None:
        verdict = f" In dit tempo wordt {target} niet vóór {projection.UNTIL} bereikt."
    elif forecast.reached <= final.year:
        verdict = f" In dit tempo wordt {target} bereikt in {forecast.reached}."
    else:
        verdict = (
            f" In dit tempo wordt {target} niet in {final.year} bereikt, maar pas in "
            f"{forecast.reached}."
        )
    return prefix + end_text + verdict


def chart(data: PathData) -> Chart:
    """The stands against the path (and the projection, if there is one): web and PDF."""
    area = data.area.name
    points = [
        Point(area, s.period, s.year, float(s.value), provisional=False)
        for s in data.stands
        if s.value is not None and s.year <= data.year and s.year_end
    ]
    if data.forecast is not None:
        points += [
            Point(FORECAST_SERIES, str(f.year), f.year, f.value, provisional=False)
            for f in data.forecast.years
        ]
    markers = [Marker(f"doel {p.year}", p.year, float(p.value)) for p in data.milestones]
    path = TargetPath(
        in_sentence(path_series(data)), tuple((p.year, float(p.value)) for p in data.path)
    )
    return indicator_chart(
        title=data.indicator.name,
        unit=data.indicator.unit,
        decimals=data.indicator.decimals,
        points=points,
        markers=markers,
        paths=[path] if data.path else [],
        report_year=data.year,
    )


def summary(data: PathData) -> str:
    """The last year-end stand against its year target, in one sentence."""
    row = next((r for r in reversed(data.rows) if r.comparable and r.difference is not None), None)
    if row is None or row.stand is None or row.path is None:
        return "Er is nog geen stand aan het eind van een jaar om met het pad te vergelijken."
    difference = row.difference
    assert difference is not None
    assert row.stand.value is not None
    share = signed_share(difference / row.path.value)
    goal = format_number(row.path.value)
    verdict = (
        f"het doel van {goal} is gehaald"
        if _met(data, difference)
        else f"het doel van {goal} is niet gehaald: {_distance(difference)} ({share})"
    )
    return (
        f"Eind {row.year} was de stand {format_number(row.stand.value)} in {data.area.name} "
        f"({row.stand.sources}); {verdict}."
    )


def date_notes(data: PathData) -> list[str]:
    """Stands that are not an end-of-year count, said in words."""
    return [
        f"De stand bij {s.period} ({format_number(s.value)}) is geen eindejaarsstand: "
        f"{s.reference_text} ({s.sources}). Hij staat in de tabel maar wordt niet met het pad "
        "vergeleken en telt niet mee in de prognose."
        for s in data.stands
        if not s.year_end and s.value is not None and s.year <= data.year
    ]
