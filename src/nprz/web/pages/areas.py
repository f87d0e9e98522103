"""The area list and one area's page: its figures, moving flows and where it lies in Zuid."""

from __future__ import annotations

from django.http import HttpRequest

from nprz.charts.maps import zuid_codes, zuid_map
from nprz.charts.specs import Chart, flows_chart
from nprz.core.periods import Period
from nprz.monitor import models as m
from nprz.web import params
from nprz.web.pages.common import (
    PILLARS,
    Page,
    ReportYear,
    chart_table,
    current_year,
    findings_for,
    page,
    value_cell,
)
from nprz.web.pages.delivered import delivered_figures
from nprz.web.pages.values import ValueRow, value_rows
from nprz.web.tables import Cell, Column, Table

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


def build_list(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    groups = dict(
        m.AreaMembership.objects.filter(group__kind="gebied").values_list(
            "member__code", "group__name"
        )
    )
    rows = tuple(
        (
            Cell(a.name, a.code, href=year.area(a.code)),
            Cell(KINDS.get(a.kind, a.kind), a.kind),
            Cell(a.cbs_code or "–", a.cbs_code or None),
            Cell(groups.get(a.code, "–"), groups.get(a.code)),
        )
        for a in m.Area.objects.all()
    )
    table = Table(
        slug="gebieden",
        title="Alle gebieden",
        caption=f"{len(rows)} gebieden",
        columns=(
            Column("gebied", "Gebied"),
            Column("soort", "Soort"),
            Column("cbs_code", "CBS-code"),
            Column("ligt_in", "Ligt in"),
        ),
        rows=rows,
        download_path="/gebieden/tabel",
        download_query=year.link(""),
    )
    chart = zuid_map(title="De wijken van het NPRZ-gebied", highlight=zuid_codes())
    context = page(
        request.path,
        "Gebieden",
        year,
        table=table,
        chart=chart,
        chart_src=year.link("/gebieden/kaart.svg"),
    )
    map_data = chart_table(chart, "kaart-zuid", "/gebieden/kaart")
    context["map_data"] = map_data
    return Page(
        "web/areas.html",
        context,
        tables={"tabel": table, "kaart": map_data},
        charts={"kaart": chart},
    )


def build(request: HttpRequest, code: str) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    area = params.area(code)
    values = _by_indicator(area, year.value)
    figures = _figures_table(area, values, year)
    flows, flows_figure = _flows(area, values, year)
    tables = {"cijfers": figures, "verhuizingen": flows}
    delivered = delivered_figures(area, year.value, year.link(""))
    if delivered is not None:
        tables["geleverd"] = delivered.table
    charts: dict[str, Chart] = {}
    if flows_figure is not None:
        charts["verhuizingen"] = flows_figure
        tables["verhuizingen-grafiek"] = chart_table(
            flows_figure, f"grafiek-verhuizingen-{code}", f"/gebieden/{code}/verhuizingen-grafiek"
        )
    highlight = map_codes(area)
    if highlight:
        charts["kaart"] = zuid_map(title=f"{area.name} in Rotterdam Zuid", highlight=highlight)
        tables["kaart"] = chart_table(charts["kaart"], f"kaart-{code}", f"/gebieden/{code}/kaart")
    context = page(
        request.path,
        area.name,
        year,
        area=area,
        kind=KINDS.get(area.kind, area.kind),
        groups=[
            (g.group.name, year.area(g.group.code))
            for g in area.group_links.select_related("group")
        ],
        members=[
            (g.member.name, year.area(g.member.code))
            for g in area.member_links.select_related("member")
        ],
        figures=figures,
        delivered=delivered,
        any_deliveries=m.Vintage.objects.imported().exists(),
        flows=flows,
        flows_chart=charts.get("verhuizingen"),
        flows_src=year.link(f"/gebieden/{code}/verhuizingen.svg"),
        flows_data=tables.get("verhuizingen-grafiek"),
        map=charts.get("kaart"),
        map_src=year.link(f"/gebieden/{code}/kaart.svg"),
        map_data=tables.get("kaart"),
        findings=findings_for(year.value, area=area.code),
        crumbs=[
            {"href": year.link("/"), "label": "Overzicht"},
            {"href": year.link("/gebieden/"), "label": "Gebieden"},
            {"label": area.name},
        ],
    )
    return Page("web/area.html", context, tables=tables, charts=charts)


def _by_indicator(area: m.Area, year: int) -> dict[str, list[ValueRow]]:
    """Per indicator code, the area's values by period, oldest first."""
    found: dict[str, list[ValueRow]] = {}
    for row in value_rows(year, area=area):
        found.setdefault(row.indicator.code, []).append(row)
    return found


def _figures_table(area: m.Area, values: dict[str, list[ValueRow]], year: ReportYear) -> Table:
    rows = []
    for series in values.values():
        last = series[-1]
        indicator = last.indicator
        if last.delivered_context:
            continue  # in the table of delivered figures, beside the areas compared
        rows.append(
            (
                Cell(indicator.name, indicator.code, href=year.indicator(indicator.code)),
                Cell(PILLARS[indicator.pillar], indicator.pillar),
                Cell(last.period),
                value_cell(last.value, indicator.unit, indicator.decimals)
                if last.value is not None
                else Cell(last.printed or "–"),
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


def _flows(
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
            elif found.value is None:  # suppressed or missing: show what was printed
                cells.append(Cell(found.printed or "–"))
            else:
                cells.append(
                    value_cell(found.value, found.indicator.unit, found.indicator.decimals)
                )
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


def map_codes(area: m.Area) -> set[str]:
    """CBS codes of the map's buurten that lie in `area` (through its members)."""
    on_map = zuid_codes()
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
