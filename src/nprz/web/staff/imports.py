"""Data deliveries in the browser, for the programmabureau: upload a CSV file or Excel workbook,
check it ("Controleren": a dry run that writes nothing) and import it ("Importeren": one new
vintage, all or nothing). Thin: `nprz.imports.safety` inspects the raw bytes,
`nprz.imports.files` reads them, `nprz.imports.store` checks, plans and writes.

The uploaded bytes stay in memory (`BoundedMemoryUpload`, never a temporary file), at most
NPRZ_UPLOAD_MAX_BYTES of them; they are never executed and never served back. Importing
uploads the file again rather than keeping the checked bytes between requests: nothing of an
upload outlives its request, and the import checks everything once more anyway.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
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

from nprz.core.workflow import Person, Role
from nprz.imports import files, safety, store
from nprz.imports.delivery import Delivery, Problem, Severity
from nprz.interventions.accounts import person
from nprz.presenters.tables import Cell, Column, Table
from nprz.web.pages.common import page
from nprz.web.staff.forms import describe_errors
from nprz.web.staff.views import T, refused

URL = "/gegevens/importeren/"
REFUSED = "Alleen het programmabureau mag dit."
CRUMBS = [{"href": "/ronde/", "label": "Voortgangsronde"}]
# Room for the multipart envelope, the CSRF token and the button around the file itself.
ENVELOPE = 64 * 1024
SHOWN_CHANGES = 500  # rows of the plan on the page; the counts always cover all of them
ACTIONS = ("controleren", "importeren")


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


@dataclass
class Outcome:
    """What one upload came to: every problem, and the plan when it can be imported."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    delivery: Delivery | None = None
    plan: store.Plan | None = None

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(p.severity is Severity.FOUT for p in self.problems)


def examine(data: bytes, name: str, limit: int) -> Outcome:
    """Inspect the bytes, read them, check them against the store, plan; stop at the first
    step with errors (nothing unsafe reaches the reader, nothing unread reaches the store)."""
    outcome = Outcome(name, safety.inspect_upload(data, name, max_bytes=limit))
    if any(p.severity is Severity.FOUT for p in outcome.problems):
        return outcome
    read = files.read_bytes(data, safety.reading_name(name, data), store.codes())
    checked = store.check(read)
    outcome.problems.extend(checked.problems)
    if checked.ok:
        outcome.delivery = checked
        outcome.plan = store.plan(checked)
    return outcome


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
        return _page(request, UploadForm(), Outcome("upload", [problem]), status=413)
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
    if upload.size > limit:  # only its first bytes were kept
        outcome = Outcome(name, [safety.too_big(upload.size, name, limit)])
    else:
        outcome = examine(upload.read(), name, limit)
    if action == "controleren" or not outcome.ok or outcome.delivery is None:
        return _page(request, UploadForm(), outcome)
    try:
        vintage = store.apply(
            outcome.delivery, user=request.user.get_username(), planned=outcome.plan
        )
    except store.Refused as error:  # e.g. the same file imported a moment ago
        outcome.problems.extend(error.problems)
        outcome.plan = None
        return _page(request, UploadForm(), outcome)
    messages.success(
        request,
        f"{outcome.name} is geïmporteerd als levering {vintage.code} ({vintage.summary}).",
    )
    return redirect(URL)


def _page(
    request: HttpRequest,
    form: UploadForm,
    outcome: Outcome | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    describe_errors(form)
    context = page(
        request.path,
        "Gegevens importeren",
        None,
        form=form,
        outcome=outcome,
        limit=safety.size_text(max_bytes()),
        report=_report(outcome) if outcome and outcome.problems else None,
        changes=_changes(outcome.plan) if outcome and outcome.plan else None,
        counts=_counts(outcome.plan) if outcome and outcome.plan else None,
        deliveries=list(reversed(store.deliveries()))[:10],
        crumbs=[*CRUMBS, {"label": "Gegevens importeren"}],
    )
    return render(request, T + "imports.html", context, status=status)


def _report(outcome: Outcome) -> Table:
    errors = sum(1 for p in outcome.problems if p.severity is Severity.FOUT)
    return Table(
        slug="controle",
        title="Controle van de levering",
        caption=_count(errors, "fout", "fouten")
        + ", "
        + _count(len(outcome.problems) - errors, "waarschuwing", "waarschuwingen"),
        columns=(
            Column("ernst", "Ernst"),
            Column("code", "Code"),
            Column("melding", "Melding"),
            Column("plaats", "Plaats"),
        ),
        rows=tuple(
            (
                Cell(p.severity.value),
                Cell(p.code),
                Cell(p.message),
                Cell(str(p.location)),
            )
            for p in outcome.problems
        ),
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
    return f"{number} {one if number == 1 else more}"
