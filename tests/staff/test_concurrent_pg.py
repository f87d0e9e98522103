"""Two people save the same progress report at the same moment, on PostgreSQL.

Two threads, each with its own database connection, load the same version of Werk 1 and then,
released together by a barrier, save different texts and KPI values through
`rounds.save_report`. The optimistic lock must let exactly one through: the other gets
`Conflict` with what changed, the row holds the winner's content at version + 1, and the history
has exactly one new entry. A read-then-write lock (read the version, compare, save) would let
both through here; `rounds._lock` is a conditional `UPDATE ... WHERE version = n`, which
PostgreSQL re-checks after the first transaction commits.

SQLite has one writer at a time and the in-memory test database is not shared between
connections, so this runs only on PostgreSQL (`make pytest-postgres`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from nprz.core.workflow import Person
from nprz.interventions import models as iv
from nprz.interventions import rounds
from nprz.interventions.accounts import person

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="gelijktijdig opslaan wordt alleen op PostgreSQL getest (make pytest-postgres)",
    ),
    pytest.mark.django_db(transaction=True),
]

REPEATS = 5


@dataclass
class Race:
    """Two threads, each with its own connection, save `inputs` over the same version."""

    who: Person
    by: User
    kpi_id: int
    where: tuple[int, str, str]
    inputs: dict[str, tuple[str, str]]
    barrier: threading.Barrier = field(default_factory=lambda: threading.Barrier(2, timeout=30))
    loaded: dict[str, int] = field(default_factory=dict)
    outcome: dict[str, object] = field(default_factory=dict)
    connections: dict[str, int] = field(default_factory=dict)

    def run(self) -> None:
        threads = [threading.Thread(target=self.save, args=(n,)) for n in self.inputs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(t.is_alive() for t in threads)

    def save(self, name: str) -> None:
        try:
            report = rounds.report_for(*self.where)  # through this thread's own connection
            assert report is not None
            self.loaded[name] = report.version
            self.connections[name] = id(connection.connection)
            self.barrier.wait()  # both have read the same version; now save at once
            summary, value = self.inputs[name]
            typed = rounds.OwnerInput(summary=summary, kpi_values={self.kpi_id: value})
            rounds.save_report(self.who, report, report.version, typed, by=self.by)
            self.outcome[name] = "opgeslagen"
        except BaseException as error:  # reported to the test
            self.outcome[name] = error
        finally:
            connection.close()  # no connection (and no ResourceWarning) outlives the thread


def test_two_simultaneous_saves_one_wins_the_other_gets_a_conflict(cast: Any) -> None:
    ida = cast.users["ida"]
    who = person(ida)
    kpi = cast.own.intervention.kpis.order_by("position").first()
    assert kpi is not None
    where = (2025, "werk", "1")
    kpi_field = f"kpi-{kpi.pk}"

    for attempt in range(REPEATS):
        start = iv.ProgressReport.objects.get(pk=cast.own.pk).version
        history_before = iv.ProgressReport.history.filter(id=cast.own.pk).count()
        inputs = {
            "a": (f"Tekst A, poging {attempt}.", str(100 + attempt)),
            "b": (f"Tekst B, poging {attempt}.", str(200 + attempt)),
        }
        race = Race(who=who, by=ida, kpi_id=kpi.pk, where=where, inputs=inputs)
        race.run()
        loaded, outcome, connections = race.loaded, race.outcome, race.connections

        assert loaded == {"a": start, "b": start}
        assert len(set(connections.values())) == 2, "elke thread hoort een eigen verbinding"
        winners = [n for n, result in outcome.items() if result == "opgeslagen"]
        losers = {n: r for n, r in outcome.items() if isinstance(r, rounds.Conflict)}
        assert len(winners) == 1, outcome
        assert len(losers) == 1, outcome
        (winner,) = winners
        ((loser, clash),) = losers.items()

        assert (clash.version, clash.current_version) == (start, start + 1)
        changes = {c.field: (c.theirs, c.now) for c in clash.changes}
        assert changes["summary"] == (inputs[loser][0], inputs[winner][0])
        assert changes[kpi_field] == (inputs[loser][1], inputs[winner][1])
        assert "Iemand anders heeft dit voortgangsrapport intussen gewijzigd" in str(clash)

        stored = iv.ProgressReport.objects.get(pk=cast.own.pk)
        assert (stored.summary, stored.version, stored.updated_by_id) == (
            inputs[winner][0],
            start + 1,
            ida.pk,
        )
        value = iv.KpiValue.objects.get(kpi=kpi, round=cast.round, kind="realisatie")
        assert value.printed == inputs[winner][1]
        assert iv.ProgressReport.history.filter(id=cast.own.pk).count() == history_before + 1
        newest = iv.ProgressReport.history.filter(id=cast.own.pk).latest("history_id")
        assert (newest.version, newest.summary) == (start + 1, inputs[winner][0])
