"""The area list and one area's page."""

from __future__ import annotations

from collections import Counter

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
    counted = Counter(a.kind for a in m.Area.objects.all())
    kinds = [f"{n} × {KINDS.get(kind, kind)}" for kind, n in counted.items()]
    whole = programme_area()
    chart = programme_map(f"De gebieden van {whole.name}", map_codes(whole)) if whole else None
    context = page(
        request.path,
        "Gebieden",
        year,
        kinds=", ".join(kinds),
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
    tables = {"cijfers": figures}
    delivered = delivered_figures(area, year.value, year.link(""))
    if delivered is not None:
        tables["geleverd"] = delivered.table
    charts: dict[str, Chart] = {}
    flow_sections = []
    for found in area_flows(area, values, year):
        anchor = found.spec.anchor
        tables[anchor] = found.table
        data = None
        if found.chart is not None:
            charts[anchor] = found.chart
            data = tables[f"{anchor}-grafiek"] = chart_table(
                found.chart, f"grafiek-{anchor}-{code}", f"/gebieden/{code}/{anchor}-grafiek"
            )
        flow_sections.append(
            {
                "spec": found.spec,
                "table": found.table,
                "chart": found.chart,
                "src": year.link(f"/gebieden/{code}/{anchor}.svg"),
                "data": data,
            }
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
        flow_sections=flow_sections,
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
