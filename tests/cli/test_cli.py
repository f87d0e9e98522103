"""The `nprz` command line.

Commands that read the database run in-process with Typer's CliRunner against the test
database (`loaded`). The one-line errors are formatted by `main()`, so those run the real
`nprz` script in a subprocess, on its own SQLite file in a temporary NPRZ_DATA_DIR.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from nprz import cli
from nprz.datasets.records import Dataset

HEADER = (
    "code,name,pillar,role,unit,direction,reference_area,regime,start_period,start_value,"
    "reference_value,current_period,current_value,fraction,target_value,pct_closed,status,"
    "bucket,published_target,published_pct_closed,previous_pct_closed,previous_status,"
    "openbaar"
)
# Stoplight row 4, report lines 249-253, as printed (without the period "(2023 voorlopig)").
KINDEREN_MINIMUM = (
    "Kinderen tot 18 jaar in een huishouden met inkomens tot 110% van het sociaal minimum "
    "in % van alle kinderen tot 18 jaar in een huishouden"
)
NPRZ = Path(sys.executable).with_name("nprz")

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.mark.django_db
def test_targets_csv(loaded: Dataset) -> None:
    code, out = invoke("targets", "--year", "2024", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == HEADER
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(rows) == 46
    row = rows["thuisbasis-kinderen-minimum"]
    assert row["name"] == KINDEREN_MINIMUM
    # 21,9% (2020) -> 18,8% (2023) towards Rotterdam's 14,9%; 2 of 9 years of UP 2023-2027.
    assert (row["start_value"], row["current_value"], row["reference_value"]) == (
        "21.9",
        "18.8",
        "14.9",
    )
    assert (row["fraction"], row["target_value"], row["pct_closed"]) == (
        "22.2222",
        "20.3444",
        "44.2857",
    )
    assert (row["status"], row["bucket"]) == ("groen", "boven-doel")
    assert (row["published_target"], row["published_pct_closed"]) == ("20.3", "44.3")
    # The previous report as the 2024 report quotes it (stoplight column 8): no status.
    assert (row["previous_pct_closed"], row["previous_status"]) == ("40.6", "")
    # No goal of 2024 rests on a hidden cell: every row may be published.
    assert {r["openbaar"] for r in rows.values()} == {"True"}
    # Empty cells for what does not exist: a qualitative goal has no numbers.
    mph = rows["mph-ontruimingen"]
    assert (mph["target_value"], mph["pct_closed"], mph["status"]) == ("", "", "geen")


@pytest.mark.django_db
def test_targets_json_has_the_csv_columns_in_order(loaded: Dataset) -> None:
    code, out = invoke("targets", "--year", "2024", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 46
    assert all(list(item) == HEADER.split(",") for item in data)
    row = next(item for item in data if item["code"] == "thuisbasis-kinderen-minimum")
    assert row["name"] == KINDEREN_MINIMUM
    assert (row["fraction"], row["pct_closed"], row["published_pct_closed"]) == (
        22.2222,
        44.2857,
        44.3,
    )
    assert (row["previous_pct_closed"], row["previous_status"]) == (40.6, None)
    werkzaam = next(item for item in data if item["code"] == "werkzame-jongeren")
    assert (werkzaam["pct_closed"], werkzaam["published_pct_closed"]) == (None, None)  # nvt


@pytest.mark.django_db
def test_targets_table_uses_dutch_notation(
    loaded: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fixed wide console, so no cell wraps whatever terminal runs the tests.
    monkeypatch.setattr(cli, "out", Console(highlight=False, width=250))
    code, out = invoke("targets", "--year", "2024")
    assert code == 0
    assert "Doelen 2024" in out
    line = next(x for x in out.splitlines() if "thuisbasis-kinderen-minimum" in x)
    assert "44,3%" in line
    assert "20,3%" in line
    assert "44.2857" not in out
    income = next(x for x in out.splitlines() if "besteedbaar-inkomen" in x)
    assert "€ 27.423" in income  # 19.300 + 47,5% of (36.400 - 19.300), half up
    assert "€ 36.400" in income


@pytest.mark.django_db
def test_areas(loaded: Dataset) -> None:
    code, out = invoke("areas", "--format", "csv")
    assert code == 0
    areas = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(areas) == 34
    assert areas["heijplaat"]["cbs_code"] == "BU05991593"
    assert areas["heijplaat"]["part_of"] == "gebied-charlois"
    code, table = invoke("areas")
    assert any("heijplaat" in x and "BU05991593" in x for x in table.splitlines())


@pytest.mark.django_db
def test_indicators_json(loaded: Dataset) -> None:
    code, out = invoke("indicators", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 132  # 131 from the report, 1 from the letter (verzuim-huisbezoeken)
    by_code = {item["code"]: item for item in data}
    assert by_code["vmbo-diploma-techniek"]["reference"] == "norm 38,0%"  # line 359
    assert by_code["bijstandsuitkeringen"]["regime"] == "samen-voor-zuid"


@pytest.mark.django_db
def test_check_exits_1_with_104_findings(loaded: Dataset) -> None:
    code, out = invoke("check", "--year", "2024", "--format", "json")
    assert code == 1
    data = json.loads(out)
    # Without the CBS deliveries there is no open data to compare with (kind bronnen).
    assert data["summary"] == {"rekenen": 33, "tabellen": 7, "bronnen": 0, "tekst": 64}
    findings = data["findings"]
    assert len(findings) == data["total"] == 104
    assert list(findings[0]) == [
        "code",
        "soort",
        "category",
        "subject",
        "what",
        "where",
        "published",
        "recomputed",
        "likely_right",
        "why",
    ]
    (doel,) = [f for f in findings if f["code"] == "doel"]
    assert (doel["subject"], doel["published"], doel["recomputed"], doel["soort"]) == (
        "huishoudens-kinderen-130",
        "26,0%",
        "28,5%",
        "rekenen",
    )


# --- the real script, in a subprocess ---------------------------------------------------


def environment(data_dir: Path) -> dict[str, str]:
    # Without DATABASE_URL: the script must not touch the PostgreSQL that CI may point at.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {"NPRZ_DATA_DIR": str(data_dir), "COLUMNS": "200"}


def nprz(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NPRZ), *args],
        capture_output=True,
        text=True,
        env=environment(data_dir),
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nprz-data")
    loaded = nprz(folder, "load", "nprz2024")
    assert loaded.returncode == 0, loaded.stderr
    return folder


def test_loading_twice_prints_the_same_summary(data_dir: Path, nprz2024: Dataset) -> None:
    first = nprz(data_dir, "load", "nprz2024")
    second = nprz(data_dir, "load", "nprz2024")
    assert (first.returncode, second.returncode) == (0, 0)
    assert first.stdout == second.stdout
    # Piped, the console wraps at 180 columns; a long NPRZ_DATA_DIR pushes the path onto a
    # second line, so compare the words.
    line = " ".join(first.stdout.split())
    assert line.startswith(
        f"Geladen: nprz2024 — 34 gebieden, 132 indicatoren, {len(nprz2024.observations)} "
        f"metingen, {len(nprz2024.published)} gepubliceerde afgeleide cijfers, 46 doelen, "
        f"{len(nprz2024.interventions)} interventies "
    )
    assert str(data_dir / "nprz.sqlite3") in line


# (arguments, exit code, what the one line says after "nprz: fout: ").
ERRORS = [
    (["targets", "--year", "1999"], 1, ["onbekend rapportjaar 1999; de database kent: 2024"]),
    (["check", "--year", "1999"], 1, ["onbekend rapportjaar 1999; de database kent: 2024"]),
    (["targets", "--year", "2024", "--area", "Atlantis"], 1, ["onbekend gebied 'Atlantis'"]),
    (["load", "nprz1999"], 1, ["onbekende dataset 'nprz1999'; beschikbaar: nprz2024"]),
    (
        ["targets", "--year", "2024", "--format", "xml"],
        2,
        ["ongeldige waarde voor", "--format", "xml"],
    ),
    (["targets", "--year", "abc"], 2, ["ongeldige waarde voor", "--year", "geheel getal"]),
]


@pytest.mark.parametrize(("args", "exit_code", "_words"), ERRORS)
def test_an_error_is_one_line(data_dir: Path, args: list[str], exit_code: int, _words: list[str]):
    result = nprz(data_dir, *args)
    assert result.returncode == exit_code
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("nprz: fout: ")


@pytest.mark.parametrize(
    ("args", "exit_code", "words"),
    ERRORS,
)
def test_an_error_is_dutch(data_dir: Path, args: list[str], exit_code: int, words: list[str]):
    line = nprz(data_dir, *args).stderr.strip()
    assert line.startswith(f"nprz: fout: {words[0]}")
    assert all(word in line for word in words)
    assert not any(english in line for english in ("Invalid", "Value error", "Input should"))


def test_a_dataset_with_a_malformed_number_is_refused_in_one_line(
    data_dir: Path, tmp_path: Path
) -> None:
    import csv
    import shutil

    from nprz.datasets import folder

    copy = tmp_path / "kapot"
    shutil.copytree(folder("nprz2024"), copy)
    path = copy / "stoplicht.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[3]["zuid_now"] == "18,8%"  # spreadsheet row 5: thuisbasis-kinderen-minimum
    rows[3]["zuid_now"] = "18.8%"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = nprz(data_dir, "targets", "--year", "2024", "--format", "csv").stdout

    result = nprz(data_dir, "load", str(copy))

    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("nprz: fout: dataset ")
    assert "stoplicht.csv, rij 5, kolom zuid_now: '18.8%' is geen getal" in line
    assert "de database is niet gewijzigd" in line
    assert nprz(data_dir, "targets", "--year", "2024", "--format", "csv").stdout == before


@pytest.mark.django_db
def test_a_goal_resting_on_a_hidden_cell_is_shown_to_the_analyst_marked(
    loaded: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line reads as an analyst: a goal whose latest value disclosure control
    hides keeps its figures, marked "niet openbaar"; the public's rows lose them. (The
    decision is replaced by one that hides that single cell: what it hides is tested in
    tests/publication and tests/reports.)"""
    from nprz import publication
    from nprz.publication import audience

    real = publication.disclosure()

    class HidesOne:
        def hides(self, indicator: str, area: str, period: str) -> bool:
            return (indicator, area, period) == ("thuisbasis-kinderen-minimum", "nprz", "2023")

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    monkeypatch.setattr(publication, "disclosure", HidesOne)
    # Sums are remembered per state of the data and per rule: a rule given for this test
    # (the same threshold) makes them be computed again with the decision above.
    with audience.threshold(5):
        code, out = invoke("targets", "--year", "2024", "--format", "csv")
        code_table, table = invoke("targets", "--year", "2024")
        with audience.reading_as(audience.Audience.PUBLIC):
            public = {r.code: r for r in publication.targets(2024)}
    assert code == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    row = rows["thuisbasis-kinderen-minimum"]
    assert (row["current_value"], row["status"], row["openbaar"]) == ("18.8", "groen", "False")
    assert sum(r["openbaar"] == "False" for r in rows.values()) == 1
    assert code_table == 0
    assert "thuisbasis-kinderen-minimum: niet openbaar — de start- of laatste waarde" in table
    hidden = public["thuisbasis-kinderen-minimum"]
    assert (hidden.current_value, hidden.assessment.status.value) == (None, "geen")
