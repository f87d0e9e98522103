"""Period codes: a year, a school year, a multi-year average."""

from __future__ import annotations

import pytest

from nprz.core.periods import Period, PeriodError, PeriodKind, period_sort_key


@pytest.mark.parametrize(
    ("code", "kind", "first_year", "year"),
    [
        ("2024", PeriodKind.JAAR, 2024, 2024),
        ("2023/24", PeriodKind.SCHOOLJAAR, 2023, 2024),
        ("2099/00", PeriodKind.SCHOOLJAAR, 2099, 2100),
        ("2020-2023", PeriodKind.MEERJARIG, 2020, 2023),
    ],
    ids=["year", "school-year", "school-year-over-century", "multi-year"],
)
def test_parse(code: str, kind: PeriodKind, first_year: int, year: int) -> None:
    period = Period.parse(code)
    assert period == Period(code, kind, first_year, year)
    assert str(period) == code


def test_parse_strips_whitespace() -> None:
    assert Period.parse(" 2023/24 ") == Period("2023/24", PeriodKind.SCHOOLJAAR, 2023, 2024)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2023/25", "opeenvolgende jaren"),
        ("2024-2020", "eindigt niet na het begin"),
        ("2024-2024", "eindigt niet na het begin"),
        ("23/24", "onbekende periode"),
        ("abc", "onbekende periode"),
        ("2023/2024", "onbekende periode"),
        ("", "onbekende periode"),
    ],
    ids=[
        "school-year-skips", "range-backwards", "range-one-year", "short-year", "word",
        "school-year-long-form", "empty",
    ],
)  # fmt: skip
def test_parse_errors(code: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.parse(code)


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize(
    ("code", "key"),
    [("2022", (2022, 2022)), ("2022/23", (2023, 2022)), ("2020-2023", (2023, 2020))],
    ids=["year", "school-year", "multi-year"],
)
def test_sort_key(code: str, key: tuple[int, int]) -> None:
    assert period_sort_key(code) == key
    assert Period.parse(code).sort_key == key


def test_sort_order() -> None:
    codes = ["2023", "2022/23", "2022", "2020-2023", "2023/24"]
    assert sorted(codes, key=period_sort_key) == ["2022", "2020-2023", "2022/23", "2023", "2023/24"]
