"""The pure rules of the round that issue 17 added: one round at a time, a stopped
intervention stays stopped, four eyes, the bureau's new actions. No database."""

from __future__ import annotations

import pytest

from nprz.core.movement import Colour, stopped_since
from nprz.core.workflow import (
    FOUR_EYES,
    Action,
    Person,
    ReportState,
    Role,
    RoundState,
    Subject,
    allowed,
    reason_not_opened,
    reason_refused,
)

PUB, OPEN, CLOSED = RoundState.GEPUBLICEERD, RoundState.OPEN, RoundState.GESLOTEN


@pytest.mark.parametrize(
    ("year", "rounds", "reason"),
    [
        (2025, {}, ""),
        (2025, {2023: PUB, 2024: PUB}, ""),
        (2024, {2023: PUB, 2024: PUB}, "de voortgangsronde 2024 bestaat al"),
        (
            2030,
            {2024: PUB, 2025: PUB, 2026: OPEN},
            "de voortgangsronde 2026 loopt nog (open); er loopt één ronde tegelijk: publiceer "
            "die eerst",
        ),
        (
            2027,
            {2025: PUB, 2026: CLOSED},
            "de voortgangsronde 2026 loopt nog (gesloten); er loopt één ronde tegelijk: "
            "publiceer die eerst",
        ),
        (
            2027,
            {2024: PUB, 2025: PUB},
            "de laatste ronde is 2025, dus de volgende is 2026; een andere ronde zou de "
            "vergelijking met vorig jaar breken",
        ),
        (
            2022,
            {2023: PUB, 2024: PUB},
            "de laatste ronde is 2024, dus de volgende is 2025; een andere ronde zou de "
            "vergelijking met vorig jaar breken",
        ),
    ],
)
def test_one_round_at_a_time_for_the_year_after_the_latest(
    year: int, rounds: dict[int, RoundState], reason: str
) -> None:
    assert reason_not_opened(year, rounds) == reason


G, S, R = Colour.GROEN, Colour.GESTOPT, Colour.ROOD


@pytest.mark.parametrize(
    ("colours", "back", "year", "since"),
    [
        ({2023: G, 2024: G}, [], 2025, None),
        ({2023: G, 2024: S}, [], 2025, 2024),
        # Left out of 2025 because it stopped: still stopped in 2026 (the old code looked at
        # the round just before only, 2025, and let it back in).
        ({2023: G, 2024: S}, [], 2026, 2024),
        ({2023: G, 2024: S}, [2025], 2026, None),  # brought back in 2025
        ({2023: G, 2024: S}, [2025], 2025, None),
        ({2023: G, 2024: S}, [2027], 2026, 2024),  # a later return does not count yet
        ({2023: S}, [2024], 2026, None),
        ({2023: S, 2024: G, 2025: S}, [2024], 2026, 2025),  # stopped again after returning
        ({2023: R, 2024: S}, [2024], 2025, 2024),  # a return before the stop does not end it
        ({}, [], 2025, None),
        ({2025: S}, [], 2025, None),  # only earlier rounds count
    ],
)
def test_a_stopped_intervention_stays_stopped_until_brought_back(
    colours: dict[int, Colour], back: list[int], year: int, since: int | None
) -> None:
    assert stopped_since(colours, back, year) == since


def test_four_eyes_whatever_the_roles() -> None:
    both = Person(
        roles=frozenset({Role.INITIATIEFNEMER, Role.PIJLERCOORDINATOR}),
        organisations=frozenset({"albeda"}),
        pillars=frozenset({"werk"}),
        user_id=7,
    )
    submitted = Subject(
        RoundState.OPEN, ReportState.INGEDIEND, "werk", frozenset({"albeda"}), frozenset({7})
    )
    assert reason_refused(both, Action.GOEDKEUREN, submitted) == FOUR_EYES
    # Returning it is not approving: allowed.
    assert allowed(both, Action.TERUGSTUREN, submitted)
    # Somebody else's work, or the same person as reviewer only: allowed.
    other = Subject(
        RoundState.OPEN, ReportState.INGEDIEND, "werk", frozenset({"albeda"}), frozenset({8})
    )
    assert allowed(both, Action.GOEDKEUREN, other)
    bureau = Person(roles=frozenset({Role.PROGRAMMABUREAU}), user_id=7)
    assert reason_refused(bureau, Action.GOEDKEUREN, submitted) == FOUR_EYES
    # A person without a known user id is never taken for an author.
    assert allowed(Person(roles=frozenset({Role.PROGRAMMABUREAU})), Action.GOEDKEUREN, submitted)


def test_the_bureau_sets_targets_and_brings_interventions_back_while_the_round_runs() -> None:
    bureau = Person(roles=frozenset({Role.PROGRAMMABUREAU}))
    coordinator = Person(roles=frozenset({Role.PIJLERCOORDINATOR}), pillars=frozenset({"werk"}))
    for state, targets, back in ((OPEN, True, True), (CLOSED, True, False), (PUB, False, False)):
        subject = Subject(state, ReportState.CONCEPT, "werk")
        assert allowed(bureau, Action.DOELEN_ZETTEN, subject) is targets, state
        assert allowed(bureau, Action.HERACTIVEREN, subject) is back, state
        assert not allowed(coordinator, Action.DOELEN_ZETTEN, subject)
    assert reason_refused(bureau, Action.HERACTIVEREN, Subject(CLOSED)) == (
        "een gestopte interventie komt alleen in een open ronde terug"
    )
