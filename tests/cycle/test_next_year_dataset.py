"""A dataset folder for the next year, as a user would try it: the bundled nprz2024 copied,
with report year 2025 (and a code of its own, or not). It loads, or it is refused with one
Dutch line and nothing written; never a traceback (issue 14)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from nprz.datasets import folder
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db


def next_year(tmp_path: Path, code: str) -> Path:
    target = tmp_path / code
    shutil.copytree(folder("nprz2024"), target)
    header = target / "dataset.yaml"
    text = header.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^code: nprz2024$", f"code: {code}", text)
    text = re.sub(r"(?m)^report_year: 2024$", "report_year: 2025", text)
    header.write_text(text, encoding="utf-8")
    return target


def stored() -> tuple[int, int, list[tuple[str, int]]]:
    from nprz.interventions import models as iv

    years = sorted(set(m.Vintage.objects.values_list("dataset", "report_year")))
    return m.Observation.objects.count(), iv.Intervention.objects.count(), years


def test_a_copy_for_2025_next_to_2024_is_refused_in_one_line(
    loaded: object, tmp_path: Path, run_nprz: Any
) -> None:
    before = stored()
    run = run_nprz("load", str(next_year(tmp_path, "nprz2025")))
    assert run.code == 1
    assert run.out == ""
    (line,) = run.err.splitlines()
    assert line.startswith(
        f"nprz: fout: dataset {tmp_path / 'nprz2025'} niet geladen, de database is niet "
        "gewijzigd: de interventies van programma nprz staan al in de database uit dataset "
        "nprz2024 (het rapport over 2024)"
    )
    assert "voortgangsronde 2025" in line
    assert "Traceback" not in run.err
    assert stored() == before


def test_a_copy_that_keeps_the_code_would_move_2024_and_is_refused(
    loaded: object, tmp_path: Path, run_nprz: Any
) -> None:
    before = stored()
    run = run_nprz("load", str(next_year(tmp_path, "nprz2024")))
    assert run.code == 1
    (line,) = run.err.splitlines()
    assert line.endswith(
        "dataset nprz2024 staat al in de database als het rapport over 2024, en deze map zegt "
        "rapportjaar 2025; geef een map voor een ander jaar een eigen code in dataset.yaml "
        "(bijvoorbeeld nprz2025)"
    )
    assert stored() == before
    assert ("nprz2024", 2024) in before[2]


def test_the_copy_loads_into_an_empty_store(db: None, tmp_path: Path, run_nprz: Any) -> None:
    run = run_nprz("load", str(next_year(tmp_path, "nprz2025")))
    assert run.code == 0, run.text
    assert run.out.startswith("Geladen: nprz2025 — 34 gebieden, 132 indicatoren, 1002 metingen")
    observations, interventions, years = stored()
    assert (observations, interventions) == (1002, 134)
    assert {year for _, year in years} == {2025}
    # Loading the same folder again gives the same result.
    assert run_nprz("load", str(tmp_path / "nprz2025")).code == 0
    assert stored() == (observations, interventions, years)
