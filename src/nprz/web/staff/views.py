"""The progress round in the browser: log in and out, the rounds, a round's reports, one
report with its form, review buttons and history. Thin: the services in
`nprz.interventions.rounds` decide (with `nprz.core.workflow`) and write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.core.exceptions import BadRequest
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nprz.core.movement import Colour
from nprz.core.workflow import Action, Person, Role, allowed
from nprz.interventions import models as iv
from nprz.interventions import rounds
from nprz.interventions.accounts import person
from nprz.web.pages.common import page
from nprz.web.staff import throttle
from nprz.web.staff.forms import (
    ApproveForm,
    LoginForm,
    OpenRoundForm,
    ReportForm,
    ReturnForm,
    VersionForm,
    describe_errors,
)

T = "web/staff/"
COLOURS = {c.value: c.label for c in Colour}
HIDDEN_HISTORY_FIELDS = ["version", "updated_at", "updated_by", "source"]


def refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    """A Dutch refusal page (the site has no 403 handler of its own)."""
    title = "Te veel pogingen" if status == 429 else "Dit mag niet"
    context = page(request.path, title, None, message=message, status=status)
    return render(request, T + "refused.html", context, status=status)


# --- logging in and out -------------------------------------------------------------------


class Login(LoginView):
    template_name = T + "login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        describe_errors(context["form"])
        return {**page(self.request.path, "Inloggen", None), **context}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.blocked(request, request.POST.get("username", "")):
            return refused(request, throttle.MESSAGE, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        throttle.succeeded(self.request, form.cleaned_data.get("username", ""))
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        throttle.failed(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "U bent uitgelogd.")
    return redirect("/inloggen/")


# --- rounds -------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> Person | HttpResponse:
    who = person(request.user)
    if not who.roles:
        return refused(request, "Uw account heeft (nog) geen rol in de voortgangsronde.")
    return who


@login_required
@require_http_methods(["GET", "POST"])
def rounds_view(request: HttpRequest) -> HttpResponse:
    who = _staff(request)
    if isinstance(who, HttpResponse):
        return who
    latest = iv.ProgressRound.objects.order_by("-year").values_list("year", flat=True).first()
    # The form proposes the year after the latest round; the bureau may change it.
    initial = {"year": latest + 1} if latest else {}
    form = OpenRoundForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            return _rounds_page(request, who, form, status=400)
        try:
            made = rounds.open_round(who, form.cleaned_data["year"], by=_user(request))
        except rounds.Refused as error:
            return refused(request, _sentence(error.message))
        messages.success(request, f"Voortgangsronde {made.year} is geopend.")
        return redirect(f"/ronde/{made.year}/")
    return _rounds_page(request, who, form)


def _rounds_page(
    request: HttpRequest, who: Person, form: OpenRoundForm, status: int = 200
) -> HttpResponse:
    items = []
    for round_ in iv.ProgressRound.objects.annotate(n=Count("reports")).order_by("-year"):
        subject = rounds.round_subject(round_)
        items.append(
            {
                "round": round_,
                "count": round_.n,
                "may_close": allowed(who, Action.RONDE_SLUITEN, subject),
                "may_reopen": allowed(who, Action.RONDE_OPENEN, subject),
                "may_publish": allowed(who, Action.PUBLICEREN, subject),
            }
        )
    context = page(
        request.path,
        "Voortgangsronde",
        None,
        rounds=items,
        form=form,
        bureau=Role.PROGRAMMABUREAU in who.roles,
    )
    return render(request, T + "rounds.html", context, status=status)


ROUND_STEPS = {
    "sluiten": (rounds.close_round, "gesloten"),
    "heropenen": (rounds.reopen_round, "weer geopend"),
}


@login_required
@require_POST
def round_step(request: HttpRequest, year: int, step: str) -> HttpResponse:
    who = _staff(request)
    if isinstance(who, HttpResponse):
        return who
    round_ = iv.ProgressRound.objects.filter(year=year).first()
    if round_ is None:
        raise Http404(f"Er is geen voortgangsronde {year}.")
    try:
        if step == "publiceren":
            left = rounds.publish_round(who, round_, by=_user(request))
            messages.success(request, f"Voortgangsronde {year} is gepubliceerd.")
            if left:
                names = ", ".join(f"{r.intervention.pillar} {r.intervention.number}" for r in left)
                messages.warning(
                    request,
                    f"{len(left)} voortgangsrapporten waren niet goedgekeurd en zijn niet "
                    f"gepubliceerd: {names}.",
                )
        elif step in ROUND_STEPS:
            service, done = ROUND_STEPS[step]
            service(who, round_)
            messages.success(request, f"Voortgangsronde {year} is {done}.")
        else:
            raise Http404(f"Onbekende stap {step!r}.")
    except rounds.Refused as error:
        return refused(request, _sentence(error.message))
    return redirect("/ronde/")


@login_required
def round_view(request: HttpRequest, year: int) -> HttpResponse:
    who = _staff(request)
    if isinstance(who, HttpResponse):
        return who
    round_ = iv.ProgressRound.objects.filter(year=year).first()
    if round_ is None:
        raise Http404(f"Er is geen voortgangsronde {year}.")
    reports = rounds.visible_reports(who, round_)
    context = page(
        request.path,
        f"Voortgangsronde {year}",
        None,
        round=round_,
        reports=[
            {
                "report": r,
                "colour": COLOURS.get(r.colour, r.colour),
                "proposed": COLOURS.get(r.proposed_colour, ""),
                "href": f"/ronde/{year}/{r.intervention.pillar}/{r.intervention.number}/",
            }
            for r in reports
        ],
        crumbs=[{"href": "/ronde/", "label": "Voortgangsronde"}, {"label": str(year)}],
    )
    return render(request, T + "round.html", context)


# --- one report ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest, year: int, pillar: str, number: str) -> HttpResponse:
    who = _staff(request)
    if isinstance(who, HttpResponse):
        return who
    report = rounds.report_for(year, pillar, number)
    if report is None:
        raise Http404(f"Er is geen voortgangsrapport {pillar} {number} in {year}.")
    if reason := rounds.reason_hidden(who, rounds.subject_of(report)):
        return refused(request, _sentence(reason))
    if request.method == "GET":
        return _report_page(request, who, report)
    action = request.POST.get("actie", "")
    handler = HANDLERS.get(action)
    if handler is None:
        raise BadRequest(f"onbekende actie {action!r}")
    return handler(request, who, report)


def _save(request: HttpRequest, who: Person, report: iv.ProgressReport) -> HttpResponse:
    kpis = list(report.intervention.kpis.all())
    form = ReportForm(request.POST, kpis=kpis)
    if not form.is_valid():
        return _report_page(request, who, report, report_form=form, status=400)
    try:
        rounds.save_report(
            who,
            report,
            form.cleaned_data["version"],
            form.cleaned_data["summary"] or "",
            form.kpi_values(),
            by=_user(request),
        )
    except rounds.Refused as error:
        return refused(request, _sentence(error.message))
    except rounds.Invalid as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _report_page(request, who, report, report_form=form, status=400)
    except rounds.Conflict as conflict:
        data = request.POST.copy()
        data["version"] = str(conflict.current_version)
        again = ReportForm(data, kpis=kpis)
        again.is_valid()
        fresh = rounds.report_for(year_of(report), *_where(report)) or report
        return _report_page(request, who, fresh, report_form=again, conflict=conflict, status=409)
    messages.success(request, "Het voortgangsrapport is opgeslagen.")
    return redirect(request.path)


def _submit(request: HttpRequest, who: Person, report: iv.ProgressReport) -> HttpResponse:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("versie ontbreekt")
    return _do(
        request,
        who,
        report,
        lambda: rounds.submit(who, report, form.cleaned_data["version"], by=_user(request)),
        "Het voortgangsrapport is ingediend.",
    )


def _return(request: HttpRequest, who: Person, report: iv.ProgressReport) -> HttpResponse:
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise BadRequest("versie ontbreekt")
    try:
        return _do(
            request,
            who,
            report,
            lambda: rounds.return_report(
                who,
                report,
                form.cleaned_data["version"],
                form.cleaned_data["comment"] or "",
                by=_user(request),
            ),
            "Het voortgangsrapport is teruggestuurd naar de initiatiefnemer.",
        )
    except rounds.Invalid as error:
        for name, message in error.errors.items():
            form.add_error(name, message)
        return _report_page(request, who, report, return_form=form, status=400)


def _approve(request: HttpRequest, who: Person, report: iv.ProgressReport) -> HttpResponse:
    form = ApproveForm(request.POST)
    if not form.is_valid():
        raise BadRequest("versie ontbreekt")
    try:
        return _do(
            request,
            who,
            report,
            lambda: rounds.approve(
                who,
                report,
                form.cleaned_data["version"],
                form.cleaned_data["colour"] or "",
                form.cleaned_data["reason"] or "",
                by=_user(request),
            ),
            "Het voortgangsrapport is goedgekeurd.",
        )
    except rounds.Invalid as error:
        for name, message in error.errors.items():
            form.add_error(name, message)
        return _report_page(request, who, report, approve_form=form, status=400)


def _do(
    request: HttpRequest,
    who: Person,
    report: iv.ProgressReport,
    step: Any,
    done: str,
) -> HttpResponse:
    """Run a state step; Refused -> 403, Conflict -> the page again with what changed."""
    try:
        step()
    except rounds.Refused as error:
        return refused(request, _sentence(error.message))
    except rounds.Conflict as conflict:
        fresh = rounds.report_for(year_of(report), *_where(report)) or report
        return _report_page(request, who, fresh, conflict=conflict, status=409)
    messages.success(request, done)
    return redirect(request.path)


HANDLERS = {"opslaan": _save, "indienen": _submit, "terugsturen": _return, "goedkeuren": _approve}


def year_of(report: iv.ProgressReport) -> int:
    return report.round.year


def _where(report: iv.ProgressReport) -> tuple[str, str]:
    return report.intervention.pillar, report.intervention.number


@dataclass(frozen=True)
class KpiRow:
    label: str
    unit: str
    target: str
    value: str
    field: Any


def _report_page(
    request: HttpRequest,
    who: Person,
    report: iv.ProgressReport,
    *,
    report_form: ReportForm | None = None,
    return_form: ReturnForm | None = None,
    approve_form: ApproveForm | None = None,
    conflict: rounds.Conflict | None = None,
    status: int = 200,
) -> HttpResponse:
    subject = rounds.subject_of(report)
    may = {a.value: allowed(who, a, subject) for a in Action}
    kpis = list(report.intervention.kpis.all())
    values = rounds.round_values(report)
    targets = rounds.targets(report)
    if report_form is None:
        initial: dict[str, Any] = {"version": report.version, "summary": report.summary}
        initial.update({f"kpi-{k}": v.printed for k, v in values.items()})
        report_form = ReportForm(initial=initial, kpis=kpis)
    version = {"version": report.version}
    for form in (report_form, return_form, approve_form):
        if form is not None:
            describe_errors(form)
    rows = [
        KpiRow(
            kpi.label,
            kpi.unit,
            targets[kpi.pk].printed + f" ({targets[kpi.pk].period})" if kpi.pk in targets else "",
            values[kpi.pk].printed if kpi.pk in values else "",
            report_form[f"kpi-{kpi.pk}"],
        )
        for kpi in kpis
    ]
    intervention = report.intervention
    title = (
        f"Voortgang {report.round.year}: {intervention.get_pillar_display()} {intervention.number}"
    )
    context = page(
        request.path,
        title,
        None,
        report=report,
        intervention=intervention,
        organisations=[i.organisation.name for i in intervention.initiator_set.all()],
        colour=COLOURS.get(report.colour, report.colour),
        proposed=COLOURS.get(report.proposed_colour, ""),
        may=may,
        editable=may[Action.BEWERKEN.value],
        reviewer=may[Action.GOEDKEUREN.value] or may[Action.TERUGSTUREN.value],
        report_form=report_form,
        kpi_rows=rows,
        version_form=VersionForm(initial=version),
        return_form=return_form or ReturnForm(initial=version),
        approve_form=approve_form
        or ApproveForm(initial={**version, "colour": report.proposed_colour}),
        conflict=conflict,
        history=history(report),
        crumbs=[
            {"href": "/ronde/", "label": "Voortgangsronde"},
            {"href": f"/ronde/{report.round.year}/", "label": str(report.round.year)},
            {"label": f"{intervention.pillar} {intervention.number}"},
        ],
    )
    return render(request, T + "report.html", context, status=status)


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    what: str
    changes: list[tuple[str, str, str]]


def history(report: iv.ProgressReport) -> list[HistoryEntry]:
    """Who changed what when, newest first: the report's fields and its KPI values."""
    entries = []
    records = list(report.history.order_by("history_date", "history_id").select_related())
    previous = None
    for record in records:
        if previous is None:
            changes = [("status", "", record.status)]
            what = "aangemaakt"
        else:
            delta = record.diff_against(previous, excluded_fields=HIDDEN_HISTORY_FIELDS)
            changes = [
                (rounds.FIELD_LABELS.get(c.field, c.field), str(c.old), str(c.new))
                for c in delta.changes
            ]
            what = "gewijzigd"
        entries.append(HistoryEntry(record.history_date, _name(record), what, changes))
        previous = record
    labels = {k.pk: k.label for k in report.intervention.kpis.all()}
    kpi_records = iv.KpiValue.history.filter(
        kpi_id__in=labels, round_id=report.round_id, period=str(report.round.year)
    ).order_by("history_date")
    for record in kpi_records:
        old = record.prev_record.printed if record.prev_record else ""
        new = "" if record.history_type == "-" else record.printed
        entries.append(
            HistoryEntry(
                record.history_date,
                _name(record),
                "KPI-waarde",
                [(labels.get(record.kpi_id, "KPI"), old, new)],
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _name(record: Any) -> str:
    user = record.history_user
    return str(user.get_username()) if user is not None else "systeem"


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
