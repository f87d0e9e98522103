"""What people type: NFKC first (fullwidth becomes ASCII), then only the digits 0-9; and a
KPI value read against the KPI's unit. Pure: no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nprz.interventions import entry
from nprz.interventions.kpis import parse_value


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("２０３０", "2030"),  # fullwidth digits (an East Asian input mode)
        ("１２，５％", "12,5%"),  # fullwidth comma and percent too
        ("\u00a012 ", "12"),  # a non-breaking space is a space, and stripped
        ("2a", "2a"),
    ],
)
def test_fullwidth_input_is_normalised_to_ascii(typed: str, normal: str) -> None:
    assert entry.normalise(typed) == normal


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("٢٠٣٠", "arabic-indic digit two"),
        ("۲۰۳۰", "extended arabic-indic digit two"),
        ("२०३०", "devanagari digit two"),
    ],
)
def test_digits_of_another_script_are_refused_by_name(typed: str, named: str) -> None:
    with pytest.raises(entry.EntryError) as raised:
        entry.normalise(typed)
    assert str(raised.value).startswith("gebruik de cijfers 0 tot en met 9;")
    assert named in str(raised.value)
    assert raised.value.code == "ander-schrift"


def test_a_superscript_is_refused_before_nfkc_could_make_10_squared_102() -> None:
    with pytest.raises(entry.EntryError, match="'²' is geen gewoon cijfer"):
        entry.normalise("10²")


@pytest.mark.parametrize(
    ("typed", "year", "code"),
    [
        ("2030", 2030, ""),
        ("２０３０", 2030, ""),
        (" 2026 ", 2026, ""),
        ("٢٠٣٠", None, "ander-schrift"),
        ("30", None, "jaar-ongeldig"),
        ("2030.0", None, "jaar-ongeldig"),
        ("twintig", None, "jaar-ongeldig"),
    ],
)
def test_a_year_is_four_ascii_digits_after_normalising(
    typed: str, year: int | None, code: str
) -> None:
    if year is not None:
        assert entry.year(typed) == year
        return
    with pytest.raises(entry.EntryError) as raised:
        entry.year(typed)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("unit", "typed", "expected"),
    [
        ("aantal", "1.234", ("1.234", Decimal(1234))),
        ("aantal", "１２", ("12", Decimal(12))),
        ("aantal", "nb", ("nb", None)),
        ("aantal", "1.234,5", "een aantal is een heel getal, zoals 1.234 (niet 1.234,5)"),
        ("aantal", "12,0", "een aantal is een heel getal, zoals 1.234 (niet 12,0)"),
        ("aantal", "-3", "een aantal kan niet negatief zijn"),
        ("aantal", "12%", "dit is een aantal, geen percentage: laat het %-teken weg"),
        ("aantal", "€ 12", "dit is een aantal, geen bedrag: laat het €-teken weg"),
        ("percent", "12,5%", ("12,5%", Decimal("12.5"))),
        ("percent", "12,5", ("12,5", Decimal("12.5"))),
        ("percent", "€ 12", "dit is een percentage, geen bedrag: laat het €-teken weg"),
        ("euro", "€ 36.300", ("€ 36.300", Decimal(36300))),
        ("euro", "5%", "dit is een bedrag, geen percentage: laat het %-teken weg"),
        ("tekst", "gerealiseerd", ("gerealiseerd", None)),
        ("aantal", "١٢", "gebruik de cijfers 0 tot en met 9; '١' (arabic-indic digit one) is een "
         "cijfer uit een ander schrift"),
        ("aantal", "veel", "vul een getal in, zoals 1.234,5 of 12,5% (of nb als het niet "
         "bekend is)"),
        ("aantal", "<5", "vul een getal in, geen afgeschermde waarde"),
    ],
)  # fmt: skip
def test_a_kpi_value_is_read_in_its_unit(
    unit: str, typed: str, expected: tuple[str, Decimal | None] | str
) -> None:
    assert parse_value(unit, typed) == expected
