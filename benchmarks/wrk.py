"""wrk (the Debian package `wrk`) as the load generator: run it on one address, read its result.

wrk is C on epoll: its threads keep the keep-alive connections busy with a fraction of one
core, so on a small machine the generator leaves the cores to the server. Each connection
sends the next GET as soon as the previous answer is in (a closed loop), so throughput and
latency are measured together. `wrk-summary.lua` prints wrk's own histogram as one JSON line:
p50, p95 and p99 to the microsecond (wrk takes the value at rank round(p·n/100 + ½)).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
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


@dataclass(frozen=True)
class Result:
    """One wrk run. `requests` counts every completed answer, `errors` the sum of wrk's
    error counters (connect, read, write, HTTP status ≥ 400, time-out) by kind.
    Latencies in microseconds; None when nothing was answered."""

    requests: int
    seconds: float
    errors: dict[str, int]
    p50_us: int | None
    p95_us: int | None
    p99_us: int | None
    max_us: int | None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def describe_errors(self) -> str:
        """In Dutch, e.g. '3 × HTTP-status ≥ 400, 1 × time-out'; empty without errors."""
        counted = [(ERROR_KINDS.get(kind, kind), n) for kind, n in self.errors.items() if n]
        return ", ".join(f"{n} × {kind}" for kind, n in counted)


def parse(output: str) -> Result:
    """The result in wrk's standard output; ValueError when the script's line is missing."""
    line = next((ln for ln in output.splitlines() if ln.startswith(MARKER)), None)
    if line is None:
        raise ValueError("de regel van wrk-summary.lua ontbreekt in de uitvoer van wrk")
    data = json.loads(line.removeprefix(MARKER))
    latency = data["latency_us"]
    answered = data["requests"] > 0 and latency["max"] > 0

    def micros(key: str) -> int | None:
        return int(latency[key]) if answered else None

    return Result(
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        errors={kind: int(count) for kind, count in data["errors"].items()},
        p50_us=micros("p50"),
        p95_us=micros("p95"),
        p99_us=micros("p99"),
        max_us=micros("max"),
    )


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
        return parse(done.stdout)
    except ValueError as problem:
        output = "\n".join(part for part in (done.stdout, done.stderr) if part.strip())
        raise BenchError(f"{problem} ({' '.join(command)}):\n{output.rstrip()}") from problem


def ratio(value: float, reference: float) -> float:
    """value / reference; infinity when the reference is zero (e.g. no static answers)."""
    return value / reference if reference else math.inf
