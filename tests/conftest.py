"""Shared fixtures.

The cast of data: `nprz2024` is the bundled dataset as read from its files (pure, no
database); `loaded` is that dataset written into a fresh test database (SQLite by default,
PostgreSQL when DATABASE_URL points there, see `make pytest-postgres`).
"""

from __future__ import annotations

import pytest

from nprz.datasets import folder
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset


@pytest.fixture(scope="session")
def nprz2024() -> Dataset:
    return read_dataset(folder("nprz2024"))


@pytest.fixture
def loaded(db: None, nprz2024: Dataset) -> Dataset:
    from nprz.monitor.loading import load_dataset

    load_dataset(nprz2024)
    return nprz2024
