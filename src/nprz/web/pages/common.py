"""What every page shares: the menu, the page object and the context every template gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from nprz.charts.specs import Chart
from nprz.presenters import addresses
from nprz.presenters.common import ReportYear
from nprz.presenters.tables import Table

MENU = (
    ("/", "Overzicht"),
    ("/doelen/", "Stand van de doelen"),
    ("/indicatoren/", "Indicatoren"),
    ("/gebieden/", "Gebieden"),
    ("/interventies/", "Interventies"),
    ("/downloads/", "Downloads"),
)


@dataclass
class Page:
    """A page before rendering: its template and context, and the tables and charts it shows
    by name, so `<page>/<name>.csv`, `.xlsx` and `.svg` serve exactly what the page shows."""

    template: str
    context: dict[str, Any]
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    current: bool = False


def current_year(request: HttpRequest) -> ReportYear:
    """The report year asked for (or the latest), with the latest for clean links."""
    from nprz.monitor.targets import known_years
    from nprz.web.params import report_year

    years = known_years()
    return ReportYear(report_year(request, years), years[-1] if years else 0)


def page(request_path: str, title: str, year: ReportYear | None, **context: Any) -> dict[str, Any]:
    """The context every template gets: title, menu (with the current item), year."""
    within = request_path.removeprefix(addresses.root()) or "/"
    section = "/" + within.strip("/").split("/")[0] + "/" if within != "/" else "/"
    menu = [
        Link(year.link(href) if year else addresses.address(href), label, href == section)
        for href, label in MENU
    ]
    return {
        "title": title,
        "year": year.value if year else None,
        "report_year": year,
        "menu": menu,
        **context,
    }
