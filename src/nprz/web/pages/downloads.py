"""Downloads: every table of the site as CSV and Excel, and where the API is."""

from __future__ import annotations

from django.http import HttpRequest

from nprz.core.formatting import format_date, format_number
from nprz.monitor import models as m
from nprz.presenters.tables import Cell, Column, Table
from nprz.publication import wording
from nprz.publication.observations import delivery_counts
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
    deliveries = deliveries_table()
    context = page(
        request.path,
        "Downloads",
        year,
        deliveries=deliveries,
        general=general,
        indicators=indicators,
        areas=areas,
        crumbs=[{"href": year.link("/"), "label": "Overzicht"}, {"label": "Downloads"}],
    )
    return Page("web/downloads.html", context, tables={"leveringen": deliveries})


def deliveries_table() -> Table:
    """Every imported delivery, oldest first: the figures on this site come from these and from
    the report's own tables; none is ever overwritten (`nprz deliveries` shows the same)."""
    # A delivery's code ("bestand-0002") is the analyst's handle (`nprz diff`, `nprz
    # deliveries`); the public reads its title and source (`nprz.publication.wording`).
    public = wording.public()
    rows = tuple(
        (
            *(() if public else (Cell(v.code),)),
            Cell(v.title),
            Cell(v.document),
            Cell(
                format_date(v.received.date()) if v.received else "–",
                v.received.date().isoformat() if v.received else None,
            ),
            Cell(str(v.report_year), v.report_year),
            Cell(format_number(count), count),
            Cell(wording.text_for_reader(v.summary) or "–"),
        )
        for v, count in delivery_counts()
    )
    return Table(
        slug="leveringen",
        title="Ingelezen leveringen",
        caption=f"{len(rows)} leveringen; een latere levering gaat voor op een eerdere en op "
        "het gedrukte rapport",
        columns=(
            *(() if public else (Column("levering", "Levering"),)),
            Column("titel", "Titel"),
            Column("bron", "Bron"),
            Column("ontvangen", "Ontvangen"),
            Column("rapportjaar", "Rapportjaar", numeric=True),
            Column("waarden", "Waarden", numeric=True),
            Column("wijzigingen", "Bij het inlezen"),
        ),
        rows=rows,
        download_path="/downloads/leveringen",
    )
