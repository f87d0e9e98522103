"""The load generator: exact statistics, and real clients against a tiny local server.

No timing assertions: how fast the site must be is checked by `make bench`, not here.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nprz import loadgen
from nprz.loadgen import percentile, ratio, split, summarize

# ---------------------------------------------------------------- statistics


def test_percentile_nearest_rank_exact() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile(values, 0) == 1


def test_percentile_of_1_to_100_is_p_for_every_whole_p() -> None:
    # Guards against computing p / 100 * n in floats, which gives rank 8 for p = 7.
    values = [float(v) for v in range(1, 101)]
    assert [percentile(values, p) for p in range(1, 101)] == values


def test_percentile_small_samples_round_up() -> None:
    # rank = ceil(p/100 * n): with 4 values p50 is the 2nd, p95 and p99 the 4th.
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 20
    assert percentile([10.0, 20.0, 30.0, 40.0], 51) == 30
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == 40
    assert percentile([7.0], 1) == 7


def test_percentile_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="lege"):
        percentile([], 50)
    with pytest.raises(ValueError, match="tussen 0 en 100"):
        percentile([1.0], 101)


finite = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(st.lists(finite, min_size=1), st.floats(0, 100), st.floats(0, 100))
def test_percentile_is_monotone_in_p(values: list[float], p: float, q: float) -> None:
    ordered = sorted(values)
    low, high = sorted((p, q))
    assert percentile(ordered, low) <= percentile(ordered, high)


@given(st.lists(finite, min_size=1), st.floats(0, 100))
def test_percentile_is_one_of_the_values(values: list[float], p: float) -> None:
    ordered = sorted(values)
    result = percentile(ordered, p)
    assert ordered[0] <= result <= ordered[-1]
    assert result in ordered


def test_summarize() -> None:
    summary = summarize([0.004, 0.001, 0.003, 0.002], errors=2, seconds=2.0)
    assert (summary.requests, summary.errors) == (4, 2)
    assert (summary.p50, summary.p95, summary.p99) == (0.002, 0.004, 0.004)
    assert summary.per_second == 2.0


def test_summarize_without_answers() -> None:
    summary = summarize([], errors=3, seconds=1.0)
    assert summary.requests == 0
    assert summary.per_second == 0
    assert math.isnan(summary.p95)


def test_ratio() -> None:
    assert ratio(30, 100) == 0.3
    assert ratio(1, 0) == math.inf


@given(st.integers(1, 200), st.integers(1, 50))
def test_split_spreads_all_clients(clients: int, processes: int) -> None:
    parts = split(clients, processes)
    assert sum(parts) == clients
    assert min(parts) >= 1
    assert max(parts) - min(parts) <= 1
    assert len(parts) == min(clients, processes)


# ---------------------------------------------------------------- meters

needs_proc = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="geen /proc")


@needs_proc
def test_tree_cpu_counts_descendants() -> None:
    # The child burns 0.3 s of CPU, says so, then waits: its CPU time must be counted
    # under our own pid, as a server's workers are counted under its master.
    burn = (
        "import sys, time\n"
        "while time.process_time() < 0.3: pass\n"
        "print('klaar', flush=True); sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", burn], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdin is not None
        assert child.stdout.readline() == "klaar\n"
        assert loadgen.tree_cpu_seconds(child.pid) >= 0.25
        assert loadgen.tree_cpu_seconds(os.getpid()) >= loadgen.tree_cpu_seconds(child.pid)
        child.stdin.close()
    assert loadgen.machine_cpu_seconds() > 0


# ---------------------------------------------------------------- real clients


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real server does

    def do_GET(self) -> None:
        status = 500 if self.path == "/kapot" else 200
        body = b"hallo Zuid\n" * 10
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a line per request would flood the test output


@pytest.fixture
def server() -> Iterator[tuple[str, int]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_clients_in_threads_count_answers(server: tuple[str, int]) -> None:
    host, port = server
    summary, tally = loadgen.run(host, port, "/", clients=4, seconds=1.0)
    assert summary.requests > 0
    assert summary.errors == 0, tally.samples
    assert summary.p50 <= summary.p95 <= summary.p99


def test_clients_in_processes_are_merged(server: tuple[str, int]) -> None:
    host, port = server

    def meter() -> tuple[float, ...]:
        return (time.monotonic(),)

    summary, tally = loadgen.run(host, port, "/", clients=4, seconds=1.0, processes=2, meter=meter)
    assert summary.requests > 0
    assert summary.errors == 0, tally.samples
    assert tally.cpu_seconds > 0  # each process reported its own CPU time
    # The meter is read before the clients start and after the last one is done.
    assert tally.metered[0] >= 1.0


def test_server_errors_are_counted_apart(server: tuple[str, int]) -> None:
    host, port = server
    summary, tally = loadgen.run(host, port, "/kapot", clients=4, seconds=1.0)
    assert summary.requests == 0
    assert summary.errors > 0
    assert tally.samples == ["HTTP 500"]


def test_refused_connection_is_an_error() -> None:
    # Bind a port and close it again: nothing listens there now.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = probe.server_address[1]
    probe.server_close()
    summary, tally = loadgen.run("127.0.0.1", port, "/", clients=1, seconds=0.2)
    assert summary.requests == 0
    assert tally.samples == ["ConnectionRefusedError"]
