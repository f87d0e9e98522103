"""The bundled interventions of the 2024 report: the report's counts, facts at their lines."""

from __future__ import annotations

from collections import Counter

import pytest

from nprz.core.movement import Colour, Movement
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.interventions.queries import counts_per_pillar, intervention_rows

# The report's summary (seed lines 1578-1605): interventions per pillar, 121 in all.
REPORT_COUNTS = {"thuisbasis": 19, "school": 29, "werk": 35, "wonen": 20, "veilig": 18}


def test_every_intervention_is_read_with_its_lines(nprz2024: Dataset) -> None:
    assert len(nprz2024.interventions) == 134
    rows = Counter(i.pillar.value for i in nprz2024.interventions)
    assert rows == {
        "thuisbasis": 19, "school": 30, "werk": 35, "wonen": 23, "veilig": 18,
        "bewoners": 5, "organisatie": 4,
    }  # fmt: skip
    assert all(1614 <= i.line <= 7300 for i in nprz2024.interventions)
    # The colours were cell colours in the PDF: none may have been typed in.
    assert {(i.colour_2023, i.colour_2024) for i in nprz2024.interventions} == {
        ("niet-vastgelegd", "niet-vastgelegd")
    }


@pytest.mark.django_db
def test_the_pillar_counts_are_the_reports(loaded: Dataset) -> None:
    rows = intervention_rows(2024)
    counts = counts_per_pillar(rows)
    assert {p: counts[p] for p in REPORT_COUNTS} == REPORT_COUNTS
    assert sum(counts[p] for p in REPORT_COUNTS) == 121


@pytest.mark.django_db
def test_only_stopped_interventions_have_a_colour_and_a_movement(loaded: Dataset) -> None:
    rows = intervention_rows(2024)
    stopped = [(r.pillar, r.number) for r in rows if r.colour is Colour.GESTOPT]
    assert stopped == [("werk", n) for n in ("11", "14", "16", "17", "26", "29")]
    assert Counter(r.movement for r in rows) == {Movement.ONBEKEND: 128, Movement.GESTOPT: 6}


@pytest.mark.django_db
def test_a_kpi_keeps_the_printed_figures_with_their_lines(loaded: Dataset) -> None:
    waiting = iv.KpiValue.objects.filter(kpi__intervention__pillar="thuisbasis", printed="481")
    assert [(v.period, v.kind, v.value, v.source) for v in waiting] == [
        ("december 2024", "realisatie", 481, "rapport r. 1688")
    ]
    before = iv.KpiValue.objects.get(kpi=waiting[0].kpi, kind="was")
    assert (before.printed, before.source) == ("418", "rapport r. 1689")
