"""Addresses of the JSON API, mounted at /api/ by `nprz.web.urls`.

Every endpoint answers with and without a trailing slash: a client that writes the other
form gets the data at once, not a redirect its HTTP library may not follow.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from nprz.web import api


def both(route: str, view: Callable[..., HttpResponse], name: str) -> list[URLPattern]:
    return [path(route, view, name=name), path(f"{route}/", view)]


urlpatterns: list[URLPattern] = [
    path("", api.documentation, name="api"),
    path("openapi.json", api.openapi_document, name="api-openapi"),
    *both("indicatoren", api.indicators, "api-indicators"),
    *both("indicatoren/<slug:code>", api.indicator, "api-indicator"),
    *both("gebieden", api.areas, "api-areas"),
    *both("gebieden/<slug:code>", api.area, "api-area"),
    *both("waarnemingen", api.observations, "api-observations"),
    *both("doelen", api.goals, "api-goals"),
]
