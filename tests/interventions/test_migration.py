"""Migration 0003: rows from before interventions belonged to a programme go to the one
programme there is. Synthetic rows, written with the models as they were before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("interventions", "0002_round_rules"), ("monitor", "0008_printed_texts")]
AFTER = [("interventions", "0003_per_programme")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_go_to_the_single_programme() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        programme = apps.get_model("monitor", "Programme").objects.create(
            code="synthetisch", name="Synthetisch", short_name="Synth", definition={}
        )
        intervention = apps.get_model("interventions", "Intervention").objects.create(
            pillar="jeugd", number="1", name="Synthetisch", description="verzonnen"
        )
        round_ = apps.get_model("interventions", "ProgressRound").objects.create(
            year=2024, status="gepubliceerd"
        )
        imported = apps.get_model("interventions", "ColourImport").objects.create(
            code="kleuren-0001",
            file_name="k.csv",
            sha256="0" * 64,
            years="2024",
            rows=1,
            received_at=timezone.now(),
        )
        count = apps.get_model("interventions", "PublishedColourCount").objects.create(
            dataset="synthetisch2024",
            year=2024,
            pillar="jeugd",
            kind="totaal",
            count=1,
            source="r. 1",
        )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        for name, pk in (
            ("Intervention", intervention.pk),
            ("ProgressRound", round_.pk),
            ("ColourImport", imported.pk),
            ("PublishedColourCount", count.pk),
        ):
            row = apps.get_model("interventions", name)._base_manager.get(pk=pk)
            assert row.programme_id == programme.pk, name
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
