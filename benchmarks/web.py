"""`make bench`, web part: the real server (`nprz serve`) under load from wrk, on loopback.

Loads the bundled dataset into a throw-away SQLite folder, starts the server, and loads
each address in turn: a static file (the yardstick: WhiteNoise answers it before Django
routes anything, about the fastest this server can answer), the overview and an indicator
page. Each dynamic page is reported against the static file of the same run, so the verdict
does not depend on how fast this machine is.

Goals (issue): p95 under 100 ms, and dynamic throughput at least 30% of the static file's.
Server and load generator share this machine's cores; their CPU use is printed too, so a
busy machine is not mistaken for a slow server.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from benchmarks import BenchError, cpu, serving, wrk
from nprz.core.formatting import format_number
from nprz.server import worker_count

P95_GOAL_US = 100_000
THROUGHPUT_GOAL = 0.30  # share of the static file's requests per second

out = Console()
err = Console(stderr=True)


@dataclass(frozen=True)
class Measured:
    label: str
    path: str
    result: wrk.Result
    wall: float  # seconds between the CPU readings (wrk's start and end)
    server_cpu: float  # CPU seconds of the server's processes during the run
    generator_cpu: float  # CPU seconds of wrk
    machine_cpu: float  # busy CPU seconds of the whole machine (all cores)
    server_log: str = ""  # the end of the server's stderr, kept when requests failed

    def cores(self) -> tuple[float, float, float]:
        """Cores busy with (server, generator, anything else) during the run."""
        server, generator = self.server_cpu / self.wall, self.generator_cpu / self.wall
        return server, generator, max(0.0, self.machine_cpu / self.wall - server - generator)

    def server_ms_per_request(self) -> float:
        requests = self.result.requests
        return self.server_cpu * 1000 / requests if requests else math.nan


def _nl(value: float, places: int = 1) -> str:
    return format_number(Decimal(repr(value)), places) if math.isfinite(value) else "–"


def _finite_or_none(value: Any) -> Any:
    """JSON has no NaN or infinity: a ratio to nothing is written as null."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _ms(micros: int | None) -> float:
    return micros / 1000 if micros is not None else math.nan


def _fast_enough(result: wrk.Result) -> bool:
    p95 = result.percentile_us(95)
    return p95 is not None and p95 < P95_GOAL_US


def _measure_one(
    args: argparse.Namespace, server: serving.Running, label: str, path: str
) -> Measured:
    load = {"connections": args.clients, "threads": args.threads}
    if args.warmup > 0:  # fills the page cache of every worker
        wrk.run(args.wrk, server.url(path), seconds=args.warmup, **load)
    before = (cpu.tree_cpu_seconds(server.process.pid), cpu.children_cpu_seconds())
    machine_before, started = cpu.machine_cpu_seconds(), time.perf_counter()
    result = wrk.run(args.wrk, server.url(path), seconds=args.seconds, **load)
    wall = time.perf_counter() - started
    server_cpu = cpu.tree_cpu_seconds(server.process.pid) - before[0]
    generator_cpu = cpu.children_cpu_seconds() - before[1]
    machine_cpu = cpu.machine_cpu_seconds() - machine_before
    if server.process.poll() is not None:
        raise BenchError(
            f"de server stopte tijdens de meting van {label} {path} "
            f"(code {server.process.returncode}):\n{serving.tail(server.log)}"
        )
    log = serving.tail(server.log) if result.error_count else ""
    return Measured(label, path, result, wall, server_cpu, generator_cpu, machine_cpu, log)


def measure(args: argparse.Namespace) -> list[Measured]:
    targets = [("statisch", args.static), ("overzicht", "/"), ("indicator", args.page)]
    with tempfile.TemporaryDirectory(prefix="nprz-bench-web-") as name:
        folder = Path(name)
        if not args.json:
            out.print("Dataset laden en server starten…")
        env = serving.fresh_site(folder)
        with serving.running_server(env, folder, args.workers) as server:
            for label, path in targets:
                if (status := serving.status(server.port, path)) != 200:
                    hint = " (kies er een met --static)" if path == args.static else ""
                    raise BenchError(f"{label} {path} antwoordt HTTP {status}{hint}")
            results = []
            for label, path in targets:
                if not args.json:
                    out.print(f"  {label} {path}: {args.warmup} s opwarmen, {args.seconds} s")
                results.append(_measure_one(args, server, label, path))
    return results


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def as_json(results: list[Measured], args: argparse.Namespace) -> dict[str, Any]:
    static = results[0].result
    rows = []
    for m in results:
        r = m.result
        row: dict[str, Any] = {
            "label": m.label,
            "path": m.path,
            "requests": r.requests,
            "errors": r.errors,
            "seconds": r.seconds,
            "requests_per_second": r.per_second,
            "p50_ms": _ms(r.percentile_us(50)),
            "p95_ms": _ms(r.percentile_us(95)),
            "p99_ms": _ms(r.percentile_us(99)),
            "max_ms": _ms(r.max_us),
            "wrk_synthetic_samples_removed": r.synthetic,
            "cpu_cores": dict(zip(("server", "generator", "other"), m.cores(), strict=True)),
            "server_cpu_ms_per_request": m.server_ms_per_request(),
            "server_log_tail": m.server_log or None,
        }
        if m is not results[0]:
            row["p95_ratio"] = wrk.ratio(row["p95_ms"], _ms(static.percentile_us(95)))
            row["throughput_ratio"] = wrk.ratio(r.per_second, static.per_second)
            row["p95_goal_met"] = _fast_enough(r)
            row["throughput_goal_met"] = row["throughput_ratio"] >= THROUGHPUT_GOAL
        rows.append({k: _finite_or_none(v) for k, v in row.items()})
    keys = ("clients", "threads", "seconds", "warmup", "workers")
    settings = {k: getattr(args, k) for k in keys} | {"generator": "wrk"}
    return {"machine": machine(), "settings": settings, "targets": rows}


def show(results: list[Measured], args: argparse.Namespace) -> None:
    static = results[0].result
    # Narrow enough for 80 columns (make in a pipe): paths and CPU use go below the table.
    table = Table(title=f"Webserver onder last: {args.clients} gelijktijdige clients (wrk)")
    for header in ("pagina", "verz./s", "p50\nms", "p95\nms", "p99\nms", "fouten"):
        table.add_column(header, justify="left" if header == "pagina" else "right")
    table.add_column("doorvoer\n÷ statisch", justify="right")
    table.add_column("p95\n÷ statisch", justify="right")
    for m in results:
        r = m.result
        dynamic = m is not results[0]
        share = wrk.ratio(r.per_second, static.per_second)
        slower = wrk.ratio(_ms(r.percentile_us(95)), _ms(static.percentile_us(95)))
        table.add_row(
            m.label,
            _nl(r.per_second, 0),
            *(_nl(_ms(r.percentile_us(p))) for p in (50, 95, 99)),
            format_number(r.error_count),
            _nl(100 * share, 0) + "%" if dynamic else "",
            _nl(slower, 2) + "×" if dynamic else "",
        )
    out.print(table)
    for m in results[1:]:
        r = m.result
        fast = "ja" if _fast_enough(r) else "[red]nee[/red]"
        share = wrk.ratio(r.per_second, static.per_second)
        enough = "ja" if share >= THROUGHPUT_GOAL else "[red]nee[/red]"
        out.print(f"{m.label}: p95 < 100 ms: {fast} · doorvoer ≥ 30% van statisch: {enough}")
    for m in results:
        if m.result.error_count:
            out.print(f"[red]{m.label}: fouten: {escape(m.result.describe_errors())}[/red]")
            out.print(f"Einde van de foutuitvoer van de server:\n{escape(m.server_log)}")
    out.print("Pagina's: " + " · ".join(f"{m.label} {m.path}" for m in results))
    # Server, generator and whatever else runs here compete for the same cores: together
    # near the CPU count means the machine, not the server code, set the pace. Server CPU
    # per request is the figure that least depends on that.
    out.print("CPU in kernen (server / wrk / overig) en server-CPU per verzoek:")
    for m in results:
        cores = " / ".join(_nl(c, 2) for c in m.cores())
        out.print(f"  {m.label:<10} {cores} · {_nl(m.server_ms_per_request(), 2)} ms")
    info = machine()
    out.print(
        f"Machine: {info['cpu_count']} CPU's, Python {info['python']}, {info['platform']}; "
        f"server met {args.workers} werkprocessen; wrk met {args.clients} verbindingen in "
        f"{args.threads} threads, {args.seconds} s per pagina na {args.warmup} s opwarmen."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="meetduur per pagina (s)")
    parser.add_argument("--warmup", type=int, default=2, help="opwarmen per pagina (s)")
    parser.add_argument("--clients", type=int, default=20, help="gelijktijdige verbindingen")
    parser.add_argument("--threads", type=int, default=2, help="threads van wrk")
    parser.add_argument("--workers", type=int, default=0, help="werkprocessen (0: als serve)")
    parser.add_argument("--static", default="/static/nprz/site.css", help="statisch bestand")
    parser.add_argument("--page", default="/indicatoren/bevolking/", help="indicatorpagina")
    parser.add_argument("--wrk", default="wrk", help="het programma wrk")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
    args = parser.parse_args(argv)
    # Pass the count `nprz serve` would choose itself, so it can be printed with the figures.
    args.workers = args.workers or worker_count()
    # A plain `kill` must stop the server too, as Ctrl+C does: both unwind through `finally`.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        args.wrk = wrk.find(args.wrk)
        results = measure(args)
    except BenchError as error:
        # The server's log is full of "[…]"; escape it so Rich does not read it as markup.
        err.print(f"[red]benchmarks.web: fout: {escape(str(error))}[/red]", highlight=False)
        return 1
    except KeyboardInterrupt:
        err.print("benchmarks.web: afgebroken")
        return 130
    if args.json:
        sys.stdout.write(json.dumps(as_json(results, args), ensure_ascii=False, indent=2) + "\n")
    else:
        show(results, args)
    # Missed speed goals are reported, not fatal (machines differ); failing requests are.
    return 1 if any(m.result.error_count for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
