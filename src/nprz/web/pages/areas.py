"""The area list and one area's page."""

from __future__ import annotations

from django.http import HttpRequest

from nprz.charts.specs import Chart
from nprz.monitor import models as m
from nprz.presenters.areas import (
    KINDS,
    area_flows,
    area_on_map,
    figures_table,
    map_codes,
    programme_area,
    programme_map,
    values_by_indicator,
)
from nprz.presenters.common import chart_table
from nprz.presenters.delivered import delivered_figures
from nprz.presenters.tables import Cell, Column, Table
from nprz.publication import findings_for
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


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
    whole = programme_area()
    chart = programme_map(f"De gebieden van {whole.name}", map_codes(whole)) if whole else None
    context = page(
        request.path,
        "Gebieden",
        year,
        table=table,
        chart=chart,
        chart_src=year.link("/gebieden/kaart.svg"),
    )
    tables = {"tabel": table}
    charts = {}
    if chart is not None:
        context["map_data"] = tables["kaart"] = chart_table(chart, "kaart", "/gebieden/kaart")
        charts["kaart"] = chart
    return Page("web/areas.html", context, tables=tables, charts=charts)


def build(request: HttpRequest, code: str) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    area = params.area(code)
    values = values_by_indicator(area, year.value)
    figures = figures_table(area, values, year)
    flows, flows_figure = area_flows(area, values, year)
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
    shown = area_on_map(area)
    if shown is not None:
        charts["kaart"] = shown
        tables["kaart"] = chart_table(shown, f"kaart-{code}", f"/gebieden/{code}/kaart")
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
