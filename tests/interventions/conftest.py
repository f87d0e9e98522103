"""A small cast of interventions on top of the bundled dataset, independent of its own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nprz.datasets import folder
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset

CAST = """\
pillar: werk
lines: "1-10"
interventions:
  - pillar: werk
    theme: "Proef"
    number: "1"
    name: "Banen voor Zuid"
    line: 3950
    description: "Helpt werkzoekenden van Zuid aan een baan."
    initiators: ["Gemeente Rotterdam", "Albeda"]
    initiators_line: 3990
    funding: "Regio Deal middelen"
    funding_line: 3952
    areas: [hillesluis, gebied-charlois]
    progress_lines: "3995-4010"
    progress_summary: "Meer plaatsingen dan vorig jaar."
    kpis:
      - label: "Aantal plaatsingen"
        unit: aantal
        scope: nprz
        line: 3960
        values:
          - {period: "2024", kind: realisatie, printed: "1.240", value: "1240", line: 3961}
          - {period: "2023", kind: was, printed: "1.100", value: "1100", line: 3961}
          - {period: "2024", kind: doel, printed: "nb", value: null, line: 3962}
  - pillar: werk
    number: "2a"
    name: "Taal op de werkvloer"
    line: 4000
    description: "Taallessen tijdens het werk."
    initiators: ["Albeda"]
    progress_lines: "4001"
    progress_summary: "Gestopt na de proef."
    stopped: true
    stopped_line: 4002
"""


@pytest.fixture
def cast_folder(tmp_path: Path) -> Path:
    target = tmp_path / "nprz2024"
    shutil.copytree(folder("nprz2024"), target)
    for existing in target.glob("interventies-*.yaml"):
        existing.unlink()
    (target / "interventies-werk.yaml").write_text(CAST, encoding="utf-8")
    return target


@pytest.fixture
def cast(cast_folder: Path) -> Dataset:
    return read_dataset(cast_folder)
