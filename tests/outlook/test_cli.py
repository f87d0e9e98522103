"""`nprz outlook`: in-process with Typer's CliRunner against the loaded test database; the
one-line error of an unknown year through the real script on an empty data folder."""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nprz import cli
from nprz.core.formatting import format_number
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db
runner = CliRunner()
NPRZ = Path(sys.executable).with_name("nprz")


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def evictions() -> list[tuple[int, float]]:
    """mph-ontruimingen in NPRZ as known in 2024, straight from the store."""
    found: dict[str, tuple[int, float]] = {}
    for obs in m.Observation.objects.filter(
        indicator__code="mph-ontruimingen",
        area__code="nprz",
        vintage__report_year__lte=2024,
        value__isnull=False,
    ).order_by("period", "vintage__priority", "variant"):
        found.setdefault(obs.period, (obs.period_year, float(obs.value)))
    return sorted(found.values())


def line_at(year: int) -> float:
    points = evictions()
    slope, intercept = statistics.linear_regression(
        [float(x) for x, _ in points], [y for _, y in points]
    )
    return intercept + slope * year


@pytest.mark.usefixtures("store")
def test_csv_has_every_goal_and_plain_numbers() -> None:
    code, out = invoke("outlook", "--year", "2024", "--format", "csv")
    assert code == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(rows) == m.Target.objects.count()
    row = rows["mph-ontruimingen"]
    assert row["punten"] == str(len(evictions()))
    assert float(row["prognose_eind"]) == pytest.approx(line_at(2031), abs=1e-4)
    assert row["laatste_periode"] == "2024"
    short = rows["thuisbasis-kinderen-minimum"]
    assert short["prognose_eind"] == ""
    assert short["reden"] == "te weinig meetpunten: 2, minimaal 3"


@pytest.mark.usefixtures("store")
def test_json_keeps_missing_as_null() -> None:
    code, out = invoke("outlook", "--year", "2024", "--format", "json")
    assert code == 0
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["thuisbasis-kinderen-minimum"]["prognose_eind"] is None
    assert rows["thuisbasis-kinderen-minimum"]["op_koers"] is None
    caseload = rows["bijstandsuitkeringen"]
    assert caseload["eindniveau"] == 10000
    assert caseload["methode"] == "trend-sinds-breuk"
    assert isinstance(caseload["op_koers"], bool)


@pytest.mark.usefixtures("store")
def test_table_in_dutch_notation() -> None:
    code, out = invoke("outlook", "--year", "2024")
    assert code == 0
    assert "Prognoses per doel, rapportjaar 2024" in out
    assert "Prognose 2031" in out
    # The evictions' 2031 projection, rounded half up to a whole number as Dutch text.
    assert format_number(round(line_at(2031)), 0) in out
    # The caseload's 2031 level, with a thousands dot.
    assert "10.000" in out
    assert "2 punten (min. 3)" in out


def test_unknown_year_is_one_dutch_line(tmp_path: Path) -> None:
    # Without DATABASE_URL: the script must not touch the PostgreSQL that CI may point at.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"NPRZ_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    subprocess.run([str(NPRZ), "migrate"], env=env, check=True, capture_output=True, timeout=300)
    done = subprocess.run(
        [str(NPRZ), "outlook", "--year", "1999"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("nprz: fout: onbekend rapportjaar 1999")
