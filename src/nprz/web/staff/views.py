"""The progress round in the browser: log in and out, and one report with its form (last
year beside this year, the owner's colour proposal, the bureau's targets), review buttons and
history. The rounds themselves: `round_views`. Thin: the services in
`nprz.interventions.rounds` decide (with `nprz.core.workflow`) and write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nprz.core.movement import Colour
from nprz.core.workflow import FOUR_EYES, Action, Person, reason_refused
from nprz.interventions import kpis as kpi_rules
from nprz.interventions import models as iv
from nprz.interventions import rounds
from nprz.interventions.accounts import person
from nprz.presenters.addresses import address
from nprz.web.pages.common import page
from nprz.web.staff import throttle
from nprz.web.staff.forms import (
    ApproveForm,
    LoginForm,
    ReportForm,
    ReturnForm,
    TargetForm,
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

    def get_default_redirect_url(self) -> str:
        # The round overview of the section the login page is in: logging in at
        # /programma/<code>/inloggen/ must not land in another programme's round.
        return address(str(settings.LOGIN_REDIRECT_URL))

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
    return redirect(address("/inloggen/"))


# --- helpers of the staff views ------------------------------------------------------------


def staff(request: HttpRequest) -> Person | HttpResponse:
    who = person(request.user)
    if not who.roles:
        return refused(request, "Uw account heeft (nog) geen rol in de voortgangsronde.")
    return who


# --- one report ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest, year: int, pillar: str, number: str) -> HttpResponse:
    who = staff(request)
    if isinstance(who, HttpResponse):
        return who
    report = rounds.report_for(year, pillar, number)
    if report is None:
        raise Http404(f"Er is geen voortgangsrapport {pillar} {number} in {year}.")
    if reason := rounds.reason_hidden(who, rounds.subject_of(report)):
        return refused(request, sentence(reason))
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
        saved = rounds.save_report(
            who, report, form.cleaned_data["version"], form.owner_input(), by=user_of(request)
        )
    except rounds.Refused as error:
        return refused(request, sentence(error.message))
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
    if warning := empty_warning(saved):
        messages.warning(request, warning)
    return redirect(request.path)


def empty_warning(report: iv.ProgressReport) -> str:
    """One line naming the KPIs without a value this year ("" when all have one)."""
    empty = kpi_rules.empty(report)
    if not empty:
        return ""
    names = "; ".join(k.label for k in empty)
    return (
        f"Let op: {len(empty)} van de {report.intervention.kpis.count()} KPI's zijn nog leeg "
        f"({names}). Vul een waarde in, of nb als het cijfer niet bekend is."
    )


def _targets(request: HttpRequest, who: Person, report: iv.ProgressReport) -> HttpResponse:
    kpis = list(report.intervention.kpis.all())
    form = TargetForm(request.POST, kpis=kpis)
    if not form.is_valid():
        return _report_page(request, who, report, target_form=form, status=400)
    try:
        rounds.set_targets(who, report, form.targets(), by=user_of(request))
    except rounds.Refused as error:
        return refused(request, sentence(error.message))
    except rounds.Invalid as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _report_page(request, who, report, target_form=form, status=400)
    messages.success(request, f"De doelen voor {report.round.year} zijn opgeslagen.")
    return redirect(request.path)


def _submit(request: HttpRequest, who: Person, report: iv.ProgressReport) -> HttpResponse:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise BadRequest("versie ontbreekt")
    return _do(
        request,
        who,
        report,
        lambda: rounds.submit(who, report, form.cleaned_data["version"], by=user_of(request)),
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
                by=user_of(request),
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
                by=user_of(request),
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
        return refused(request, sentence(error.message))
    except rounds.Conflict as conflict:
        fresh = rounds.report_for(year_of(report), *_where(report)) or report
        return _report_page(request, who, fresh, conflict=conflict, status=409)
    messages.success(request, done)
    return redirect(request.path)


HANDLERS = {
    "opslaan": _save,
    "indienen": _submit,
    "terugsturen": _return,
    "goedkeuren": _approve,
    "doelen": _targets,
}


def year_of(report: iv.ProgressReport) -> int:
    return report.round.year


def _where(report: iv.ProgressReport) -> tuple[str, str]:
    return report.intervention.pillar, report.intervention.number


@dataclass(frozen=True)
class KpiRow:
    label: str
    unit: str
    target: str
    previous: str  # last year's value
    value: str
    field: Any
    target_field: Any


def _report_page(
    request: HttpRequest,
    who: Person,
    report: iv.ProgressReport,
    *,
    report_form: ReportForm | None = None,
    return_form: ReturnForm | None = None,
    approve_form: ApproveForm | None = None,
    target_form: TargetForm | None = None,
    conflict: rounds.Conflict | None = None,
    status: int = 200,
) -> HttpResponse:
    subject = rounds.subject_of(report, authors=True)
    # Keys the templates can read: "doelen-zetten" -> may.doelen_zetten.
    may = {a.value.replace("-", "_"): not reason_refused(who, a, subject) for a in Action}
    kpis = list(report.intervention.kpis.all())
    values = kpi_rules.round_values(report)
    before = kpi_rules.previous_values(report)
    targets = kpi_rules.targets(report)
    if report_form is None:
        initial: dict[str, Any] = {
            "version": report.version,
            "summary": report.summary,
            "owner_colour": report.owner_colour,
            "owner_colour_reason": report.owner_colour_reason,
        }
        initial.update({f"kpi-{k}": v.printed for k, v in values.items()})
        report_form = ReportForm(initial=initial, kpis=kpis)
    if target_form is None:
        initial = {f"doel-{k}": t.value.printed for k, t in targets.items() if not t.from_plan}
        target_form = TargetForm(initial=initial, kpis=kpis)
    version = {"version": report.version}
    for form in (report_form, return_form, approve_form, target_form):
        if form is not None:
            describe_errors(form)
    rows = [
        KpiRow(
            kpi.label,
            kpi.unit,
            targets[kpi.pk].text if kpi.pk in targets else "",
            before[kpi.pk].printed if kpi.pk in before else "",
            values[kpi.pk].printed if kpi.pk in values else "",
            report_form[f"kpi-{kpi.pk}"],
            target_form[f"doel-{kpi.pk}"],
        )
        for kpi in kpis
    ]
    intervention = report.intervention
    previous = kpi_rules.previous_report(report)
    title = f"Voortgang {report.round.year}: {intervention.pillar_name} {intervention.number}"
    context = page(
        request.path,
        title,
        None,
        report=report,
        intervention=intervention,
        organisations=[i.organisation.name for i in intervention.initiator_set.all()],
        colour=COLOURS.get(report.colour, report.colour),
        proposed=COLOURS.get(report.proposed_colour, ""),
        owner_colour=COLOURS.get(report.owner_colour, ""),
        may=may,
        editable=may[Action.BEWERKEN.value],
        four_eyes=reason_refused(who, Action.GOEDKEUREN, subject) == FOUR_EYES,
        report_form=report_form,
        target_form=target_form,
        kpi_rows=rows,
        previous=previous,
        previous_colour=COLOURS.get(previous.colour, "") if previous else "",
        empty_warning=empty_warning(report),
        version_form=VersionForm(initial=version),
        return_form=return_form or ReturnForm(initial=version),
        approve_form=approve_form
        or ApproveForm(
            initial={**version, "colour": report.owner_colour or report.proposed_colour}
        ),
        conflict=conflict,
        history=history(report),
        crumbs=[
            {"href": address("/ronde/"), "label": "Voortgangsronde"},
            {"href": address(f"/ronde/{report.round.year}/"), "label": str(report.round.year)},
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
            # A colour import changes no field of the report, only what it shows: its reason.
            what = record.history_change_reason or "gewijzigd"
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


def user_of(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
