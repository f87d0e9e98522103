"""The bundled interventions of the 2024 report: the report's counts, facts at their lines."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from nprz.core.movement import Colour, Movement
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.interventions.queries import counts_per_pillar, intervention_rows

# The report's summary (seed lines 1578-1605): interventions per pillar, 121 in all.
REPORT_COUNTS = {"thuisbasis": 19, "school": 29, "werk": 35, "wonen": 20, "veilig": 18}


def test_every_intervention_is_read_with_its_lines(nprz2024: Dataset) -> None:
    assert len(nprz2024.interventions) == 134
    rows = Counter(i.pillar for i in nprz2024.interventions)
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


SEED = Path("/work/shared/seeds/voortgangsrapportage-nprz-2024.txt")
CANDIDATES = [Path(__file__).resolve().parents[3] / "shared" / "seeds" / SEED.name, SEED]


def test_every_printed_colour_count_stands_on_its_line(nprz2024: Dataset) -> None:
    """Each row's numbers (movements, then the subtotal) are the numbers printed on its line,
    in order; a total is the last number of its line (the grand total follows "Totaal")."""
    seed = next((c for c in CANDIDATES if c.is_file()), None)
    if seed is None:
        pytest.skip("het bronrapport staat niet op deze machine")
    lines = seed.read_text(encoding="utf-8").split("\n")
    rows = nprz2024.colour_counts
    assert len(rows) == 22
    for row in rows:
        printed = re.findall(r"\d+", lines[row.line - 1])
        if row.kind == "kleur":
            wanted = [*row.movements.split(), str(row.count)]
            assert printed[: len(wanted)] == wanted, (row, printed)
        else:
            assert printed[-1] == str(row.count), (row, printed)
    # The arithmetic the table allows: rows make the pillars, the pillars make 121.
    totals = {r.pillar: r.count for r in rows if r.kind == "totaal"}
    assert totals == {
        "thuisbasis": 19, "school": 29, "werk": 35, "wonen": 20, "veilig": 18, "alle": 121,
    }  # fmt: skip
    assert totals == {**REPORT_COUNTS, "alle": 121}
    colours = {(r.pillar, r.colour): r.count for r in rows if r.kind == "kleur"}
    assert [colours["thuisbasis", c] for c in ("groen", "geel", "rood")] == [12, 6, 1]
    assert [colours["werk", c] for c in ("groen", "geel", "rood", "niet-gestart")] == [22, 5, 3, 5]
