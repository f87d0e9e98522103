"""An area's tables and map as the website and the area documents show them: its latest
figures, its moving flows, where it lies.
"""

from __future__ import annotations

from nprz import programmes, publication
from nprz.charts.maps import area_map, map_names
from nprz.charts.specs import Chart, flows_chart
from nprz.core.periods import Period
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.monitor.values import ValueRow
from nprz.presenters.common import ReportYear, pillar_name, row_cell
from nprz.presenters.tables import Cell, Column, Table

KINDS = {
    "land": "land",
    "stedengroep": "groep van steden",
    "gemeente": "gemeente",
    "programmagebied": "programmagebied",
    "focuswijken": "groep focuswijken",
    "gebied": "gebied van Rotterdam",
    "wijk": "wijk",
    "buurt": "buurt",
}


# The moving-flows table of the report, one column per indicator.
FLOWS = (
    ("verhuis-in", "Vestigers"),
    ("verhuis-uit", "Vertrekkers"),
    ("verhuis-saldo", "Saldo"),
    ("verhuis-binnen", "Binnen het gebied"),
    ("verhuis-mobiliteit", "Mobiliteit"),
)


def values_by_indicator(area: m.Area, year: int) -> dict[str, list[ValueRow]]:
    """Per indicator code, the area's values by period, oldest first."""
    found: dict[str, list[ValueRow]] = {}
    for row in publication.values(year, area=area):
        found.setdefault(row.indicator.code, []).append(row)
    return found


def figures_table(area: m.Area, values: dict[str, list[ValueRow]], year: ReportYear) -> Table:
    rows = []
    for series in values.values():
        last = series[-1]
        indicator = last.indicator
        if last.delivered_context:
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


def area_flows(
    area: m.Area, values: dict[str, list[ValueRow]], year: ReportYear
) -> tuple[Table, Chart | None]:
    by_code = {code: {r.period: r for r in values.get(code, [])} for code, _label in FLOWS}
    periods = sorted(
        {p for series in by_code.values() for p in series}, key=lambda p: Period.parse(p).sort_key
    )
    rows = []
    for period in periods:
        cells = [Cell(period)]
        for code, _label in FLOWS:
            found = by_code[code].get(period)
            if found is None:
                cells.append(Cell("–"))
            else:  # hidden, suppressed or missing: shown as the reader may see it
                cells.append(row_cell(found))
        rows.append(tuple(cells))
    table = Table(
        slug=f"verhuizingen-{area.code}-{year.value}",
        title=f"Verhuisbewegingen {area.name}",
        caption="vestigers, vertrekkers, saldo, verhuizingen binnen het gebied en mobiliteit",
        columns=(
            Column("periode", "Periode"),
            *(Column(c, label, numeric=True) for c, label in FLOWS),
        ),
        rows=tuple(rows),
        download_path=f"/gebieden/{area.code}/verhuizingen",
        download_query=year.link(""),
    )
    if not periods:
        return table, None

    def number(code: str, period: str) -> float | None:
        found = by_code[code].get(period)
        return float(found.value) if found is not None and found.value is not None else None

    chart = flows_chart(
        title=f"Vestigers en vertrekkers, {area.name}",
        rows=[(p, number("verhuis-in", p), number("verhuis-uit", p)) for p in periods],
    )
    return table, chart


def programme_map(title: str, highlight: set[str]) -> Chart | None:
    """The programme's map with `highlight` marked; None when the programme has no map."""
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
    )


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
    return programme_map(f"{area.name} in {whole.name}", highlight)


def programme_area() -> m.Area | None:
    """The programme's own area (`area` in its definition)."""
    return m.Area.objects.filter(code=programmes.definition().area).first()
