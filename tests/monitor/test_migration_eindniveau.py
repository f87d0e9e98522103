"""Migration 0009: printed end levels stored as `niveau-2031` become `eindniveau` (issue 15)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from nprz.datasets.records import Dataset
from nprz.monitor import models as m

pytestmark = pytest.mark.django_db

migration = importlib.import_module("nprz.monitor.migrations.0009_published_kind_eindniveau")


def kinds() -> dict[str, int]:
    return {
        kind: m.PublishedFigure.objects.filter(kind=kind).count()
        for kind in ("niveau-2031", "eindniveau", "doel")
    }


def test_rows_loaded_before_keep_their_meaning_under_the_new_kind(loaded: Dataset) -> None:
    now = kinds()
    # 46 stoplight rows, 22 indicator pages and 2 side-table cells print an end level
    assert now == {"niveau-2031": 0, "eindniveau": 70, "doel": 70}
    # As a database loaded before the rename holds them.
    m.PublishedFigure.objects.filter(kind="eindniveau").update(kind="niveau-2031")
    assert kinds() == {"niveau-2031": now["eindniveau"], "eindniveau": 0, "doel": now["doel"]}
    migration.forward(apps, None)
    assert kinds() == now
    migration.backward(apps, None)
    assert kinds() == {"niveau-2031": now["eindniveau"], "eindniveau": 0, "doel": now["doel"]}
