"""Downloads: every table of the site as CSV and Excel, and where the API is."""

from __future__ import annotations

from django.http import HttpRequest

from nprz.monitor import models as m
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


def build(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar",))
    general = [
        ("Stand van de doelen", year.link("/doelen/tabel.csv"), year.link("/doelen/tabel.xlsx")),
        ("Status per pijler", year.link("/status.csv"), year.link("/status.xlsx")),
        (
            "De doelen van het programma",
            year.link("/hoofddoelen.csv"),
            year.link("/hoofddoelen.xlsx"),
        ),
        (
            "Banden van het percentage ingelopen",
            year.link("/banden.csv"),
            year.link("/banden.xlsx"),
        ),
        (
            "Alle indicatoren",
            year.link("/indicatoren/tabel.csv"),
            year.link("/indicatoren/tabel.xlsx"),
        ),
        ("Alle gebieden", year.link("/gebieden/tabel.csv"), year.link("/gebieden/tabel.xlsx")),
    ]
    indicators = [
        (
            i.name,
            year.link(f"/indicatoren/{i.code}/waarden.csv"),
            year.link(f"/indicatoren/{i.code}/waarden.xlsx"),
        )
        for i in m.Indicator.objects.all()
    ]
    areas = [
        (
            a.name,
            year.link(f"/gebieden/{a.code}/cijfers.csv"),
            year.link(f"/gebieden/{a.code}/cijfers.xlsx"),
        )
        for a in m.Area.objects.all()
    ]
    context = page(
        request.path,
        "Downloads",
        year,
        general=general,
        indicators=indicators,
        areas=areas,
        crumbs=[{"href": year.link("/"), "label": "Overzicht"}, {"label": "Downloads"}],
    )
    return Page("web/downloads.html", context)
