"""Fixtures of the web tests."""

from __future__ import annotations

import pytest
from django.db import transaction

from nprz.datasets.records import Dataset
from nprz.monitor.loading import load_dataset


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker, nprz2024: Dataset):
    """The bundled dataset, loaded once for this module (loading takes seconds); each test
    still runs in its own transaction, a savepoint inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_dataset(nprz2024)
        yield nprz2024
        transaction.set_rollback(True)
