"""The round as a whole: open, close, reopen, publish; who is still stopped and who comes back;
the overview per pillar and status. No HTTP here; the rules are in `nprz.core.workflow`, and
the decisions in `nprz.interventions.rounds` (its docstring) and
docs/decisions/011-progress-round-rules.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from nprz.core.movement import Colour, stopped_since
from nprz.core.workflow import Action, Person, RoundState, Subject, reason_not_opened
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.queries import effective_colour, imported_colours
from nprz.interventions.rounds import SUMMARY_MAX, Invalid, Refused, refuse, round_subject


class NeedsConfirmation(Exception):
    """Closing or publishing would leave reports unapproved; `reports` lists them."""

    def __init__(self, action: Action, reports: list[iv.ProgressReport]) -> None:
        super().__init__(f"{len(reports)} voortgangsrapporten zijn niet goedgekeurd")
        self.action = action
        self.reports = reports


def still_stopped(year: int) -> dict[int, int]:
    """Intervention id -> the year it stopped, for those still stopped in a round of `year`:
    its latest colour in any earlier round (or an import for it) is gestopt and the bureau
    has not brought it back since."""
    colours: dict[int, dict[int, Colour]] = {}
    earlier = list(
        iv.ProgressReport.objects.filter(round__year__lt=year).values_list(
            "intervention_id",
            "round__year",
            "colour",
            "intervention__pillar",
            "intervention__number",
        )
    )
    imported = imported_colours(sorted({round_year for _, round_year, *_ in earlier}))
    for intervention, round_year, colour, pillar, number in earlier:
        key = (round_year, pillar, number)
        colours.setdefault(intervention, {})[round_year] = effective_colour(colour, key, imported)
    back: dict[int, list[int]] = {}
    for intervention, back_year in iv.Reactivation.objects.values_list("intervention_id", "year"):
        back.setdefault(intervention, []).append(back_year)
    found = {}
    for intervention, by_year in colours.items():
        since = stopped_since(by_year, back.get(intervention, []), year)
        if since is not None:
            found[intervention] = since
    return found


@transaction.atomic
def open_round(person: Person, year: int, *, by: User | None = None) -> iv.ProgressRound:
    """A new round for `year`: a concept report for every intervention that is not still
    stopped (`still_stopped`). Refused while another round runs (one at a time)."""
    refuse(person, Action.RONDE_OPENEN, Subject(RoundState.GESLOTEN))
    existing = {
        y: RoundState(status)
        for y, status in iv.ProgressRound.objects.select_for_update().values_list("year", "status")
    }
    if reason := reason_not_opened(year, existing):
        raise Refused(reason)
    try:
        with transaction.atomic():
            round_ = iv.ProgressRound.objects.create(year=year, status=iv.RoundStatus.OPEN)
    except IntegrityError as error:  # another request opened a round just now
        raise Refused(
            "er is zojuist een andere ronde geopend; er loopt één ronde tegelijk"
        ) from error
    interventions = iv.Intervention.objects.exclude(id__in=list(still_stopped(year)))
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
    refuse(person, action, round_subject(round_))
    round_.status = status.value
    round_.save(update_fields=["status"])
    return round_


def unapproved(round_: iv.ProgressRound) -> list[iv.ProgressReport]:
    """The round's reports that are not (yet) approved or published, in the report's order."""
    return list(
        round_.reports.exclude(
            status__in=[iv.ReportStatus.GOEDGEKEURD, iv.ReportStatus.GEPUBLICEERD]
        )
        .select_related("intervention")
        .order_by("intervention__position", "intervention_id")
    )


def _confirmed(action: Action, round_: iv.ProgressRound, confirmed: bool) -> None:
    if not confirmed and (left := unapproved(round_)):
        raise NeedsConfirmation(action, left)


@transaction.atomic
def close_round(
    person: Person, round_: iv.ProgressRound, *, confirmed: bool = False
) -> iv.ProgressRound:
    """Close the round; with reports not yet approved only when `confirmed` (else
    `NeedsConfirmation` lists them). After closing, owners cannot edit or submit; review of
    submitted reports goes on."""
    refuse(person, Action.RONDE_SLUITEN, round_subject(round_))
    _confirmed(Action.RONDE_SLUITEN, round_, confirmed)
    return _set_round(person, round_, Action.RONDE_SLUITEN, RoundState.GESLOTEN)


@transaction.atomic
def reopen_round(person: Person, round_: iv.ProgressRound) -> iv.ProgressRound:
    return _set_round(person, round_, Action.RONDE_OPENEN, RoundState.OPEN)


@transaction.atomic
def publish_round(
    person: Person, round_: iv.ProgressRound, *, by: User | None = None, confirmed: bool = False
) -> list[iv.ProgressReport]:
    """Publish the round and its approved reports; returns the reports left out. With reports
    not approved, only when `confirmed` (else `NeedsConfirmation` lists them): those stay
    out of the publication, with no colour, and the public pages keep the last complete
    year as their default."""
    refuse(person, Action.PUBLICEREN, round_subject(round_))
    _confirmed(Action.PUBLICEREN, round_, confirmed)
    round_ = _set_round(person, round_, Action.PUBLICEREN, RoundState.GEPUBLICEERD)
    approved = list(round_.reports.filter(status=iv.ReportStatus.GOEDGEKEURD))
    round_.reports.filter(pk__in=[r.pk for r in approved]).update(
        status=iv.ReportStatus.GEPUBLICEERD,
        version=F("version") + 1,
        source=f"voortgangsronde {round_.year}",
    )
    published = list(iv.ProgressReport.objects.filter(pk__in=[r.pk for r in approved]))
    iv.ProgressReport.history.bulk_history_create(published, update=True, default_user=by)
    return list(
        round_.reports.exclude(status=iv.ReportStatus.GEPUBLICEERD)
        .select_related("intervention")
        .order_by("intervention__position")
    )


@dataclass(frozen=True)
class Overview:
    """How many reports a round has per pillar and status."""

    statuses: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...], int], ...]  # pillar, count per status, total
    totals: tuple[int, ...]
    total: int


def overview(reports: Sequence[iv.ProgressReport]) -> Overview:
    statuses = tuple(iv.ReportStatus.values)
    counts: dict[str, dict[str, int]] = {}
    for report in reports:
        mine = counts.setdefault(report.intervention.pillar, dict.fromkeys(statuses, 0))
        mine[report.status] += 1
    rows = tuple(
        (pillar, tuple(by[s] for s in statuses), sum(by.values()))
        for pillar, by in sorted(counts.items(), key=lambda item: pillars.position(item[0]))
    )
    totals = tuple(sum(row[1][i] for row in rows) for i in range(len(statuses)))
    return Overview(statuses, rows, totals, sum(totals))


def stopped_outside(round_: iv.ProgressRound) -> list[tuple[iv.Intervention, int]]:
    """The interventions left out of `round_` because they are still stopped, with the year
    they stopped."""
    inside = set(round_.reports.values_list("intervention_id", flat=True))
    stopped = {k: v for k, v in still_stopped(round_.year).items() if k not in inside}
    return [
        (intervention, stopped[intervention.pk])
        for intervention in iv.Intervention.objects.filter(pk__in=stopped).order_by("position")
    ]


@transaction.atomic
def reactivate(
    person: Person,
    round_: iv.ProgressRound,
    intervention: iv.Intervention,
    reason: str,
    *,
    by: User | None = None,
) -> iv.ProgressReport:
    """Bring a stopped intervention back: recorded (who, when, why) and a concept report in
    the open round, so later rounds hold it too."""
    refuse(person, Action.HERACTIVEREN, round_subject(round_))
    reason = reason.strip()
    if not reason:
        raise Invalid({"reason": "schrijf waarom de interventie terugkomt"})
    if len(reason) > SUMMARY_MAX:
        raise Invalid({"reason": f"gebruik hoogstens {SUMMARY_MAX} tekens"})
    if round_.reports.filter(intervention=intervention).exists():
        raise Refused(f"{intervention} zit al in de voortgangsronde {round_.year}")
    if intervention.pk not in still_stopped(round_.year):
        raise Refused(f"{intervention} is niet gestopt")
    now = timezone.now()
    iv.Reactivation.objects.create(
        intervention=intervention, year=round_.year, reason=reason, by=by, at=now
    )
    return iv.ProgressReport.objects.create(
        round=round_,
        intervention=intervention,
        colour=Colour.NIET_VASTGELEGD,
        status=iv.ReportStatus.CONCEPT,
        updated_by=by,
        updated_at=now,
    )
