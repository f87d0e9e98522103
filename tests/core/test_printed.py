"""Dutch printed figures and the precision their digits imply."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nprz.core.formatting import format_euro, format_number, format_percent
from nprz.core.printed import (
    Interval,
    Missing,
    Printed,
    PrintedError,
    Suppressed,
    Unit,
    parse_number,
    parse_printed,
)


@pytest.mark.parametrize(
    ("text", "value", "unit", "resolution"),
    [
        ("44,3%", "44.3", Unit.PERCENT, "0.1"),
        ("44%", "44", Unit.PERCENT, "1"),
        ("40,40%", "40.40", Unit.PERCENT, "0.1"),
        ("40,45%", "40.45", Unit.PERCENT, "0.01"),
        ("-14,3%", "-14.3", Unit.PERCENT, "0.1"),
        ("- 69,1%", "-69.1", Unit.PERCENT, "0.1"),
        ("€ 36.300", "36300", Unit.EURO, "100"),
        ("€ 27.423", "27423", Unit.EURO, "1"),
        ("€ 270.000", "270000", Unit.EURO, "1000"),
        ("€ 0", "0", Unit.EURO, "1"),
        ("-€ 5", "-5", Unit.EURO, "1"),
        ("€ 1,50", "1.50", Unit.EURO, "0.01"),
        ("17.942.942", "17942942", Unit.NONE, "0"),
        ("29.668", "29668", Unit.NONE, "0"),
        ("1000", "1000", Unit.NONE, "0"),
        ("33,1", "33.1", Unit.NONE, "0.1"),
        ("  12  ", "12", Unit.NONE, "0"),
    ],
    ids=[
        "percent-1-decimal", "percent-integer", "percent-padded-zero", "percent-2-decimals",
        "negative-percent", "negative-percent-spaced", "euro-hundreds", "euro-exact",
        "euro-rounded", "euro-zero", "negative-euro", "euro-cents", "count-grouped",
        "count-exact", "count-trailing-zeros-exact", "decimal-count", "surrounding-space",
    ],
)  # fmt: skip
def test_parse_number_forms(text: str, value: str, unit: Unit, resolution: str) -> None:
    token = parse_printed(text)
    assert isinstance(token, Printed)
    assert token.value == Decimal(value)
    assert token.unit is unit
    assert token.resolution == Decimal(resolution)
    assert token.text == text.strip()


def test_percent_interval_is_half_the_last_digit_either_side() -> None:
    token = parse_number("44,3%")
    assert token.exact == Fraction(443, 10)
    assert token.interval == Interval(Fraction("44.25"), Fraction("44.35"))


def test_euro_rounded_to_thousands_contains_the_true_amount() -> None:
    # "€ 270.000" stands for 270.067 in the report. Up to three trailing zeros of a euro
    # amount are read as rounding (to at most thousands).
    token = parse_number("€ 270.000")
    assert token.resolution == Decimal(1000)
    assert token.interval == Interval(Fraction(269500), Fraction(270500))
    assert token.interval.contains(Fraction(270067))


def test_padded_second_decimal_is_read_as_rounding() -> None:
    interval = parse_number("40,40%").interval
    assert interval == Interval(Fraction("40.35"), Fraction("40.45"))
    assert interval.contains(Fraction("40.35"))
    assert not interval.contains(Fraction("40.34"))


def test_count_is_exact() -> None:
    token = parse_number("29.668")
    assert token.interval == Interval(Fraction(29668), Fraction(29668))
    assert not token.interval.contains(Fraction(29667))


@pytest.mark.parametrize(
    ("text", "threshold", "high"),
    [("<5", 5, 4), ("< 5", 5, 4), ("<10", 10, 9)],
    ids=["lt5", "lt5-spaced", "lt10"],
)
def test_suppressed(text: str, threshold: int, high: int) -> None:
    token = parse_printed(text)
    assert token == Suppressed(text, threshold)
    assert isinstance(token, Suppressed)
    assert token.interval == Interval(Fraction(0), Fraction(high))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nvt", "niet van toepassing (nvt)"),
        ("NVT", "niet van toepassing (nvt)"),
        ("nb", "niet beschikbaar (nb)"),
        ("n.b.", "niet beschikbaar (n.b.)"),
        ("-", "niet beschikbaar (-)"),
        ("x", "geen cijfer (x)"),
        ("", "niet gedrukt"),
        ("  ", "niet gedrukt"),
    ],
    ids=["nvt", "nvt-upper", "nb", "n.b.", "dash", "x", "empty", "blank"],
)
def test_missing_tokens(text: str, reason: str) -> None:
    token = parse_printed(text)
    assert token == Missing(text.strip())
    assert isinstance(token, Missing)
    assert token.reason == reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5", "Nederlandse notatie"),
        ("abc", "Nederlandse notatie"),
        ("12,3,4", "Nederlandse notatie"),
        ("1.23.456", "Nederlandse notatie"),
        ("€ 5%", "zowel een bedrag als een percentage"),
        ("44,3 %%", "Nederlandse notatie"),
    ],
    ids=["point-as-decimal", "word", "two-commas", "bad-grouping", "euro-and-percent", "two-%"],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(PrintedError, match=message):
        parse_printed(text)


@pytest.mark.parametrize("text", ["nvt", "<5"], ids=["missing", "suppressed"])
def test_parse_number_refuses_non_numbers(text: str) -> None:
    with pytest.raises(PrintedError, match="geen getal"):
        parse_number(text)


@pytest.mark.parametrize(
    ("a", "b", "overlaps"),
    [
        (("1", "2"), ("2", "3"), True),
        (("1", "2"), ("2.1", "3"), False),
        (("0", "9"), ("3", "4"), True),
    ],
    ids=["touching", "apart", "nested"],
)
def test_interval_overlaps(a: tuple[str, str], b: tuple[str, str], overlaps: bool) -> None:
    first = Interval(Fraction(a[0]), Fraction(a[1]))
    second = Interval(Fraction(b[0]), Fraction(b[1]))
    assert first.overlaps(second) is overlaps
    assert second.overlaps(first) is overlaps


def test_interval_hull() -> None:
    values = [Fraction(3), Fraction(-1), Fraction(7, 2)]
    assert Interval.hull(values) == Interval(Fraction(-1), Fraction(7, 2))


# Round trips: what the formatter prints, the parser reads back.
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(value: int) -> None:
    token = parse_number(format_number(value))
    assert token.value == value
    assert token.unit is Unit.NONE
    assert token.resolution == 0


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_one_decimal_values_round_trip(tenths: int) -> None:
    value = Fraction(tenths, 10)
    token = parse_number(format_number(value, 1))
    assert token.exact == value
    assert token.resolution == Decimal("0.1")
    percent = parse_number(format_percent(value))
    assert (percent.exact, percent.unit) == (value, Unit.PERCENT)


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_euro_round_trip_contains_the_value(value: int) -> None:
    token = parse_number(format_euro(value))
    assert token.exact == value
    assert token.unit is Unit.EURO
    assert token.interval.contains(Fraction(value))


def test_euro_rounding_is_read_as_at_most_thousands() -> None:
    assert parse_number("€ 1.000.000").resolution == Decimal(1000)
    assert parse_number("€ 100").resolution == Decimal(100)
