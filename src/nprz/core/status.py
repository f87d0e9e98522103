"""The traffic light and the bucket of one target, with the reason in words.

The report's legend (seed lines 229-231): groen = at or beyond this year's target level,
oranje = moved the right way since the start but not yet there, rood = moved the wrong way.
The bucket page (seed lines 459-528) sorts the share of the gap closed into four bands:
beyond this year's due share (47,5% in 2024), 15% up to that, 5-15%, below 5%.

Edges the report leaves open, and what we decided (README, "randgevallen"):

* lower-is-better indicators need no special formula: (now - start) / (reference - start)
  is positive for progress in either direction;
* no movement at all (0% closed) is not "positive development", so it is rood;
* a share closed above 100% means the area passed the reference; it stays as computed
  and is groen;
* a start that is already at least as good as the reference: there is no gap to close, so
  the target is to stay at least at the reference level. No share closed, no bucket;
  groen while the area is still at least as good as the reference, rood once it is not;
* a start equal to the reference: no gap, no division: geen oordeel with that reason;
* a missing start, current value or reference, or a year before the plan's first interim
  target: geen oordeel, naming what is missing;
* a fixed level (e.g. "the m2 of business space stay the same"): groen at or beyond the
  level, oranje when moving towards it, rood otherwise;
* a qualitative target ("stays low"): geen oordeel; a person judges it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from nprz.core.trajectory import Number, share_of_gap_closed, target_value


class Direction(StrEnum):
    HOGER = "hoger"
    LAGER = "lager"

    @property
    def label(self) -> str:
        return "hoger is beter" if self is Direction.HOGER else "lager is beter"

    def better(self, a: Number, b: Number) -> bool:
        """Is `a` strictly better than `b`?"""
        return a > b if self is Direction.HOGER else a < b


class Status(StrEnum):
    GROEN = "groen"
    ORANJE = "oranje"
    ROOD = "rood"
    GEEN = "geen"

    @property
    def label(self) -> str:
        return "geen oordeel" if self is Status.GEEN else self.value


class Bucket(StrEnum):
    BOVEN_DOEL = "boven-doel"
    VIJFTIEN_TOT_DOEL = "15-tot-doel"
    VIJF_TOT_VIJFTIEN = "5-tot-15"
    ONDER_VIJF = "onder-5"


BUCKET_MIDDLE = Fraction(15, 100)
BUCKET_LOW = Fraction(5, 100)


class Reason(StrEnum):
    OP_DOEL = "op-doel"
    POSITIEF = "positief"
    GEEN_ONTWIKKELING = "geen-ontwikkeling"
    NEGATIEF = "negatief"
    START_VOORBIJ_REFERENTIE = "start-voorbij-referentie"
    START_VOORBIJ_TERUGGEVALLEN = "start-voorbij-teruggevallen"
    GEEN_VERSCHIL = "geen-verschil"
    ONTBREEKT_START = "ontbreekt-start"
    ONTBREEKT_ACTUEEL = "ontbreekt-actueel"
    ONTBREEKT_REFERENTIE = "ontbreekt-referentie"
    GEEN_TUSSENDOEL = "geen-tussendoel"
    NIVEAU_GEHAALD = "niveau-gehaald"
    NIVEAU_RICHTING = "niveau-richting"
    NIVEAU_NIET_GEHAALD = "niveau-niet-gehaald"
    KWALITATIEF = "kwalitatief"
    AFGESCHERMD = "afgeschermd"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS: dict[Reason, str] = {
    Reason.OP_DOEL: "het deel van het verschil dat dit jaar ingelopen moest zijn, is ingelopen",
    Reason.POSITIEF: "vooruitgang sinds de start, maar nog niet op het doel van dit jaar",
    Reason.GEEN_ONTWIKKELING: "geen verandering sinds de start",
    Reason.NEGATIEF: "achteruitgang sinds de start",
    Reason.START_VOORBIJ_REFERENTIE: (
        "bij de start al op of voorbij het referentieniveau en daar nog steeds; "
        "het doel is dat niveau vast te houden"
    ),
    Reason.START_VOORBIJ_TERUGGEVALLEN: (
        "bij de start voorbij het referentieniveau, nu daar weer achter"
    ),
    Reason.GEEN_VERSCHIL: (
        "de startwaarde is gelijk aan het referentieniveau: er is geen verschil om in te lopen"
    ),
    Reason.ONTBREEKT_START: "de startwaarde ontbreekt",
    Reason.ONTBREEKT_ACTUEEL: "er is geen actuele waarde na de start",
    Reason.ONTBREEKT_REFERENTIE: "de actuele waarde van het referentiegebied ontbreekt",
    Reason.GEEN_TUSSENDOEL: "het plan kent voor dit jaar nog geen tussendoel",
    Reason.NIVEAU_GEHAALD: "op of voorbij het vaste niveau",
    Reason.NIVEAU_RICHTING: "op weg naar het vaste niveau, maar nog niet bereikt",
    Reason.NIVEAU_NIET_GEHAALD: "niet op het vaste niveau en niet op weg ernaartoe",
    Reason.KWALITATIEF: "kwalitatief doel: het oordeel is aan het programmabureau",
    Reason.AFGESCHERMD: (
        "de waarde is afgeschermd (kleine aantallen): een oordeel zou haar prijsgeven"
    ),
}


@dataclass(frozen=True)
class Assessment:
    status: Status
    reason: Reason
    target_value: Number | None = None
    share_closed: Fraction | None = None
    fraction_due: Fraction | None = None
    bucket: Bucket | None = None


def bucket_for(share_closed: Fraction, fraction_due: Fraction) -> Bucket:
    """The report's four bands; the top band starts at this year's due share (inclusive)."""
    if share_closed >= fraction_due:
        return Bucket.BOVEN_DOEL
    if share_closed >= BUCKET_MIDDLE:
        return Bucket.VIJFTIEN_TOT_DOEL
    if share_closed >= BUCKET_LOW:
        return Bucket.VIJF_TOT_VIJFTIEN
    return Bucket.ONDER_VIJF


def assess_convergence(
    *,
    start: Number | None,
    reference: Number | None,
    current: Number | None,
    fraction_due: Fraction | None,
    direction: Direction,
) -> Assessment:
    """Status of a 'close the gap to the reference' target (also fixed norms and paths)."""
    if start is None:
        return Assessment(Status.GEEN, Reason.ONTBREEKT_START, fraction_due=fraction_due)
    if current is None and reference is None:
        # The reference is read at the period of the current value; without a current
        # value there is none to read, and the missing current value is the reason.
        return Assessment(Status.GEEN, Reason.ONTBREEKT_ACTUEEL, fraction_due=fraction_due)
    if reference is None:
        return Assessment(Status.GEEN, Reason.ONTBREEKT_REFERENTIE, fraction_due=fraction_due)
    if fraction_due is None:
        return Assessment(Status.GEEN, Reason.GEEN_TUSSENDOEL)
    if reference == start:
        return Assessment(Status.GEEN, Reason.GEEN_VERSCHIL, fraction_due=fraction_due)
    if direction.better(start, reference):
        return _assess_start_beyond(reference, current, fraction_due, direction)
    target = target_value(start, reference, fraction_due)
    if current is None:
        return Assessment(Status.GEEN, Reason.ONTBREEKT_ACTUEEL, target, None, fraction_due)
    share = share_of_gap_closed(start, reference, current)
    assert share is not None  # reference != start was checked above
    bucket = bucket_for(share, fraction_due)
    if share >= fraction_due:
        return Assessment(Status.GROEN, Reason.OP_DOEL, target, share, fraction_due, bucket)
    if share > 0:
        return Assessment(Status.ORANJE, Reason.POSITIEF, target, share, fraction_due, bucket)
    reason = Reason.GEEN_ONTWIKKELING if share == 0 else Reason.NEGATIEF
    return Assessment(Status.ROOD, reason, target, share, fraction_due, bucket)


def _assess_start_beyond(
    reference: Number, current: Number | None, fraction_due: Fraction, direction: Direction
) -> Assessment:
    # The report applies its formula mechanically here and so sets a target *behind* the
    # start (e.g. working young people, seed line 390: 44,0% -> target 42,9%). We hold the
    # reference level instead: falling back to it is no progress.
    if current is None:
        return Assessment(Status.GEEN, Reason.ONTBREEKT_ACTUEEL, reference, None, fraction_due)
    if direction.better(reference, current):
        return Assessment(
            Status.ROOD, Reason.START_VOORBIJ_TERUGGEVALLEN, reference, None, fraction_due
        )
    return Assessment(Status.GROEN, Reason.START_VOORBIJ_REFERENTIE, reference, None, fraction_due)


def assess_level(
    *, level: Number, start: Number | None, current: Number | None, direction: Direction
) -> Assessment:
    """Status of a fixed level that should be reached or kept."""
    if current is None:
        return Assessment(Status.GEEN, Reason.ONTBREEKT_ACTUEEL, level)
    if not direction.better(level, current):
        return Assessment(Status.GROEN, Reason.NIVEAU_GEHAALD, level)
    if start is not None and direction.better(current, start):
        return Assessment(Status.ORANJE, Reason.NIVEAU_RICHTING, level)
    return Assessment(Status.ROOD, Reason.NIVEAU_NIET_GEHAALD, level)


def assess_qualitative() -> Assessment:
    return Assessment(Status.GEEN, Reason.KWALITATIEF)
