"""`make bench`, first part: how long the main steps take in one process (median of 5 runs).

Reading and loading the dataset, the targets, the check and the projections, and reading and
planning a delivery, against a throw-away SQLite database in a temporary folder; one line
per step. Run it as `.venv/bin/python -m benchmarks.steps` from the repository root.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable


def _median_seconds(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _large_delivery(template: bytes, rows: int) -> bytes:
    """A valid delivery of `rows` rows: the demo's rows again for earlier years (the figures
    themselves do not matter for reading speed, and none of it is stored)."""
    header, *lines = template.decode("utf-8").splitlines()
    out = [header]
    year = 2024
    while len(out) <= rows:
        out += [line.replace(",2024,", f",{year},", 1) for line in lines]
        year -= 1
    return "\n".join(out[: rows + 1]).encode("utf-8")


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NPRZ_DATA_DIR"] = folder
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nprz.site.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from nprz.checks import run_checks
        from nprz.datasets import CBS2024
        from nprz.datasets import folder as dataset_folder
        from nprz.datasets.reader import read_dataset
        from nprz.facts import report_facts
        from nprz.imports import cbs, files, store
        from nprz.loading import load_dataset
        from nprz.monitor.outlook import outlook
        from nprz.monitor.targets import target_rows

        dataset = read_dataset(dataset_folder("nprz2024"))
        load_dataset(dataset)
        # The CBS delivery brings the indicators the map-file CSV is delivered for.
        kwb = cbs.read_delivery(CBS2024 / "85984NED", cbs.mapping_for("85984NED"), store.codes())
        store.apply(kwb, user="bench")
        kaart = CBS2024 / "kwb-kaart-2024.csv"
        codes = store.codes()
        large = _large_delivery(kaart.read_bytes(), rows=20_000)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("dataset lezen en valideren", lambda: read_dataset(dataset_folder("nprz2024"))),
            ("dataset laden (SQLite)", lambda: load_dataset(dataset)),
            ("doelen 2024 berekenen", lambda: target_rows(2024)),
            ("controle 2024 (nprz check)", lambda: run_checks(report_facts(2024))),
            ("prognoses 2024 (nprz outlook)", lambda: outlook(2024)),
            ("levering lezen, 286 rijen CSV", lambda: files.read_delivery(kaart, codes)),
            (
                "levering controleren en plannen",
                lambda: store.plan(store.check(files.read_delivery(kaart, codes))),
            ),
            ("levering lezen, 20.000 rijen CSV", lambda: files.read_bytes(large, "x.csv", codes)),
        ]
        print(f"Mediaan van {runs} runs per stap:")
        for name, step in steps:
            seconds = _median_seconds(step, runs)
            print(f"  {name:<30} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
