"""Thin views: check the request, ask a page builder, render. Errors are Dutch pages.

Each page URL `P` also answers `P<name>.csv`, `P<name>.xlsx` (a table the page shows) and
`P<name>.svg` (a chart it shows), built by the same builder, so a download is the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from nprz.charts.render import render_svg
from nprz.monitor import scope
from nprz.presenters import tables
from nprz.publication import audience
from nprz.publication.stamp import Memo, data_stamp
from nprz.web.pagecache import cached_page
from nprz.web.pages.common import Page

Builder = Callable[..., Page]
log = logging.getLogger(__name__)
built: Memo[Page] = Memo(size=64)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
}


def page_view(builder: Builder) -> Callable[..., HttpResponse]:
    def view(
        request: HttpRequest, name: str | None = None, ext: str | None = None, **kwargs: Any
    ) -> HttpResponse:
        # A page and its downloads share one build: the key leaves out the asset's name.
        # An analyst's build shows hidden cells: never share it with the public. Each
        # programme (site section) has its own figures and links.
        key = (builder.__module__, builder.__name__, tuple(sorted(kwargs.items())),
               request.META.get("QUERY_STRING", ""), data_stamp(), audience.current(),
               scope.current_id())  # fmt: skip
        page = built.get(key)
        if page is None:
            page = builder(request, **kwargs)
            built.put(key, page)
        if name is None:
            return render(request, page.template, page.context)
        return asset(page, name, ext or "")

    # The page cache keys on the view's name: give each page type its own.
    view.__qualname__ = f"page_view.{builder.__module__}.{builder.__name__}"
    return require_safe(cached_page(view))


def asset(page: Page, name: str, ext: str) -> HttpResponse:
    if ext == "svg":
        if name not in page.charts:
            raise Http404(f"Deze pagina heeft geen grafiek {name!r}.")
        return HttpResponse(render_svg(page.charts[name].spec), content_type=CONTENT_TYPES[ext])
    table = page.tables.get(name)
    if table is None:
        raise Http404(f"Deze pagina heeft geen tabel {name!r}.")
    content: str | bytes = tables.to_csv(table) if ext == "csv" else tables.to_xlsx(table)
    response = HttpResponse(content, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.{ext}"'
    return response


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"fout": message, "status": status},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    html = render_to_string(
        "web/error.html",
        {"title": title, "message": message, "status": status, "menu": _menu()},
        request=request,
    )
    return HttpResponse(html, status=status)


def _menu() -> list[Any]:
    from nprz.web.pages.common import MENU, Link

    return [Link(href, label) for href, label in MENU]


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if isinstance(exception, BadRequest) and str(exception) else ""
    return _error(request, 400, "Ongeldige vraag", message or "De vraag aan de server klopt niet.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if isinstance(exception, Http404) and exception.args else ""
    if not message or "Resolver404" in message or message.startswith("{"):
        message = f"De pagina {request.path} bestaat niet."
    return _error(request, 404, "Niet gevonden", message)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception is not None and str(exception) else ""
    return _error(request, 403, "Geen toegang", message or "U mag deze pagina niet zien.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Formulier verlopen",
        "Het formulier kon niet veilig worden verwerkt (de beveiligingscode ontbrak of was "
        "verlopen). Laad de pagina opnieuw en probeer het nog eens.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        "Er ging iets mis",
        "Deze pagina kon niet worden gemaakt. De fout is gelogd; probeer het later opnieuw.",
    )
