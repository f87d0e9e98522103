"""Reading and loading interventions: facts with their lines, colours never guessed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nprz.core.movement import Colour, Movement
from nprz.datasets.problems import DatasetError
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.interventions.queries import UnknownRound, intervention_rows, movement_summary
from nprz.loading import load_dataset


def test_reading_keeps_printed_and_read_values(cast: Dataset) -> None:
    first = cast.interventions[0]
    assert (first.number, first.name, first.initiators) == (
        "1",
        "Banen voor Zuid",
        ["Gemeente Rotterdam", "Albeda"],
    )
    values = first.kpis[0].values
    assert [(v.printed, v.value) for v in values] == [
        ("1.240", "1240"),
        ("1.100", "1100"),
        ("nb", None),
    ]
    assert first.colour_2024 == "niet-vastgelegd"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('value: "1240"', 'value: "1204"', "past niet bij gedrukt"),
        ("hillesluis, gebied-charlois", "hillesluis, atlantis", "onbekend gebied 'atlantis'"),
        ('number: "2a"', 'number: "1"', "nummer 1 staat twee keer"),
        ("stopped_line: 4002", "", "stopped_line"),
        ("unit: aantal", "unit: stuks", "unit"),
        ("scope: nprz", "scope: aandeel-atlantis", "onbekend gebied 'atlantis'"),
        # Pillars are the definition's: one it does not name is refused, file and item named.
        (
            "pillar: werk\nlines",
            "pillar: zorg\nlines",
            "pijler 'zorg' staat niet in programme.yaml",
        ),
        (
            '  - pillar: werk\n    number: "2a"',
            '  - pillar: zorg\n    number: "2a"',
            "rij 2, kolom pillar: pijler 'zorg' staat niet in programme.yaml",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_problem(
    cast_definition: Path, old: str, new: str, message: str
) -> None:
    path = cast_definition / "interventies-werk.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_dataset(cast_definition)
    text = " | ".join(str(p) for p in caught.value.problems)
    assert message in text
    assert "interventies-werk.yaml" in text


@pytest.mark.django_db
def test_loading_twice_gives_the_same_store(cast: Dataset) -> None:
    for _ in range(2):
        summary = load_dataset(cast)
    assert summary.interventions == 2
    assert iv.Intervention.objects.count() == 2
    assert iv.Organisation.objects.count() == 2
    assert iv.ProgressRound.objects.get(year=2024).reports.count() == 2
    assert iv.ProgressRound.objects.get(year=2023).reports.count() == 2
    kpi = iv.Kpi.objects.get(label="Aantal plaatsingen")
    assert [(v.period, v.kind, v.printed, v.value) for v in kpi.values.order_by("id")] == [
        ("2024", "realisatie", "1.240", Decimal("1240")),
        ("2023", "was", "1.100", Decimal("1100")),
        ("2024", "doel", "nb", None),
    ]
    banen = iv.Intervention.objects.get(number="1")
    assert sorted(banen.areas.values_list("code", flat=True)) == ["gebied-charlois", "hillesluis"]


@pytest.mark.django_db
def test_colours_not_recorded_give_no_movement_and_stopped_is_gestopt(cast: Dataset) -> None:
    load_dataset(cast)
    rows = intervention_rows(2024)
    assert [(r.number, r.colour_previous, r.colour, r.movement, r.kpi_count) for r in rows] == [
        ("1", Colour.NIET_VASTGELEGD, Colour.NIET_VASTGELEGD, Movement.ONBEKEND, 1),
        ("2a", Colour.NIET_VASTGELEGD, Colour.GESTOPT, Movement.GESTOPT, 0),
    ]
    summary = movement_summary(rows)
    assert dict(summary["werk"]) == {Movement.ONBEKEND: 1, Movement.GESTOPT: 1}


@pytest.mark.django_db
def test_an_unknown_round_names_the_known_ones(cast: Dataset) -> None:
    load_dataset(cast)
    with pytest.raises(UnknownRound, match="de database kent: 2023, 2024"):
        intervention_rows(2019)
