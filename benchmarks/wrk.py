"""wrk (the Debian package `wrk`) as the load generator: run it on one address, read its result.

wrk is C on epoll: its threads keep the keep-alive connections busy with a fraction of one
core, so on a small machine the generator leaves the cores to the server. Each connection
sends the next GET as soon as the previous answer is in (a closed loop), so throughput and
latency are measured together.

`wrk-summary.lua` prints wrk's counters and latency histogram (whole microseconds) as one
JSON line. wrk has added synthetic samples to that histogram for slow answers (its correction
for coordinated omission, which assumes requests that arrive on a schedule; ours do not);
`undo_correction` takes them out again, so p50, p95 and p99 are nearest-rank percentiles of
the latencies actually measured, exact to the microsecond, as the README's tables have always
shown them. wrk's own printed percentiles include the synthetic samples and differ.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks import BenchError

SCRIPT = Path(__file__).with_name("wrk-summary.lua")
MARKER = "nprz-wrk "
INSTALL = "wrk ontbreekt; installeer het met: apt-get install wrk"
ERROR_KINDS = {  # wrk's error counters, in Dutch
    "connect": "verbinden mislukt",
    "read": "lezen mislukt",
    "write": "schrijven mislukt",
    "status": "HTTP-status ≥ 400",
    "timeout": "time-out",
}

Histogram = Mapping[int, int]  # latency in microseconds -> how many requests took that long


def correction_interval(duration_us: int, requests: int, connections: int) -> int | None:
    """The interval wrk's correction assumed (its main(), in integer arithmetic: the run time
    over the requests per connection); None where wrk made no correction."""
    per_connection = requests // connections
    return duration_us // per_connection if per_connection > 0 else None


def undo_correction(corrected: Histogram, interval: int | None) -> dict[int, int]:
    """The histogram before wrk's correction. wrk's stats_correct gave every answer of n ≥ 2i
    microseconds (i the interval) synthetic companions at n - i, n - 2i, … down to just above
    i. So a bucket m > i holds its own answers plus one companion of each answer at m + i,
    m + 2i, …, which is everything bucket m + i holds:
    measured[m] = corrected[m] - corrected[m + i]. Shown in tests/benchmarks/test_wrk.py.
    """
    if interval is None:
        return {value: count for value, count in corrected.items() if count}
    measured = {}
    for value, count in corrected.items():
        own = count - corrected.get(value + interval, 0) if value > interval else count
        if own < 0:
            raise ValueError(f"wrk's correctie laat zich niet terugrekenen (bij {value} µs)")
        if own:
            measured[value] = own
    return measured


def percentile(histogram: Histogram, p: int) -> int | None:
    """Nearest rank: the smallest value with at least p% of the values at or below it; None
    for an empty histogram."""
    total = sum(histogram.values())
    if not total:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentiel moet tussen 0 en 100 liggen, niet {p}")
    rank = max(1, -(-p * total // 100))  # ceil in integers: floats misround p * n / 100
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable: rank <= total")


@dataclass(frozen=True)
class Result:
    """One wrk run. `requests` counts every completed answer, `errors` wrk's error counters
    (connect, read, write, HTTP status ≥ 400, time-out). `latencies` are the measured ones;
    `synthetic` counts the samples wrk's correction had added (and we took out)."""

    requests: int
    seconds: float
    errors: dict[str, int]
    latencies: dict[int, int]
    synthetic: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def percentile_us(self, p: int) -> int | None:
        return percentile(self.latencies, p)

    @property
    def max_us(self) -> int | None:
        return max(self.latencies, default=None)

    def describe_errors(self) -> str:
        """In Dutch, e.g. '3 × HTTP-status ≥ 400, 1 × time-out'; empty without errors."""
        counted = [(ERROR_KINDS.get(kind, kind), n) for kind, n in self.errors.items() if n]
        return ", ".join(f"{n} × {kind}" for kind, n in counted)


def parse(output: str, connections: int) -> Result:
    """The result in wrk's standard output of a run with `connections` connections;
    ValueError when the script's line is missing or does not add up."""
    line = next((ln for ln in output.splitlines() if ln.startswith(MARKER)), None)
    if line is None:
        raise ValueError("de regel van wrk-summary.lua ontbreekt in de uitvoer van wrk")
    data = json.loads(line.removeprefix(MARKER))
    corrected = {int(value): int(count) for value, count in data["histogram"]}
    # The histogram was read from wrk's memory: check it against what wrk's API said.
    if len(corrected) != data["buckets"] or (
        corrected and (min(corrected), max(corrected)) != (data["min_us"], data["max_us"])
    ):
        raise ValueError("het latentiehistogram van wrk is niet goed gelezen")
    requests, errors = int(data["requests"]), {k: int(v) for k, v in data["errors"].items()}
    interval = correction_interval(int(data["duration_us"]), requests, connections)
    latencies = undo_correction(corrected, interval)
    # One latency per answer, except answers slower than the time-out (counted as errors).
    if not requests - errors["timeout"] <= sum(latencies.values()) <= requests:
        raise ValueError(
            f"{sum(latencies.values())} latenties na wrk's correctie bij {requests} antwoorden"
        )
    synthetic = sum(corrected.values()) - sum(latencies.values())
    return Result(requests, data["duration_us"] / 1e6, errors, latencies, synthetic)


def find(program: str = "wrk") -> str:
    """The wrk executable; BenchError with how to install it when it is missing."""
    found = shutil.which(program)
    if found is None:
        raise BenchError(INSTALL)
    return found


def run(
    program: str, url: str, *, connections: int, threads: int, seconds: int, timeout: int = 30
) -> Result:
    """Load `url` for `seconds` (wrk takes whole seconds) with `connections` keep-alive
    connections over `threads` threads. A latency above `timeout` seconds counts as an
    error (wrk's default of 2 s would hide slow pages as time-outs)."""
    command = [
        program,
        f"--connections={connections}",
        f"--threads={min(threads, connections)}",
        f"--duration={seconds}s",
        f"--timeout={timeout}s",
        f"--script={SCRIPT}",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        if done.returncode:
            raise ValueError(f"wrk stopte met code {done.returncode}")
        return parse(done.stdout, connections)
    except ValueError as problem:
        output = "\n".join(part for part in (done.stdout, done.stderr) if part.strip())
        if len(output) > 2000:  # the histogram line can be long
            output = output[:2000] + " …"
        raise BenchError(f"{problem} ({' '.join(command)}):\n{output.rstrip()}") from problem


def ratio(value: float, reference: float) -> float:
    """value / reference; infinity when the reference is zero (e.g. no static answers)."""
    return value / reference if reference else math.inf
