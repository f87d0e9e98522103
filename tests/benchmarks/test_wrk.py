"""The web benchmark's use of wrk: reading its summary line, and wrk itself against a tiny
local server (skipped where the Debian package wrk is not installed).

No timing assertions: how fast the site must be is measured by `make bench`, not here.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks import BenchError, wrk

# Recorded from wrk 4.1.0 (Debian) with wrk-summary.lua, 4 connections for 1 s.
RECORDED = """\
Running 1s test @ http://127.0.0.1:18731/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.31ms    3.95ms  21.92ms   80.72%
    Req/Sec   816.50    327.73     1.16k    60.00%
  813 requests in 1.00s, 349.49KB read
Requests/sec:    810.03
Transfer/sec:    348.21KB
nprz-wrk {"requests": 813, "duration_us": 1003672, "bytes": 357875, "errors": {"connect": 0, \
"read": 0, "write": 0, "status": 0, "timeout": 0}, "latency_us": {"p50": 3982, "p95": 14635, \
"p99": 16977, "max": 21921, "mean": 5309.0}}
"""

# What the script prints when nothing was answered: wrk's empty histogram has max 0.
UNANSWERED = (
    'nprz-wrk {"requests": 0, "duration_us": 1001502, "bytes": 0, "errors": {"connect": 0, '
    '"read": 0, "write": 0, "status": 0, "timeout": 4}, "latency_us": {"p50": 0, "p95": 0, '
    '"p99": 0, "max": 0, "mean": 0.0}}\n'
)


def test_parse_reads_the_scripts_line_not_wrks_rounded_text() -> None:
    result = wrk.parse(RECORDED)
    assert result.requests == 813
    assert result.seconds == 1.003672
    assert (result.p50_us, result.p95_us, result.p99_us, result.max_us) == (
        3982,
        14635,
        16977,
        21921,
    )
    assert round(result.per_second, 2) == 810.03  # as wrk's own "Requests/sec" line
    assert result.error_count == 0
    assert result.describe_errors() == ""


def test_parse_without_answers_has_no_latencies() -> None:
    result = wrk.parse(UNANSWERED)
    assert (result.requests, result.per_second) == (0, 0.0)
    assert (result.p50_us, result.p95_us, result.p99_us, result.max_us) == (None,) * 4
    assert result.error_count == 4
    assert result.describe_errors() == "4 × time-out"


def test_parse_refuses_output_without_the_line() -> None:
    with pytest.raises(ValueError, match=r"wrk-summary\.lua ontbreekt"):
        wrk.parse(RECORDED.rsplit("nprz-wrk", 1)[0])


def test_ratio() -> None:
    assert wrk.ratio(30, 100) == 0.3
    assert wrk.ratio(1, 0) == float("inf")


def test_find_names_the_debian_package_when_wrk_is_missing() -> None:
    with pytest.raises(BenchError) as raised:
        wrk.find("wrk-bestaat-niet")
    assert str(raised.value) == "wrk ontbreekt; installeer het met: apt-get install wrk"


# ---------------------------------------------------------------- wrk itself

needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk ontbreekt")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real server does
    answered: dict[str, int]  # path -> answers, set per server by the fixture
    lock = threading.Lock()

    def do_GET(self) -> None:
        status = 500 if self.path == "/kapot" else 200
        body = b"hallo Zuid\n" * 10
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with self.lock:
            self.answered[self.path] = self.answered.get(self.path, 0) + 1

    def log_message(self, format: str, *args: object) -> None:
        pass  # a line per request would flood the test output


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, int]]]:
    """The base URL of a local keep-alive server, and its count of answers per path."""
    answered: dict[str, int] = {}
    handler = type("CountingHandler", (Handler,), {"answered": answered})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", answered
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@needs_wrk
def test_wrk_counts_what_the_server_answered(server: tuple[str, dict[str, int]]) -> None:
    base, answered = server
    result = wrk.run("wrk", f"{base}/", connections=4, threads=1, seconds=1)
    assert result.requests > 0
    assert result.errors == {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    # wrk stops at the deadline without counting answers still on their way.
    assert result.requests <= answered["/"] <= result.requests + 4
    assert result.p50_us is not None
    assert result.p95_us is not None
    assert result.p99_us is not None
    assert result.max_us is not None
    assert 0 < result.p50_us <= result.p95_us <= result.p99_us <= result.max_us
    assert 0.9 < result.seconds < 1.5


@needs_wrk
def test_wrk_counts_server_errors(server: tuple[str, dict[str, int]]) -> None:
    base, answered = server
    result = wrk.run("wrk", f"{base}/kapot", connections=2, threads=1, seconds=1)
    assert result.requests > 0
    assert result.errors["status"] == result.requests
    assert result.describe_errors() == f"{result.requests} × HTTP-status ≥ 400"
    assert "/" not in answered


@needs_wrk
def test_wrk_that_cannot_connect_is_a_dutch_error() -> None:
    # Bind a port and close it again: nothing listens there now.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = probe.server_address[1]
    probe.server_close()
    with pytest.raises(BenchError, match=r"(?s)^wrk stopte met code 1 .*unable to connect"):
        wrk.run("wrk", f"http://127.0.0.1:{port}/", connections=1, threads=1, seconds=1)
