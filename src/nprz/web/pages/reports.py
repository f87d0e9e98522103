"""Rapporten: the published (final) editions of the annual report and the area documents,
per report year, to download as PDF or read as HTML.

Not a cached page: making an edition final changes no row count, so the data stamp the page
cache keys on would not see it; the page reads one small query and a list per edition.
"""

from __future__ import annotations

import datetime
import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nprz.core.formatting import format_date
from nprz.presenters.addresses import address
from nprz.publication import published
from nprz.web.pages.common import page

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


def download(code: str, name: str) -> str:
    return address(f"/rapport/{code}/{name}")


@require_safe
def reports_view(request: HttpRequest) -> HttpResponse:
    years: dict[int, list[dict[str, object]]] = {}
    for edition in published.editions():
        finalised = (
            format_date(datetime.datetime.fromisoformat(edition.finalised).date())
            if edition.finalised
            else ""
        )
        documents = [
            {
                "title": d.title,
                "html": download(edition.code, d.html),
                "pdf": download(edition.code, d.pdf) if d.pdf else None,
            }
            for d in edition.documents
        ]
        years.setdefault(edition.year, []).append(
            {
                "finalised": finalised,
                "kept": edition.kept,
                "report": next((x for x, d in zip(documents, edition.documents, strict=True)
                                if d.kind == published.MAIN), None),
                "areas": [x for x, d in zip(documents, edition.documents, strict=True)
                          if d.kind == published.AREA],
            }
        )  # fmt: skip
    context = page(
        request.path,
        "Rapporten",
        None,
        years=sorted(years.items(), reverse=True),
        crumbs=[{"href": address("/"), "label": "Overzicht"}, {"label": "Rapporten"}],
    )
    return render(request, "web/reports.html", context)


@require_safe
def report_file_view(request: HttpRequest, code: str, name: str) -> HttpResponseBase:
    path = published.file(code, name)
    if path is None:
        raise Http404(f"Het bestand {name} is niet gepubliceerd.")
    content_type = CONTENT_TYPES.get(path.suffix) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    return FileResponse(
        path.open("rb"),
        content_type=content_type,
        as_attachment=path.suffix == ".pdf",
        filename=path.name,
    )
