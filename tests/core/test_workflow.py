"""The permission matrix of the progress round: every role, action and own/other organisation.

The cast: Bea (programmabureau), Cor (pijlercoördinator Werk), Ida (initiatiefnemer at
Albeda), Lex (lezer) and an anonymous visitor. The subject is a Werk intervention of Albeda
("eigen") or of another organisation in School ("ander").
"""

from __future__ import annotations

import pytest

from nprz.core.workflow import (
    ANONYMOUS,
    Action,
    Person,
    ReportState,
    Role,
    RoundState,
    Subject,
    allowed,
    next_state,
    reason_refused,
)

CAST = {
    "bea": Person(roles=frozenset({Role.PROGRAMMABUREAU})),
    "cor": Person(roles=frozenset({Role.PIJLERCOORDINATOR}), pillars=frozenset({"werk"})),
    "ida": Person(roles=frozenset({Role.INITIATIEFNEMER}), organisations=frozenset({"albeda"})),
    "lex": Person(roles=frozenset({Role.LEZER})),
    "anoniem": ANONYMOUS,
}
OWN = {"pillar": "werk", "organisations": frozenset({"albeda"})}
OTHER = {"pillar": "school", "organisations": frozenset({"zadkine"})}

A = Action
# (action, report state, whose) -> who may, in an OPEN round.
OPEN_ROUND = {
    (A.LEZEN_ONGEPUBLICEERD, ReportState.CONCEPT, "eigen"): {"bea", "cor", "ida", "lex"},
    (A.BEWERKEN, ReportState.CONCEPT, "eigen"): {"ida"},
    (A.BEWERKEN, ReportState.CONCEPT, "ander"): set(),
    (A.BEWERKEN, ReportState.TERUGGESTUURD, "eigen"): {"ida"},
    (A.BEWERKEN, ReportState.INGEDIEND, "eigen"): set(),
    (A.BEWERKEN, ReportState.GOEDGEKEURD, "eigen"): set(),
    (A.INDIENEN, ReportState.CONCEPT, "eigen"): {"ida"},
    (A.INDIENEN, ReportState.CONCEPT, "ander"): set(),
    (A.INDIENEN, ReportState.INGEDIEND, "eigen"): set(),
    (A.TERUGSTUREN, ReportState.INGEDIEND, "eigen"): {"bea", "cor"},
    (A.TERUGSTUREN, ReportState.INGEDIEND, "ander"): {"bea"},
    (A.TERUGSTUREN, ReportState.CONCEPT, "eigen"): set(),
    (A.GOEDKEUREN, ReportState.INGEDIEND, "eigen"): {"bea", "cor"},
    (A.GOEDKEUREN, ReportState.INGEDIEND, "ander"): {"bea"},
    (A.GOEDKEUREN, ReportState.GOEDGEKEURD, "eigen"): set(),
    (A.RONDE_SLUITEN, None, "eigen"): {"bea"},
    (A.RONDE_OPENEN, None, "eigen"): set(),  # already open
    (A.PUBLICEREN, None, "eigen"): set(),  # close it first
    (A.GEBRUIKERS_BEHEREN, None, "eigen"): {"bea"},
}


def _id(value: object) -> str:
    """A stable test id: a set is printed sorted, so every worker of `pytest -n` collects the
    same names (a set's order changes with the hash seed of each process)."""
    return ",".join(sorted(value)) if isinstance(value, set | frozenset) else str(value)


@pytest.mark.parametrize(("key", "expected"), list(OPEN_ROUND.items()), ids=_id)
def test_open_round(key: tuple[Action, ReportState | None, str], expected: set[str]) -> None:
    action, state, whose = key
    subject = Subject(RoundState.OPEN, state, **(OWN if whose == "eigen" else OTHER))
    assert {name for name, person in CAST.items() if allowed(person, action, subject)} == expected


def test_a_closed_round_allows_review_and_publishing_but_no_editing() -> None:
    submitted = Subject(RoundState.GESLOTEN, ReportState.INGEDIEND, **OWN)
    concept = Subject(RoundState.GESLOTEN, ReportState.CONCEPT, **OWN)
    assert reason_refused(CAST["ida"], A.BEWERKEN, concept) == "de ronde is niet open"
    assert allowed(CAST["cor"], A.GOEDKEUREN, submitted)
    assert allowed(CAST["bea"], A.PUBLICEREN, submitted)
    assert allowed(CAST["bea"], A.RONDE_OPENEN, submitted)


@pytest.mark.parametrize("action", [a for a in Action if a is not A.GEBRUIKERS_BEHEREN])
def test_a_published_round_is_frozen_for_everybody(action: Action) -> None:
    subject = Subject(RoundState.GEPUBLICEERD, ReportState.GEPUBLICEERD, **OWN)
    for name, person in CAST.items():
        expected = action is A.LEZEN_ONGEPUBLICEERD  # published: everybody reads it
        assert allowed(person, action, subject) is expected, name


def test_refusals_say_why_in_dutch() -> None:
    other = Subject(RoundState.OPEN, ReportState.CONCEPT, **OTHER)
    assert reason_refused(CAST["ida"], A.BEWERKEN, other) == (
        "dit is de interventie van een andere organisatie"
    )
    submitted_elsewhere = Subject(RoundState.OPEN, ReportState.INGEDIEND, **OTHER)
    assert reason_refused(CAST["cor"], A.GOEDKEUREN, submitted_elsewhere) == (
        "alleen de pijlercoördinator van deze pijler of het programmabureau beoordeelt"
    )
    assert reason_refused(ANONYMOUS, A.LEZEN_ONGEPUBLICEERD, other) == (
        "alleen ingelogde gebruikers lezen wat nog niet openbaar is"
    )
    assert reason_refused(CAST["lex"], A.PUBLICEREN, other) == "alleen het programmabureau mag dit"


def test_the_report_moves_through_its_states() -> None:
    state = ReportState.CONCEPT
    state = next_state(A.INDIENEN, state)
    assert state is ReportState.INGEDIEND
    state = next_state(A.TERUGSTUREN, state)
    assert state is ReportState.TERUGGESTUURD
    state = next_state(A.INDIENEN, state)
    state = next_state(A.GOEDKEUREN, state)
    assert state is ReportState.GOEDGEKEURD
    with pytest.raises(ValueError, match="terugsturen kan niet vanuit goedgekeurd"):
        next_state(A.TERUGSTUREN, state)
