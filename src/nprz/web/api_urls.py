"""Addresses of the JSON API, mounted at /api/ by `nprz.web.urls`.

* `/api/` is the Dutch documentation and `/api/openapi.json` the OpenAPI document, both
  derived from the declarations in `nprz.web.api.endpoints`;
* `/api/v1/…` are the endpoints. Each answers with and without a trailing slash: a client
  that writes the other form gets the data at once, not a redirect its HTTP library may not
  follow. A parameter the endpoint does not declare is refused (400), so a typing error does
  not go unnoticed; answers are cached per path for anonymous visitors;
* the addresses of before the version, `/api/indicatoren` and so on, redirect permanently
  (308) to the same address under `/api/v1/`, with the query string as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase, HttpResponseRedirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from nprz.presenters import addresses
from nprz.web import params
from nprz.web.api import docs
from nprz.web.api.endpoints import api, document, error
from nprz.web.api.shaping import PREFIX
from nprz.web.pagecache import cached_page

View = Callable[..., HttpResponseBase]


def documented_path(route: str) -> str:
    """A Django route ("indicatoren/<slug:code>") as the document writes it."""
    return PREFIX + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def declared_query(route: str) -> tuple[str, ...]:
    operation = document()["paths"][documented_path(route)]["get"]
    return tuple(p["name"] for p in operation["parameters"] if p["in"] == "query")


def served(route: str, name: str, view: View) -> View:
    """An endpoint as the site serves it: GET and HEAD only, only the parameters it
    declares, cached per path for anonymous visitors."""
    known = declared_query(route)

    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # django-ninja answers an endpoint without a stream with an HttpResponse.
        return cast(HttpResponse, view(request, *args, **kwargs))

    # The page cache keys on the view's name: give each endpoint its own.
    answer.__qualname__ = f"api.v1.{name}"
    cached = cached_page(answer)

    @require_safe
    def endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            params.reject_unknown(request, known)
        except BadRequest as refused:
            return error(request, str(refused), 400)
        if request.method != "HEAD":
            return cached(request, *args, **kwargs)
        # The endpoints are declared for GET only (the document lists each operation once);
        # a HEAD is the GET answer, whose body the server leaves out for a HEAD.
        request.method = "GET"
        try:
            return cached(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return endpoint


def moved(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """An address of before the version: the same address under /api/v1/."""
    inside = request.get_full_path().removeprefix(addresses.root()).removeprefix("/api/")
    return HttpResponsePermanentRedirect(addresses.address(PREFIX + inside), preserve_request=True)


def version_root(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(addresses.address("/api/"))


def endpoints() -> list[URLPattern]:
    found: list[URLPattern] = []
    for pattern in api.urls[0]:
        if not isinstance(pattern, URLPattern) or pattern.name == "api-root":
            continue  # ninja's root only says where its own docs would be
        route = str(pattern.pattern)
        view = served(route, str(pattern.name), pattern.callback)
        found += [path(f"v1/{route}", view, name=f"api-{pattern.name}"), path(f"v1/{route}/", view)]
        found += [path(route, moved), path(f"{route}/", moved)]
    return found


urlpatterns: list[URLPattern] = [
    path("", docs.documentation, name="api"),
    path("openapi.json", docs.openapi_document, name="api-openapi"),
    path("v1/", version_root),
    *endpoints(),
]
