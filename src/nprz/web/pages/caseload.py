"""The page for the caseload path (/werk/samen-voor-zuid/)."""

from __future__ import annotations

from django.http import HttpRequest

from nprz.core.formatting import format_number
from nprz.monitor.caseload import (
    INDICATOR,
    caseload,
)
from nprz.presenters.caseload import (
    PATH,
    activity_table,
    chart,
    date_notes,
    forecast_table,
    forecast_text,
    goal_text,
    home_visit_differences,
    horizon,
    interpolation_text,
    outflow_table,
    path_series,
    summary,
    year_table,
)
from nprz.presenters.common import chart_table
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


def build(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    data = caseload(year.value)
    crumbs = [{"href": year.link("/"), "label": "Overzicht"}, {"label": "Samen voor Zuid"}]
    title = "Samen voor Zuid: bijstand"
    if data is None:
        context = page(request.path, title, year, data=None, crumbs=crumbs)
        return Page("web/caseload.html", context)
    title = (
        f"Samen voor Zuid: bijstand op weg naar {format_number(data.path[-1].value)}"
        if data.path
        else title
    )
    query = year.link("")
    per_year = year_table(data, f"{PATH}per-jaar", query)
    outflow = outflow_table(data, f"{PATH}uitstroom", query)
    activities = activity_table(data, f"{PATH}activiteiten", query)
    forecast = forecast_table(data, f"{PATH}prognose", query)
    drawn = chart(data)
    drawn_data = chart_table(drawn, f"bijstand-grafiek-{year.value}", f"{PATH}grafiek-data")
    context = page(
        request.path,
        title,
        year,
        data=data,
        goal=goal_text(data),
        horizon=horizon(data),
        path_name=path_series(data),
        summary=summary(data),
        date_notes=date_notes(data),
        later=[
            (s, format_number(s.value) if s.value is not None else s.printings[0].printed)
            for s in data.later_stands
        ],
        differences=home_visit_differences(data),
        chart=drawn,
        chart_src=year.link(f"{PATH}grafiek.svg"),
        chart_data=drawn_data,
        per_year=per_year,
        outflow=outflow,
        activities=activities,
        forecast=forecast,
        forecast_text=forecast_text(data),
        interpolation=interpolation_text(data),
        indicator_href=year.indicator(INDICATOR),
        crumbs=crumbs,
    )
    return Page(
        "web/caseload.html",
        context,
        tables={
            "per-jaar": per_year,
            "uitstroom": outflow,
            "activiteiten": activities,
            "prognose": forecast,
            "grafiek-data": drawn_data,
        },
        charts={"grafiek": drawn},
    )
