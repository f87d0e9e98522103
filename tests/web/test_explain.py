"""`explain`: one Dutch sentence per target, built from the numbers the table shows.

The expected sentences are written out by hand from the target rows of 2024 (`nprz targets
--year 2024`); the edge cases use TargetRows built here with a core Assessment.
"""

from __future__ import annotations

import html
from dataclasses import replace
from fractions import Fraction

import pytest
from django.test import Client

from nprz.core.status import (
    Assessment,
    Bucket,
    Direction,
    Reason,
    Status,
    assess_convergence,
    assess_level,
    assess_qualitative,
)
from nprz.datasets.records import Dataset
from nprz.monitor.targets import TargetRow
from nprz.presenters.explain import explain
from nprz.publication import targets

AREAS = {"g4": "G4", "rotterdam": "Rotterdam", "nprz": "NPRZ (Rotterdam Zuid)"}
DUE_2024 = Fraction(475, 1000)  # UP 2019: 25% in 2021 plus 3 x 7,5 percentage points

# werkloosheid-jongeren, 2024: start 4,5% (2021), G4 now 2,4%, 47,5% due, target
# 4,5 + 0,475 x (2,4 - 4,5) = 3,5025 -> 3,5%; 4,0% in 2022 closes 0,5 / 2,1 = 23,8%.
YOUTH = (
    "Van de start, 4,5% (2021), naar het niveau voor 2031, 2,4% (de waarde van G4 nu), "
    "moest in 2024 47,5% van het verschil zijn ingelopen, een doel van 3,5%; "
    "met 4,0% in 2022 is 23,8% ingelopen (-0,5 procentpunt sinds de start), dus oranje."
)
# bijstandsuitkeringen: path 13.065 (2023) -> 12.750 (2024) -> 10.000 (2031); 315 / 3065 =
# 10,3% of the way due, 12.794 in 2024 is 271 / 3065 = 8,8% of it: 271 fewer than at the start.
BENEFITS = (
    "Het pad loopt van 13.065 (2023) naar 10.000 in 2031 en vraagt in 2024 12.750, "
    "10,3% van de weg; met 12.794 in 2024 is 8,8% afgelegd (-271 sinds de start), dus oranje."
)
BUSINESS_SPACE = (
    "Het doel is een vast niveau van 902.688; met 900.426 in 2025 is het niet op het vaste "
    "niveau en niet op weg ernaartoe, dus rood."
)
QUALITATIVE = (
    "Dit is een kwalitatief doel: er is geen getal om aan te toetsen; "
    "het programmabureau geeft het oordeel."
)
YOUNG_WORKERS = (
    "Bij de start was de waarde, 44,0% (2021), al beter dan het niveau voor 2031, "
    "41,6% (de waarde van G4 nu); het doel is dat niveau vast te houden en met 44,3% in 2022 "
    "is dat gelukt, dus groen."
)


def youth(**changes: object) -> TargetRow:
    """werkloosheid-jongeren as in 2024, with `changes`."""
    start, reference, current = Fraction(45, 10), Fraction(24, 10), Fraction(4)
    row = TargetRow(
        code="werkloosheid-jongeren",
        area="nprz",
        name="% werkeloosheid jongeren 15 tot 27 jaar",
        pillar="werk",
        role="doel",
        unit="percent",
        decimals=1,
        direction="lager",
        kind="converge",
        reference_area="g4",
        regime="up2019",
        start_period="2021",
        start_value=start,
        reference_value=reference,
        current_period="2022",
        current_value=current,
        assessment=assess_convergence(
            start=start,
            reference=reference,
            current=current,
            fraction_due=DUE_2024,
            direction=Direction.LAGER,
        ),
        published_target=Fraction(35, 10),
        published_pct_closed=Fraction(234, 10),
        end_year=2031,  # the end of plan up2019, which the sentence names
    )
    return replace(row, **changes)  # type: ignore[arg-type]


# --- hand-built rows ------------------------------------------------------------------------


def test_convergence_sentence_from_the_numbers_of_the_row():
    row = youth()
    assert row.assessment.share_closed == Fraction(5, 21)
    assert explain(row, 2024, AREAS) == YOUTH


def test_convergence_names_an_unknown_reference_area_by_its_code():
    sentence = explain(youth(), 2024, {})
    assert "2,4% (de waarde van g4 nu)" in sentence


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("norm 38%", "38,0% (de vaste norm van 38%)"),
        ("leerlingen-aandeel-zuid@nprz", "38,0% (de referentiewaarde)"),
        ("pad", "38,0% (het eindpunt van het pad)"),
        ("rotterdam", "38,0% (de waarde van Rotterdam nu)"),
    ],
)
def test_the_reference_is_described_by_its_kind(label, words):
    row = youth(reference_area=label, reference_value=Fraction(38))
    assert f"naar het niveau voor 2031, {words}, moest" in explain(row, 2024, AREAS)


def test_no_progress_is_rood_with_zero_closed():
    # midden-hoge-inkomens, 2024: 41,0% (2011) -> G4 54,0%, still 41,0% in 2022.
    start, reference = Fraction(41), Fraction(54)
    row = youth(
        unit="percent",
        direction="hoger",
        start_period="2011",
        start_value=start,
        reference_value=reference,
        current_value=start,
        assessment=assess_convergence(
            start=start,
            reference=reference,
            current=start,
            fraction_due=DUE_2024,
            direction=Direction.HOGER,
        ),
    )
    assert explain(row, 2024, AREAS) == (
        "Van de start, 41,0% (2011), naar het niveau voor 2031, 54,0% (de waarde van G4 nu), "
        "moest in 2024 47,5% van het verschil zijn ingelopen, een doel van 47,2%; "
        "met 41,0% in 2022 is 0,0% ingelopen (0,0 procentpunt sinds de start), dus rood."
    )


def test_euro_amounts_are_written_with_the_euro_sign_and_dots():
    # besteedbaar-inkomen: € 19.300 (2011) -> G4 € 36.400; € 29.200 in 2022.
    start, reference, current = Fraction(19300), Fraction(36400), Fraction(29200)
    row = youth(
        unit="euro",
        decimals=0,
        start_period="2011",
        start_value=start,
        reference_value=reference,
        current_value=current,
        assessment=assess_convergence(
            start=start,
            reference=reference,
            current=current,
            fraction_due=DUE_2024,
            direction=Direction.HOGER,
        ),
    )
    assert explain(row, 2024, AREAS) == (
        "Van de start, € 19.300 (2011), naar het niveau voor 2031, € 36.400 "
        "(de waarde van G4 nu), moest in 2024 47,5% van het verschil zijn ingelopen, "
        "een doel van € 27.423; met € 29.200 in 2022 is 57,9% ingelopen "
        "(+€ 9.900 sinds de start), dus groen."
    )


def test_start_beyond_the_reference_and_fallen_back_is_rood():
    start, reference, current = Fraction(44), Fraction(416, 10), Fraction(40)
    row = youth(
        start_value=start,
        reference_value=reference,
        current_value=current,
        assessment=assess_convergence(
            start=start,
            reference=reference,
            current=current,
            fraction_due=DUE_2024,
            direction=Direction.HOGER,
        ),
    )
    assert row.assessment.reason is Reason.START_VOORBIJ_TERUGGEVALLEN
    assert explain(row, 2024, AREAS) == (
        "Bij de start was de waarde, 44,0% (2021), al beter dan het niveau voor 2031, "
        "41,6% (de waarde van G4 nu); het doel is dat niveau vast te houden en met 40,0% "
        "in 2022 is dat niet gelukt, dus rood."
    )


@pytest.mark.parametrize(
    ("current", "start", "expected"),
    [
        (
            Fraction(902688),
            None,
            "Het doel is een vast niveau van 902.688; met 902.688 in 2025 is het op of voorbij "
            "het vaste niveau, dus groen.",
        ),
        (
            Fraction(901000),
            Fraction(900000),
            "Het doel is een vast niveau van 902.688; met 901.000 in 2025 is het op weg naar "
            "het vaste niveau, maar nog niet bereikt, dus oranje.",
        ),
        (
            Fraction(900426),
            None,
            "Het doel is een vast niveau van 902.688; met 900.426 in 2025 is het niet op het "
            "vaste niveau en niet op weg ernaartoe, dus rood.",
        ),
    ],
)
def test_level_sentences(current, start, expected):
    level = Fraction(902688)
    row = youth(
        unit="m2",
        decimals=0,
        direction="hoger",
        kind="level",
        reference_area="vast niveau",
        start_period="",
        start_value=start,
        reference_value=level,
        current_period="2025",
        current_value=current,
        assessment=assess_level(
            level=level, start=start, current=current, direction=Direction.HOGER
        ),
    )
    assert explain(row, 2024, AREAS) == expected


def test_qualitative_target():
    row = youth(kind="qualitative", assessment=assess_qualitative())
    assert explain(row, 2024, AREAS) == QUALITATIVE


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (Reason.ONTBREEKT_START, "Geen oordeel: de startwaarde ontbreekt."),
        (Reason.ONTBREEKT_ACTUEEL, "Geen oordeel: er is geen actuele waarde na de start."),
        (
            Reason.ONTBREEKT_REFERENTIE,
            "Geen oordeel: de actuele waarde van het referentiegebied ontbreekt.",
        ),
        (
            Reason.GEEN_TUSSENDOEL,
            "Geen oordeel: het plan kent voor dit jaar nog geen tussendoel.",
        ),
        (
            Reason.GEEN_VERSCHIL,
            "Geen oordeel: de startwaarde is gelijk aan het referentieniveau: er is geen "
            "verschil om in te lopen.",
        ),
    ],
)
def test_missing_data_gives_no_judgement_naming_what_is_missing(reason, expected):
    row = youth(start_value=None, assessment=Assessment(Status.GEEN, reason))
    assert explain(row, 2024, AREAS) == expected


def test_missing_start_from_the_core():
    assessment = assess_convergence(
        start=None,
        reference=Fraction(24, 10),
        current=Fraction(4),
        fraction_due=DUE_2024,
        direction=Direction.LAGER,
    )
    row = youth(start_value=None, start_period="", assessment=assessment)
    assert explain(row, 2024, AREAS) == "Geen oordeel: de startwaarde ontbreekt."


def test_missing_current_value_of_a_level_target():
    row = youth(
        kind="level",
        current_value=None,
        current_period="",
        assessment=assess_level(
            level=Fraction(902688), start=None, current=None, direction=Direction.HOGER
        ),
    )
    assert explain(row, 2024, AREAS) == "Geen oordeel: er is geen actuele waarde na de start."


def test_the_sentence_uses_the_assessment_not_the_published_figures():
    # The report printed 23,4% closed; the sentence shows what we computed (23,8%).
    row = youth(assessment=replace(youth().assessment, bucket=Bucket.VIJFTIEN_TOT_DOEL))
    assert "23,8% ingelopen" in explain(row, 2024, AREAS)
    assert "23,4%" not in explain(row, 2024, AREAS)


# --- the rows of 2024 ---------------------------------------------------------------------


@pytest.fixture
def rows_2024(store: Dataset, db: None) -> dict[str, TargetRow]:
    return {r.code: r for r in targets(2024)}  # target_rows(2024), once per state of the store


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("werkloosheid-jongeren", YOUTH),
        ("bijstandsuitkeringen", BENEFITS),
        ("bedrijfsruimte-m2", BUSINESS_SPACE),
        ("mph-ontruimingen", QUALITATIVE),
        ("werkzame-jongeren", YOUNG_WORKERS),
        (
            "mbo-techniek",
            "Van de start, 24,5% (2011/12), naar het niveau voor 2031, 38,0% (de vaste norm "
            "van 38%), moest in 2024 47,5% van het verschil zijn ingelopen, een doel van 30,9%; "
            "met 31,3% in 2023/24 is 50,4% ingelopen (+6,8 procentpunt sinds de start), "
            "dus groen.",
        ),
        (
            "thuiszitters-aandeel",
            "Van de start, 57,3% (2021/22), naar het niveau voor 2031, 35,0% (de "
            "referentiewaarde), moest in 2024 22,2% van het verschil zijn ingelopen, een doel "
            "van 52,3%; met 44,6% in 2023/24 is 57,0% ingelopen (-12,7 procentpunt sinds de "
            "start), dus groen.",
        ),
        (
            "problematische-schuld",
            "Van de start, 22,1% (2022), naar het niveau voor 2031, 16,5% (de waarde van "
            "Rotterdam nu), moest in 2024 22,2% van het verschil zijn ingelopen, een doel van "
            "20,9%; met 22,9% in 2024 is de waarde 0,8 procentpunt verder van het doel af "
            "dan bij de start (-14,3% ingelopen), dus rood.",
        ),
    ],
)
def test_sentences_of_2024(rows_2024, code, expected):
    assert explain(rows_2024[code], 2024, AREAS) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("werkloosheid-jongeren", "oranje", YOUTH),
        ("bijstandsuitkeringen", "oranje", BENEFITS),
        ("werkzamen-zorg", "geen", QUALITATIVE),
    ],
)
@pytest.mark.usefixtures("store")
def test_the_indicator_page_shows_the_sentence_next_to_the_status(code, status, expected):
    body = html.unescape(Client().get(f"/indicatoren/{code}/").content.decode())
    word = "geen oordeel" if status == "geen" else status
    assert (
        f'<p class="explain"><span class="status status-{status}">'
        f'<span class="icon" aria-hidden="true"></span>{word}</span> {expected}</p>'
    ) in body
