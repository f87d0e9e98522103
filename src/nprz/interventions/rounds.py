"""The yearly progress round as services for one report: save, submit, return, approve, and
the bureau's targets; the rules' subjects and who may read what. Opening, closing and
publishing a round: `nprz.interventions.round_cycle`.

No HTTP here. Every service asks `nprz.core.workflow.reason_refused` and raises `Refused` with
its Dutch reason; the rules live there, not here. Saving a report is optimistically locked: the
caller names the `version` it started from, and when somebody else saved in between, `Conflict`
says which fields changed (what the caller has versus what is stored now), so nothing is lost.

Decisions (docs/decisions/011-progress-round-rules.md):

* a round that does not exist yet counts as gesloten for `Action.RONDE_OPENEN`: the bureau may
  open it (the rules allow opening a gesloten round); one round runs at a time, for the year
  after the latest (`nprz.core.workflow.reason_not_opened`);
* a new round holds every intervention except those still stopped: whose latest colour in any
  earlier round is gestopt, unless the bureau brought it back (`reactivate`);
* closing or publishing with reports that are not approved needs a confirmation
  (`NeedsConfirmation` lists them); publishing publishes the approved reports, and the others
  stay out: they are never published with a colour of another year. The public pages keep
  showing the last complete year (`nprz.interventions.queries.complete_year`);
* four eyes: nobody approves a report they edited or submitted (`authors_of`, from the
  history), whatever roles they hold;
* KPI values of a round are `KpiValue` rows of kind realisatie with the round's year as period;
  targets and units: `nprz.interventions.kpis`.
"""

from __future__ import annotations

import itertools
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
from nprz.interventions import kpis as kpi_rules
from nprz.interventions import models as iv

SUMMARY_MAX = 5000
# Colours a reviewer (or the initiatiefnemer, as a proposal) may give; "niet vastgelegd" is
# no verdict.
REVIEW_COLOURS = tuple(c for c in Colour if c is not Colour.NIET_VASTGELEGD)
FIELD_LABELS = {
    "summary": "voortgang in eigen woorden",
    "status": "status",
    "colour": "kleur",
    "proposed_colour": "voorgestelde kleur",
    "owner_colour": "kleur voorgesteld door de initiatiefnemer",
    "owner_colour_reason": "reden van de initiatiefnemer",
    "colour_reason": "reden voor afwijkende kleur",
    "review_comment": "opmerking van de beoordelaar",
}
# The fields the initiatiefnemer writes; a save that changes them makes its author.
OWNER_FIELDS = ("summary", "owner_colour", "owner_colour_reason")
# Kept here for the callers that read them from the round's services.
round_values = kpi_rules.round_values
targets = kpi_rules.targets


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


def subject_of(report: iv.ProgressReport, *, authors: bool = False) -> Subject:
    """What the rules need of `report`; with `authors`, also who edited or submitted it
    (one query more; needed only to approve)."""
    return Subject(
        round_state=RoundState(report.round.status),
        report_state=ReportState(report.status),
        pillar=report.intervention.pillar,
        organisations=organisations_of(report.intervention),
        authors=authors_of(report) if authors else frozenset(),
    )


def authors_of(report: iv.ProgressReport) -> frozenset[int]:
    """The users who edited or submitted `report`, read from its history: a save while it
    was concept or teruggestuurd that changed the owner's fields, a step to ingediend, and
    every change of its KPI values in this round. Opening the round, returning, approving
    and importing colours make nobody an author."""
    found: set[int] = set()
    records = list(report.history.order_by("history_date", "history_id"))
    for before, record in itertools.pairwise(records):
        if record.history_user_id is None:
            continue
        submitted = record.status == ReportState.INGEDIEND and before.status != record.status
        edited = record.status in {ReportState.CONCEPT, ReportState.TERUGGESTUURD} and any(
            getattr(record, name) != getattr(before, name) for name in OWNER_FIELDS
        )
        if submitted or edited:
            found.add(record.history_user_id)
    kpi_ids = list(report.intervention.kpis.values_list("pk", flat=True))
    found |= set(
        iv.KpiValue.history.filter(
            kpi_id__in=kpi_ids,
            round_id=report.round_id,
            kind=iv.KpiValueKind.REALISATIE,
            history_user_id__isnull=False,
        ).values_list("history_user_id", flat=True)
    )
    return frozenset(found)


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


# --- the round ----------------------------------------------------------------------------


def refuse(person: Person, action: Action, subject: Subject) -> None:
    if reason := reason_refused(person, action, subject):
        raise Refused(reason)


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


@dataclass(frozen=True)
class OwnerInput:
    """What the initiatiefnemer types: the text, the KPI values, a colour with its reason."""

    summary: str
    kpi_values: Mapping[int, str]
    colour: str = ""
    colour_reason: str = ""


@transaction.atomic
def save_report(
    person: Person,
    report: iv.ProgressReport,
    version: int,
    typed: OwnerInput,
    *,
    by: User | None = None,
) -> iv.ProgressReport:
    """Save the owner's text, colour proposal and this year's KPI values (printed Dutch
    numbers, the KPI's unit enforced; empty clears a value); proposes a colour from the KPIs
    with a target. All or nothing."""
    refuse(person, Action.BEWERKEN, subject_of(report))
    kpis = {k.pk: k for k in report.intervention.kpis.all()}
    summary = typed.summary.strip()
    colour, reason = typed.colour.strip(), typed.colour_reason.strip()
    parsed, errors = kpi_rules.parse_all(kpis, typed.kpi_values, "kpi-")
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = f"gebruik hoogstens {SUMMARY_MAX} tekens (nu {len(summary)})"
    errors.update(_owner_colour_errors(colour, reason))
    inputs = {
        "summary": summary,
        "owner_colour": colour,
        "owner_colour_reason": reason,
        **{f"kpi-{k}": v.strip() for k, v in typed.kpi_values.items()},
    }
    if errors:
        raise Invalid(errors)
    # The proposal from the values as they will be, then lock: a refused save writes nothing.
    stored = kpi_rules.round_values(report)
    realised = {k: v.value for k, v in stored.items()}
    realised.update({k: (r[1] if r else None) for k, r in parsed.items()})
    fresh = _lock(
        report,
        version,
        by,
        inputs,
        summary=summary,
        proposed_colour=propose(report, realised),
        owner_colour=colour,
        owner_colour_reason=reason,
    )
    _write_values(fresh, stored, parsed, kind=iv.KpiValueKind.REALISATIE, by=by)
    return fresh


def _owner_colour_errors(colour: str, reason: str) -> dict[str, str]:
    if colour and colour not in {c.value for c in REVIEW_COLOURS}:
        return {"owner_colour": "kies een kleur uit de lijst"}
    if colour and not reason:
        return {"owner_colour_reason": "geef een reden bij de kleur die u voorstelt"}
    if reason and not colour:
        return {"owner_colour": "kies de kleur waar deze reden bij hoort"}
    if len(reason) > SUMMARY_MAX:
        return {"owner_colour_reason": f"gebruik hoogstens {SUMMARY_MAX} tekens"}
    return {}


def _write_values(
    report: iv.ProgressReport,
    stored: Mapping[int, iv.KpiValue],
    parsed: Mapping[int, tuple[str, Decimal | None] | None],
    *,
    kind: str,
    by: User | None,
    source: str = "voortgangsronde",
) -> None:
    """Write this round's values of `kind` (None: remove it), each with a history record."""
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
                kpi_id=kpi_id, round=report.round, period=str(report.round.year), kind=kind
            )
        elif existing.printed == printed and existing.value == value:
            continue
        existing.printed, existing.value, existing.source = printed, value, source
        existing._history_user = by  # type: ignore[attr-defined]
        existing.save()


@transaction.atomic
def set_targets(
    person: Person,
    report: iv.ProgressReport,
    typed: Mapping[int, str],
    *,
    by: User | None = None,
) -> iv.ProgressReport:
    """The bureau's KPI targets for the round's year (empty: back to the plan's target), and
    the KPIs' colour proposal again. No new version: the owner's form stays valid."""
    refuse(person, Action.DOELEN_ZETTEN, subject_of(report))
    kpis = {k.pk: k for k in report.intervention.kpis.all()}
    parsed, errors = kpi_rules.parse_all(kpis, typed, "doel-")
    if errors:
        raise Invalid(errors)
    stored = {
        v.kpi_id: v
        for v in iv.KpiValue.objects.filter(
            kpi_id__in=kpis,
            round=report.round,
            kind=iv.KpiValueKind.DOEL,
            period=str(report.round.year),
            source=kpi_rules.BUREAU_SOURCE,
        )
    }
    _write_values(
        report, stored, parsed, kind=iv.KpiValueKind.DOEL, by=by, source=kpi_rules.BUREAU_SOURCE
    )
    realised = {k: v.value for k, v in kpi_rules.round_values(report).items()}
    proposal = propose(report, realised)
    iv.ProgressReport.objects.filter(pk=report.pk).update(proposed_colour=proposal)
    report.proposed_colour = proposal
    return report


def propose(report: iv.ProgressReport, realised: Mapping[int, Decimal | None]) -> str:
    """The colour the KPIs with a target propose ("" when none has a usable target)."""
    attainments: Sequence[Attainment] = [
        Attainment(Fraction(realised[kpi_id] or 0), Fraction(target.value.value or 0))
        for kpi_id, target in kpi_rules.targets(report).items()
        if realised.get(kpi_id) is not None and target.value.value is not None
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
    refuse(person, action, subject_of(report, authors=action is Action.GOEDKEUREN))
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
    refuse(person, Action.TERUGSTUREN, subject_of(report))
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
    """Approve with a colour; a colour other than a proposal (the KPIs' or the
    initiatiefnemer's) needs a reason. Never by someone who edited or submitted it."""
    refuse(person, Action.GOEDKEUREN, subject_of(report, authors=True))
    reason = reason.strip()
    errors = {}
    if colour not in {c.value for c in REVIEW_COLOURS}:
        errors["colour"] = "kies een kleur"
    elif not reason and (other := _other_proposals(report, colour)):
        errors["reason"] = f"{' en '.join(other)}; leg uit waarom u {colour} kiest"
    if len(reason) > SUMMARY_MAX:
        errors["reason"] = f"gebruik hoogstens {SUMMARY_MAX} tekens"
    if errors:
        raise Invalid(errors)
    return _step(
        person, Action.GOEDKEUREN, report, version, by, colour=colour, colour_reason=reason
    )


def _other_proposals(report: iv.ProgressReport, colour: str) -> list[str]:
    """The proposals `colour` differs from, in words."""
    found = []
    if report.proposed_colour and colour != report.proposed_colour:
        found.append(f"de KPI's stellen {report.proposed_colour} voor")
    if report.owner_colour and colour != report.owner_colour:
        found.append(f"de initiatiefnemer stelt {Colour(report.owner_colour).word} voor")
    return found
