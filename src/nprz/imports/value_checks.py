"""Does a delivered number fit its indicator? Unit, range and printed decimals.

A percentage indicator takes "30,0%" and, with a warning, "30,0"; a number between 0 and 1
without a percent sign is an error, because 0,25 could mean 0,25% or 25%. A euro indicator
takes "€ 36.300" and, with a warning, "36.300". A count or a floor area is never negative, a
percentage lies between 0 and 100, and more decimals than the indicator prints is a warning.
Pure: `nprz.imports.values` reads the cell, this says whether the reading fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nprz.core.printed import Unit
from nprz.imports.delivery import KnownIndicator
from nprz.imports.numbers import Finding, Reading, read_number

# Units as the store names them ("percent", "euro", "aantal", "m2", "score"); "%" and "€" as
# `KnownIndicator` documents them.
PERCENT_UNITS = frozenset({"percent", "%", "procent"})
EURO_UNITS = frozenset({"euro", "€"})
NON_NEGATIVE_UNITS = frozenset({"aantal", "m2"})  # a count or a floor area is never negative


@dataclass(frozen=True)
class Fit:
    """The reading as the store keeps it (a missing "%" or "€" added), the warnings this
    check adds, or the error that stops the row."""

    reading: Reading
    warnings: tuple[Finding, ...] = ()
    error: Finding | None = None


def fit(reading: Reading, indicator: KnownIndicator) -> Fit:
    """Check a number (`reading.is_number`) against its indicator."""
    unit = indicator.unit.strip().lower()
    shown = repr(reading.text)
    warnings: list[Finding] = []
    if unit in PERCENT_UNITS:
        if reading.unit is Unit.EURO:
            return _error(
                reading,
                "bedrag-niet-verwacht",
                f"{shown} is een bedrag; {indicator.code} is een percentage",
            )
        if reading.unit is Unit.NONE:
            assert reading.value is not None
            if 0 < abs(reading.value) <= 1:
                return _error(
                    reading,
                    "percentage-of-fractie",
                    f"{shown} zonder procentteken: is dit {reading.printed}% of "
                    f"{_dutch(reading.value * 100)}%? Schrijf het procentteken erbij",
                )
            warnings.append(
                Finding(
                    "procentteken-ontbreekt",
                    f"{shown} zonder procentteken gelezen als {reading.printed}%",
                )
            )
            reading = read_number(reading.printed + "%")
    elif unit in EURO_UNITS:
        if reading.unit is Unit.PERCENT:
            return _error(
                reading,
                "percentage-niet-verwacht",
                f"{shown} is een percentage; {indicator.code} is een bedrag",
            )
        if reading.unit is Unit.NONE:
            warnings.append(
                Finding("eurosteken-ontbreekt", f"{shown} zonder euroteken gelezen als bedrag")
            )
            reading = read_number("€ " + reading.printed)
    elif reading.unit is not Unit.NONE:
        percent = reading.unit is Unit.PERCENT
        return _error(
            reading,
            "percentage-niet-verwacht" if percent else "bedrag-niet-verwacht",
            f"{shown} is {'een percentage' if percent else 'een bedrag'}; {indicator.code} is "
            f"in {indicator.unit}",
        )
    value = reading.value
    assert value is not None
    assert reading.resolution is not None
    if unit in PERCENT_UNITS and not 0 <= value <= 100:
        message = f"{reading.printed} ligt niet tussen 0 en 100%"
        return _error(reading, "percentage-buiten-bereik", message, warnings)
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return _error(reading, "negatief-aantal", f"{reading.printed} is negatief", warnings)
    if reading.resolution and reading.resolution < Decimal(1).scaleb(-indicator.decimals):
        warnings.append(
            Finding(
                "meer-decimalen",
                f"{reading.printed} heeft meer decimalen dan {indicator.code} drukt "
                f"({indicator.decimals})",
            )
        )
    return Fit(reading, tuple(warnings))


def _error(reading: Reading, code: str, message: str, warnings: list[Finding] | None = None) -> Fit:
    """An error, after the warnings found before it (both are shown, as they were met)."""
    return Fit(reading, tuple(warnings or ()), Finding(code, message))


def _dutch(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
