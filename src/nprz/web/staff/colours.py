"""Colours per intervention and year in the browser, for the programmabureau: upload a CSV
file or Excel workbook, check it ("Controleren": every problem and what would change, was →
wordt, nothing written) and import it ("Importeren": all or nothing). Thin: the upload is held
in memory as for data deliveries (`imports.BoundedMemoryUpload`), `nprz.imports.safety`
inspects the bytes, `nprz.interventions.colours` reads, checks and writes.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from nprz.core.workflow import Person, Role
from nprz.imports import safety
from nprz.imports.delivery import Problem
from nprz.interventions import colours, entry
from nprz.interventions.accounts import person
from nprz.interventions.colour_import import ColourSheet
from nprz.presenters.addresses import address
from nprz.presenters.tables import Cell, Column, Table
from nprz.web.pages.common import page
from nprz.web.staff.forms import describe_errors
from nprz.web.staff.imports import ENVELOPE, BoundedMemoryUpload, max_bytes
from nprz.web.staff.views import T, refused, user_of

URL = "/ronde/kleuren/"
ACTIONS = ("controleren", "importeren")


def crumbs() -> list[dict[str, str]]:
    return [
        {"href": address("/ronde/"), "label": "Voortgangsronde"},
        {"label": "Kleuren importeren"},
    ]


class ColourUploadForm(forms.Form):
    bestand = forms.FileField(
        label="Bestand met kleuren (CSV of Excel-werkmap .xlsx)",
        error_messages={
            "required": "Kies een bestand.",
            "empty": "Het bestand is leeg.",
            "invalid": "Dit is geen bestand; kies het opnieuw.",
        },
    )
    jaar = forms.CharField(
        label="Jaar (alleen als het bestand geen kolom jaar heeft)", required=False, max_length=20
    )

    def clean_jaar(self) -> int | None:
        text = self.cleaned_data.get("jaar") or ""
        if not text.strip():
            return None
        try:
            return entry.year(text)
        except entry.EntryError as error:
            message = str(error)
            raise forms.ValidationError(message[:1].upper() + message[1:] + ".") from error


def bureau(request: HttpRequest) -> Person | HttpResponse:
    # Colours change what the public pages and the report show: the bureau only, as for data.
    who = person(request.user)
    if Role.PROGRAMMABUREAU not in who.roles:
        return refused(request, "Alleen het programmabureau mag dit.")
    return who


@login_required
@csrf_exempt  # checked by `_upload` below, after the memory-only upload handler is in place
@require_http_methods(["GET", "POST"])
def colour_import_view(request: HttpRequest) -> HttpResponse:
    who = bureau(request)
    if isinstance(who, HttpResponse):
        return who
    if request.method == "GET":
        return _page(request, ColourUploadForm())
    limit = max_bytes()
    declared = str(request.META.get("CONTENT_LENGTH") or "")
    length = int(declared) if declared.isdigit() else 0
    if length > limit + ENVELOPE:
        plan = _refused_plan(safety.too_big(length, "upload", limit))
        return _page(request, ColourUploadForm(), plan, status=413)
    request.upload_handlers = [BoundedMemoryUpload(request, limit)]
    return _upload(request, limit)


@csrf_protect
def _upload(request: HttpRequest, limit: int) -> HttpResponse:
    action = request.POST.get("actie", "")
    if action not in ACTIONS:
        raise BadRequest(f"onbekende actie {action!r}")
    form = ColourUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["bestand"]
    name = upload.name or "upload"
    if upload.size > limit:  # only its first bytes were kept
        plan = _refused_plan(safety.too_big(upload.size, name, limit))
    else:
        plan = colours.read_and_check(
            upload.read(), name, year=form.cleaned_data["jaar"], max_bytes=limit
        )
    if action == "controleren" or not plan.ok:
        return _page(request, ColourUploadForm(initial={"jaar": request.POST.get("jaar")}), plan)
    try:
        made = colours.apply(plan, received_by=request.user.get_username(), by=user_of(request))
    except colours.Refused as error:
        refused = colours.Plan(plan.sheet, (*plan.problems, *error.problems), ())
        return _page(request, ColourUploadForm(), refused)
    messages.success(request, f"{name} is ingelezen als {made.code}: {plan.summary}.")
    return redirect(address(URL))


def _refused_plan(problem: Problem) -> colours.Plan:
    sheet = ColourSheet(problem.location.file, "", (), (problem,))
    return colours.Plan(sheet, (problem,), ())


def _page(
    request: HttpRequest,
    form: ColourUploadForm,
    plan: colours.Plan | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    describe_errors(form)
    context = page(
        request.path,
        "Kleuren importeren",
        None,
        form=form,
        plan=plan,
        limit=safety.size_text(max_bytes()),
        problems=_problems(plan) if plan and plan.problems else None,
        changes=_changes(plan) if plan and plan.ok and plan.changes else None,
        imports=colours.imports()[:10],
        crumbs=crumbs(),
    )
    return render(request, T + "colours.html", context, status=status)


def _problems(plan: colours.Plan) -> Table:
    errors = len(plan.errors)
    warnings = len(plan.problems) - errors
    return Table(
        slug="controle-kleuren",
        title="Controle van het kleurenbestand",
        caption=f"{errors} {'fout' if errors == 1 else 'fouten'}, {warnings} "
        f"{'waarschuwing' if warnings == 1 else 'waarschuwingen'}",
        columns=(
            Column("ernst", "Ernst"),
            Column("code", "Code"),
            Column("melding", "Melding"),
            Column("plaats", "Plaats"),
        ),
        rows=tuple(
            (Cell(p.severity.value), Cell(p.code), Cell(p.message), Cell(str(p.location)))
            for p in plan.problems
        ),
    )


def _changes(plan: colours.Plan) -> Table:
    return Table(
        slug="kleuren-wijzigingen",
        title="Wat het importeren verandert",
        caption=plan.summary,
        columns=(
            Column("soort", "Soort"),
            Column("jaar", "Jaar"),
            Column("interventie", "Interventie"),
            Column("was", "Was"),
            Column("wordt", "Wordt"),
        ),
        rows=tuple(
            (
                Cell(c.kind),
                Cell(str(c.year)),
                Cell(f"{c.pillar} {c.number}. {c.name}"),
                Cell(c.was.word),
                Cell(c.wordt.word),
            )
            for c in plan.changes
        ),
    )
