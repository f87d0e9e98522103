"""Figures as a Dutch report prints them: "44,3%", "€ 36.300", "17.942.942", "nvt", "<5".

A printed figure carries its own precision: "44,3%" stands for anything in [44,25; 44,35]
(closed at both ends: we do not know which way the printer broke a tie).
Recomputations are compared with that interval, so a difference that the rounding of the
printed inputs explains is not reported as a disagreement.

Trailing zeros are not always significant. Euro amounts are often rounded to hundreds or
thousands ("€ 270.000" for 270.067), and some percentages are printed with a padded second
decimal ("40,40%" for 40,4%). For euros, up to three trailing zeros of the integer part
(rounding to at most thousands) and for percentages a trailing zero in the second decimal
are therefore read as rounding. Counts without a unit are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

MISSING_TOKENS: dict[str, str] = {
    "nvt": "niet van toepassing (nvt)",
    "nb": "niet beschikbaar (nb)",
    "n.b.": "niet beschikbaar (n.b.)",
    "-": "niet beschikbaar (-)",
    "x": "geen cijfer (x)",
    "": "niet gedrukt",
}

_SUPPRESSED = re.compile(r"^<\s*(\d+)$")
_NUMBER = re.compile(r"^(?P<sign>-?)\s*(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?$")


class Unit(StrEnum):
    NONE = ""
    PERCENT = "%"
    EURO = "€"


class PrintedError(ValueError):
    """A token that is not a Dutch number, a missing-value mark or a suppressed count."""


@dataclass(frozen=True)
class Interval:
    lo: Fraction
    hi: Fraction

    def overlaps(self, other: Interval, strict: bool = False) -> bool:
        """Do the intervals share a point? `strict` ignores a shared end point: two different
        figures printed at the same precision touch but do not agree (3,5 and 3,6)."""
        if strict:
            return self.lo < other.hi and other.lo < self.hi
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Fraction) -> bool:
        return self.lo <= value <= self.hi

    @classmethod
    def hull(cls, values: list[Fraction]) -> Interval:
        return cls(min(values), max(values))


@dataclass(frozen=True)
class Printed:
    """A number as printed, with the precision its digits imply."""

    text: str
    value: Decimal
    unit: Unit
    resolution: Decimal

    @property
    def exact(self) -> Fraction:
        return Fraction(self.value)

    @property
    def interval(self) -> Interval:
        half = Fraction(self.resolution) / 2
        return Interval(self.exact - half, self.exact + half)


@dataclass(frozen=True)
class Missing:
    text: str

    @property
    def reason(self) -> str:
        return MISSING_TOKENS[self.text.strip().lower()]


@dataclass(frozen=True)
class Suppressed:
    """A small count hidden behind "<5": the true value lies in [0, threshold - 1]."""

    text: str
    threshold: int

    @property
    def interval(self) -> Interval:
        return Interval(Fraction(0), Fraction(self.threshold - 1))


Token = Printed | Missing | Suppressed


def parse_printed(text: str) -> Token:
    raw = text.strip()
    if raw.lower() in MISSING_TOKENS:
        return Missing(raw)
    if match := _SUPPRESSED.match(raw):
        return Suppressed(raw, int(match[1]))
    body, unit = raw, Unit.NONE
    if body.startswith("€"):
        body, unit = body[1:].strip(), Unit.EURO
    elif body.startswith("-€") or body.startswith("- €"):
        body, unit = "-" + body.split("€", 1)[1].strip(), Unit.EURO
    if body.endswith("%"):
        if unit is Unit.EURO:
            raise PrintedError(f"{text!r} is zowel een bedrag als een percentage")
        body, unit = body[:-1].strip(), Unit.PERCENT
    match = _NUMBER.match(body)
    if not match:
        raise PrintedError(
            f"{text!r} is geen getal in Nederlandse notatie (1.234,5 · 44,3% · € 36.300), "
            "en ook geen nvt, nb, -, x of <5"
        )
    integer = match["int"].replace(".", "")
    decimals = match["dec"] or ""
    value = Decimal(f"{match['sign']}{integer}.{decimals}" if decimals else match["sign"] + integer)
    return Printed(raw, value, unit, _resolution(integer, decimals, unit))


def _resolution(integer: str, decimals: str, unit: Unit) -> Decimal:
    if decimals:
        places = len(decimals)
        if unit is Unit.PERCENT and places >= 2 and decimals.endswith("0"):
            places -= 1
        return Decimal(1).scaleb(-places)
    if unit is Unit.EURO:
        zeros = len(integer) - len(integer.rstrip("0"))
        return Decimal(1).scaleb(min(zeros, 3, len(integer) - 1))
    if unit is Unit.PERCENT:
        return Decimal(1)
    return Decimal(0)


def parse_number(text: str) -> Printed:
    """Like `parse_printed`, for places where only a number may stand."""
    token = parse_printed(text)
    if not isinstance(token, Printed):
        raise PrintedError(f"{text!r} is geen getal")
    return token
