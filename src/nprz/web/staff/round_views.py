"""The rounds in the browser: the list with "open a new round", one round with its overview per
pillar and status, closing and publishing (with a confirmation when reports are not approved)
and bringing a stopped intervention back. Thin: `nprz.interventions.round_cycle` decides and writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nprz.core.workflow import Action, Person, Role, RoundState, allowed, reason_not_opened
from nprz.interventions import models as iv
from nprz.interventions import round_cycle, rounds
from nprz.interventions.pillars import names as pillar_names
from nprz.interventions.queries import complete_year, published_rounds
from nprz.presenters.addresses import address
from nprz.web.pages.common import page
from nprz.web.staff.forms import OpenRoundForm, ReactivateForm, describe_errors
from nprz.web.staff.views import COLOURS, T, refused, sentence, staff, user_of

STEP_WORDS = {"sluiten": "sluiten", "publiceren": "publiceren"}


@login_required
@require_http_methods(["GET", "POST"])
def rounds_view(request: HttpRequest) -> HttpResponse:
    who = staff(request)
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
            made = round_cycle.open_round(who, form.cleaned_data["year"], by=user_of(request))
        except rounds.Refused as error:
            return refused(request, sentence(error.message))
        messages.success(request, f"Voortgangsronde {made.year} is geopend.")
        return redirect(address(f"/ronde/{made.year}/"))
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
    describe_errors(form)
    existing = {i["round"].year: RoundState(i["round"].status) for i in items}
    upcoming = max(existing, default=0) + 1
    context = page(
        request.path,
        "Voortgangsronde",
        None,
        rounds=items,
        form=form,
        # Why no round can open now ("" when the next one can): one round at a time.
        not_now=reason_not_opened(upcoming, existing) if existing else "",
        bureau=Role.PROGRAMMABUREAU in who.roles,
        public_year=complete_year(published_rounds()),
    )
    return render(request, T + "rounds.html", context, status=status)


@login_required
@require_POST
def round_step(request: HttpRequest, year: int, step: str) -> HttpResponse:
    who = staff(request)
    if isinstance(who, HttpResponse):
        return who
    round_ = _round(year)
    confirmed = request.POST.get("bevestigd") == "ja"
    try:
        if step == "publiceren":
            left = round_cycle.publish_round(who, round_, by=user_of(request), confirmed=confirmed)
            messages.success(request, f"Voortgangsronde {year} is gepubliceerd.")
            if left:
                messages.warning(request, _left_out(year, left))
        elif step == "sluiten":
            round_cycle.close_round(who, round_, confirmed=confirmed)
            messages.success(request, f"Voortgangsronde {year} is gesloten.")
        elif step == "heropenen":
            round_cycle.reopen_round(who, round_)
            messages.success(request, f"Voortgangsronde {year} is weer geopend.")
        elif step == "heractiveren":
            return _reactivate(request, who, round_)
        else:
            raise Http404(f"Onbekende stap {step!r}.")
    except rounds.Refused as error:
        return refused(request, sentence(error.message))
    except round_cycle.NeedsConfirmation as needed:
        return _confirmation(request, who, round_, step, needed.reports)
    return redirect(address("/ronde/"))


def _left_out(year: int, left: list[iv.ProgressReport]) -> str:
    names = ", ".join(f"{r.intervention.pillar} {r.intervention.number}" for r in left)
    shown = complete_year(published_rounds())
    public = (
        f"De openbare pagina toont standaard {shown}, het laatste jaar dat volledig is "
        f"gepubliceerd; {year} staat erbij als gedeeltelijk gepubliceerd."
        if shown != year
        else ""
    )
    return (
        f"{len(left)} voortgangsrapporten waren niet goedgekeurd en blijven buiten de "
        f"publicatie, zonder kleur: {names}. {public}"
    ).strip()


def _confirmation(
    request: HttpRequest,
    who: Person,
    round_: iv.ProgressRound,
    step: str,
    reports: list[iv.ProgressReport],
) -> HttpResponse:
    title = f"Ronde {round_.year} {STEP_WORDS[step]}?"
    context = page(
        request.path,
        title,
        None,
        round=round_,
        step=step,
        reports=[_item(r, round_.year) for r in reports],
        overview=round_cycle.overview(rounds.visible_reports(who, round_)),
        pillars=pillar_names(),
        public_year=complete_year(published_rounds()),
        crumbs=_crumbs(round_.year, title),
    )
    return render(request, T + "confirm.html", context)


def _reactivate(request: HttpRequest, who: Person, round_: iv.ProgressRound) -> HttpResponse:
    form = ReactivateForm(request.POST)
    if not form.is_valid():
        return _round_page(request, who, round_, reactivate_form=form, status=400)
    intervention = iv.Intervention.objects.filter(pk=form.cleaned_data["intervention"]).first()
    if intervention is None:
        raise Http404("Onbekende interventie.")
    try:
        round_cycle.reactivate(
            who, round_, intervention, form.cleaned_data["reason"] or "", by=user_of(request)
        )
    except rounds.Invalid as error:
        for message in error.errors.values():
            form.add_error("reason", message)
        return _round_page(request, who, round_, reactivate_form=form, status=400)
    messages.success(
        request,
        f"{intervention.pillar_name} {intervention.number} is terug in de ronde {round_.year}.",
    )
    return redirect(address(f"/ronde/{round_.year}/"))


@login_required
def round_view(request: HttpRequest, year: int) -> HttpResponse:
    who = staff(request)
    if isinstance(who, HttpResponse):
        return who
    return _round_page(request, who, _round(year))


def _round_page(
    request: HttpRequest,
    who: Person,
    round_: iv.ProgressRound,
    *,
    reactivate_form: ReactivateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    reports = rounds.visible_reports(who, round_)
    may_reactivate = allowed(who, Action.HERACTIVEREN, rounds.round_subject(round_))
    if reactivate_form is not None:
        describe_errors(reactivate_form)
    context = page(
        request.path,
        f"Voortgangsronde {round_.year}",
        None,
        round=round_,
        reports=[_item(r, round_.year) for r in reports],
        overview=round_cycle.overview(reports),
        pillars=pillar_names(),
        stopped=round_cycle.stopped_outside(round_) if may_reactivate else [],
        reactivate_form=reactivate_form,
        crumbs=[
            {"href": address("/ronde/"), "label": "Voortgangsronde"},
            {"label": str(round_.year)},
        ],
    )
    return render(request, T + "round.html", context, status=status)


def _item(report: iv.ProgressReport, year: int) -> dict[str, Any]:
    intervention = report.intervention
    return {
        "report": report,
        "colour": COLOURS.get(report.colour, report.colour),
        "proposed": COLOURS.get(report.proposed_colour, ""),
        "owner": COLOURS.get(report.owner_colour, ""),
        "href": address(f"/ronde/{year}/{intervention.pillar}/{intervention.number}/"),
    }


def _round(year: int) -> iv.ProgressRound:
    round_ = iv.ProgressRound.objects.filter(year=year).first()
    if round_ is None:
        raise Http404(f"Er is geen voortgangsronde {year}.")
    return round_


def _crumbs(year: int, label: str) -> list[dict[str, str]]:
    return [
        {"href": address("/ronde/"), "label": "Voortgangsronde"},
        {"href": address(f"/ronde/{year}/"), "label": str(year)},
        {"label": label},
    ]
