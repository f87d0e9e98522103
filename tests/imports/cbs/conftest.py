"""What the CBS reader is tested against: small cuts of real StatLine files (data/PROVENANCE.md)
and the areas of the bundled dataset, as the store would hand them over (no database)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nprz.imports.cbs import Mapping, load_mapping, mapping_for
from nprz.imports.delivery import Codes
from nprz.programmes import bundled_folder

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def codes() -> Codes:
    """Areas and their CBS codes from areas.csv, as `nprz.imports.store.codes()` builds them."""
    with (bundled_folder("nprz") / "areas.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return Codes(
        indicators={},
        areas={r["code"]: r["name"] for r in rows},
        areas_by_cbs={r["cbs_code"].strip(): r["code"] for r in rows if r["cbs_code"].strip()},
    )


@pytest.fixture(scope="session")
def kwb() -> Mapping:
    return mapping_for("85984NED")


@pytest.fixture(scope="session")
def population() -> Mapping:
    return load_mapping(DATA / "mapping-37259ENG-population.yaml")
