"""Which report year a delivery is proposed for (issue 14), and why.

A figure belongs to the year its period ends, except a stand on 1 January, which describes
the end of the year before: the 2024 report printed the m² business space of "1 januari 2025"
beside figures over 2024 (seed lines 434-435)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nprz.imports.delivery import IncomingValue, Location
from nprz.imports.report_year import later_than, out_of_range, propose, situation_year

TYPES = {
    "bedrijfsruimte-m2": "peildatum 1 januari",
    "bevolking": "peildatum 1 januari",
    "werkloosheid": "jaar",
    "thuiszitters-aandeel": "schooljaar",
    "schoolgewicht": "meerjarig gemiddelde",
    "niet-werkend": "peildatum 1 oktober",
}


def value(indicator: str, period: str) -> IncomingValue:
    return IncomingValue(
        indicator, "nprz", period, "1", Decimal(1), Decimal(1), Location("synthetisch.csv")
    )


@pytest.mark.parametrize(
    ("indicator", "period", "year"),
    [
        ("werkloosheid", "2025", 2025),
        ("thuiszitters-aandeel", "2024/25", 2025),  # reported in the year it ends
        ("schoolgewicht", "2022-2025", 2025),
        ("niet-werkend", "2025", 2025),  # 1 October is within the year
        ("bedrijfsruimte-m2", "2026", 2025),  # 1 January 2026: the end of 2025
        ("bevolking", "2025", 2024),
        ("onbekend", "2025", 2025),  # an indicator the store does not know: a calendar year
    ],
)
def test_the_year_a_figure_describes(indicator: str, period: str, year: int) -> None:
    assert situation_year(period, TYPES.get(indicator, "")) == year


def test_the_latest_period_is_proposed_and_named() -> None:
    proposal = propose([value("werkloosheid", "2024"), value("werkloosheid", "2025")], TYPES)
    assert (proposal.year, proposal.reason) == (
        2025,
        "de meest recente periode in het bestand is 2025",
    )


def test_an_m2_count_dated_1_january_2026_is_for_2025_not_2026() -> None:
    proposal = propose([value("bedrijfsruimte-m2", "2026")], TYPES)
    assert (proposal.year, proposal.reason) == (
        2025,
        "de meest recente periode in het bestand is 2025: de stand op 1 januari 2026 "
        "(bedrijfsruimte-m2) beschrijft het eind van 2025; het rapport over 2026 leest die ook",
    )


def test_a_plain_period_is_named_before_a_stand_of_the_same_year() -> None:
    values = [value("bedrijfsruimte-m2", "2026"), value("thuiszitters-aandeel", "2024/25")]
    proposal = propose(values, TYPES)
    assert (proposal.year, proposal.reason) == (
        2025,
        "de meest recente periode in het bestand is schooljaar 2024/25 (rapportjaar 2025)",
    )


def test_a_delivery_of_only_2023_figures_is_proposed_for_2023() -> None:
    proposal = propose([value("werkloosheid", "2023"), value("schoolgewicht", "2020-2023")], TYPES)
    assert proposal.year == 2023


def test_without_values_there_is_nothing_to_propose() -> None:
    proposal = propose([], TYPES, "de levering")
    assert (proposal.year, proposal.reason) == (
        0,
        "de levering bevat geen waarden om het rapportjaar uit af te leiden",
    )


def test_values_after_the_chosen_year_are_counted() -> None:
    values = [value("werkloosheid", "2025"), value("bedrijfsruimte-m2", "2025")]
    assert later_than(values, TYPES, 2024) == 1  # the m² stand of 1-1-2025 is 2024 itself
    assert later_than(values, TYPES, 2025) == 0


def test_a_report_year_must_be_plausible() -> None:
    assert out_of_range(2025) == ""
    assert out_of_range(1999) == "rapportjaar 1999 ligt niet tussen 2000 en 2100"
