"""The page /doelen/: the stoplight table for the year, filtered and sorted as asked."""

from __future__ import annotations

from django.http import HttpRequest

from nprz.core.status import Status
from nprz.presenters.common import (
    ROLES,
    STATUS_WORDS,
    pillars,
)
from nprz.presenters.goals import (
    SORT_KEYS,
    Selection,
    goals_table,
    previous_closed,
)
from nprz.publication import targets
from nprz.web import params
from nprz.web.pages.common import Page, current_year, page


def build(request: HttpRequest) -> Page:
    year = current_year(request)
    params.reject_unknown(request, ("jaar", "pijler", "status", "rol", "sorteer", "richting"))
    selection = Selection(
        pillar=params.choice(request, "pijler", list(pillars())),
        status=params.choice(request, "status", [s.value for s in Status]),
        role=params.choice(request, "rol", list(ROLES)),
        sort=params.choice(request, "sorteer", list(SORT_KEYS), default="volgorde"),
        descending=params.choice(request, "richting", ["op", "af"], default="op") == "af",
    )
    rows = targets(year.value)
    table = goals_table(rows, previous_closed(year.value), selection, year)
    filters = {
        "pillars": [(code, label, code == selection.pillar) for code, label in pillars().items()],
        "statuses": [(s.value, STATUS_WORDS[s], s.value == selection.status) for s in Status],
        "roles": [(code, label, code == selection.role) for code, label in ROLES.items()],
        "sort": selection.sort,
        "descending": selection.descending,
        "active": bool(selection.pillar or selection.status or selection.role),
    }
    context = page(
        request.path,
        f"Stand van de doelen {year.value}",
        year,
        table=table,
        filters=filters,
        filtered=filters["active"],
        clear_href=year.link("/doelen/"),
        crumbs=[{"href": year.link("/"), "label": "Overzicht"}, {"label": "Stand van de doelen"}],
    )
    return Page("web/goals.html", context, tables={"tabel": table})
