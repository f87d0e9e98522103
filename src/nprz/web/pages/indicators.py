"""The indicator list and one indicator's page."""

from __future__ import annotations

from django.http import HttpRequest

from nprz import publication
from nprz.monitor import models as m
from nprz.presenters.common import (
    ROLES,
    chart_areas,
    chart_table,
    pillar_name,
)
from nprz.presenters.explain import explain
from nprz.presenters.goals import previous_closed
from nprz.presenters.indicators import (
    UNITS,
    area_names,
    chart_for,
    indicator_notes,
    outlook_facts,
    outlooks,
    published_table,
    target_table,
    values_table,
)
from nprz.presenters.tables import Cell, Column, Table
from nprz.publication import findings_for, targets, wording
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


def build_list(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    with_target = set(m.Target.objects.values_list("indicator__code", flat=True))
    rows = tuple(
        (
            Cell(i.name, i.code, href=year.indicator(i.code)),
            Cell(pillar_name(i.pillar), i.pillar),
            Cell(ROLES.get(i.role, i.role), i.role),
            Cell(UNITS.get(i.unit, i.unit), i.unit),
            Cell("ja" if i.code in with_target else "nee"),
        )
        for i in m.Indicator.objects.all()
    )
    table = Table(
        slug="indicatoren",
        title="Alle indicatoren",
        caption=f"{len(rows)} indicatoren, in de volgorde van het rapport",
        columns=(
            Column("indicator", "Indicator"),
            Column("pijler", "Pijler"),
            Column("rol", "Rol"),
            Column("eenheid", "Eenheid"),
            Column("doel", "Heeft een doel"),
        ),
        rows=rows,
        download_path="/indicatoren/tabel",
        download_query=year.link(""),
    )
    context = page(request.path, "Indicatoren", year, table=table)
    return Page("web/indicators.html", context, tables={"tabel": table})


def build(request: HttpRequest, code: str) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    indicator = params.indicator(code)
    found = publication.values(year.value, indicator=indicator)
    own = [r for r in targets(year.value) if r.code == indicator.code]
    chart = chart_for(indicator, found, own, year)
    values = values_table(indicator, found, year)
    names = ["doel" if i == 0 else f"doel-{i + 1}" for i in range(len(own))]
    names_of_areas = area_names()
    before = previous_closed(year.value)
    target_tables = [
        target_table(r, year, n, names_of_areas, before.get(r.code))
        for r, n in zip(own, names, strict=True)
    ]
    tables = {
        "waarden": values,
        "grafiek": chart_table(chart, f"grafiek-{code}", f"/indicatoren/{code}/grafiek"),
        **dict(zip(names, target_tables, strict=True)),
    }
    published = published_table(indicator, year)
    if published:
        tables["rapport"] = published
    context = page(
        request.path,
        indicator.name,
        year,
        indicator=indicator,
        pillar=pillar_name(indicator.pillar),
        unit=UNITS.get(indicator.unit, indicator.unit),
        direction=m.Direction(indicator.direction).label if indicator.direction else "",
        direction_basis=wording.text_for_reader(indicator.direction_basis),
        notes=indicator_notes(indicator, year.value),
        chart=chart,
        provisional=any(r.provisional for r in found if r.area.code in chart_areas()),
        chart_src=year.link(f"/indicatoren/{code}/grafiek.svg"),
        chart_data=tables["grafiek"],
        values=values,
        targets=[
            (r, explain(r, year.value, names_of_areas), t)
            for r, t in zip(own, target_tables, strict=True)
        ],
        published=published,
        outlook=[
            outlook_facts(r, year.value)
            for r in outlooks(year.value).rows
            if r.code == indicator.code
        ],
        findings=findings_for(year.value, indicator=indicator.code),
        crumbs=[
            {"href": year.link("/"), "label": "Overzicht"},
            {"href": year.link("/indicatoren/"), "label": "Indicatoren"},
            {"label": indicator.name},
        ],
    )
    return Page("web/indicator.html", context, tables=tables, charts={"grafiek": chart})
