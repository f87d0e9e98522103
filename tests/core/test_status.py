"""Traffic light, bucket and reason of one target, edge by edge (status module docstring)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nprz.core.status import (
    REASON_LABELS,
    Assessment,
    Bucket,
    Direction,
    Reason,
    Status,
    assess_convergence,
    assess_level,
    assess_qualitative,
    bucket_for,
)

HOGER, LAGER = Direction.HOGER, Direction.LAGER
DUE_2024 = Fraction(475, 1000)  # UP 2019-2022 in 2024
DUE_2024_UP2023 = Fraction(2, 9)


def q(text: str | None) -> Fraction | None:
    return None if text is None else Fraction(text)


GROEN, ORANJE, ROOD, GEEN = Status.GROEN, Status.ORANJE, Status.ROOD, Status.GEEN
BOVEN, MIDDEN, ONDER = Bucket.BOVEN_DOEL, Bucket.VIJFTIEN_TOT_DOEL, Bucket.ONDER_VIJF
P = DUE_2024
UP23_TARGET = "1831/90"  # 21,9 - 2/9 * 7 = 20,344...

CONVERGENCE = [
    # start, reference, current, due, direction | status, reason, target, share, bucket
    pytest.param("10", "30", "19.5", P, HOGER, GROEN, Reason.OP_DOEL, "19.5", "0.475", BOVEN,
                 id="groen-exactly-at-due-share"),
    pytest.param("10", "30", "25", P, HOGER, GROEN, Reason.OP_DOEL, "19.5", "0.75", BOVEN,
                 id="groen-above-due-share"),
    pytest.param("10", "30", "19.4", P, HOGER, ORANJE, Reason.POSITIEF, "19.5", "0.47", MIDDEN,
                 id="oranje-just-below-due-share"),
    pytest.param("10", "30", "8", P, HOGER, ROOD, Reason.NEGATIEF, "19.5", "-0.1", ONDER,
                 id="rood-moved-away"),
    pytest.param("10", "30", "10", P, HOGER, ROOD, Reason.GEEN_ONTWIKKELING, "19.5", "0", ONDER,
                 id="rood-no-change-at-all"),
    pytest.param("10", "30", "40", P, HOGER, GROEN, Reason.OP_DOEL, "19.5", "1.5", BOVEN,
                 id="groen-beyond-reference-share-not-capped"),
    pytest.param("91.6", "95.0", "93.6", P, HOGER, GROEN, Reason.OP_DOEL, "93.215", "10/17", BOVEN,
                 id="report-row-58,8%-of-gap"),
    pytest.param("21.9", "14.9", "20.0", DUE_2024_UP2023, LAGER,
                 GROEN, Reason.OP_DOEL, UP23_TARGET, "19/70", BOVEN, id="lower-is-better-groen"),
    pytest.param("21.9", "14.9", "22.6", DUE_2024_UP2023, LAGER,
                 ROOD, Reason.NEGATIEF, UP23_TARGET, "-0.1", ONDER, id="lower-is-better-rood"),
    pytest.param("44.0", "41.6", "44.3", P, HOGER, GROEN, Reason.START_VOORBIJ_REFERENTIE,
                 "41.6", None, None, id="start-beyond-reference-still-beyond"),
    pytest.param("44.0", "41.6", "41.6", P, HOGER, GROEN, Reason.START_VOORBIJ_REFERENTIE,
                 "41.6", None, None, id="start-beyond-reference-exactly-at-reference"),
    pytest.param("44.0", "41.6", "41.0", P, HOGER, ROOD, Reason.START_VOORBIJ_TERUGGEVALLEN,
                 "41.6", None, None, id="start-beyond-reference-fallen-back"),
    pytest.param("10", "12", "13", P, LAGER, ROOD, Reason.START_VOORBIJ_TERUGGEVALLEN,
                 "12", None, None, id="start-beyond-reference-lower-is-better-fallen-back"),
    pytest.param("44.0", "41.6", None, P, HOGER, GEEN, Reason.ONTBREEKT_ACTUEEL,
                 "41.6", None, None, id="start-beyond-reference-missing-current"),
    pytest.param("20", "20", "25", P, HOGER, GEEN, Reason.GEEN_VERSCHIL, None, None, None,
                 id="geen-zero-gap"),
    pytest.param(None, "30", "25", P, HOGER, GEEN, Reason.ONTBREEKT_START, None, None, None,
                 id="geen-missing-start"),
    pytest.param("10", None, "25", P, HOGER, GEEN, Reason.ONTBREEKT_REFERENTIE, None, None, None,
                 id="geen-missing-reference"),
    pytest.param("10", "30", None, P, HOGER, GEEN, Reason.ONTBREEKT_ACTUEEL, "19.5", None, None,
                 id="geen-missing-current-keeps-target"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "reference", "current", "due", "direction", "status", "reason", "target", "share",
     "bucket"),
    CONVERGENCE,
)  # fmt: skip
def test_assess_convergence(
    start: str | None,
    reference: str | None,
    current: str | None,
    due: Fraction,
    direction: Direction,
    status: Status,
    reason: Reason,
    target: str | None,
    share: str | None,
    bucket: Bucket | None,
) -> None:
    result = assess_convergence(
        start=q(start), reference=q(reference), current=q(current), fraction_due=due,
        direction=direction,
    )  # fmt: skip
    assert result == Assessment(status, reason, q(target), q(share), due, bucket)


def test_assess_convergence_without_interim_target() -> None:
    result = assess_convergence(
        start=q("10"), reference=q("30"), current=q("25"), fraction_due=None, direction=HOGER
    )
    assert result == Assessment(Status.GEEN, Reason.GEEN_TUSSENDOEL)


@pytest.mark.parametrize(
    ("level", "start", "current", "direction", "status", "reason"),
    [
        ("100", "90", "100", HOGER, Status.GROEN, Reason.NIVEAU_GEHAALD),
        ("100", "90", "105", HOGER, Status.GROEN, Reason.NIVEAU_GEHAALD),
        ("100", "90", "95", HOGER, Status.ORANJE, Reason.NIVEAU_RICHTING),
        ("100", "90", "85", HOGER, Status.ROOD, Reason.NIVEAU_NIET_GEHAALD),
        ("100", "90", "90", HOGER, Status.ROOD, Reason.NIVEAU_NIET_GEHAALD),
        ("100", None, "95", HOGER, Status.ROOD, Reason.NIVEAU_NIET_GEHAALD),
        ("10", "15", "12", LAGER, Status.ORANJE, Reason.NIVEAU_RICHTING),
        ("10", "15", "9", LAGER, Status.GROEN, Reason.NIVEAU_GEHAALD),
        ("50", "50", "49", HOGER, Status.ROOD, Reason.NIVEAU_NIET_GEHAALD),
        ("50", "50", "50", HOGER, Status.GROEN, Reason.NIVEAU_GEHAALD),
        ("100", "90", None, HOGER, Status.GEEN, Reason.ONTBREEKT_ACTUEEL),
    ],
    ids=[
        "reached-exactly", "beyond", "towards", "moved-away", "no-change", "towards-without-start",
        "lower-towards", "lower-reached", "keep-level-fell", "keep-level-kept", "missing-current",
    ],
)  # fmt: skip
def test_assess_level(
    level: str,
    start: str | None,
    current: str | None,
    direction: Direction,
    status: Status,
    reason: Reason,
) -> None:
    result = assess_level(
        level=Fraction(level), start=q(start), current=q(current), direction=direction
    )
    assert result == Assessment(status, reason, Fraction(level))


def test_assess_qualitative() -> None:
    assert assess_qualitative() == Assessment(Status.GEEN, Reason.KWALITATIEF)
    assert assess_qualitative().status.label == "geen oordeel"


@pytest.mark.parametrize(
    ("share", "fraction_due", "bucket"),
    [
        ("0.475", DUE_2024, Bucket.BOVEN_DOEL),
        ("0.4749", DUE_2024, Bucket.VIJFTIEN_TOT_DOEL),
        ("0.15", DUE_2024, Bucket.VIJFTIEN_TOT_DOEL),
        ("0.1499", DUE_2024, Bucket.VIJF_TOT_VIJFTIEN),
        ("0.05", DUE_2024, Bucket.VIJF_TOT_VIJFTIEN),
        ("0.0499", DUE_2024, Bucket.ONDER_VIJF),
        ("-0.2", DUE_2024, Bucket.ONDER_VIJF),
        ("1.5", DUE_2024, Bucket.BOVEN_DOEL),
        ("0", Fraction(0), Bucket.BOVEN_DOEL),
        ("0.12", Fraction(1, 10), Bucket.BOVEN_DOEL),
    ],
    ids=[
        "exactly-47,5%", "just-below-47,5%", "exactly-15%", "just-below-15%", "exactly-5%",
        "4,99%", "negative", "beyond-100%", "base-year-due-0", "due-share-below-15%",
    ],
)  # fmt: skip
def test_bucket_edges(share: str, fraction_due: Fraction, bucket: Bucket) -> None:
    assert bucket_for(Fraction(share), fraction_due) == bucket


@pytest.mark.parametrize("reason", list(Reason), ids=[r.value for r in Reason])
def test_every_reason_has_a_dutch_label(reason: Reason) -> None:
    assert reason.label == REASON_LABELS[reason]
    assert reason.label.strip()
    assert reason.label != reason.value  # words, not the code
    assert len(reason.label.split()) >= 3


def test_labels_are_distinct_and_direction_labels_are_dutch() -> None:
    assert len(set(REASON_LABELS.values())) == len(Reason)
    assert HOGER.label == "hoger is beter"
    assert LAGER.label == "lager is beter"
    assert [s.label for s in Status] == ["groen", "oranje", "rood", "geen oordeel"]


# Properties.
values = st.fractions(min_value=-1000, max_value=1000, max_denominator=100)
dues = st.fractions(min_value=0, max_value=1, max_denominator=1000)
directions = st.sampled_from(list(Direction))


def _assess(
    start: Fraction, reference: Fraction, current: Fraction, due: Fraction, direction: Direction
) -> Assessment:
    return assess_convergence(
        start=start, reference=reference, current=current, fraction_due=due, direction=direction
    )


@given(start=values, reference=values, current=values, due=dues, direction=directions)
def test_groen_iff_share_reaches_due_share(
    start: Fraction, reference: Fraction, current: Fraction, due: Fraction, direction: Direction
) -> None:
    result = _assess(start, reference, current, due, direction)
    share = result.share_closed
    assume(share is not None)
    assert share is not None
    assert (result.status is Status.GROEN) == (share >= due)
    assert (result.bucket is Bucket.BOVEN_DOEL) == (result.status is Status.GROEN)
    assert result.status is not Status.GEEN


@given(start=values, reference=values, current=values, due=dues, direction=directions)
def test_status_is_the_same_for_the_mirrored_indicator(
    start: Fraction, reference: Fraction, current: Fraction, due: Fraction, direction: Direction
) -> None:
    assume(start != reference and not direction.better(start, reference))
    other = LAGER if direction is HOGER else HOGER
    result = _assess(start, reference, current, due, direction)
    mirrored = _assess(-start, -reference, -current, due, other)
    assert mirrored.status == result.status
    assert mirrored.reason == result.reason
    assert mirrored.share_closed == result.share_closed
    assert result.share_closed is not None
    assert result.target_value is not None
    assert mirrored.target_value == -result.target_value
