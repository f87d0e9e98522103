"""Printed figures against the open data of the source the report names (kind `bronnen`).

With the demo's CBS deliveries in the store (KWB 2024 and the population on 1 January
2012-2024), the report's population of Rotterdam in the stoplight row (r. 234, 670.425) is
the local figure, not CBS's 670.610; the general table (r. 64) agrees with CBS for the
Netherlands, the G4 (as the sum of the four gemeenten) and each city, and so do the four
cities' WOZ values (r. 102).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from nprz.checks.facts import MEASUREMENT, Facts, Figure, IndicatorFacts, PrintedText
from nprz.checks.findings import Likely, Soort
from nprz.checks.sources import check_sources, delivered_figure

from .conftest import Proofread


@pytest.mark.django_db
def test_the_one_source_finding_of_2024(proofread: Proofread) -> None:
    (finding,) = [f for f in proofread.findings if f.soort is Soort.BRONNEN]
    assert (finding.code, finding.subject, finding.published, finding.recomputed) == (
        "bron-wijkt-af",
        "bevolking@rotterdam",
        "670.425",
        "670.610",
    )
    assert finding.where.startswith("rapport r. 234; bestand-")
    assert "als variant 'lokaal'" in finding.why  # the general table's local column, r. 64
    assert "De kolom G4 in dezelfde rij (2.542.367) telt wel met het cijfer van de bron" in (
        finding.why
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("indicator", "area", "shown"),
    [
        ("cbs-inwoners", "nl", "17.942.942"),
        ("cbs-inwoners", "rotterdam", "670.610"),
        ("cbs-inwoners", "g4", "2.542.367"),  # the sum of the four gemeenten
        ("cbs-woz-waarde", "amsterdam", "€ 498.000"),
    ],
)
def test_the_printed_figures_that_agree_with_their_source(
    proofread: Proofread, indicator: str, area: str, shown: str
) -> None:
    delivered = delivered_figure(proofread.facts, indicator, area, "2024")
    assert delivered is not None
    assert delivered.shown == shown


@pytest.mark.django_db
def test_no_source_for_the_start_year(proofread: Proofread) -> None:
    # The deliveries start on 1 January 2012: the 2011 start values are not compared.
    assert delivered_figure(proofread.facts, "cbs-inwoners", "rotterdam", "2011") is None
    assert delivered_figure(proofread.facts, "cbs-inwoners", "rotterdam", "2012") is not None


# --- small facts -------------------------------------------------------------------------

LINK = PrintedText(
    "bron",
    "bevolking",
    "Bron: CBS statline",
    "cbs-inwoners stoplicht g4,rotterdam",
    "rapport r. 234",
)
MEMBERS = {"g4": ["amsterdam", "rotterdam", "den-haag", "utrecht"]}
CBS_2024 = {
    "amsterdam": "931.298",
    "rotterdam": "670.610",
    "den-haag": "566.221",
    "utrecht": "374.238",
}


def facts(
    printed: dict[str, str], delivered: dict[str, str], resolution: Fraction | None = None
) -> Facts:
    figures = [
        Figure("stoplicht", MEASUREMENT, value, "rapport r. 234", "bevolking", area, "2024")
        for area, value in printed.items()
    ]
    figures += [
        Figure(
            "bestand-0003",
            MEASUREMENT,
            value,
            "rij 1",
            "cbs-inwoners",
            area,
            "2024",
            resolution=resolution,
            imported=True,
        )
        for area, value in delivered.items()
    ]
    indicators = {
        "cbs-inwoners": IndicatorFacts(
            "cbs-inwoners", "Inwoners", "inwoners", "context", "context", "aantal", 0, None, True
        )
    }
    return Facts(2024, figures, indicators, [], MEMBERS, [], texts=[LINK])


def test_a_printed_figure_that_equals_its_source_is_no_finding() -> None:
    assert list(check_sources(facts({"rotterdam": "670.610", "g4": "2.542.367"}, CBS_2024))) == []


def test_a_printed_figure_that_differs_from_its_source_is_a_finding() -> None:
    (finding,) = check_sources(facts({"rotterdam": "670.425"}, CBS_2024))
    assert (finding.code, finding.published, finding.recomputed, finding.likely) == (
        "bron-wijkt-af",
        "670.425",
        "670.610",
        Likely.ONBEKEND,
    )


def test_a_group_is_compared_with_the_sum_of_its_members() -> None:
    (finding,) = check_sources(facts({"g4": "2.542.000"}, CBS_2024))
    assert finding.recomputed == "2.542.367 (som van amsterdam, rotterdam, den-haag, utrecht)"


def test_a_group_is_not_compared_when_a_member_is_missing() -> None:
    incomplete = {k: v for k, v in CBS_2024.items() if k != "utrecht"}
    assert list(check_sources(facts({"g4": "2.542.000"}, incomplete))) == []


def test_the_deliverys_rounding_is_allowed_for() -> None:
    # CBS rounds wijk counts to fives: 670.610 delivered stands for 670.607,5-670.612,5.
    assert (
        list(check_sources(facts({"rotterdam": "670.612"}, {"rotterdam": "670.610"}, Fraction(5))))
        == []
    )
    assert (
        len(
            list(
                check_sources(
                    facts({"rotterdam": "670.614"}, {"rotterdam": "670.610"}, Fraction(5))
                )
            )
        )
        == 1
    )


def test_areas_the_words_do_not_cover_are_not_compared() -> None:
    assert list(check_sources(facts({"amsterdam": "1"}, CBS_2024))) == []
