"""Numbers in Dutch notation: 1.234,5 · 44,3% · € 36.300.

Rounding is half up, as the report rounds (33,05 -> 33,1), never banker's rounding.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from fractions import Fraction

Numeric = Fraction | Decimal | int

MISSING_TEXT = "–"
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def to_decimal(value: Numeric, places: int) -> Decimal:
    """Round exactly (no float or limited-precision detour) to `places` decimals, half up.

    Half up means ties go away from zero, as the report and Excel round: 33,05 -> 33,1 and
    -0,125 -> -0,13.
    """
    scaled = abs(Fraction(value)) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    sign = "-" if value < 0 and whole else ""
    return Decimal(f"{sign}{whole}E-{places}")


def format_number(value: Numeric | None, places: int = 0) -> str:
    if value is None:
        return MISSING_TEXT
    rounded = to_decimal(value, places)
    sign = "-" if rounded < 0 else ""
    integer, _, decimals = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def format_percent(value: Numeric | None, places: int = 1) -> str:
    """A value already in percent units (44.3 -> "44,3%")."""
    if value is None:
        return MISSING_TEXT
    return f"{format_number(value, places)}%"


def format_share(value: Fraction | None, places: int = 1) -> str:
    """A share as a fraction (0,443 -> "44,3%")."""
    return format_percent(None if value is None else value * 100, places)


def format_euro(value: Numeric | None, places: int = 0) -> str:
    if value is None:
        return MISSING_TEXT
    return f"€ {format_number(value, places)}"


def format_value(value: Numeric | None, unit: str, places: int) -> str:
    """Format by the unit codes of the store: percent, euro, or anything counted."""
    if unit == "percent":
        return format_percent(value, places)
    if unit == "euro":
        return format_euro(value, places)
    return format_number(value, places)


def plain(value: Numeric | None, places: int = 4) -> float | None:
    """Machine output: rounded half up, decimal point, no grouping (44.2857)."""
    if value is None:
        return None
    return float(to_decimal(value, places))


def format_date(day: datetime.date) -> str:
    """A date in Dutch words, as a report prints it: 3 maart 2025 (no locale needed)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Aantal uitkeringen in het ABC-gebied" becomes
    "aantal uitkeringen in het ABC-gebied". Only the first letter changes, and only when it
    starts an ordinary word: "G4", "ABC-gebied" and "WOZ-waarde" keep their capitals."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[1].islower():
        return name[0].lower() + name[1:]
    return name
