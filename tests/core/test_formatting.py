"""Dutch number formatting with the report's half-up rounding."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from nprz.core.formatting import (
    MISSING_TEXT,
    Numeric,
    format_date,
    format_euro,
    format_number,
    format_percent,
    format_share,
    format_value,
    plain,
    to_decimal,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234.5"), 1, "1.234,5"),
        (Fraction(2469, 2), 1, "1.234,5"),
        (17942942, 0, "17.942.942"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (0, 0, "0"),
        (0, 2, "0,00"),
        (Decimal("-1234.5"), 1, "-1.234,5"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("-0.05"), 1, "-0,1"),
        (Fraction(2, 3), 3, "0,667"),
        (Fraction(10, 17) * 100, 1, "58,8"),
    ],
    ids=[
        "grouping-and-decimal-comma", "fraction", "millions", "no-group-below-1000",
        "thousand", "zero", "zero-2-places", "negative", "negative-rounds-to-zero-no-sign",
        "negative-half-rounds-away", "repeating-fraction", "report-share-58,8",
    ],
)  # fmt: skip
def test_format_number(value: Numeric, places: int, expected: str) -> None:
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("33.05"), 1, "33,1"),
        (Fraction(661, 20), 1, "33,1"),
        (Decimal("0.125"), 2, "0,13"),
        (Fraction(1, 8), 2, "0,13"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("2.5"), 0, "3"),
        (Fraction(54845, 2), 0, "27.423"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("33.0499"), 1, "33,0"),
    ],
    ids=[
        "33,05-decimal", "33,05-fraction", "0,125-decimal", "0,125-fraction", "0,5",
        "2,5-not-bankers", "27.422,5", "negative-half-away-from-zero", "just-below-half",
    ],
)  # fmt: skip
def test_rounding_is_half_up(value: Numeric, places: int, expected: str) -> None:
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("formatted", "expected"),
    [
        (format_percent(Fraction(443, 10)), "44,3%"),
        (format_percent(Decimal("-14.3")), "-14,3%"),
        (format_percent(40, 2), "40,00%"),
        (format_share(Fraction(443, 1000)), "44,3%"),
        (format_share(Fraction(2, 9)), "22,2%"),
        (format_share(Fraction(19, 40), 0), "48%"),
        (format_euro(36300), "€ 36.300"),
        (format_euro(Decimal("1.5"), 2), "€ 1,50"),
        (format_euro(-5), "€ -5"),
        (format_value(Fraction(443, 10), "percent", 1), "44,3%"),
        (format_value(36300, "euro", 0), "€ 36.300"),
        (format_value(12750, "aantal", 0), "12.750"),
    ],
    ids=[
        "percent", "negative-percent", "percent-2-places", "share", "share-2/9",
        "share-0-places", "euro", "euro-cents", "negative-euro", "value-percent",
        "value-euro", "value-count",
    ],
)  # fmt: skip
def test_units(formatted: str, expected: str) -> None:
    assert formatted == expected


@pytest.mark.parametrize(
    "formatter",
    [format_number, format_percent, format_share, format_euro],
    ids=["number", "percent", "share", "euro"],
)
def test_missing_value_is_a_dash(formatter: Callable[[None], str]) -> None:
    assert formatter(None) == "–"
    assert formatter(None) == MISSING_TEXT


def test_format_value_missing() -> None:
    assert format_value(None, "percent", 1) == "–"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(2, 7) * 100, 4, 28.5714),
        (Fraction(10, 17), 4, 0.5882),
        (Fraction(1, 8), 2, 0.13),
        (Decimal("33.05"), 1, 33.1),
        (44, 4, 44.0),
        (Decimal("-0.00005"), 4, -0.0001),
    ],
    ids=["percent-share", "share", "half-up", "33,05", "int", "negative-half"],
)
def test_plain_is_a_rounded_float(value: Numeric, places: int, expected: float) -> None:
    result = plain(value, places)
    assert isinstance(result, float)
    assert result == expected


def test_plain_defaults_to_4_places_and_passes_none() -> None:
    assert plain(Fraction(1, 3)) == 0.3333
    assert plain(None) is None


def test_to_decimal_is_exact() -> None:
    assert to_decimal(Fraction(1, 3), 2) == Decimal("0.33")
    assert to_decimal(Fraction(661, 20), 1) == Decimal("33.1")
    assert str(to_decimal(7, 2)) == "7.00"


def test_to_decimal_does_not_round_twice() -> None:
    # Rounding happens once, on the exact fraction: no 28-digit Decimal detour.
    just_below_an_eighth = Fraction(1, 8) - Fraction(1, 10**30)
    assert to_decimal(just_below_an_eighth, 2) == Decimal("0.12")


def test_very_large_values_format_with_grouping() -> None:
    assert format_number(10**30) == "1" + ".000" * 10


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2025, 3, 3), "3 maart 2025"),
        (datetime.date(2024, 12, 31), "31 december 2024"),
        (datetime.date(2031, 1, 1), "1 januari 2031"),
    ],
)
def test_dates_in_dutch_words(day: datetime.date, text: str) -> None:
    assert format_date(day) == text
