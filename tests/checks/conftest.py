"""The proofreader's fixtures.

`proofread` is the bundled 2024 report loaded once per module together with the demo's
three CBS deliveries (`make run` imports the same files), checked once: the facts and every
finding. Tests that build their own tiny `Facts` need no database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction

from nprz.checks import run_checks
from nprz.checks.facts import Facts
from nprz.checks.findings import Finding
from nprz.datasets import CBS2024
from nprz.datasets.records import Dataset

POPULATION = CBS2024 / "bevolking-1-januari-2012-2024.csv"


@dataclass(frozen=True)
class Proofread:
    facts: Facts
    findings: list[Finding]

    def of(self, code: str, subject: str | None = None) -> list[Finding]:
        return [
            f for f in self.findings if f.code == code and (subject is None or f.subject == subject)
        ]

    def one(self, code: str, subject: str, where: str = "") -> Finding:
        (found,) = [f for f in self.of(code, subject) if where in f.where]
        return found


def import_demo_deliveries() -> None:
    """What `make run` imports after loading the report: KWB 2024 (OData), the map file's
    figures and the population 2012-2024, as three deliveries."""
    from nprz.imports import cbs, files, store

    store.apply(
        cbs.read_delivery(CBS2024 / "85984NED", cbs.mapping_for("85984NED"), store.codes()),
        user="test",
    )
    for path in (CBS2024 / "kwb-kaart-2024.csv", POPULATION):
        store.apply(files.read_delivery(path, store.codes()), user="test")


@pytest.fixture(scope="module")
def proofread(
    django_db_setup: None, django_db_blocker, nprz2024: Dataset, loaded_rows
) -> Iterator[Proofread]:  # type: ignore[no-untyped-def]
    from nprz.facts import report_facts

    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        import_demo_deliveries()
        facts = report_facts(2024)
        yield Proofread(facts, run_checks(facts))
        transaction.set_rollback(True)
