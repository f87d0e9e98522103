"""`make bench`, web part: the real server (`nprz serve`) under load on loopback.

Loads the bundled dataset into a throw-away SQLite folder, starts the server as a
subprocess, and measures each target in turn: a static file (the yardstick: WhiteNoise
answers it before Django routes anything, about the fastest this server can answer), the
overview and an indicator page. Each dynamic page is reported against the static file of
the same run, so the verdict does not depend on how fast this machine is.

Goals (issue): p95 under 100 ms, and dynamic throughput at least 30% of the static file's.
Server and load generator share this machine's cores; their CPU use is printed too, so a
saturated generator is not mistaken for a slow server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from nprz import loadgen
from nprz.core.formatting import format_number
from nprz.server import worker_count

HOST = "127.0.0.1"
P95_GOAL = 0.100  # seconds
THROUGHPUT_GOAL = 0.30  # share of the static file's requests per second
STARTUP_TIMEOUT = 60.0

out = Console()
err = Console(stderr=True)


class BenchError(Exception):
    """Setup went wrong (data, server, a page that is not 200); the message is Dutch."""


@dataclass(frozen=True)
class Measured:
    label: str
    path: str
    summary: loadgen.Summary
    tally: loadgen.Tally
    server_cpu: float  # CPU seconds of the server's processes during the run
    machine_cpu: float  # CPU seconds of the whole machine (all cores) during the run
    server_log: str = ""  # the end of the server's stderr, kept when requests failed

    def cores(self) -> tuple[float, float, float]:
        """Cores busy with (server, generator, anything else) during the run."""
        seconds = self.summary.seconds
        server, generator = self.server_cpu / seconds, self.tally.cpu_seconds / seconds
        return server, generator, max(0.0, self.machine_cpu / seconds - server - generator)


@dataclass(frozen=True)
class Running:
    process: subprocess.Popen[bytes]
    port: int
    log: Path


def _nl(value: float, places: int = 1) -> str:
    return format_number(Decimal(repr(value)), places) if math.isfinite(value) else "–"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port


def _status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _tail(log: Path, lines: int = 30) -> str:
    text = log.read_text(errors="replace").rstrip() if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(geen uitvoer)"


def _nprz() -> list[str]:
    script = Path(sys.executable).with_name("nprz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nprz"]


@contextmanager
def running_server(env: dict[str, str], folder: Path, workers: int) -> Iterator[Running]:
    """Start `nprz serve`, wait until / answers 200, yield it; always stop it."""
    port = _free_port()
    log = folder / "server-stderr.txt"
    command = [*_nprz(), "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as stderr:
        # Own session: Ctrl+C reaches only us, and we stop the server in a known order.
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if server.poll() is not None:
                raise BenchError(
                    f"de server stopte meteen (code {server.returncode}):\n{_tail(log)}"
                )
            try:
                status = _status(port, "/")
            except (OSError, http.client.HTTPException):
                status = 0  # not listening yet, or closed on us while starting
            if status == 200:
                break
            if status:
                raise BenchError(f"de server draait, maar / antwoordt HTTP {status}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise BenchError(
                    f"de server antwoordde niet binnen {STARTUP_TIMEOUT:.0f} s op "
                    f"http://{HOST}:{port}/:\n{_tail(log)}"
                )
            time.sleep(0.2)
        yield Running(server, port, log)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _load_data(env: dict[str, str]) -> None:
    done = subprocess.run(
        [*_nprz(), "load", "nprz2024"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BenchError(f"`nprz load nprz2024` mislukte:\n{done.stderr or done.stdout}")


def measure(args: argparse.Namespace) -> list[Measured]:
    targets = [("statisch", args.static), ("overzicht", "/"), ("indicator", args.page)]
    with tempfile.TemporaryDirectory(prefix="nprz-webbench-") as name:
        folder = Path(name)
        # Always the throw-away SQLite file, never a configured database; development mode
        # needs no secret key and differs from production only in that requirement.
        env = {**os.environ, "NPRZ_DATA_DIR": str(folder), "NPRZ_ENV": "development"}
        env.pop("DATABASE_URL", None)
        if not args.json:
            out.print("Dataset laden en server starten…")
        _load_data(env)
        with running_server(env, folder, args.workers) as server:
            pid, port = server.process.pid, server.port
            for label, path in targets:
                if (status := _status(port, path)) != 200:
                    hint = " (kies er een met --static)" if path == args.static else ""
                    raise BenchError(f"{label} {path} antwoordt HTTP {status}{hint}")

            def meter() -> tuple[float, ...]:
                return loadgen.tree_cpu_seconds(pid), loadgen.machine_cpu_seconds()

            load = partial(loadgen.run, HOST, port, clients=args.clients, processes=args.processes)
            results = []
            for label, path in targets:
                if not args.json:
                    out.print(f"  {label} {path}: {args.warmup:g} s opwarmen, {args.seconds:g} s")
                load(path, seconds=args.warmup)  # fills the page cache of every worker
                summary, tally = load(path, seconds=args.seconds, meter=meter)
                server_cpu, machine_cpu = tally.metered or (0.0, 0.0)
                if server.process.poll() is not None:
                    raise BenchError(
                        f"de server stopte tijdens de meting van {label} {path} "
                        f"(code {server.process.returncode}):\n{_tail(server.log)}"
                    )
                log = _tail(server.log) if summary.errors else ""
                results.append(Measured(label, path, summary, tally, server_cpu, machine_cpu, log))
    return results


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def as_json(results: list[Measured], args: argparse.Namespace) -> dict[str, Any]:
    static = results[0].summary
    rows = []
    for r in results:
        s = r.summary
        row: dict[str, Any] = {
            "label": r.label,
            "path": r.path,
            "requests": s.requests,
            "errors": s.errors,
            "reconnects": r.tally.reconnects,
            "seconds": s.seconds,
            "p50_ms": s.p50 * 1000,
            "p95_ms": s.p95 * 1000,
            "p99_ms": s.p99 * 1000,
            "requests_per_second": s.per_second,
            "cpu_cores": dict(zip(("server", "generator", "other"), r.cores(), strict=True)),
            "server_cpu_ms_per_request": r.server_cpu * 1000 / s.requests if s.requests else None,
            "error_samples": r.tally.samples,
            "server_log_tail": r.server_log or None,
        }
        if r is not results[0]:
            row["p95_ratio"] = loadgen.ratio(s.p95, static.p95)
            row["throughput_ratio"] = loadgen.ratio(s.per_second, static.per_second)
            row["p95_goal_met"] = s.p95 < P95_GOAL
            row["throughput_goal_met"] = row["throughput_ratio"] >= THROUGHPUT_GOAL
        rows.append({k: (None if v != v or v == math.inf else v) for k, v in row.items()})
    keys = ("clients", "processes", "seconds", "warmup", "workers")
    settings = {k: getattr(args, k) for k in keys}
    return {"machine": machine(), "settings": settings, "targets": rows}


def show(results: list[Measured], args: argparse.Namespace) -> None:
    static = results[0].summary
    # Narrow enough for 80 columns (make in a pipe): paths and CPU use go below the table.
    table = Table(title=f"Webserver onder last: {args.clients} gelijktijdige clients")
    for header in ("pagina", "verz./s", "p50\nms", "p95\nms", "p99\nms", "fouten"):
        table.add_column(header, justify="left" if header == "pagina" else "right")
    table.add_column("doorvoer\n÷ statisch", justify="right")
    table.add_column("p95\n÷ statisch", justify="right")
    for r in results:
        s = r.summary
        dynamic = r is not results[0]
        table.add_row(
            r.label,
            _nl(s.per_second, 0),
            *(_nl(v * 1000) for v in (s.p50, s.p95, s.p99)),
            format_number(s.errors),
            _nl(100 * loadgen.ratio(s.per_second, static.per_second), 0) + "%" if dynamic else "",
            _nl(loadgen.ratio(s.p95, static.p95), 2) + "×" if dynamic else "",
        )
    out.print(table)
    for r in results[1:]:
        s = r.summary
        fast = "ja" if s.p95 < P95_GOAL else "[red]nee[/red]"
        share = loadgen.ratio(s.per_second, static.per_second)
        enough = "ja" if share >= THROUGHPUT_GOAL else "[red]nee[/red]"
        out.print(f"{r.label}: p95 < 100 ms: {fast} · doorvoer ≥ 30% van statisch: {enough}")
    for r in results:
        if r.summary.errors:
            samples = escape(", ".join(r.tally.samples))
            out.print(f"[red]{r.label}: {r.summary.errors} fouten ({samples})[/red]")
            out.print(f"Einde van de foutuitvoer van de server:\n{escape(r.server_log)}")
    out.print("Pagina's: " + " · ".join(f"{r.label} {r.path}" for r in results))
    # Server, generator and whatever else runs here compete for the same cores: together
    # near the CPU count means the machine, not the server code, set the pace. Server CPU
    # per request is the figure that least depends on that.
    out.print("CPU in kernen (server / generator / overig) en server-CPU per verzoek:")
    for r in results:
        cores = " / ".join(_nl(c, 2) for c in r.cores())
        per_request = r.server_cpu * 1000 / r.summary.requests if r.summary.requests else math.nan
        out.print(f"  {r.label:<10} {cores} · {_nl(per_request, 2)} ms")
    m = machine()
    out.print(
        f"Machine: {m['cpu_count']} CPU's, Python {m['python']}, {m['platform']}; "
        f"server met {args.workers} werkprocessen; {args.clients} clients in "
        f"{args.processes} processen, {args.seconds:g} s per pagina na {args.warmup:g} s opwarmen."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nprz.webbench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="meetduur per pagina")
    parser.add_argument("--warmup", type=float, default=2.0, help="opwarmen per pagina")
    parser.add_argument("--clients", type=int, default=20, help="gelijktijdige clients")
    parser.add_argument("--processes", type=int, default=4, help="processen voor de clients")
    parser.add_argument("--workers", type=int, default=0, help="werkprocessen (0: als serve)")
    parser.add_argument("--static", default="/static/nprz/site.css", help="statisch bestand")
    parser.add_argument("--page", default="/indicatoren/bevolking/", help="indicatorpagina")
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
    args = parser.parse_args(argv)
    # Pass the count `nprz serve` would choose itself, so it can be printed with the figures.
    args.workers = args.workers or worker_count()
    # A plain `kill` must stop the server too, as Ctrl+C does: both unwind through `finally`.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        results = measure(args)
    except BenchError as error:
        # The server's log is full of "[…]"; escape it so Rich does not read it as markup.
        err.print(f"[red]nprz.webbench: fout: {escape(str(error))}[/red]", highlight=False)
        return 1
    except KeyboardInterrupt:
        err.print("nprz.webbench: afgebroken")
        return 130
    if args.json:
        sys.stdout.write(json.dumps(as_json(results, args), ensure_ascii=False, indent=2) + "\n")
    else:
        show(results, args)
    # Missed speed goals are reported, not fatal (machines differ); failing requests are.
    return 1 if any(r.summary.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
