"""The JSON API: read-only views over the store, described in `nprz.web.openapi`.

Views stay thin: check the parameters (a wrong one raises, and `nprz.web.views` turns that
into `{"fout": …, "status": …}` for paths under /api/), query, and shape each row into a
dict in a small function. Field names are Dutch, numbers are JSON numbers and what is
missing is null, never 0. Links are paths on this server: the answers are cached per path,
so they must not carry the host name of whoever asked first.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.core.exceptions import BadRequest
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nprz import publication
from nprz.core.formatting import plain
from nprz.monitor import models as m
from nprz.monitor.presenters import target_machine_row
from nprz.web import openapi, params
from nprz.web.pagecache import cached_page
from nprz.web.pages.common import page

OBSERVATION_PARAMETERS = ("indicator", "gebied", "jaar", "limiet", "start")
# Far beyond any real offset; keeps `start` a number the database can take.
MAX_START = 10**9


def _json(data: Any) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def _number(value: Any) -> float | int | None:
    """Whole numbers without ".0" (211548, not 211548.0): the same to a parser, plainer to
    a person reading the answer."""
    number = plain(value, 6)
    return int(number) if number is not None and number.is_integer() else number


def _text(value: str) -> str | None:
    """Optional text: empty in the store, null in the API."""
    return value or None


def _codes(areas: QuerySet[m.Area]) -> list[str]:
    return list(dict.fromkeys(area.code for area in areas))


# --- shaping -------------------------------------------------------------------------------


def indicator_fields(indicator: m.Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "naam": indicator.name,
        "pijler": indicator.pillar,
        "rol": indicator.role,
        "eenheid": indicator.unit,
        "decimalen": indicator.decimals,
        "richting": _text(indicator.direction),
        "periodetype": indicator.period_type,
        "url": f"/api/indicatoren/{indicator.code}",
        "pagina": f"/indicatoren/{indicator.code}/",
    }


def goal_fields(target: m.Target) -> dict[str, Any]:
    return {
        "plan": target.plan.code,
        "soort": target.kind,
        "startgebied": target.start_area.code,
        "startperiode": _text(target.start_period),
        "referentiegebied": target.reference_area.code if target.reference_area else None,
        "referentie_indicator": target.reference_indicator.code
        if target.reference_indicator
        else None,
        "norm": _number(target.norm_value),
        "niveau": _number(target.level_value),
        # Milestones are stored as [year, "exact value"] pairs (see the model).
        "mijlpalen": [
            {"jaar": int(year), "waarde": _number(Fraction(value))}
            for year, value in target.milestones
        ],
        "tekst": _text(target.text),
    }


def indicator_detail_fields(indicator: m.Indicator) -> dict[str, Any]:
    targets = indicator.targets.select_related(
        "plan", "start_area", "reference_area", "reference_indicator"
    ).order_by("plan_id")
    areas = m.Area.objects.filter(observations__indicator=indicator).distinct()
    return {
        **indicator_fields(indicator),
        "definitie": indicator.definition,
        "bron": indicator.source_text,
        "notities": [
            {"soort": note.kind, "tekst": note.text, "bron": _text(note.source)}
            for note in indicator.notes.order_by("id")
        ],
        "doelen": [goal_fields(target) for target in targets],
        "gebieden": _codes(areas),
    }


def area_fields(area: m.Area) -> dict[str, Any]:
    return {
        "code": area.code,
        "naam": area.name,
        "soort": area.kind,
        "cbs_code": _text(area.cbs_code),
        "url": f"/api/gebieden/{area.code}",
        "pagina": f"/gebieden/{area.code}/",
    }


def area_detail_fields(area: m.Area) -> dict[str, Any]:
    return {
        **area_fields(area),
        "leden": _codes(m.Area.objects.filter(group_links__group=area).order_by("id")),
        "onderdeel_van": _codes(m.Area.objects.filter(member_links__member=area).order_by("id")),
    }


def observation_fields(observation: m.Observation) -> dict[str, Any]:
    """One observation as the reader may see it: a cell disclosure control hides has no
    value, no printed figure and no resolution for the public (`nprz.publication`)."""
    hidden = publication.disclosure().hides(
        observation.indicator.code, observation.area.code, observation.period
    )
    if hidden and publication.audience.current() is publication.Audience.PUBLIC:
        return {
            **_observation_fields(observation),
            "waarde": None,
            "gedrukt": publication.MASKED,
            "resolutie": None,
            "onderdrukt": True,
            "openbaar": False,
        }
    return {**_observation_fields(observation), "openbaar": not hidden}


def _observation_fields(observation: m.Observation) -> dict[str, Any]:
    return {
        "indicator": observation.indicator.code,
        "gebied": observation.area.code,
        "periode": observation.period,
        "periode_jaar": observation.period_year,
        "waarde": _number(observation.value),
        "gedrukt": observation.printed,
        "resolutie": _number(observation.resolution),
        "status": observation.status,
        "ontbreekt": _text(observation.missing_reason),
        "onderdrukt": observation.suppressed,
        "voetnoot": _text(observation.footnote),
        "levering": observation.vintage.code,
        "bron": observation.source,
    }


def preferred_cells(year: int) -> QuerySet[m.Observation]:
    """Per (indicator, area, period) the one observation the report of `year` prefers.

    The choice is made in the database (a correlated subquery that takes the first row in
    `preferred_first()` order), so counting and slicing a page stay SQL on SQLite and
    PostgreSQL alike, including cells without a value.
    """
    known = m.Observation.objects.known_in(year)
    first = (
        known.filter(
            indicator=OuterRef("indicator"), area=OuterRef("area"), period=OuterRef("period")
        )
        .preferred_first()
        .values("id")[:1]
    )
    return (
        known.filter(id=Subquery(first))
        .select_related("indicator", "area", "vintage")
        .order_by("indicator__position", "indicator_id", "area_id", "period_year", "period")
    )


def _limit(request: HttpRequest) -> int:
    # `non_negative` accepts 0 and names 0 as the lower bound; a page holds at least one row,
    # so every bad limit gets this one message with the real range.
    try:
        limit = params.non_negative(request, "limiet", openapi.DEFAULT_LIMIT, openapi.MAX_LIMIT)
    except (BadRequest, ValueError):
        limit = 0
    if limit < 1:
        text = request.GET.get("limiet", "")
        raise BadRequest(
            f"limiet moet een geheel getal van 1 tot en met {openapi.MAX_LIMIT} zijn, niet {text!r}"
        )
    return limit


def _start(request: HttpRequest) -> int:
    try:
        return params.non_negative(request, "start", 0, MAX_START)
    except ValueError:
        # Digits int() refuses ('²', or thousands of them) are as malformed as letters.
        text = request.GET.get("start", "")
        raise BadRequest(f"start moet een geheel getal vanaf 0 zijn, niet {text!r}") from None


def _next_page(request: HttpRequest, start: int) -> str:
    query = request.GET.copy()
    query["start"] = str(start)
    # One canonical address, whichever form (with or without a slash) was asked for.
    return f"{request.path.rstrip('/')}?{query.urlencode()}"


# --- views ---------------------------------------------------------------------------------


@require_safe
@cached_page
def indicators(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ())
    return _json([indicator_fields(i) for i in m.Indicator.objects.all()])


@require_safe
@cached_page
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    params.reject_unknown(request, ())
    return _json(indicator_detail_fields(params.indicator(code)))


@require_safe
@cached_page
def areas(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ())
    return _json([area_fields(a) for a in m.Area.objects.all()])


@require_safe
@cached_page
def area(request: HttpRequest, code: str) -> HttpResponse:
    params.reject_unknown(request, ())
    return _json(area_detail_fields(params.area(code)))


@require_safe
@cached_page
def observations(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, OBSERVATION_PARAMETERS)
    limit, start = _limit(request), _start(request)
    cells = preferred_cells(params.report_year(request))
    if code := request.GET.get("indicator", "").strip():
        cells = cells.filter(indicator=params.indicator(code))
    if code := request.GET.get("gebied", "").strip():
        cells = cells.filter(area=params.area(code))
    total = cells.count()
    end = start + limit
    return _json(
        {
            "aantal": total,
            "start": start,
            "limiet": limit,
            "volgende": _next_page(request, end) if end < total else None,
            "resultaten": [observation_fields(o) for o in cells[start:end]],
        }
    )


@require_safe
@cached_page
def goals(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ("jaar",))
    year = params.report_year(request)
    return _json(
        {"jaar": year, "doelen": [target_machine_row(r) for r in publication.targets(year)]}
    )


@require_safe
@cached_page
def openapi_document(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ())
    return _json(openapi.document())


@require_safe
@cached_page
def documentation(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ())
    document = openapi.document()
    context = page(
        request.path,
        "API voor ontwikkelaars",
        None,
        crumbs=[{"href": "/", "label": "Overzicht"}, {"label": "API"}],
        endpoints=openapi.endpoint_docs(document),
        schemas=openapi.schema_docs(document),
    )
    return render(request, "web/api.html", context)
