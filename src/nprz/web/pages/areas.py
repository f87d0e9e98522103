"""The area list, the map comparing the wijken, and one area's page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.http import Http404, HttpRequest

from nprz.charts.render import inline_svg
from nprz.charts.specs import Chart
from nprz.monitor import models as m
from nprz.presenters.areas import (
    KINDS,
    area_flows,
    area_on_map,
    breakdown_codes,
    figures_table,
    map_codes,
    map_parts,
    programme_area,
    programme_map,
    values_by_indicator,
)
from nprz.presenters.common import ReportYear, chart_table
from nprz.presenters.compare_map import map_areas, map_chart, map_figures, values_table
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
    chart = (
        programme_map(f"De gebieden van {whole.name}", map_codes(whole), map_parts(whole))
        if whole
        else None
    )
    context = page(
        request.path,
        "Gebieden",
        year,
        kinds=", ".join(kinds),
        table=table,
        chart=chart,
        chart_src=year.link("/gebieden/kaart.svg"),
        compare_href=year.link("/gebieden/kaart/"),
    )
    tables = {"tabel": table}
    charts = {}
    if chart is not None:
        context["map_data"] = tables["kaart"] = chart_table(chart, "kaart", "/gebieden/kaart")
        charts["kaart"] = chart
    return Page("web/areas.html", context, tables=tables, charts=charts)


def build_map(request: HttpRequest) -> Page:
    """The map's areas coloured by one indicator (`?indicator=`, default the first with
    values), beside the table of its values."""
    year = current_year(request)
    params.reject_unknown(request, ("jaar", "indicator"))
    asked = request.GET.get("indicator", "").strip()
    indicator = params.indicator(asked) if asked else None
    areas = map_areas()
    if not areas:
        raise Http404("Dit programma heeft geen kaart van zijn wijken.")
    figures = map_figures(year.value, areas)
    choices = {code: f for code, f in figures.items() if f.shown}
    chosen = indicator.code if indicator else next(iter(choices), "")
    figure = choices.get(chosen)
    context = page(
        request.path,
        "De wijken vergeleken op de kaart",
        year,
        choices=[(code, f.indicator.name, code == chosen) for code, f in choices.items()],
        indicator=indicator or (figure.indicator if figure else None),
        area_count=len(areas),
        areas_href=year.link("/gebieden/"),
        crumbs=[
            {"href": year.link("/"), "label": "Overzicht"},
            {"href": year.link("/gebieden/"), "label": "Gebieden"},
            {"label": "Kaart"},
        ],
    )
    if figure is None:
        # An indicator with figures for the wijken that disclosure control hides, all of
        # them, says so; one without any, too (the template tells the two apart).
        context["all_masked"] = chosen in figures
        return Page("web/areas_map.html", context)
    chart = map_chart(figure, areas, year)
    table = values_table(figure, areas, year)
    context.update(
        chart=chart,
        map_svg=inline_svg(chart.spec),
        svg_href=year.link("/gebieden/kaart/kaart.svg", indicator=chosen),
        indicator_href=year.indicator(chosen),
        table=table,
    )
    return Page("web/areas_map.html", context, tables={"waarden": table}, charts={"kaart": chart})


def map_link(year: ReportYear) -> Callable[[str], str]:
    """Indicator code -> the map comparing the wijken on it, in the page's year."""
    return lambda code: year.link("/gebieden/kaart/", indicator=code)


def build(request: HttpRequest, code: str) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    area = params.area(code)
    values = values_by_indicator(area, year.value)
    figures = figures_table(area, values, year, leave_out=breakdown_codes())
    tables = {"cijfers": figures}
    delivered = delivered_figures(
        area,
        year.value,
        year.link(""),
        # Only an area on the map: the map compares the wijken, and its figure is among them.
        map_link=map_link(year) if area.cbs_code in map_areas() else None,
    )
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
        if found.breakdown is not None:
            tables[f"{anchor}-uitsplitsing"] = found.breakdown
        flow_sections.append(
            {
                "spec": found.spec,
                "table": found.table,
                "breakdown": found.breakdown,
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
        compare_href=year.link("/gebieden/kaart/"),
        findings=findings_for(year.value, area=area.code),
        crumbs=[
            {"href": year.link("/"), "label": "Overzicht"},
            {"href": year.link("/gebieden/"), "label": "Gebieden"},
            {"label": area.name},
        ],
    )
    return Page("web/area.html", context, tables=tables, charts=charts)
