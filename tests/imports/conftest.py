"""What the file reader is tested against: the codes of the bundled 2024 dataset, built by
hand as `nprz.imports.store.codes()` builds them from the store (no database needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nprz.datasets.records import Dataset
from nprz.imports.delivery import Codes, KnownIndicator

HERE = Path(__file__).parent
DEFECTS = HERE / "defects"
GOOD = HERE / "good"


def codes_of(dataset: Dataset) -> Codes:
    return Codes(
        indicators={
            i.code: KnownIndicator(i.code, i.name, i.unit, i.decimals, i.period_type)
            for i in dataset.indicators
        },
        areas={a.code: a.name for a in dataset.areas},
        areas_by_cbs={a.cbs_code: a.code for a in dataset.areas if a.cbs_code},
    )


@pytest.fixture(scope="session")
def codes(nprz2024: Dataset) -> Codes:
    return codes_of(nprz2024)
