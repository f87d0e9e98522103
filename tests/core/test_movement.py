"""Colours, movement between two years and the colour the KPIs propose."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nprz.core.movement import RANK, Attainment, Colour, Movement, movement, proposed_colour

G, Y, R, N = Colour.GROEN, Colour.GEEL, Colour.ROOD, Colour.NIET_GESTART
STOP, UNKNOWN = Colour.GESTOPT, Colour.NIET_VASTGELEGD


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, G, Movement.NIEUW),
        (None, N, Movement.NIEUW),
        (R, G, Movement.VOORUIT),
        (Y, G, Movement.VOORUIT),
        (N, R, Movement.VOORUIT),  # niet gestart ranks below rood
        (G, G, Movement.GELIJK),
        (N, N, Movement.GELIJK),
        (G, Y, Movement.ACHTERUIT),
        (R, N, Movement.ACHTERUIT),
        (G, STOP, Movement.GESTOPT),
        (None, STOP, Movement.GESTOPT),
        (UNKNOWN, STOP, Movement.GESTOPT),
        (STOP, G, Movement.NIEUW),  # restarted
        (UNKNOWN, G, Movement.ONBEKEND),
        (G, UNKNOWN, Movement.ONBEKEND),
        (None, UNKNOWN, Movement.ONBEKEND),  # no colour recorded: no movement, not "nieuw"
    ],
)
def test_movement(previous: Colour | None, current: Colour, expected: Movement) -> None:
    assert movement(previous, current) is expected


RANKED = st.sampled_from(list(RANK))


@given(RANKED, RANKED)
def test_forward_one_way_is_backward_the_other(a: Colour, b: Colour) -> None:
    there, back = movement(a, b), movement(b, a)
    pairs = {(there, back)}
    assert pairs <= {
        (Movement.VOORUIT, Movement.ACHTERUIT),
        (Movement.ACHTERUIT, Movement.VOORUIT),
        (Movement.GELIJK, Movement.GELIJK),
    }
    assert (there is Movement.GELIJK) == (a is b)


def k(realised: int, target: int, lower: bool = False) -> Attainment:
    return Attainment(Fraction(realised), Fraction(target), lower)


def test_proposed_colour_from_the_weakest_kpi() -> None:
    assert proposed_colour([k(100, 100), k(130, 120)]) is Colour.GROEN
    assert proposed_colour([k(100, 100), k(80, 100)]) is Colour.GEEL  # 80% is geel
    assert proposed_colour([k(100, 100), k(79, 100)]) is Colour.ROOD
    assert proposed_colour([k(5, 10, lower=True)]) is Colour.GROEN  # half the target: better
    assert proposed_colour([k(12, 10, lower=True)]) is Colour.GEEL  # 10/12 = 83%
    assert proposed_colour([]) is None
    assert proposed_colour([k(5, 0)]) is None  # a zero target gives no share


def test_attainment_share_is_exact() -> None:
    assert k(481, 418).share == Fraction(481, 418)
    assert k(0, 10, lower=True).share is None
