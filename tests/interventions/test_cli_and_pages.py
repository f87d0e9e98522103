"""`nprz interventions` and the public intervention pages, on the small cast."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from nprz.datasets.records import Dataset
from nprz.loading import load_dataset

NPRZ = Path(sys.executable).with_name("nprz")


def nprz(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [str(NPRZ), *args],
        capture_output=True,
        text=True,
        env=env | {"NPRZ_DATA_DIR": str(data_dir), "COLUMNS": "200"},
        check=False,
        timeout=300,
    )


def test_command_gives_one_row_per_intervention(cast_folder: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    loaded = nprz(data, "load", str(cast_folder))
    assert loaded.returncode == 0, loaded.stderr
    assert "2 interventies" in loaded.stdout
    as_csv = nprz(data, "interventions", "--year", "2024", "--format", "csv")
    header, *rows = csv.reader(io.StringIO(as_csv.stdout))
    assert header == [
        "pillar", "number", "name", "initiators", "kpi_count", "colour_previous", "colour",
        "movement",
    ]  # fmt: skip
    assert rows == [
        ["werk", "1", "Banen voor Zuid", "Gemeente Rotterdam; Albeda", "1",
         "niet-vastgelegd", "niet-vastgelegd", "onbekend"],
        ["werk", "2a", "Taal op de werkvloer", "Albeda", "0",
         "niet-vastgelegd", "gestopt", "gestopt"],
    ]  # fmt: skip
    as_json = json.loads(nprz(data, "interventions", "--year", "2024", "-f", "json").stdout)
    assert as_json[0]["kpi_count"] == 1
    table = nprz(data, "interventions", "--year", "2024")
    assert table.returncode == 0
    assert "Samenvatting voortgang (berekend)" in table.stdout
    unknown = nprz(data, "interventions", "--year", "2019")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        "nprz: fout: geen voortgangsronde 2019; de database kent: 2023, 2024"
    )


def test_colours_are_imported_from_the_command_line(cast_folder: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert nprz(data, "load", str(cast_folder)).returncode == 0
    colours = tmp_path / "kleuren-synthetisch.csv"
    colours.write_text("pijler;nummer;kleur\nwerk;1;rood\nwerk;2a;gestopt\n", encoding="utf-8")
    # A year in another script is refused before anything is read.
    arabic = nprz(data, "import", "kleuren", str(colours), "--jaar", "٢٠٢٣")
    assert arabic.returncode == 2
    assert arabic.stderr.startswith("nprz: fout: --jaar: gebruik de cijfers 0 tot en met 9;")
    # 2023: the dry run shows was -> wordt and writes nothing.
    dry = nprz(data, "import", "kleuren", str(colours), "--jaar", "2023", "--dry-run", "-f", "csv")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "kind,year,pillar,number,name,was,wordt",
        "nieuw,2023,werk,1,Banen voor Zuid,niet-vastgelegd,rood",
        "nieuw,2023,werk,2a,Taal op de werkvloer,niet-vastgelegd,gestopt",
    ]
    assert "Proefimport (--dry-run): 2 kleuren voor 2023: 2 nieuw, 0 gewijzigd, 0 gelijk" in (
        dry.stderr
    )
    before = nprz(data, "interventions", "--year", "2024", "-f", "csv").stdout
    assert ",niet-vastgelegd,niet-vastgelegd,onbekend" in before
    done = nprz(data, "import", "kleuren", str(colours), "--jaar", "2023")
    assert done.returncode == 0, done.stderr
    assert "Ingelezen als kleuren-0001: 2 kleuren voor 2023" in done.stdout
    # 2024 for Werk 1 only: it moved up from rood to geel.
    later = tmp_path / "kleuren-2024-synthetisch.csv"
    later.write_text("pijler;nummer;jaar;kleur\nwerk;1;2024;geel\n", encoding="utf-8")
    assert nprz(data, "import", "kleuren", str(later)).returncode == 0
    rows = list(
        csv.reader(io.StringIO(nprz(data, "interventions", "--year", "2024", "-f", "csv").stdout))
    )
    assert [r[5:] for r in rows[1:]] == [
        ["rood", "geel", "vooruit"],
        ["gestopt", "gestopt", "gestopt"],
    ]
    # Any error and nothing is written; the exit code says so.
    wrong = tmp_path / "kleuren-fout-synthetisch.csv"
    wrong.write_text("pijler;nummer;jaar;kleur\nwerk;1;2024;oranje\nwerk;7;2024;rood\n")
    failed = nprz(data, "import", "kleuren", str(wrong))
    assert failed.returncode == 1
    assert failed.stderr.strip().endswith(
        "nprz: fout: niet ingelezen: 1 fout (zie hierboven); de database is niet gewijzigd"
    )
    assert "kleur-onbekend" in failed.stdout


@pytest.fixture
def web(db: None, cast: Dataset) -> Client:
    load_dataset(cast)
    return Client()


@pytest.mark.django_db
def test_the_list_shows_colours_as_words_and_the_summary(web: Client) -> None:
    page = web.get("/interventies/").content.decode()
    assert "Banen voor Zuid" in page
    assert "niet vastgelegd" in page
    assert "Samenvatting voortgang 2024" in page
    rows = list(csv.reader(io.StringIO(web.get("/interventies/tabel.csv").content.decode())))
    assert rows[1] == [
        "werk-1", "werk", "1", "Gemeente Rotterdam; Albeda", "1",
        "niet-vastgelegd", "niet-vastgelegd", "onbekend",
    ]  # fmt: skip
    summary = list(
        csv.reader(io.StringIO(web.get("/interventies/samenvatting.csv").content.decode()))
    )
    assert summary[1] == ["werk", "0", "0", "0", "0", "1", "1", "2", "2"]


@pytest.mark.django_db
def test_the_page_of_one_intervention(web: Client) -> None:
    response = web.get("/interventies/werk/1/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Helpt werkzoekenden van Zuid aan een baan." in page
    assert "1.240" in page
    assert 'href="/gebieden/hillesluis/"' in page
    assert web.get("/interventies/werk/99/").status_code == 404
    bad = web.get("/interventies/?pijler=onzin")
    assert bad.status_code == 400
    assert "pijler" in bad.content.decode()
