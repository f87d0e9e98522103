"""Each programme is a section of the site (decision record 018).

The default programme (the first by position) lives at the root; every other programme under
`/programma/<code>/`, with the same pages. This middleware reads the section from the address,
chooses the programme for everything below it (`nprz.monitor.scope`) and sets the root that
every link is made from (`nprz.presenters.addresses`), so a page of one programme never shows
or links to another's figures. `/programma/<default>/…` redirects to the root address, so
every page has one address.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.functional import SimpleLazyObject

from nprz import programmes
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.presenters import addresses
from nprz.programmes.schema import ProgrammeFile


class SectionMiddleware:
    """Chooses the programme from the address and hands the views the address inside its
    section: `/programma/<code>/doelen/` is resolved as `/doelen/` (like an application
    mounted under a script name), while `request.path` keeps the whole address, so redirects
    to it and the page cache stay inside the section."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(addresses.SECTION_PREFIX):
            with scope.default_programme(), addresses.within(""):
                return self.get_response(request)
        programmes = list(m.Programme.objects.order_by("position", "id"))
        chosen, rest = _section_of(request.path_info, programmes)
        if chosen is None:
            # An unknown section: answered by the site's own 404 page.
            with scope.default_programme(), addresses.within(""):
                return self.get_response(request)
        if chosen == programmes[0]:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(rest + (f"?{query}" if query else ""))
        request.path_info = rest
        with scope.working_on(chosen), addresses.within(addresses.section_root(chosen.code)):
            return self.get_response(request)


def _section_of(path: str, programmes: list[m.Programme]) -> tuple[m.Programme | None, str]:
    """The programme whose section `path` is in, and the path inside it."""
    if not path.startswith(addresses.SECTION_PREFIX):
        return None, path
    code, _, rest = path.removeprefix(addresses.SECTION_PREFIX).partition("/")
    chosen = next((p for p in programmes if p.code == code), None)
    return (chosen, "/" + rest) if chosen is not None else (None, path)


def site(request: HttpRequest) -> dict[str, object]:
    """Template context: `site_root`, the root every link starts from ("" or
    "/programma/<code>"); `programme` and `definition`, the programme this page belongs to;
    `sections`, every programme's name and home address when there are several. Read when a
    template first uses them, so a page that shows none of it costs no query."""
    return {
        "site_root": addresses.root(),
        "programme": SimpleLazyObject(_programme),
        "definition": SimpleLazyObject(_definition),
        "sections": SimpleLazyObject(_sections),
    }


def _programme() -> m.Programme | None:
    try:
        return scope.current()
    except (scope.ProgrammeNotChosen, DatabaseError):
        return None  # nothing loaded yet, or a database without its tables


def _definition() -> ProgrammeFile | None:
    return programmes.definition() if _programme() is not None else None


def _sections() -> list[tuple[str, str, bool]]:
    chosen = _programme()
    try:
        everyone = list(m.Programme.objects.values_list("code", "name"))
    except DatabaseError:
        return []
    found = [
        (
            name,
            f"{addresses.section_root(code) if index else ''}/",
            code == getattr(chosen, "code", None),
        )
        for index, (code, name) in enumerate(everyone)
    ]
    return found if len(found) > 1 else []
