"""Overzicht, the home page: the year at a glance (the same generated summary the report
opens with), the status per pillar, the headline goals and the bands."""

from __future__ import annotations

from django.http import HttpRequest

from nprz import programmes
from nprz.monitor.targets import known_years
from nprz.presenters.common import (
    STATUS_MEANING,
    STATUS_WORDS,
    chart_table,
)
from nprz.presenters.overview import (
    STATUSES,
    bucket_table,
    headline_table,
    pillar_summaries,
    status_count_table,
    status_figure,
)
from nprz.presenters.summary import change_text, mover_text, summary_of
from nprz.publication import targets
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


def build(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    rows = targets(year.value)
    summaries = pillar_summaries(rows, year)
    chart = status_figure(summaries, year)
    counts = status_count_table(summaries, year)
    headline = headline_table(rows, year)
    buckets = bucket_table(rows, year)
    chart_data = chart_table(chart, f"grafiek-status-{year.value}", "/status-grafiek")
    definition = programmes.definition()
    at_a_glance = summary_of(year.value, rows)
    context = page(
        request.path,
        f"{definition.short_name} in {year.value}: de stand van het programma",
        year,
        introduction=definition.texts.introduction,
        glance=at_a_glance,
        changes=[
            (label, [(change_text(c), year.indicator(c.code)) for c in found])
            for label, found in (
                ("Rood geworden", at_a_glance.turned_red),
                ("Groen geworden", at_a_glance.turned_green),
            )
            if found
        ]
        + [
            (label, [(mover_text(m), year.indicator(m.code)) for m in found])
            for label, found in (
                ("Meeste vooruitgang", at_a_glance.risers),
                ("Meeste achteruitgang", at_a_glance.fallers),
            )
            if found
        ],
        path_lines=[(p.title, p.sentence, year.link(p.href)) for p in at_a_glance.paths],
        summaries=summaries,
        total=len(rows),
        chart=chart,
        chart_src=year.link("/status.svg"),
        chart_data=chart_data,
        counts=counts,
        headline=headline,
        buckets=buckets,
        meanings=[(s.value, STATUS_WORDS[s], STATUS_MEANING[s]) for s in STATUSES],
        years=known_years(),
        goals_href=year.link("/doelen/"),
    )
    return Page(
        "web/overview.html",
        context,
        tables={
            "status": counts,
            "hoofddoelen": headline,
            "banden": buckets,
            "status-grafiek": chart_data,
        },
        charts={"status": chart},
    )
