"""A small cast of interventions on top of the bundled programme, independent of its own files.

Interventions come from the programme's definition folder (`interventies-*.yaml` beside
`programme.yaml`). `cast_definition` is a copy of the bundled NPRZ definition whose
intervention files are replaced by the cast below; `cast_folder` is a copy of the 2024
dataset that names that copy as its programme, so loading it brings the cast's interventions
with the report year's two rounds. The cast is synthetic: made-up interventions, numbers and
lines.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nprz.datasets import folder
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset
from nprz.programmes import bundled_folder

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
def cast_definition(tmp_path: Path) -> Path:
    """The bundled NPRZ definition with the cast as its only interventions."""
    target = tmp_path / "nprz"
    shutil.copytree(bundled_folder("nprz"), target)
    for existing in target.glob("interventies-*.yaml"):
        existing.unlink()
    (target / "interventies-werk.yaml").write_text(CAST, encoding="utf-8")
    return target


@pytest.fixture
def cast_folder(tmp_path: Path, cast_definition: Path) -> Path:
    """The 2024 dataset, its programme the cast's definition (`programme: ../nprz`)."""
    target = tmp_path / "nprz2024"
    shutil.copytree(folder("nprz2024"), target)
    header = target / "dataset.yaml"
    text = header.read_text(encoding="utf-8")
    assert "\nprogramme: nprz\n" in text
    header.write_text(
        text.replace("\nprogramme: nprz\n", f"\nprogramme: ../{cast_definition.name}\n"),
        encoding="utf-8",
    )
    assert not list(target.glob("interventies-*.yaml"))
    return target


@pytest.fixture
def cast(cast_folder: Path) -> Dataset:
    return read_dataset(cast_folder)
