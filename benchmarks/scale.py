"""`make bench`, scale: NPRZ and a SYNTHETIC national programme side by side on PostgreSQL.

In a fresh database of its own (created, and dropped at the end): `nprz load nprz2024`, the
national programme's definition (`benchmarks.national`: every gemeente and wijk of the
Netherlands, 20 indicators, 2012-2024, about 970.000 values) and its deliveries (one per
indicator) through `nprz import file`. Measured:

- the import's throughput in values per second (goal: at least 50.000);
- `nprz targets` of the national programme (goal: at most 30 s);
- the page of one area and the goals page of the national programme through Django's test
  client (the whole middleware stack, in one process): the first request after the import
  (no goal), then p50 and p95 over N requests uncached (the page cache emptied before each,
  so the page is built again from the sums the process keeps per state of the data; goal p95
  at most 200 ms) and cached (goal p95 at most 20 ms);
- the peak memory (maximum resident set) of each command and of the web process.

Every step runs the real `nprz` command in a child process, so its wall time and peak memory
are the command's own (os.wait4). Prints a table; exit code 1 when a goal is missed.
Run as `.venv/bin/python -m benchmarks.scale` from the repository root.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import BenchError, national
from benchmarks.serving import nprz_command

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "nprz_bench_scale"
IMPORT_GOAL = 50_000  # values per second
TARGETS_GOAL = 30.0  # seconds
UNCACHED_GOAL = 200.0  # ms, p95
CACHED_GOAL = 20.0  # ms, p95


@dataclass(frozen=True)
class Step:
    seconds: float
    max_rss_mb: float
    output: str


@dataclass(frozen=True)
class Line:
    what: str
    figure: str
    goal: str
    met: bool | None  # None: no goal


class Report(list[Line]):
    """The measurements so far; each is printed as it comes, so a long run that is stopped
    still shows what it measured."""

    def append(self, line: Line) -> None:
        super().append(line)
        print(f"  {line.what}: {line.figure}", flush=True)


def run_step(command: list[str], env: dict[str, str]) -> Step:
    """Run one `nprz` command; its wall time and its own peak memory (ru_maxrss, in KiB)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    if child.returncode:
        raise BenchError(f"`{' '.join(command[-6:])}` mislukte (code {child.returncode}):\n{text}")
    return Step(seconds, usage.ru_maxrss / 1024, text)


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p% of them at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def timed_requests(get: Callable[[str], int], paths: list[str]) -> list[float]:
    """Milliseconds per GET; every answer must be 200."""
    times = []
    for path in paths:
        started = time.perf_counter()
        code = get(path)
        times.append((time.perf_counter() - started) * 1000)
        if code != 200:
            raise BenchError(f"{path} antwoordde HTTP {code}, niet 200")
    return times


def measure_pages(
    env: dict[str, str], section: str, area_codes: list[str], requests: int
) -> list[Line]:
    """The area and goals pages in this process, through Django's test client."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nprz.site.settings")
    import django

    django.setup()
    from django.core.cache import caches
    from django.test import Client

    from nprz.web import pagecache

    client = Client()

    def get(path: str) -> int:
        return int(client.get(path).status_code)

    def forget(path: str) -> int:
        # Uncached: the shared cache and the process's memory in front of it are emptied, so
        # this request builds the page as the first reader after a data change would.
        for name in ("default", "pages"):
            caches[name].clear()
        pagecache.pages.clear()
        return get(path)

    lines = Report()
    pages = {
        "gebiedspagina": [f"{section}/gebieden/{code}/" for code in area_codes],
        "doelenpagina": [f"{section}/doelen/"],
    }
    for what, paths in pages.items():
        # The first request after the import builds what several pages share once per state
        # of the data (`per_stamp` sums), in this process also imports and compiles: what
        # the first reader after a new delivery waits for. One figure, no goal.
        first = timed_requests(get, [paths[0]])[0]
        lines.append(Line(f"{what}, eerste verzoek na de import", f"{_ms(first)} ms", "", None))
        cycle = [paths[i % len(paths)] for i in range(requests)]
        cold = timed_requests(forget, cycle)
        get(paths[0])
        warm = timed_requests(get, [paths[0]] * requests)
        for label, times, goal in (
            ("ongecachet", cold, UNCACHED_GOAL),
            ("gecachet", warm, CACHED_GOAL),
        ):
            p50, p95 = percentile(times, 50), percentile(times, 95)
            lines.append(
                Line(
                    f"{what}, {label} ({requests}×)",
                    f"p50 {_ms(p50)} ms · p95 {_ms(p95)} ms",
                    f"p95 ≤ {goal:.0f} ms",
                    p95 <= goal,
                )
            )
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(Line("piekgeheugen, webproces", f"{_mb(peak)} MB", "", None))
    return lines


def _ms(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _mb(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _count(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def run(args: argparse.Namespace, folder: Path) -> list[Line]:
    url = f"{args.pg}/{DATABASE}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NPRZ_DATA_DIR": str(folder / "data"),
        "NPRZ_ENV": "development",
        "NPRZ_ALLOWED_HOSTS": "127.0.0.1,testserver",
    }
    env.pop("NPRZ_REDIS_URL", None)  # the database cache: never empty a Redis of the machine
    nprz = nprz_command()
    if args.gemeenten:
        areas = national.synthetic_areas(args.gemeenten, args.wijken)
    else:
        areas = national.real_areas() or national.synthetic_areas(340, 9)
    programme = folder / "nl"
    sizes = national.write_programme(programme, areas, indicators=args.indicatoren)
    files = national.deliveries(programme)
    print(
        f"{national.MARK} programma: {_count(sizes.areas)} gebieden, {sizes.indicators} "
        f"indicatoren, {sizes.years} jaren: {_count(sizes.rows)} rijen "
        f"({_count(sizes.values)} getallen, de rest nb)",
        flush=True,
    )
    lines = Report()
    run_step([*nprz, "migrate"], env)
    step = run_step([*nprz, "load", "nprz2024"], env)
    lines.append(
        Line("nprz load nprz2024", f"{_ms(step.seconds)} s · {_mb(step.max_rss_mb)} MB", "", None)
    )
    step = run_step([*nprz, "load", str(programme)], env)
    lines.append(
        Line(
            "nprz load (landelijk programma)",
            f"{_ms(step.seconds)} s · {_mb(step.max_rss_mb)} MB",
            "",
            None,
        )
    )
    print(f"importeren: {len(files)} leveringen ...", flush=True)
    code = national.PROGRAMME
    seconds = peak = 0.0
    for path in files:
        step = run_step([*nprz, "--programma", code, "import", "file", str(path), "--beknopt"], env)
        seconds += step.seconds
        peak = max(peak, step.max_rss_mb)
        if " 0 gewijzigd, 0 gelijk" not in step.output:
            raise BenchError(
                f"{path.name}: de import schreef niet alleen nieuwe waarden:\n{step.output}"
            )
    rate = sizes.rows / seconds
    lines.append(
        Line(
            f"nprz import file ×{len(files)}, {_count(sizes.rows)} waarden",
            f"{_ms(seconds)} s · {_count(rate)} waarden/s · {_mb(peak)} MB",
            f"≥ {_count(IMPORT_GOAL)} waarden/s",
            rate >= IMPORT_GOAL,
        )
    )
    print("doelen ...", flush=True)
    step = run_step([*nprz, "--programma", code, "targets", "--year", "2024", "-f", "csv"], env)
    goals = len(step.output.splitlines()) - 1
    lines.append(
        Line(
            f"nprz targets ({goals} doelen)",
            f"{_ms(step.seconds)} s · {_mb(step.max_rss_mb)} MB",
            f"≤ {TARGETS_GOAL:.0f} s",
            step.seconds <= TARGETS_GOAL,
        )
    )
    print("pagina's ...", flush=True)
    wijken = [a.code for a in areas if a.kind == "wijk"][: args.verzoeken]
    lines += measure_pages(env, f"/programma/{code}", wijken, args.verzoeken)
    return lines


def _close_django() -> None:
    # The web part's connection would keep the database from being dropped.
    if "django.db" in sys.modules:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()


def print_table(lines: list[Line]) -> None:
    width = max(len(line.what) for line in lines)
    figure = max(len(line.figure) for line in lines)
    print(f"\n{'meting':<{width}}  {'resultaat':<{figure}}  doel")
    for line in lines:
        verdict = "" if line.met is None else ("gehaald" if line.met else "NIET GEHAALD")
        goal = f"{line.goal} {verdict}".strip()
        print(f"{line.what:<{width}}  {line.figure:<{figure}}  {goal}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=f"Schaal: NPRZ en een {national.MARK} landelijk programma op PostgreSQL."
    )
    parser.add_argument(
        "--pg", default=PG_SERVER, help=f"PostgreSQL-server (standaard {PG_SERVER})"
    )
    parser.add_argument("--gemeenten", type=int, help="verzonnen gemeenten i.p.v. alle echte codes")
    parser.add_argument("--wijken", type=int, default=9, help="wijken per verzonnen gemeente")
    parser.add_argument("--indicatoren", type=int, default=20)
    parser.add_argument("--verzoeken", type=int, default=40, help="verzoeken per paginameting")
    parser.add_argument("--houden", action="store_true", help="de database niet weggooien")
    args = parser.parse_args(argv)
    try:
        _admin(args.pg, f"DROP DATABASE IF EXISTS {DATABASE}")
        _admin(args.pg, f"CREATE DATABASE {DATABASE}")
    except Exception as error:  # psycopg's errors and OSError alike: say what to do
        print(
            f"benchmarks.scale: PostgreSQL niet bereikbaar op {args.pg}: {error}", file=sys.stderr
        )
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="nprz-scale-") as folder:
            lines = run(args, Path(folder))
    except BenchError as error:
        print(f"benchmarks.scale: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.houden:
            _close_django()
            _admin(args.pg, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    print_table(lines)
    return 0 if all(line.met is not False for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
