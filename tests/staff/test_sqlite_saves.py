"""Ten people save the same progress report at once, on a SQLite file as `nprz serve` uses it.

The test database is in memory and shared by one connection, so it cannot show SQLite's
locking; this test runs itself as a script in a subprocess (`main` below) with NPRZ_DATA_DIR
in a temporary folder: the settings of the site, a migrated SQLite file, a synthetic
intervention with one KPI in an open round, and ten threads, each with its own connection and
its own signed-in client, released together by a barrier to post a save over version 1.

Writes must wait their turn (busy timeout, WAL, BEGIN IMMEDIATE), so exactly one save wins
(302) and the nine others lose the optimistic lock (409, their input shown back), never a
500 "database is locked".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

SAVERS = 10


def test_ten_simultaneous_saves_one_wins_the_others_get_the_conflict(tmp_path: Path) -> None:
    env = {**os.environ, "NPRZ_DATA_DIR": str(tmp_path), "NPRZ_ENV": "development"}
    env["DJANGO_SETTINGS_MODULE"] = "nprz.site.settings"
    for name in ("DATABASE_URL", "NPRZ_REDIS_URL"):
        env.pop(name, None)
    run = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(run.stdout.splitlines()[-1])
    assert outcome["codes"] == [302] + [409] * (SAVERS - 1), run.stderr[-3000:]
    assert outcome["journal"] == "wal"
    assert outcome["version"] == 2
    assert outcome["summary"] in {f"Tekst {n} (synthetisch)." for n in range(SAVERS)}
    assert outcome["history"] == 2  # created, and the one save
    assert outcome["conflicts_shown"] == SAVERS - 1
    assert "database is locked" not in run.stderr


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from nprz.core.workflow import Person, Role
    from nprz.interventions import models as iv
    from nprz.interventions.round_cycle import open_round

    call_command("migrate", verbosity=0)
    # The intervention belongs to a programme: NPRZ's definition alone, no figures.
    from nprz.datasets.reader import read_dataset
    from nprz.monitor.loading import load_programme
    from nprz.programmes import bundled_folder

    load_programme(read_dataset(bundled_folder("nprz")))
    organisation = iv.Organisation.objects.create(name="Synthetische stichting", slug="synth")
    intervention = iv.Intervention.objects.create(
        pillar="werk", number="1", name="Synthetische interventie", description="synthetisch"
    )
    iv.Initiator.objects.create(intervention=intervention, organisation=organisation)
    kpi = iv.Kpi.objects.create(intervention=intervention, label="Banen", unit="aantal", scope="")
    owner = User.objects.create_user("ida")
    iv.StaffRole.objects.create(
        user=owner, role=Role.INITIATIEFNEMER.value, organisation=organisation
    )
    open_round(Person(roles=frozenset({Role.PROGRAMMABUREAU})), 2025)
    report = iv.ProgressReport.objects.get(intervention=intervention)
    url = "/ronde/2025/werk/1/"

    clients = []
    for _ in range(SAVERS):
        client = Client(raise_request_exception=False, HTTP_HOST="localhost")
        client.force_login(owner)
        clients.append(client)
    barrier = threading.Barrier(SAVERS, timeout=60)
    codes: list[int] = []
    shown: list[bool] = []

    def save(n: int) -> None:
        try:
            data = {"actie": "opslaan", "version": "1", "summary": f"Tekst {n} (synthetisch)."}
            data[f"kpi-{kpi.pk}"] = str(100 + n)
            barrier.wait()
            answer = clients[n].post(url, data)
            codes.append(answer.status_code)
            shown.append(answer.status_code == 409 and data["summary"] in answer.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    report.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "codes": sorted(codes),
                "version": report.version,
                "summary": report.summary,
                "history": report.history.count(),
                "conflicts_shown": sum(shown),
                "journal": journal,
            }
        )
    )


if __name__ == "__main__":
    main()
