"""A small HTTP load generator: concurrent keep-alive clients, spread over processes.

Each client is one persistent HTTP/1.1 connection that sends the next GET as soon as the
previous answer is read (a closed loop), so latency and throughput are measured together.
Clients run as threads inside several processes: Python threads share one GIL, and a
single process would otherwise cap the request rate and be mistaken for a slow server.
Each process reports its own CPU time, so the caller can see whether the generator
saturated its cores; the /proc meters tell the same of the server and the whole machine.
The statistics at the top are pure functions, tested exactly.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event

# ---------------------------------------------------------------- statistics (pure)


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of values sorted ascending: the smallest value with at least
    p% of the values at or below it. Always one of the values, never an interpolation."""
    if not ordered:
        raise ValueError("percentiel van een lege reeks")
    if not 0 <= p <= 100:
        raise ValueError(f"percentiel moet tussen 0 en 100 liggen, niet {p}")
    # p * n before dividing: p / 100 * n is inexact in floats (7 / 100 * 100 > 7).
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


def ratio(value: float, reference: float) -> float:
    """value / reference; infinity when the reference is zero (e.g. no static answers)."""
    return value / reference if reference else math.inf


@dataclass(frozen=True)
class Summary:
    """What one run against one path measured. Latencies in seconds; `requests` counts
    successful (200) answers only, errors are everything else."""

    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def summarize(latencies: Sequence[float], errors: int, seconds: float) -> Summary:
    ordered = sorted(latencies)
    if not ordered:
        return Summary(0, errors, seconds, math.nan, math.nan, math.nan)
    return Summary(
        requests=len(ordered),
        errors=errors,
        seconds=seconds,
        p50=percentile(ordered, 50),
        p95=percentile(ordered, 95),
        p99=percentile(ordered, 99),
    )


# ---------------------------------------------------------------- meters (Linux /proc)


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of `pid` and all its descendants (e.g. a server's master and workers),
    from /proc; 0 where there is no /proc. Descendants that already exited are not counted."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name (field 2) may hold spaces; the fields after ")" are fixed.
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended while we looked
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    tree, grown = {pid}, True
    while grown:
        before = len(tree)
        tree |= {child for child, (parent, _) in stats.items() if parent in tree}
        grown = len(tree) > before
    return sum(stats.get(member, (0, 0.0))[1] for member in tree)


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of all cores since boot (not idle, not waiting for disk); 0 without
    /proc. Other programs on a shared machine show up as the part that is neither server
    nor generator, which explains a run that is slower than usual."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(v) for v in first[:8]]  # user nice system idle iowait irq softirq steal
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- clients

Meter = Callable[[], tuple[float, ...]]


@dataclass
class Tally:
    """Raw results of some clients; merged across threads and processes."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    reconnects: int = 0
    cpu_seconds: float = 0.0  # CPU time of the generator processes themselves
    samples: list[str] = field(default_factory=list)  # a few distinct error descriptions
    metered: tuple[float, ...] = ()  # what the caller's meter counted during the run

    def error(self, description: str) -> None:
        self.errors += 1
        self._sample(description)

    def _sample(self, description: str) -> None:
        if len(self.samples) < 5 and description not in self.samples:
            self.samples.append(description)

    def merge(self, other: Tally) -> None:
        self.latencies.extend(other.latencies)
        self.errors += other.errors
        self.reconnects += other.reconnects
        self.cpu_seconds += other.cpu_seconds
        for description in other.samples:
            self._sample(description)


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bool]:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()  # the whole body counts: latency is until the last byte
    return response.status, response.will_close


def client(host: str, port: int, path: str, seconds: float, tally: Tally) -> None:
    """One closed-loop client for `seconds`. A keep-alive connection the server closed
    while idle is retried once on a fresh connection, as browsers do; that is a
    reconnect, not an error. Failing on a fresh connection is an error."""
    latencies: list[float] = []
    connection = http.client.HTTPConnection(host, port, timeout=30)
    fresh = True
    deadline = time.perf_counter() + seconds
    try:
        while (started := time.perf_counter()) < deadline:
            try:
                status, will_close = _get(connection, path)
            except (OSError, http.client.HTTPException) as problem:
                connection.close()  # the next request opens a new connection itself
                if fresh:
                    tally.error(type(problem).__name__)
                    time.sleep(0.01)  # a server that is down must not make us spin
                    continue
                fresh = True
                tally.reconnects += 1
                try:
                    status, will_close = _get(connection, path)
                except (OSError, http.client.HTTPException) as again:
                    connection.close()
                    tally.error(type(again).__name__)
                    time.sleep(0.01)
                    continue
            elapsed = time.perf_counter() - started
            fresh = will_close
            if will_close:
                connection.close()
            if status == 200:
                latencies.append(elapsed)
            else:
                tally.error(f"HTTP {status}")
    finally:
        connection.close()
    tally.latencies.extend(latencies)


def _threads(host: str, port: int, path: str, clients: int, seconds: float) -> Tally:
    """Run `clients` threads in this process and merge what they measured."""
    tallies = [Tally() for _ in range(clients)]
    workers = [
        threading.Thread(target=client, args=(host, port, path, seconds, t), daemon=True)
        for t in tallies
    ]
    # CPU time of this whole process: in a spawned client process that is the clients
    # alone; with processes=1 it also counts whatever else this process runs.
    cpu_before = time.process_time()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    total.cpu_seconds = time.process_time() - cpu_before
    return total


def _process_main(
    host: str,
    port: int,
    path: str,
    clients: int,
    seconds: float,
    results: Queue[Tally | None],
    go: Event,
) -> None:
    # Ctrl+C goes to the whole process group; the parent stops us, we must not print a
    # traceback per process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    results.put(None)  # "started": the parent waits for all before it says go
    go.wait()
    results.put(_threads(host, port, path, clients, seconds))


def split(clients: int, processes: int) -> list[int]:
    """Clients per process, as even as possible, no empty processes."""
    processes = max(1, min(processes, clients))
    base, extra = divmod(clients, processes)
    return [base + (1 if i < extra else 0) for i in range(processes)]


def _difference(meter: Meter | None, start: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(b - a for a, b in zip(start, meter(), strict=True)) if meter else ()


def run(
    host: str,
    port: int,
    path: str,
    *,
    clients: int,
    seconds: float,
    processes: int = 1,
    meter: Meter | None = None,
) -> tuple[Summary, Tally]:
    """Load `path` with `clients` concurrent clients for `seconds`.

    With processes=1 the clients are threads in this process (cheap, fine for tests);
    otherwise they are spread over that many spawned processes, which start together.
    `meter` (e.g. CPU counters) is read when the clients start and when they are done, so
    starting the processes is not counted; the difference lands in `Tally.metered`.
    """
    if processes <= 1:
        start = meter() if meter else ()
        tally = _threads(host, port, path, clients, seconds)
        tally.metered = _difference(meter, start)
        return summarize(tally.latencies, tally.errors, seconds), tally
    # spawn, not fork: forking a process that runs threads (e.g. a test server) is unsafe.
    context = multiprocessing.get_context("spawn")
    results: Queue[Tally | None] = context.Queue()
    go = context.Event()
    children = [
        context.Process(
            target=_process_main,
            args=(host, port, path, count, seconds, results, go),
            daemon=True,
        )
        for count in split(clients, processes)
    ]
    try:
        for child in children:
            child.start()
        for _ in children:  # wait until every process is up, so all clients start together
            results.get(timeout=60)
        start = meter() if meter else ()
        go.set()
        tally = Tally()
        for _ in children:
            part = results.get(timeout=seconds + 60)
            if part is not None:
                tally.merge(part)
        tally.metered = _difference(meter, start)
        for child in children:
            child.join(timeout=10)
    except queue.Empty as error:
        raise RuntimeError("de processen van de lastgenerator gaven geen antwoord") from error
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
                child.join()
            if child.exitcode is not None:
                child.close()
        results.close()
        results.join_thread()
    return summarize(tally.latencies, tally.errors, seconds), tally
