"""One quantity in two tables, and values that look copied (the kind `tabellen`).

The dataset links indicators that measure one quantity through their `measure`: the
stoplight's vmbo graduates by sector (r. 358-362) and the flow chart's vmbo outflow
(r. 1129-1130) print the same 2022/23 values (21,2% and 38,4%), but different 2011/12 start
values. The stoplight's Rotterdam population and share of young people are printed
unchanged from the start year to 2024 while the other areas moved.
"""

from __future__ import annotations

import pytest

from nprz.checks.crosscheck import check_cross_tables
from nprz.checks.facts import MEASUREMENT, Facts, Figure, IndicatorFacts
from nprz.checks.findings import Soort
from nprz.checks.suspicious import check_suspicious

from .conftest import Proofread

# (code, subject, where, printed, the other print or what moved)
EXPECTED = [
    (
        "tabellen-verschillen",
        "besteedbaar-inkomen",
        "rapport r. 87; rapport r. 395",
        "€ 33.100 (algemeen)",
        "€ 31.100 (stoplicht)",
    ),
    (
        "tabellen-verschillen",
        "middelbaar-hoger-opgeleid",
        "rapport r. 85; rapport r. 387",
        "75% (algemeen)",
        "74,0% (stoplicht)",
    ),
    (
        "tabellen-verschillen",
        "middelbaar-hoger-opgeleid",
        "rapport r. 85; rapport r. 387",
        "62,4% (algemeen)",
        "63,0% (stoplicht)",
    ),
    (
        "tabellen-verschillen",
        "vmbo-diploma-techniek",
        "rapport r. 1129; rapport r. 359",
        "17,1% (doorstroming)",
        "20,1% (stoplicht)",
    ),
    (
        "tabellen-verschillen",
        "vmbo-diploma-zorg",
        "rapport r. 1130; rapport r. 362",
        "34,6% (doorstroming)",
        "32,8% (stoplicht)",
    ),
    (
        "verdacht-start-gelijk",
        "bevolking@rotterdam",
        "rapport r. 234",
        "670.425 (2011) = 670.425 (2024)",
        "G4 2.196.644 → 2.542.367; Zuid 193.982 → 211.548",
    ),
    (
        "verdacht-start-gelijk",
        "jongeren-tot-27@rotterdam",
        "rapport r. 237",
        "32,7% (2014) = 32,7% (2024)",
        "G4 33,8% → 32,3%",
    ),
]


@pytest.mark.django_db
def test_every_table_finding_of_2024(proofread: Proofread) -> None:
    found = sorted(
        (f.code, f.subject, f.where, f.published, f.recomputed)
        for f in proofread.findings
        if f.soort is Soort.TABELLEN
    )
    assert found == sorted(EXPECTED)


@pytest.mark.django_db
def test_linked_indicators_are_named_in_the_explanation(proofread: Proofread) -> None:
    techniek = proofread.one("tabellen-verschillen", "vmbo-diploma-techniek")
    assert (
        techniek.what
        == "Uitstroom VO: vmbo techniek: nprz, 2011/12 staat in twee tabellen verschillend"
    )
    assert "meten volgens de dataset dezelfde grootheid (vmbo-diploma-techniek)" in techniek.why
    # 2022/23 agrees in both (21,2%): only the start year is a finding.
    assert len(proofread.of("tabellen-verschillen", "vmbo-diploma-techniek")) == 1


@pytest.mark.django_db
def test_the_delivered_series_is_cited_as_evidence(proofread: Proofread) -> None:
    population = proofread.one("verdacht-start-gelijk", "bevolking@rotterdam")
    assert "616.260 in 2012 en 670.610 in 2024" in population.why


# --- small tables ------------------------------------------------------------------------


def info(code: str, measure: str) -> IndicatorFacts:
    return IndicatorFacts(code, code, measure, "school", "indicator", "percent", 1, None)


def cell(table: str, indicator: str, area: str, period: str, printed: str, line: int) -> Figure:
    return Figure(table, MEASUREMENT, printed, f"rapport r. {line}", indicator, area, period)


def linked(start_side_table: str) -> Facts:
    """Stoplight row 24 (r. 359) and the flow chart's row (r. 1129), linked by measure."""
    figures = [
        cell("stoplicht", "vmbo-diploma-techniek", "nprz", "2011/12", "20,1%", 359),
        cell("stoplicht", "vmbo-diploma-techniek", "nprz", "2022/23", "21,2%", 359),
        cell("doorstroming", "vo-uitstroom-techniek", "nprz", "2011/12", start_side_table, 1129),
        cell("doorstroming", "vo-uitstroom-techniek", "nprz", "2022/23", "21,2%", 1129),
    ]
    indicators = {
        "vmbo-diploma-techniek": info("vmbo-diploma-techniek", "vmbo-diploma-techniek"),
        "vo-uitstroom-techniek": info("vo-uitstroom-techniek", "vmbo-diploma-techniek"),
    }
    return Facts(2024, figures, indicators, [], {}, [])


def test_one_quantity_printed_twice_alike_is_no_finding() -> None:
    assert list(check_cross_tables(linked("20,1%"))) == []


def test_one_quantity_printed_twice_apart_is_a_finding() -> None:
    (finding,) = check_cross_tables(linked("17,1%"))
    assert (finding.code, finding.subject, finding.where, finding.soort) == (
        "tabellen-verschillen",
        "vmbo-diploma-techniek",
        "rapport r. 1129; rapport r. 359",
        Soort.TABELLEN,
    )


def test_unlinked_indicators_are_not_compared() -> None:
    facts = linked("17,1%")
    facts.indicators["vo-uitstroom-techniek"] = info(
        "vo-uitstroom-techniek", "vo-uitstroom-techniek"
    )
    assert list(check_cross_tables(facts)) == []


def stoplight_row(rotterdam_start: str, g4_now: str) -> Facts:
    """Row 1 (r. 234): population 2011 and 2024 for G4, Rotterdam and Zuid."""
    cells = [
        ("g4", "2011", "2.196.644"),
        ("g4", "2024", g4_now),
        ("rotterdam", "2011", rotterdam_start),
        ("rotterdam", "2024", "670.425"),
        ("nprz", "2011", "193.982"),
        ("nprz", "2024", "193.985"),
    ]
    figures = [cell("stoplicht", "bevolking", a, p, v, 234) for a, p, v in cells]
    # the areas as the NPRZ definition names them (texts.area_words, areas.csv)
    names = {"nprz": "Zuid", "rotterdam": "Rotterdam", "g4": "G4"}
    return Facts(2024, figures, {}, [], {}, [], area_names=names, programme_area="nprz")


def test_a_start_equal_to_now_while_others_moved_is_suspicious() -> None:
    (finding,) = check_suspicious(stoplight_row("670.425", "2.542.367"))
    assert (finding.code, finding.subject, finding.published, finding.recomputed) == (
        "verdacht-start-gelijk",
        "bevolking@rotterdam",
        "670.425 (2011) = 670.425 (2024)",
        "G4 2.196.644 → 2.542.367",  # Zuid moved 3 persons: not "clearly"
    )


def test_a_start_equal_to_now_is_fine_when_nothing_else_moved_clearly() -> None:
    assert list(check_suspicious(stoplight_row("670.425", "2.196.650"))) == []


def test_a_start_that_differs_from_now_is_fine() -> None:
    assert list(check_suspicious(stoplight_row("610.386", "2.542.367"))) == []


def flat(second_in_side_table: str) -> Facts:
    """A synthetic quantity: one table prints 35,0% for two school years, another moves."""
    figures = [
        cell("a", "aandeel", "nprz", "2022/23", "35,0%", 10),
        cell("a", "aandeel", "nprz", "2023/24", "35,0%", 10),
        cell("b", "aandeel", "nprz", "2022/23", "35,0%", 20),
        cell("b", "aandeel", "nprz", "2023/24", second_in_side_table, 20),
    ]
    return Facts(2024, figures, {"aandeel": info("aandeel", "aandeel")}, [], {}, [])


def test_the_same_value_for_two_periods_while_another_table_moves() -> None:
    findings = list(check_suspicious(flat("36,2%")))
    assert [(f.code, f.published, f.recomputed) for f in findings] == [
        (
            "verdacht-gelijk-gebleven",
            "35,0% (2022/23) = 35,0% (2023/24)",
            "35,0% (2022/23) → 36,2% (2023/24) in b",
        )
    ]
    assert "1,2" in findings[0].why


def test_the_same_value_for_two_periods_is_fine_when_the_other_table_agrees() -> None:
    assert list(check_suspicious(flat("35,0%"))) == []


def test_protected_tables_are_not_read() -> None:
    facts = flat("36,2%")
    facts.protected_tables = frozenset({"b"})
    assert list(check_suspicious(facts)) == []
