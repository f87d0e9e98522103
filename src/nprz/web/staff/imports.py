"""Data deliveries in the browser, for the programmabureau: upload a CSV file or Excel workbook,
check it ("Controleren": a dry run that writes nothing) and import it ("Importeren": one new
vintage, all or nothing). Thin: `nprz.imports.pipeline` inspects, reads, checks, plans and
writes, exactly as `nprz import file` does; this view only adds the page's own rules:

- the report year is shown with the check result, prefilled with the proposal and its reason;
  "Importeren" writes only with a report year in the field (so the user has seen or typed it);
- when the delivery changes figures a recorded report edition read, the page names them and
  "Importeren" writes only with the box ticked that says the user saw them.

The uploaded bytes stay in memory (`BoundedMemoryUpload`, never a temporary file), at most
NPRZ_UPLOAD_MAX_BYTES of them; they are never executed and never served back. Importing
uploads the file again rather than keeping the checked bytes between requests: nothing of an
upload outlives its request, and the import checks everything once more anyway.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from nprz.core.formatting import format_number
from nprz.core.problems import KEPT_PER_CODE
from nprz.core.workflow import Person, Role
from nprz.imports import pipeline, report_year, safety, store
from nprz.imports.pipeline import Examination
from nprz.imports.revisions import TouchedEdition
from nprz.interventions.accounts import person
from nprz.presenters.addresses import address
from nprz.presenters.tables import Cell, Column, Table
from nprz.web.pages.common import page
from nprz.web.staff.forms import describe_errors
from nprz.web.staff.views import T, refused

URL = "/gegevens/importeren/"
REFUSED = "Alleen het programmabureau mag dit."


def crumbs() -> list[dict[str, str]]:
    return [{"href": address("/ronde/"), "label": "Voortgangsronde"}]


# Room for the multipart envelope, the CSRF token and the button around the file itself.
ENVELOPE = 64 * 1024
SHOWN_CHANGES = 500  # rows of the plan on the page; the counts always cover all of them
ACTIONS = ("controleren", "importeren")
NO_YEAR = (
    "Er is niets opgeslagen: kies eerst het rapportjaar. Het voorstel staat hieronder "
    "ingevuld; kies het bestand opnieuw en klik op Importeren."
)
NOT_CONFIRMED = (
    "Er is niets opgeslagen: deze levering verandert cijfers die een vastgelegde rapporteditie "
    "heeft gelezen. Vink de bevestiging aan, kies het bestand opnieuw en klik op Importeren."
)


def max_bytes() -> int:
    return int(getattr(settings, "NPRZ_UPLOAD_MAX_BYTES", safety.MAX_BYTES))


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label="Bestand (CSV of Excel-werkmap .xlsx)",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg.",
            "invalid": "Dit is geen bestand; kies het opnieuw.",
        },
    )
    rapportjaar = forms.IntegerField(
        label="Rapportjaar (leeg: het voorstel uit het bestand, te zien na Controleren)",
        required=False,
        min_value=report_year.FIRST_YEAR,
        max_value=report_year.LAST_YEAR,
        error_messages={
            "invalid": "Geef een jaartal, bijvoorbeeld 2025.",
            "min_value": f"Kies een rapportjaar vanaf {report_year.FIRST_YEAR}.",
            "max_value": f"Kies een rapportjaar tot en met {report_year.LAST_YEAR}.",
        },
    )
    bevestig = forms.BooleanField(
        label="Ik heb gezien welke cijfers van vastgelegde rapportedities deze levering "
        "verandert, en importeer haar toch.",
        required=False,
    )


class BoundedMemoryUpload(FileUploadHandler):
    """Keeps an uploaded file in memory, and of an oversized one only the first `limit` + 1
    bytes: enough for `safety.inspect_upload` to say it is too big, never more in memory and
    nothing on disk (Django's default handler writes big uploads to a temporary file)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.buffer = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.limit + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])

    def file_complete(self, file_size: int) -> UploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,  # what was sent; the buffer holds at most `limit` + 1 of it
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def _bureau(request: HttpRequest) -> Person | HttpResponse:
    # Importing changes the published figures: the same people who manage users and
    # publish rounds (the workflow has no separate action for it yet).
    who = person(request.user)
    if Role.PROGRAMMABUREAU not in who.roles:
        return refused(request, REFUSED)
    return who


@login_required
@csrf_exempt  # checked by `_upload` below, after the memory-only upload handler is in place
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    who = _bureau(request)
    if isinstance(who, HttpResponse):
        return who
    if request.method == "GET":
        return _page(request, UploadForm())
    limit = max_bytes()
    declared = str(request.META.get("CONTENT_LENGTH") or "")
    length = int(declared) if declared.isdigit() else 0  # Django's parser refuses a bad one
    if length > limit + ENVELOPE:
        # Refused before reading the body: its length (the file plus a little form) is all
        # there is to say, and nothing that big is taken into memory.
        problem = safety.too_big(length, "upload", limit)
        return _page(request, UploadForm(), Examination("upload", (problem,)), status=413)
    request.upload_handlers = [BoundedMemoryUpload(request, limit)]
    return _upload(request, limit)


@csrf_protect
def _upload(request: HttpRequest, limit: int) -> HttpResponse:
    action = request.POST.get("actie", "")
    if action not in ACTIONS:
        raise BadRequest(f"onbekende actie {action!r}")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["bestand"]
    name = upload.name or "upload"
    chosen: int | None = form.cleaned_data["rapportjaar"]
    if upload.size > limit:  # only its first bytes were kept
        examination = Examination(name, (safety.too_big(upload.size, name, limit),))
    else:
        examination = pipeline.examine_upload(upload.read(), name, limit=limit, chosen_year=chosen)
    if action == "controleren" or not examination.ok:
        return _page(request, _next(examination), examination)
    return _import(request, examination, chosen, bool(form.cleaned_data["bevestig"]))


def _import(
    request: HttpRequest, examination: Examination, chosen: int | None, confirmed: bool
) -> HttpResponse:
    """Write what was examined, if the user chose the year and saw the editions it changes."""
    if chosen is None:
        return _page(request, _next(examination), examination, NO_YEAR)
    if examination.touched and not confirmed:
        return _page(request, _next(examination), examination, NOT_CONFIRMED)
    try:
        vintage = pipeline.apply(examination, user=request.user.get_username())
    except store.Refused as error:  # e.g. the same file imported a moment ago
        assert examination.delivery is not None  # it was examined without errors
        delivery = examination.delivery.with_problems(error.problems)
        failed = replace(examination, delivery=delivery, plan=None, touched=())
        return _page(request, _next(failed), failed)
    messages.success(
        request,
        f"{examination.name} is geïmporteerd als levering {vintage.code} voor rapportjaar "
        f"{vintage.report_year} ({vintage.summary}).",
    )
    return redirect(address(URL))


def _next(examination: Examination) -> UploadForm:
    """The form for the next step, with the report year the check used filled in."""
    year = examination.year.year if examination.year and examination.year.year else None
    return UploadForm(initial={"rapportjaar": year})


def _page(
    request: HttpRequest,
    form: UploadForm,
    examination: Examination | None = None,
    notice: str = "",
    *,
    status: int = 200,
) -> HttpResponse:
    describe_errors(form)
    plan = examination.plan if examination else None
    context = page(
        request.path,
        "Gegevens importeren",
        None,
        form=form,
        outcome=examination,
        notice=notice,
        limit=safety.size_text(max_bytes()),
        report=_report(examination) if examination and examination.problems else None,
        changes=_changes(plan) if plan else None,
        counts=_counts(plan) if plan else None,
        touched=[(t.sentence, _touched(t)) for t in examination.touched] if examination else [],
        deliveries=list(reversed(store.deliveries()))[:10],
        crumbs=[*crumbs(), {"label": "Gegevens importeren"}],
    )
    return render(request, T + "imports.html", context, status=status)


def _report(examination: Examination) -> Table:
    """Per code the first problems and a line with how many more: a file with an error in
    every cell gives a page of a few dozen rows (`tests/uploads/test_many_errors.py`)."""
    rows: list[tuple[Cell, ...]] = []
    groups = examination.groups()
    for group in groups:
        rows += [
            (Cell(p.severity.value), Cell(p.code), Cell(p.message), Cell(str(p.location)))
            for p in group.shown
        ]
        if group.more:
            more = f"en nog {format_number(group.more)} keer {group.code}"
            rows.append((Cell(group.severity.value), Cell(group.code), Cell(more), Cell("")))
    return Table(
        slug="controle",
        title="Controle van de levering",
        caption=_count(examination.error_count, "fout", "fouten")
        + ", "
        + _count(examination.warning_count, "waarschuwing", "waarschuwingen"),
        columns=(
            Column("ernst", "Ernst"),
            Column("code", "Code"),
            Column("melding", "Melding"),
            Column("plaats", "Plaats"),
        ),
        rows=tuple(rows),
        notes=(f"Per code de eerste {KEPT_PER_CODE} meldingen.",)
        if any(g.more for g in groups)
        else (),
    )


def _touched(edition: TouchedEdition) -> Table:
    more = edition.count - len(edition.figures)
    return Table(
        slug=f"editie-{edition.code}",
        title=f"Cijfers van rapporteditie {edition.code} die veranderen",
        caption=f"rapportjaar {edition.report_year}",
        columns=(
            Column("indicator", "Indicator"),
            Column("gebied", "Gebied"),
            Column("periode", "Periode"),
            Column("was", "Was (in de editie)", numeric=True),
            Column("wordt", "Wordt", numeric=True),
        ),
        rows=tuple(
            (Cell(f.key[0]), Cell(f.key[1]), Cell(f.key[2]), Cell(f.was or "–"), Cell(f.wordt))
            for f in edition.figures
        ),
        notes=(f"En nog {format_number(more)} cijfers.",) if more else (),
    )


def _changes(plan: store.Plan) -> Table:
    changed = [c for c in plan.changes if c.kind != "gelijk"]
    shown = changed[:SHOWN_CHANGES]
    notes = (
        (f"De eerste {len(shown)} van {len(changed)} wijzigingen.",)
        if len(changed) > len(shown)
        else ()
    )
    return Table(
        slug="wijzigingen",
        title="Wat het importeren verandert",
        caption="ongewijzigde cijfers niet getoond",
        columns=(
            Column("soort", "Soort"),
            Column("indicator", "Indicator"),
            Column("gebied", "Gebied"),
            Column("periode", "Periode"),
            Column("was", "Was", numeric=True),
            Column("wordt", "Wordt", numeric=True),
            Column("levering", "Nu uit levering"),
        ),
        rows=tuple(
            (
                Cell(c.kind),
                Cell(c.key[0]),
                Cell(c.key[1]),
                Cell(c.key[2]),
                Cell(c.was or "–"),
                Cell(c.wordt),
                Cell(c.was_vintage or "–"),
            )
            for c in shown
        ),
        notes=notes,
    )


def _counts(plan: store.Plan) -> dict[str, int]:
    return {kind: plan.count(kind) for kind in ("nieuw", "gewijzigd", "gelijk")}


def _count(number: int, one: str, more: str) -> str:
    return f"{format_number(number)} {one if number == 1 else more}"
