"""Every number in a free Dutch text against the figures the text may cite.

The texts are short sentences in the style of the progress texts; the figures are KPI
values of the 2024 report where the sentence names one (Werk 4, Werk 7, Thuisbasis 10).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from nprz.checks.textnumbers import Citable, Hedge, check_text, find_numbers
from nprz.core.printed import Unit

# Werk 4 (r. 4187-4209): the caseload at the end of 2024 and its targets, one KPI.
CASELOAD = [
    Citable("12.794", "bijstandsuitkeringen, 31 dec 2024", "bijstand", Decimal("12794")),
    Citable("12.750", "doel 2024", "bijstand", Decimal("12750")),
    Citable("12.400", "doel 2025", "bijstand", Decimal("12400")),
    Citable("-2,1%", "verandering 2024", "verandering", Decimal("-2.1")),
]


def numbers(text: str) -> list[tuple[str, Fraction, Unit, Hedge]]:
    return [(n.printed, n.value, n.unit, n.hedge) for n in find_numbers(text)[0]]


def skipped(text: str) -> list[tuple[str, str]]:
    return [(s.printed, s.reason) for s in find_numbers(text)[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Eind 2024 waren er 12.794 uitkeringen",
            [("12.794", Fraction(12794), Unit.NONE, Hedge.NONE)],
        ),
        ("een daling van -2,1%", [("-2,1%", Fraction(-21, 10), Unit.PERCENT, Hedge.NONE)]),
        ("kosten € 36.300 per jaar", [("€ 36.300", Fraction(36300), Unit.EURO, Hedge.NONE)]),
        ("gemiddeld 1.234,5 uur", [("1.234,5", Fraction(12345, 10), Unit.NONE, Hedge.NONE)]),
        ("44,3% van de kinderen", [("44,3%", Fraction(443, 10), Unit.PERCENT, Hedge.NONE)]),
        (
            "12 van de 19 scholen",
            [
                ("12", Fraction(12), Unit.NONE, Hedge.NONE),
                ("19", Fraction(19), Unit.NONE, Hedge.NONE),
            ],
        ),
        ("ruim 1400 leerlingen", [("ruim 1400", Fraction(1400), Unit.NONE, Hedge.RUIM)]),
        ("bijna 1700 leerlingen", [("bijna 1700", Fraction(1700), Unit.NONE, Hedge.BIJNA)]),
        ("rond 40% van de bijstand", [("rond 40%", Fraction(40), Unit.PERCENT, Hedge.ONGEVEER)]),
        (
            "caseloads van 70-90",
            [
                ("70", Fraction(70), Unit.NONE, Hedge.NONE),
                ("90", Fraction(90), Unit.NONE, Hedge.NONE),
            ],
        ),
    ],
)
def test_dutch_numbers_are_read_with_unit_and_hedge(text: str, expected: list[object]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("In 2024 startte het", "jaartal"),
        ("voor schooljaar 2023/24", "schooljaar"),
        ("in 22/23", "schooljaar"),
        ("van 2023-2026", "periode"),
        ("per 1 juli 2025", "datum"),
        ("tot week 18", "naam of rangnummer"),
        ("in artikel 9", "naam of rangnummer"),
        ("in groep 1", "naam of rangnummer"),
        ("mbo-niveau 2 halen", "naam of rangnummer"),
        ("voor 12- tot 27-jarigen", "leeftijd"),
        ("huishoudens tot 130% van het sociaal minimum", "inkomensgrens"),
        ("Steigers op Zuid 2.0 loopt", "versienummer"),
        ("de publiekslocaties en 14010 pakken", "code (geen Nederlandse getalnotatie)"),
        ("voor vmbo-4-leerlingen", "deel van een samenstelling"),
        ("en Steigers op Zuid 1 is klaar", "deel van een naam"),
    ],
)
def test_what_is_no_quantity_is_skipped_with_its_reason(text: str, reason: str) -> None:
    assert numbers(text) == []
    assert reason in [r for _, r in skipped(text)]


def test_a_school_year_needs_two_consecutive_years() -> None:
    # "70/90" is a caseload range, not a school year.
    assert [n[1] for n in numbers("caseload 70/90")] == [70, 90]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Eind 2024 waren er 12.794 uitkeringen", True),
        ("Eind 2024 waren er 12.749 uitkeringen", False),  # a digit off
        ("het doel voor 2025 is 12.400", True),
        ("een daling van -2,1%", True),
        ("een daling van -2,4%", False),
        ("44 minder dan het doel", True),  # 12.794 − 12.750: a difference within one KPI
        ("ruim 12.700 uitkeringen", True),  # 12.750 and 12.794 lie just above 12.700
        ("ruim 11.000 uitkeringen", False),  # "ruim": at most 10% more
        ("bijna 12.800 uitkeringen", True),
        ("ongeveer 15.000 uitkeringen", False),  # 10% around 15.000 stops at 13.500
        ("12.794%", False),  # a percentage never matches a count
    ],
)
def test_numbers_are_checked_against_what_the_text_may_cite(text: str, found: bool) -> None:
    (cited,) = check_text(text, CASELOAD)
    assert cited.found is found


def test_an_unmatched_number_names_the_nearest_figure() -> None:
    (cited,) = check_text("Eind 2024 waren er 12.749 uitkeringen", CASELOAD)
    assert cited.matches == ()
    assert cited.nearest == "12.750 (doel 2024)"


def test_printed_precision_allows_rounding() -> None:
    # Thuisbasis 10 (r. 2091-2147): 51,44 fte; "51 fte" rounds it, "52 fte" does not.
    fte = [Citable("51,44", "FTE LVB-experts, eind 2024", "fte", Decimal("51.44"))]
    assert check_text("51 fte", fte)[0].found
    assert not check_text("52 fte", fte)[0].found
    assert check_text("ruim 51 fte", fte)[0].found


def test_a_hedged_figure_is_matched_by_its_digits() -> None:
    # School 7 (r. 2946): "ongeveer 250" leerlingen, printed with the hedge in the KPI.
    tutors = [Citable("ongeveer 250", "leerlingen Studenttutoren010, 2024", "t")]
    assert check_text("ongeveer 250 leerlingen", tutors)[0].found
    assert check_text("250 leerlingen", tutors)[0].found
    assert not check_text("300 leerlingen", tutors)[0].found


def test_a_figure_with_several_numbers_offers_each() -> None:
    # Werk 9 (r. 4365-4367): caseload printed as "70/90".
    caseload = [Citable("70/90", "caseload begin 2024", "c")]
    results = check_text("tussen de 70 en 90, op Noord 90-110", caseload)
    assert [(c.number.printed, c.found) for c in results] == [
        ("70", True),
        ("90", True),
        ("90", True),
        ("110", False),
    ]


def test_differences_only_within_one_series() -> None:
    # 450 target and 353 realised are one KPI (Werk 7, r. 4268-4269): 97 is their difference.
    same = [Citable("450", "doel", "jobhunters"), Citable("353", "realisatie", "jobhunters")]
    apart = [Citable("450", "doel", "a"), Citable("353", "realisatie", "b")]
    assert check_text("97 minder dan het doel", same)[0].matches == ("450 − 353 (doel)",)
    assert not check_text("97 minder dan het doel", apart)[0].found


def test_a_text_without_numbers_gives_nothing() -> None:
    assert check_text("Het aanbod wordt vernieuwd.", CASELOAD) == []
