"""The JSON API, version 1: read-only endpoints over the store, declared with django-ninja.

Each endpoint declares its parameters (`nprz.web.api.parameters`) and its answers
(`nprz.web.api.schemas`) once; django-ninja reads the parameters, validates every answer
against its model before sending it, and derives the OpenAPI document from the same
declarations (`document()`). Views stay thin: check, query, and shape the rows
(`nprz.web.api.shaping`). Errors are `Fout` answers in Dutch: 400 for a malformed or unknown
parameter, 404 for an unknown code or year. How the endpoints are served (addresses, caching,
the redirects from before the version) is `nprz.web.api_urls`.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from nprz import programmes, publication
from nprz.monitor import models as m
from nprz.publication.editions import previous_report
from nprz.publication.observations import observations as published_observations
from nprz.web import params
from nprz.web.api import schemas as s
from nprz.web.api.parameters import (
    AREA,
    AREA_CODE,
    EXAMPLE_AREA,
    INDICATOR,
    INDICATOR_CODE,
    LIMIT,
    MALFORMED,
    START,
    YEAR,
    CodeFilter,
    Jaar,
    Limiet,
    Start,
)
from nprz.web.api.shaping import (
    PREFIX,
    area_detail,
    area_fields,
    indicator_detail,
    indicator_fields,
    observations_for_reader,
    target,
)


class DutchJSON(JSONRenderer):
    """UTF-8 as it is: "één", not "\\u00e9\\u00e9n"."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012 (ninja's own attribute)


api = NinjaAPI(
    title="NPRZ-monitor API",
    version="1",
    description=(
        "Open gegevens van de NPRZ-monitor: indicatoren, gebieden, waarnemingen en de stand "
        "van de doelen van een gebiedsprogramma. Alleen lezen (GET), "
        "antwoorden in JSON (UTF-8), veldnamen in het Nederlands, getallen als JSON-getallen "
        "en ontbrekende waarden als null. Uitleg: /api/."
    ),
    openapi_url=None,  # served as /api/openapi.json by nprz.web.api_urls
    docs_url=None,  # the Dutch page /api/ instead of Swagger from a CDN
    urls_namespace="api-v1",
    renderer=DutchJSON(),
)


def published() -> dict[str, Any]:
    """The document as a programme's section publishes it: the examples name its own area
    (the declarations cannot, they are one for every programme)."""
    text = json.dumps(document(), ensure_ascii=False)
    return dict(json.loads(text.replace(EXAMPLE_AREA, programmes.definition().area)))


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document, derived from the declarations below, as it is published
    (plain JSON: status codes as text keys)."""
    derived = api.get_openapi_schema(path_prefix=PREFIX.strip("/"))
    published: dict[str, Any] = json.loads(json.dumps(derived))
    return published


# --- errors --------------------------------------------------------------------------------


def error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    answer = s.Fout(fout=message, status=status)
    return api.create_response(request, answer.model_dump(), status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, str(exc), 404)


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, str(exc), 400)


@api.exception_handler(ValidationError)
def malformed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter that does not parse: "limiet moet … zijn, niet 'abc'"."""
    first = exc.errors[0]
    name = str(first["loc"][-1])
    text = request.GET.get(name, "")
    if first["type"] == MALFORMED:
        return error(request, f"{name} moet {first['msg']}, niet {text!r}", 400)
    return error(request, f"ongeldige waarde voor {name}: {text!r}", 400)


ANSWERS = {
    200: "gelukt",
    400: "ongeldige vraag: een parameter met een verkeerde vorm, of een onbekende parameter",
    404: "niet gevonden: een onbekende code of een rapportjaar zonder gegevens",
}


def answers(answer: Any, example: str, *errors: int) -> dict[str, Any]:
    """What an endpoint answers: `answer`, or a `Fout` with one of the `errors`; described
    in Dutch, with `x-voorbeeld`, the example address the /api/ page links to and the
    tests call."""
    codes = (200, *errors)
    return {
        "response": {200: answer, **dict.fromkeys(errors, s.Fout)},
        "openapi_extra": {
            "x-voorbeeld": example,
            "responses": {code: {"description": ANSWERS[code]} for code in codes},
        },
    }


def _next_page(request: HttpRequest, start: int) -> str:
    query = request.GET.copy()
    query["start"] = str(start)
    # One canonical address, whichever form (with or without a slash) was asked for.
    return f"{request.path.rstrip('/')}?{query.urlencode()}"


# --- endpoints -----------------------------------------------------------------------------


@api.get(
    "/indicatoren",
    **answers(list[s.Indicator], f"{PREFIX}indicatoren", 400),
    operation_id="indicatoren",
    summary="Alle indicatoren",
    description="Alle indicatoren in de volgorde van het rapport.",
)
def indicators(request: HttpRequest) -> list[s.Indicator]:
    return [s.Indicator(**indicator_fields(i)) for i in m.Indicator.objects.all()]


@api.get(
    "/indicatoren/{slug:code}",
    **answers(s.IndicatorDetail, f"{PREFIX}indicatoren/bevolking", 400, 404),
    operation_id="indicator",
    summary="Eén indicator",
    description="Een indicator met definitie, bron, notities, doelen en de gebieden met cijfers.",
)
def indicator(
    request: HttpRequest,
    code: str = INDICATOR_CODE,
) -> s.IndicatorDetail:
    return indicator_detail(params.indicator(code))


@api.get(
    "/gebieden",
    **answers(list[s.Gebied], f"{PREFIX}gebieden", 400),
    operation_id="gebieden",
    summary="Alle gebieden",
    description="Alle gebieden: land, steden, het programmagebied, groepen wijken en wijken.",
)
def areas(request: HttpRequest) -> list[s.Gebied]:
    return [s.Gebied(**area_fields(a)) for a in m.Area.objects.all()]


@api.get(
    "/gebieden/{slug:code}",
    **answers(s.GebiedDetail, f"{PREFIX}gebieden/nprz", 400, 404),
    operation_id="gebied",
    summary="Eén gebied",
    description="Een gebied met zijn leden en de gebieden waar het onder valt.",
)
def area(
    request: HttpRequest,
    code: str = AREA_CODE,
) -> s.GebiedDetail:
    return area_detail(params.area(code))


@api.get(
    "/waarnemingen",
    **answers(
        s.WaarnemingenPagina,
        f"{PREFIX}waarnemingen?indicator=bevolking&gebied={EXAMPLE_AREA}",
        400,
        404,
    ),
    operation_id="waarnemingen",
    summary="Waarnemingen",
    description=(
        "De cijfers zoals het rapport van het gevraagde jaar ze kende: per indicator, gebied "
        "en periode één rij, uit de levering met voorrang. Ook lege cellen (ontbrekend, "
        "onderdrukt of afgeschermd) staan erin. Het antwoord komt in pagina's: volg volgende "
        "tot die null is."
    ),
)
def observations(
    request: HttpRequest,
    indicator: CodeFilter = INDICATOR,
    gebied: CodeFilter = AREA,
    jaar: Jaar = YEAR,
    limiet: Limiet = LIMIT,
    start: Start = START,
) -> s.WaarnemingenPagina:
    year = params.known_year(jaar)
    cells = published_observations(year)
    if indicator:
        cells = cells.filter(indicator=params.indicator(indicator))
    if gebied:
        cells = cells.filter(area=params.area(gebied))
    total = cells.count()
    end = start + limiet
    return s.WaarnemingenPagina(
        aantal=total,
        start=start,
        limiet=limiet,
        volgende=_next_page(request, end) if end < total else None,
        resultaten=observations_for_reader(cells[start:end], year),
    )


@api.get(
    "/doelen",
    **answers(s.DoelenPagina, f"{PREFIX}doelen?jaar=2024", 400, 404),
    operation_id="doelen",
    summary="Stand van de doelen",
    description=(
        "Per doel de start-, actuele en referentiewaarde, het doel van dit jaar, het deel dat "
        "is ingelopen en de status, herberekend uit de cijfers (dezelfde cijfers als `nprz "
        "targets`). Een doel waarvan een waarde afgeschermd is, heeft geen oordeel."
    ),
)
def goals(request: HttpRequest, jaar: Jaar = YEAR) -> s.DoelenPagina:
    year = params.known_year(jaar)
    previous = previous_report(year)
    before = previous.goals if previous else {}
    return s.DoelenPagina(
        jaar=year, doelen=[target(row, before.get(row.code)) for row in publication.targets(year)]
    )
