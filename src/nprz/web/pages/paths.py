"""The page of a path chapter (`/pad/<anker>/`): a count against its path of year targets."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from nprz import programmes
from nprz.presenters.common import chart_table
from nprz.presenters.paths import (
    activity_table,
    chart,
    date_notes,
    forecast_table,
    forecast_text,
    goal_text,
    horizon,
    interpolation_text,
    outflow_table,
    page_path,
    path_series,
    source_differences,
    summary,
    title,
    year_table,
)
from nprz.presenters.tables import Table
from nprz.programmes.schema import PathChapter
from nprz.publication.paths import path_data
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


def chapter(anchor: str) -> PathChapter:
    for spec in programmes.definition().chapters:
        if isinstance(spec, PathChapter) and spec.anchor == anchor:
            return spec
    raise Http404(f"Dit programma heeft geen pad {anchor!r}.")


def build(request: HttpRequest, anchor: str) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    spec = chapter(anchor)
    data = path_data(spec, year.value)
    crumbs = [{"href": year.link("/"), "label": "Overzicht"}, {"label": spec.title}]
    if data is None:
        context = page(request.path, spec.title, year, data=None, spec=spec, crumbs=crumbs)
        return Page("web/path.html", context)
    base = page_path(anchor)
    query = year.link("")
    tables: dict[str, Table] = {"per-jaar": year_table(data, f"{base}per-jaar", query)}
    outflow = outflow_table(data, f"{base}uitstroom", query)
    activities = activity_table(data, f"{base}activiteiten", query)
    if outflow is not None:
        tables["uitstroom"] = outflow
    if activities is not None:
        tables["activiteiten"] = activities
    tables["prognose"] = forecast_table(data, f"{base}prognose", query)
    drawn = chart(data)
    tables["grafiek-data"] = chart_table(
        drawn, f"{anchor}-grafiek-{year.value}", f"{base}grafiek-data"
    )
    context = page(
        request.path,
        title(data),
        year,
        data=data,
        spec=spec,
        goal=goal_text(data),
        horizon=horizon(data),
        path_name=path_series(data),
        summary=summary(data),
        date_notes=date_notes(data),
        differences=source_differences(data),
        chart=drawn,
        chart_src=year.link(f"{base}grafiek.svg"),
        chart_data=tables["grafiek-data"],
        per_year=tables["per-jaar"],
        outflow=outflow,
        activities=activities,
        forecast=tables["prognose"],
        forecast_text=forecast_text(data),
        interpolation=interpolation_text(data),
        indicator_href=year.indicator(data.indicator.code),
        crumbs=crumbs,
    )
    return Page("web/path.html", context, tables=tables, charts={"grafiek": drawn})
