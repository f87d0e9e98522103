"""Who may do what in the yearly progress round: the states of a progress report and the roles.

A progress report goes concept -> ingediend -> teruggestuurd (with the reviewer's comment) or
goedgekeurd -> gepubliceerd. The round itself is open (owners may edit), gesloten (only review)
or gepubliceerd (frozen: nothing changes any more).

Roles (README, "De voortgangsronde"):

* programmabureau: opens and closes a round, publishes it, manages users; sets the KPI targets
  of the year and brings a stopped intervention back; may review any pillar;
* pijlercoordinator: reviews (returns, approves, sets the colour) in their own pillar(s);
* initiatiefnemer: a member of an organisation; edits and submits only the reports of that
  organisation's interventions, and only while the round is open;
* lezer: reads what is not yet published; changes nothing;
* the public (no role) sees only what is published.

Four eyes: nobody approves a progress report they edited or submitted, whatever their roles.
The caller names those people (`Subject.authors`, taken from the history) and the person's
user id (`Person.user_id`).

One round runs at a time (`reason_not_opened`): a new round opens only when every earlier one
is published, and only for the year after the latest, so "last year" is always the round
before.

Everything here is pure: the web views ask `allowed(...)` and show `reason_refused(...)`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    PROGRAMMABUREAU = "programmabureau"
    PIJLERCOORDINATOR = "pijlercoordinator"
    INITIATIEFNEMER = "initiatiefnemer"
    LEZER = "lezer"


class RoundState(StrEnum):
    OPEN = "open"
    GESLOTEN = "gesloten"
    GEPUBLICEERD = "gepubliceerd"


class ReportState(StrEnum):
    CONCEPT = "concept"
    INGEDIEND = "ingediend"
    TERUGGESTUURD = "teruggestuurd"
    GOEDGEKEURD = "goedgekeurd"
    GEPUBLICEERD = "gepubliceerd"


class Action(StrEnum):
    LEZEN_ONGEPUBLICEERD = "lezen-ongepubliceerd"
    BEWERKEN = "bewerken"
    INDIENEN = "indienen"
    TERUGSTUREN = "terugsturen"
    GOEDKEUREN = "goedkeuren"
    RONDE_OPENEN = "ronde-openen"
    RONDE_SLUITEN = "ronde-sluiten"
    PUBLICEREN = "publiceren"
    GEBRUIKERS_BEHEREN = "gebruikers-beheren"
    DOELEN_ZETTEN = "doelen-zetten"  # the KPI targets of the round's year
    HERACTIVEREN = "heractiveren"  # a stopped intervention back into the open round


@dataclass(frozen=True)
class Person:
    """What the rules need to know of a user."""

    roles: frozenset[Role] = frozenset()
    organisations: frozenset[str] = frozenset()  # organisation slugs (initiatiefnemer)
    pillars: frozenset[str] = frozenset()  # pillar codes (pijlercoordinator)
    # Who this is, for the four-eyes rule; not part of what the person may do in general.
    user_id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Subject:
    """The progress report (or round) an action is about."""

    round_state: RoundState
    report_state: ReportState | None = None
    pillar: str = ""
    organisations: Collection[str] = field(default_factory=frozenset)
    # The users who edited or submitted the report (from its history): they may not approve it.
    authors: frozenset[int] = frozenset()


ANONYMOUS = Person()

# Report states from which an action moves it, and where to.
TRANSITIONS: dict[Action, tuple[frozenset[ReportState], ReportState]] = {
    Action.INDIENEN: (
        frozenset({ReportState.CONCEPT, ReportState.TERUGGESTUURD}),
        ReportState.INGEDIEND,
    ),
    Action.TERUGSTUREN: (frozenset({ReportState.INGEDIEND}), ReportState.TERUGGESTUURD),
    Action.GOEDKEUREN: (frozenset({ReportState.INGEDIEND}), ReportState.GOEDGEKEURD),
}
EDITABLE = frozenset({ReportState.CONCEPT, ReportState.TERUGGESTUURD})
BUREAU_ACTIONS = frozenset(
    {
        Action.RONDE_OPENEN,
        Action.RONDE_SLUITEN,
        Action.PUBLICEREN,
        Action.GEBRUIKERS_BEHEREN,
        Action.DOELEN_ZETTEN,
        Action.HERACTIVEREN,
    }
)
FOUR_EYES = (
    "u heeft dit voortgangsrapport zelf bewerkt of ingediend; een ander moet het goedkeuren "
    "(vier ogen)"
)


def reason_refused(person: Person, action: Action, subject: Subject) -> str:
    """Empty when `person` may do `action` on `subject`; else why not, in Dutch."""
    if subject.round_state is RoundState.GEPUBLICEERD and action is not Action.GEBRUIKERS_BEHEREN:
        if action is Action.LEZEN_ONGEPUBLICEERD:
            return ""  # published: everybody reads it
        return "deze ronde is gepubliceerd en staat vast"
    if action is Action.LEZEN_ONGEPUBLICEERD:
        return "" if person.roles else "alleen ingelogde gebruikers lezen wat nog niet openbaar is"
    if action in BUREAU_ACTIONS:
        if Role.PROGRAMMABUREAU not in person.roles:
            return "alleen het programmabureau mag dit"
        return _round_step(action, subject.round_state)
    if action in (Action.BEWERKEN, Action.INDIENEN):
        return _owner_step(person, action, subject)
    return _review_step(person, action, subject)


def allowed(person: Person, action: Action, subject: Subject) -> bool:
    return not reason_refused(person, action, subject)


def next_state(action: Action, current: ReportState) -> ReportState:
    """The state after `action`; ValueError when the action does not apply to `current`."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise ValueError(f"{action.value} kan niet vanuit {current.value}")
    return target


def _round_step(action: Action, state: RoundState) -> str:
    if action is Action.RONDE_OPENEN and state is not RoundState.GESLOTEN:
        return "alleen een gesloten ronde kan (weer) open"
    if action is Action.RONDE_SLUITEN and state is not RoundState.OPEN:
        return "alleen een open ronde kan dicht"
    if action is Action.PUBLICEREN and state is not RoundState.GESLOTEN:
        return "sluit de ronde eerst; daarna kan zij gepubliceerd worden"
    if action is Action.HERACTIVEREN and state is not RoundState.OPEN:
        return "een gestopte interventie komt alleen in een open ronde terug"
    return ""


def reason_not_opened(year: int, rounds: Mapping[int, RoundState]) -> str:
    """Empty when a round for `year` may open next to the existing `rounds` (year -> state).

    One round runs at a time: every earlier round must be published. And a round opens for
    the year after the latest one: an earlier year would rewrite history, a skipped year
    would make every movement "nieuw" (the movement compares with the round of the year
    before)."""
    if year in rounds:
        return f"de voortgangsronde {year} bestaat al"
    running = sorted(y for y, state in rounds.items() if state is not RoundState.GEPUBLICEERD)
    if running:
        return (
            f"de voortgangsronde {running[0]} loopt nog ({rounds[running[0]].value}); er loopt "
            "één ronde tegelijk: publiceer die eerst"
        )
    latest = max(rounds, default=None)
    if latest is not None and year != latest + 1:
        return (
            f"de laatste ronde is {latest}, dus de volgende is {latest + 1}; een andere ronde "
            "zou de vergelijking met vorig jaar breken"
        )
    return ""


def _owner_step(person: Person, action: Action, subject: Subject) -> str:
    if Role.INITIATIEFNEMER not in person.roles:
        return "alleen initiatiefnemers vullen voortgang in"
    if not set(subject.organisations) & person.organisations:
        return "dit is de interventie van een andere organisatie"
    if subject.round_state is not RoundState.OPEN:
        return "de ronde is niet open"
    if subject.report_state not in EDITABLE:
        state = subject.report_state.value if subject.report_state else "onbekend"
        return f"het voortgangsrapport is {state} en kan nu niet worden gewijzigd"
    return ""


def _review_step(person: Person, action: Action, subject: Subject) -> str:
    reviewer = Role.PROGRAMMABUREAU in person.roles or (
        Role.PIJLERCOORDINATOR in person.roles and subject.pillar in person.pillars
    )
    if not reviewer:
        return "alleen de pijlercoördinator van deze pijler of het programmabureau beoordeelt"
    sources, _ = TRANSITIONS[action]
    if subject.report_state not in sources:
        state = subject.report_state.value if subject.report_state else "onbekend"
        return f"een voortgangsrapport dat {state} is, kan niet worden beoordeeld"
    if action is Action.GOEDKEUREN and person.user_id in subject.authors:
        return FOUR_EYES
    return ""
