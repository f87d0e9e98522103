"""An area's tables and map as the website and the area documents show them: its latest
figures, its moving flows, where it lies.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from nprz import programmes, publication
from nprz.charts.maps import area_map, map_names
from nprz.charts.specs import Chart, flows_chart
from nprz.core.periods import Period
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.monitor.values import ValueRow
from nprz.presenters.common import ReportYear, pillar_name, row_cell
from nprz.presenters.tables import Cell, Column, Table
from nprz.programmes.schema import FlowsChapter

KINDS = {
    "land": "land",
    "stedengroep": "groep van steden",
    "gemeente": "gemeente",
    "programmagebied": "programmagebied",
    "wijkgroep": "groep wijken",
    "gebied": "gebied",
    "wijk": "wijk",
    "buurt": "buurt",
}


def values_by_indicator(area: m.Area, year: int) -> dict[str, list[ValueRow]]:
    """Per indicator code, the area's values by period, oldest first."""
    found: dict[str, list[ValueRow]] = {}
    for row in publication.values(year, area=area):
        found.setdefault(row.indicator.code, []).append(row)
    return found


def figures_table(
    area: m.Area,
    values: dict[str, list[ValueRow]],
    year: ReportYear,
    *,
    leave_out: Collection[str] = (),
) -> Table:
    """The area's latest value of each indicator, but those in `leave_out` (a breakdown
    shown folded away beside its totals, `breakdown_table`)."""
    rows = []
    for code, series in values.items():
        last = series[-1]
        indicator = last.indicator
        if last.delivered_context or code in leave_out:
            continue  # in the table of delivered figures, beside the areas compared
        rows.append(
            (
                Cell(indicator.name, indicator.code, href=year.indicator(indicator.code)),
                Cell(pillar_name(indicator.pillar), indicator.pillar),
                Cell(last.period),
                row_cell(last),
                Cell(last.status, last.status),
            )
        )
    return Table(
        slug=f"cijfers-{area.code}-{year.value}",
        title=f"Laatste cijfers voor {area.name}",
        caption=f"{len(rows)} indicatoren met een waarde voor dit gebied; "
        "afgeleid = door het rapport uit andere cijfers berekend",
        columns=(
            Column("indicator", "Indicator"),
            Column("pijler", "Pijler"),
            Column("periode", "Periode"),
            Column("waarde", "Waarde", numeric=True),
            Column("status", "Status"),
        ),
        rows=tuple(rows),
        download_path=f"/gebieden/{area.code}/cijfers",
        download_query=year.link(""),
    )


def breakdown_table(
    area: m.Area, values: dict[str, list[ValueRow]], year: ReportYear, spec: FlowsChapter
) -> Table | None:
    """The latest values of a flows chapter's breakdown (arrivals by origin, departures by
    destination) for `area`, in the chapter's order and with its labels; None without any."""
    parts = [*spec.inflow, *spec.outflow]
    rows = []
    for part in parts:
        series = values.get(part.indicator)
        if not series:
            continue
        last = series[-1]
        rows.append(
            (
                Cell(last.indicator.name, part.indicator, href=year.indicator(part.indicator)),
                Cell(last.period),
                row_cell(last),
            )
        )
    if not rows:
        return None
    return Table(
        slug=f"{spec.anchor}-uitsplitsing-{area.code}-{year.value}",
        title=f"Uitsplitsing voor {area.name}",
        caption=spec.breakdown_note,
        columns=(
            Column("indicator", "Indicator"),
            Column("periode", "Periode"),
            Column("waarde", "Waarde", numeric=True),
        ),
        rows=tuple(rows),
        download_path=f"/gebieden/{area.code}/{spec.anchor}-uitsplitsing",
        download_query=year.link(""),
    )


@dataclass(frozen=True)
class AreaFlows:
    """One flows chapter of the definition for one area: the totals per period, the chart
    of arrivals and departures, and the breakdown by origin and destination (folded away)."""

    spec: FlowsChapter
    table: Table
    chart: Chart | None
    breakdown: Table | None = None


def area_flows(
    area: m.Area, values: dict[str, list[ValueRow]], year: ReportYear
) -> list[AreaFlows]:
    """Every flows chapter of the programme, for `area`: its totals per period."""
    found = []
    for spec in programmes.definition().chapters:
        if isinstance(spec, FlowsChapter):
            found.append(_flows(spec, area, values, year))
    return found


def _flows(
    spec: FlowsChapter, area: m.Area, values: dict[str, list[ValueRow]], year: ReportYear
) -> AreaFlows:
    parts = spec.totals
    by_code = {p.indicator: {r.period: r for r in values.get(p.indicator, [])} for p in parts}
    periods = sorted(
        {p for series in by_code.values() for p in series}, key=lambda p: Period.parse(p).sort_key
    )
    rows = []
    for period in periods:
        cells = [Cell(period)]
        for part in parts:
            found = by_code[part.indicator].get(period)
            if found is None:
                cells.append(Cell("–"))
            else:  # hidden, suppressed or missing: shown as the reader may see it
                cells.append(row_cell(found))
        rows.append(tuple(cells))
    table = Table(
        slug=f"{spec.anchor}-{area.code}-{year.value}",
        title=f"{spec.title}: {area.name}",
        caption=", ".join(p.label for p in parts),
        columns=(
            Column("periode", "Periode"),
            *(Column(p.indicator, p.label.capitalize(), numeric=True) for p in parts),
        ),
        rows=tuple(rows),
        download_path=f"/gebieden/{area.code}/{spec.anchor}",
        download_query=year.link(""),
    )
    breakdown = breakdown_table(area, values, year, spec)
    if not periods or not (spec.chart_in and spec.chart_out):
        return AreaFlows(spec, table, None, breakdown)

    def number(code: str, period: str) -> float | None:
        found = values_of.get(code, {}).get(period)
        return float(found.value) if found is not None and found.value is not None else None

    values_of = {
        code: {r.period: r for r in values.get(code, [])}
        for code in (spec.chart_in, spec.chart_out)
    }
    chart = flows_chart(
        title=f"{spec.title}: {area.name}",
        rows=[(p, number(spec.chart_in, p), number(spec.chart_out, p)) for p in periods],
    )
    return AreaFlows(spec, table, chart, breakdown)


def breakdown_codes() -> set[str]:
    """The indicators of every flows chapter's breakdown: shown folded away under their
    totals, not among the area's other figures."""
    return {
        part.indicator
        for spec in programmes.definition().chapters
        if isinstance(spec, FlowsChapter)
        for part in (*spec.inflow, *spec.outflow)
    }


def programme_map(
    title: str, highlight: set[str], parts: dict[str, str] | None = None
) -> Chart | None:
    """The programme's map with `highlight` marked (or its `parts` coloured); None when the
    programme has no map."""
    features = scope.current().map.get("features", [])
    if not features:
        return None
    definition = programmes.definition()
    return area_map(
        features,
        title=title,
        highlight=highlight,
        whole=f"het gebied van {definition.short_name}",
        source=f"Bron: {definition.map_source}" if definition.map_source else "",
        parts=parts,
    )


def map_parts(area: m.Area) -> dict[str, str]:
    """CBS code of each map area in `area` -> the name of the member of `area` it lies in
    (a programme's gebieden, or the gemeenten of a regional one); empty when no member has more
    than one map area, as then the parts say nothing the areas do not."""
    found: dict[str, str] = {}
    for link in area.member_links.select_related("member"):
        codes = map_codes(link.member)
        if len(codes) > 1:
            found.update(dict.fromkeys(codes, link.member.name))
    return found


def map_codes(area: m.Area) -> set[str]:
    """CBS codes of the map's areas that lie in `area` (through its members)."""
    on_map = map_names(scope.current().map.get("features", []))
    found: set[str] = set()
    todo, seen = [area], set()
    while todo:
        current = todo.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        if current.cbs_code in on_map:
            found.add(current.cbs_code)
        todo.extend(link.member for link in current.member_links.select_related("member"))
    return found


def area_on_map(area: m.Area) -> Chart | None:
    """Where `area` lies in the programme's area; None when it is not on the map."""
    whole = programme_area()
    highlight = map_codes(area)
    if whole is None or not highlight:
        return None
    if area == whole:
        # Every area marked would be one dark blot: the whole's parts instead.
        return programme_map(f"De delen van {whole.name}", highlight, map_parts(whole))
    return programme_map(f"{area.name} in {whole.name}", highlight)


def programme_area() -> m.Area | None:
    """The programme's own area (`area` in its definition)."""
    return m.Area.objects.filter(code=programmes.definition().area).first()
