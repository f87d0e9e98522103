"""The SYNTHETIC national programme of the scale benchmark, at a tiny size: its files load
through the real `nprz load` and `nprz import file`, so the generator cannot rot unseen.
Not timed; speed goals live in benchmarks/scale.py."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks import national
from nprz import cli
from nprz.monitor import models as m

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(cli.app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, national.Sizes]:
    # 2 made-up gemeenten of 2 wijken, 4 indicators, 13 years; every 10th row `nb`.
    areas = national.synthetic_areas(gemeenten=2, wijken_per_gemeente=2)
    folder = tmp_path / "nl"
    return folder, national.write_programme(folder, areas, indicators=4, missing_every=10)


def test_tiny_sizes(tiny: tuple[Path, national.Sizes]) -> None:
    folder, sizes = tiny
    # nl + referentie + 2 gemeenten + 4 wijken = 8 areas; 8 x 4 x 13 = 416 rows, 41 of them nb.
    assert sizes == national.Sizes(areas=8, indicators=4, years=13, rows=416, values=375)
    files = national.deliveries(folder)
    # One delivery per indicator, each within the import's limit of 100.000 rows.
    assert [f.name for f in files] == [f"levering-synthetisch-synth-0{i}.csv" for i in (1, 2, 3, 4)]
    rows = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    assert len(rows) == 416
    assert {r["note"] for r in rows} == {"SYNTHETISCH"}
    assert sum(r["value"] == "nb" for r in rows) == 41
    assert rows[0] == {
        "indicator": "synth-01",
        "area": "nl",
        "period": "2012",
        "value": rows[0]["value"],
        "status": "definitief",
        "note": "SYNTHETISCH",
    }


@pytest.mark.django_db
def test_tiny_programme_loads_and_imports(tiny: tuple[Path, national.Sizes]) -> None:
    folder, _sizes = tiny
    out = invoke("load", str(folder))
    assert "8 gebieden, 4 indicatoren" in out
    for path in national.deliveries(folder):
        out = invoke("--programma", national.PROGRAMME, "import", "file", str(path), "--beknopt")
        assert "104 nieuw, 0 gewijzigd, 0 gelijk" in out
    programme = m.Programme.objects.get(code=national.PROGRAMME)
    assert programme.name == "Schaalbenchmark Nederland (SYNTHETISCH)"
    observations = m.Observation.objects.filter(indicator__programme=programme)
    assert observations.count() == 416
    assert observations.filter(value__isnull=False).count() == 375
    rows = json.loads(
        invoke("--programma", national.PROGRAMME, "targets", "--year", "2024", "-f", "json")
    )
    # Indicator 2 of 4 is the one goal: a fixed level of 50,0 for the programme area nl.
    assert [(r["code"], r["reference_area"]) for r in rows] == [("synth-02", "vast niveau")]


def test_real_areas_without_the_data(tmp_path: Path) -> None:
    assert national.real_areas(tmp_path) is None
