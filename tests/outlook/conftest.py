"""Fixtures of the outlook tests: the bundled dataset, loaded once per module (as in
tests/web/conftest.py); each test runs in a savepoint inside that transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from nprz.datasets.records import Dataset


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker, nprz2024: Dataset, loaded_rows):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        yield nprz2024
        transaction.set_rollback(True)
