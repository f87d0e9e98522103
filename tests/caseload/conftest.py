"""Fixtures of the Samen voor Zuid tests: the bundled dataset loaded once per module."""

from __future__ import annotations

import pytest
from django.db import transaction

from nprz.datasets.records import Dataset


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker, nprz2024: Dataset, loaded_rows):
    """The bundled dataset (with its interventions), loaded once for this module; each test
    runs in its own savepoint inside this transaction, which is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        yield nprz2024
        transaction.set_rollback(True)
