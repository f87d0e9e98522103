"""The yearly progress round as services: open, close, publish; save, submit, return, approve.

No HTTP here. Every service asks `nprz.core.workflow.reason_refused` and raises `Refused` with
its Dutch reason; the rules live there, not here. Saving a report is optimistically locked: the
caller names the `version` it started from, and when somebody else saved in between, `Conflict`
says which fields changed (what the caller has versus what is stored now), so nothing is lost.

Decisions:

* a round that does not exist yet counts as gesloten for `Action.RONDE_OPENEN`: the bureau may
  open it (the rules allow opening a gesloten round);
* publishing publishes the goedgekeurd reports; the others keep their state and are returned
  as not published (the public pages show only gepubliceerd reports per intervention);
* KPI values of a round are `KpiValue` rows of kind realisatie with the round's year as period;
  a target counts for the proposal when it is a doel for that year or "jaarlijks".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from nprz.core.movement import Attainment, Colour, proposed_colour
from nprz.core.printed import Missing, Printed, PrintedError, parse_printed
from nprz.core.workflow import (
    Action,
    Person,
    ReportState,
    Role,
    RoundState,
    Subject,
    next_state,
    reason_refused,
)
from nprz.interventions import models as iv

SUMMARY_MAX = 5000
PRINTED_MAX = 80  # KpiValue.printed
VALUE_MAX = Decimal(10) ** 9
TARGET_PERIODS = ("jaarlijks",)
# Colours a reviewer may give; "niet vastgelegd" is no verdict.
REVIEW_COLOURS = tuple(c for c in Colour if c is not Colour.NIET_VASTGELEGD)
FIELD_LABELS = {
    "summary": "voortgang in eigen woorden",
    "status": "status",
    "colour": "kleur",
    "proposed_colour": "voorgestelde kleur",
    "colour_reason": "reden voor afwijkende kleur",
    "review_comment": "opmerking van de beoordelaar",
}


class Refused(Exception):
    """The rules do not allow this; the message says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """Input that cannot be saved: Dutch messages per field ("summary", "kpi-<id>", ...)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Change:
    """A field somebody else changed since the caller's version: the caller's value and now."""

    field: str
    label: str
    theirs: str
    now: str


@dataclass
class Conflict(Exception):
    """Somebody saved the report after `version`; nothing was written."""

    version: int
    current_version: int
    changes: list[Change] = field(default_factory=list)

    def __str__(self) -> str:
        names = ", ".join(c.label for c in self.changes) or "de status"
        return (
            f"Iemand anders heeft dit voortgangsrapport intussen gewijzigd ({names}); "
            "uw invoer is niet opgeslagen."
        )


# --- reading ------------------------------------------------------------------------------


def organisations_of(intervention: iv.Intervention) -> frozenset[str]:
    return frozenset(i.organisation.slug for i in intervention.initiator_set.all())


def subject_of(report: iv.ProgressReport) -> Subject:
    return Subject(
        round_state=RoundState(report.round.status),
        report_state=ReportState(report.status),
        pillar=report.intervention.pillar,
        organisations=organisations_of(report.intervention),
    )


def round_subject(round_: iv.ProgressRound) -> Subject:
    return Subject(round_state=RoundState(round_.status))


def reason_hidden(person: Person, subject: Subject) -> str:
    """Empty when `person` may read this report. The rules let every role read what is not
    yet public; here each sees their own part: an initiatiefnemer their organisations', a
    coordinator their pillars', the bureau and a lezer everything."""
    if reason := reason_refused(person, Action.LEZEN_ONGEPUBLICEERD, subject):
        return reason
    if person.roles & {Role.PROGRAMMABUREAU, Role.LEZER}:
        return ""
    if Role.PIJLERCOORDINATOR in person.roles and subject.pillar in person.pillars:
        return ""
    if Role.INITIATIEFNEMER in person.roles and set(subject.organisations) & person.organisations:
        return ""
    if subject.round_state is RoundState.GEPUBLICEERD:
        return ""
    return "dit voortgangsrapport hoort bij een andere organisatie of pijler"


def visible_reports(person: Person, round_: iv.ProgressRound) -> list[iv.ProgressReport]:
    reports = (
        round_.reports.select_related("round", "intervention")
        .prefetch_related("intervention__initiator_set__organisation")
        .order_by("intervention__position", "intervention_id")
    )
    return [r for r in reports if not reason_hidden(person, subject_of(r))]


def report_for(year: int, pillar: str, number: str) -> iv.ProgressReport | None:
    return (
        iv.ProgressReport.objects.select_related("round", "intervention", "updated_by")
        .prefetch_related("intervention__initiator_set__organisation")
        .filter(round__year=year, intervention__pillar=pillar, intervention__number=number)
        .first()
    )


def round_values(report: iv.ProgressReport) -> dict[int, iv.KpiValue]:
    """This round's realised value per KPI of the report's intervention."""
    return {
        v.kpi_id: v
        for v in iv.KpiValue.objects.filter(
            kpi__intervention=report.intervention,
            round=report.round,
            kind=iv.KpiValueKind.REALISATIE,
            period=str(report.round.year),
        )
    }


def targets(report: iv.ProgressReport) -> dict[int, iv.KpiValue]:
    periods = (str(report.round.year), *TARGET_PERIODS)
    found: dict[int, iv.KpiValue] = {}
    for value in iv.KpiValue.objects.filter(
        kpi__intervention=report.intervention,
        kind=iv.KpiValueKind.DOEL,
        period__in=periods,
        value__isnull=False,
    ).order_by("round__year", "id"):
        found[value.kpi_id] = value  # the latest round's target wins
    return found


# --- the round ----------------------------------------------------------------------------


def _refuse(person: Person, action: Action, subject: Subject) -> None:
    if reason := reason_refused(person, action, subject):
        raise Refused(reason)


@transaction.atomic
def open_round(person: Person, year: int, *, by: User | None = None) -> iv.ProgressRound:
    """A new round for `year`: a concept report for every intervention not gestopt in the
    round before it (all interventions when there is none)."""
    _refuse(person, Action.RONDE_OPENEN, Subject(RoundState.GESLOTEN))
    if iv.ProgressRound.objects.filter(year=year).exists():
        raise Refused(f"de voortgangsronde {year} bestaat al")
    previous = iv.ProgressRound.objects.filter(year__lt=year).order_by("-year").first()
    round_ = iv.ProgressRound.objects.create(year=year, status=iv.RoundStatus.OPEN)
    interventions = iv.Intervention.objects.all()
    if previous is not None:
        stopped = previous.reports.filter(colour=Colour.GESTOPT).values("intervention_id")
        interventions = interventions.exclude(id__in=stopped)
    reports = [
        iv.ProgressReport(
            round=round_,
            intervention=intervention,
            colour=Colour.NIET_VASTGELEGD,
            status=iv.ReportStatus.CONCEPT,
            updated_by=by,
            updated_at=timezone.now(),
        )
        for intervention in interventions
    ]
    created = iv.ProgressReport.objects.bulk_create(reports)
    iv.ProgressReport.history.bulk_history_create(created, default_user=by)
    return round_


def _set_round(
    person: Person, round_: iv.ProgressRound, action: Action, status: RoundState
) -> iv.ProgressRound:
    round_ = iv.ProgressRound.objects.select_for_update().get(pk=round_.pk)
    _refuse(person, action, round_subject(round_))
    round_.status = status.value
    round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def close_round(person: Person, round_: iv.ProgressRound) -> iv.ProgressRound:
    return _set_round(person, round_, Action.RONDE_SLUITEN, RoundState.GESLOTEN)


@transaction.atomic
def reopen_round(person: Person, round_: iv.ProgressRound) -> iv.ProgressRound:
    return _set_round(person, round_, Action.RONDE_OPENEN, RoundState.OPEN)


@transaction.atomic
def publish_round(
    person: Person, round_: iv.ProgressRound, *, by: User | None = None
) -> list[iv.ProgressReport]:
    """Publish the round and its approved reports; returns the reports left unpublished."""
    round_ = _set_round(person, round_, Action.PUBLICEREN, RoundState.GEPUBLICEERD)
    approved = list(round_.reports.filter(status=iv.ReportStatus.GOEDGEKEURD))
    round_.reports.filter(pk__in=[r.pk for r in approved]).update(
        status=iv.ReportStatus.GEPUBLICEERD, version=F("version") + 1
    )
    published = list(iv.ProgressReport.objects.filter(pk__in=[r.pk for r in approved]))
    iv.ProgressReport.history.bulk_history_create(published, update=True, default_user=by)
    return list(
        round_.reports.exclude(status=iv.ReportStatus.GEPUBLICEERD)
        .select_related("intervention")
        .order_by("intervention__position")
    )


# --- one report ---------------------------------------------------------------------------


def _lock(
    report: iv.ProgressReport,
    version: int,
    by: User | None,
    inputs: Mapping[str, str],
    **values: Any,
) -> iv.ProgressReport:
    """Write `values` if the stored version is still `version`; else raise `Conflict`."""
    written = iv.ProgressReport.objects.filter(pk=report.pk, version=version).update(
        **values, updated_by=by, updated_at=timezone.now(), version=F("version") + 1
    )
    if not written:
        raise conflict(report, version, inputs)
    fresh = iv.ProgressReport.objects.select_related("round", "intervention").get(pk=report.pk)
    iv.ProgressReport.history.bulk_history_create([fresh], update=True, default_user=by)
    return fresh


def conflict(report: iv.ProgressReport, version: int, inputs: Mapping[str, str]) -> Conflict:
    """What changed since `version`: per field, the caller's input (or what they saw) and now."""
    now = iv.ProgressReport.objects.get(pk=report.pk)
    seen = report.history.filter(version=version).order_by("-history_id").first()
    changes = []
    for name, label in FIELD_LABELS.items():
        current = str(getattr(now, name))
        before = str(getattr(seen, name)) if seen is not None else ""
        if seen is None or before != current:
            changes.append(Change(name, label, inputs.get(name, before), current))
    if seen is not None:
        kpis = {k.pk: k for k in report.intervention.kpis.all()}
        touched = (
            iv.KpiValue.history.filter(
                kpi_id__in=kpis,
                round_id=report.round_id,
                period=str(report.round.year),
                history_date__gt=seen.history_date,
            )
            .values_list("kpi_id", flat=True)
            .distinct()
        )
        values = round_values(now)
        for kpi_id in sorted(set(touched)):
            key = f"kpi-{kpi_id}"
            stored = values.get(kpi_id)
            changes.append(
                Change(
                    key, kpis[kpi_id].label, inputs.get(key, ""), stored.printed if stored else ""
                )
            )
    return Conflict(version, now.version, changes)


def _parse_value(kpi: iv.Kpi, text: str) -> tuple[str, Decimal | None] | str:
    """(printed, value) or a Dutch error."""
    if len(text) > PRINTED_MAX:
        return f"gebruik hoogstens {PRINTED_MAX} tekens"
    try:
        token = parse_printed(text)
    except PrintedError:
        return "vul een getal in, zoals 1.234,5 of 12,5% (of nb als het niet bekend is)"
    if isinstance(token, Missing):
        return text, None
    if not isinstance(token, Printed):
        return "vul een getal in, geen afgeschermde waarde"
    if abs(token.value) > VALUE_MAX:
        return "dit getal is onwaarschijnlijk groot (meer dan een miljard)"
    if kpi.unit == "aantal" and token.value < 0:
        return "een aantal kan niet negatief zijn"
    return text, token.value


@transaction.atomic
def save_report(
    person: Person,
    report: iv.ProgressReport,
    version: int,
    summary: str,
    kpi_values: Mapping[int, str],
    *,
    by: User | None = None,
) -> iv.ProgressReport:
    """Save the owner's text and this year's KPI values (printed Dutch numbers; empty clears
    a value); proposes a colour from the KPIs with a target. All or nothing."""
    _refuse(person, Action.BEWERKEN, subject_of(report))
    kpis = {k.pk: k for k in report.intervention.kpis.all()}
    errors: dict[str, str] = {}
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = f"gebruik hoogstens {SUMMARY_MAX} tekens (nu {len(summary)})"
    parsed: dict[int, tuple[str, Decimal | None] | None] = {}
    for kpi_id, raw in kpi_values.items():
        if kpi_id not in kpis:
            errors[f"kpi-{kpi_id}"] = "deze KPI hoort niet bij deze interventie"
            continue
        text = raw.strip()
        if not text:
            parsed[kpi_id] = None
            continue
        result = _parse_value(kpis[kpi_id], text)
        if isinstance(result, str):
            errors[f"kpi-{kpi_id}"] = result
        else:
            parsed[kpi_id] = result
    inputs = {"summary": summary, **{f"kpi-{k}": v.strip() for k, v in kpi_values.items()}}
    if errors:
        raise Invalid(errors)
    # The proposal from the values as they will be, then lock: a refused save writes nothing.
    stored = round_values(report)
    realised = {k: v.value for k, v in stored.items()}
    realised.update({k: (r[1] if r else None) for k, r in parsed.items()})
    proposal = propose(report, realised)
    fresh = _lock(report, version, by, inputs, summary=summary, proposed_colour=proposal)
    for kpi_id, new in parsed.items():
        existing = stored.get(kpi_id)
        if new is None:
            if existing is not None:
                existing._history_user = by  # type: ignore[attr-defined]
                existing.delete()
            continue
        printed, value = new
        if existing is None:
            existing = iv.KpiValue(
                kpi_id=kpi_id,
                round=fresh.round,
                period=str(fresh.round.year),
                kind=iv.KpiValueKind.REALISATIE,
            )
        elif existing.printed == printed and existing.value == value:
            continue
        existing.printed, existing.value, existing.source = printed, value, "voortgangsronde"
        existing._history_user = by  # type: ignore[attr-defined]
        existing.save()
    return fresh


def propose(report: iv.ProgressReport, realised: Mapping[int, Decimal | None]) -> str:
    """The colour the KPIs with a target propose ("" when none has a usable target)."""
    attainments: Sequence[Attainment] = [
        Attainment(Fraction(realised[kpi_id] or 0), Fraction(target.value or 0))
        for kpi_id, target in targets(report).items()
        if realised.get(kpi_id) is not None
    ]
    colour = proposed_colour(attainments)
    return colour.value if colour else ""


def _step(
    person: Person,
    action: Action,
    report: iv.ProgressReport,
    version: int,
    by: User | None,
    **values: Any,
) -> iv.ProgressReport:
    _refuse(person, action, subject_of(report))
    state = next_state(action, ReportState(report.status))
    return _lock(report, version, by, {}, status=state.value, **values)


@transaction.atomic
def submit(
    person: Person, report: iv.ProgressReport, version: int, *, by: User | None = None
) -> iv.ProgressReport:
    return _step(person, Action.INDIENEN, report, version, by)


@transaction.atomic
def return_report(
    person: Person,
    report: iv.ProgressReport,
    version: int,
    comment: str,
    *,
    by: User | None = None,
) -> iv.ProgressReport:
    _refuse(person, Action.TERUGSTUREN, subject_of(report))
    comment = comment.strip()
    if not comment:
        raise Invalid({"comment": "schrijf waarom het rapport terug gaat"})
    if len(comment) > SUMMARY_MAX:
        raise Invalid({"comment": f"gebruik hoogstens {SUMMARY_MAX} tekens"})
    return _step(person, Action.TERUGSTUREN, report, version, by, review_comment=comment)


@transaction.atomic
def approve(
    person: Person,
    report: iv.ProgressReport,
    version: int,
    colour: str,
    reason: str = "",
    *,
    by: User | None = None,
) -> iv.ProgressReport:
    """Approve with a colour; a colour other than the proposal needs a reason."""
    _refuse(person, Action.GOEDKEUREN, subject_of(report))
    reason = reason.strip()
    errors = {}
    if colour not in {c.value for c in REVIEW_COLOURS}:
        errors["colour"] = "kies een kleur"
    elif report.proposed_colour and colour != report.proposed_colour and not reason:
        errors["reason"] = (
            f"de KPI's stellen {report.proposed_colour} voor; leg uit waarom u {colour} kiest"
        )
    if len(reason) > SUMMARY_MAX:
        errors["reason"] = f"gebruik hoogstens {SUMMARY_MAX} tekens"
    if errors:
        raise Invalid(errors)
    return _step(
        person, Action.GOEDKEUREN, report, version, by, colour=colour, colour_reason=reason
    )
