"""The web benchmark's use of wrk: reading its line, taking out wrk's synthetic samples, exact
percentiles, and wrk itself against a tiny local server (skipped where the Debian package
wrk is not installed).

No timing assertions: how fast the site must be is measured by `make bench`, not here.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import BenchError, wrk

# Recorded from wrk 4.1.0 (Debian) with wrk-summary.lua, 2 connections for 1 s, on a server
# that answers in about 64 ms and once, the 10th request, in 348 ms.
RECORDED = """\
Running 1s test @ http://127.0.0.1:18740/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    84.90ms   65.58ms 347.97ms   90.91%
    Req/Sec    27.27     11.04    40.00     54.55%
  30 requests in 1.10s, 6.24KB read
Requests/sec:     27.25
Transfer/sec:      5.67KB
nprz-wrk {"requests": 30, "duration_us": 1101096, "bytes": 6390, "errors": {"connect": 0\
, "read": 0, "write": 0, "status": 0, "timeout": 0}, "min_us": 21023, "max_us": 347966, \
"buckets": 32, "histogram": [[21023,1],[21024,1],[61994,1],[62132,1],[63717,1],[63965,1]\
,[63991,1],[63999,1],[64001,1],[64006,1],[64012,1],[64342,1],[64346,1],[67959,1],[67971,\
1],[67973,1],[67974,1],[67977,1],[67980,1],[67991,1],[68000,1],[68011,2],[68016,1],[7193\
7,1],[71944,1],[72005,1],[72006,1],[72007,1],[127748,1],[201154,1],[274560,1],[347966,1]\
]}
"""

# What the script prints when nothing was answered (recorded too): wrk's empty histogram.
UNANSWERED = (
    'nprz-wrk {"requests": 0, "duration_us": 1001629, "bytes": 0, "errors": {"connect": 0, '
    '"read": 0, "write": 0, "status": 0, "timeout": 0}, "min_us": 18446744073709551616, '
    '"max_us": 0, "buckets": 0, "histogram": []}\n'
)


def wrk_stats_correct(histogram: dict[int, int], expected: int) -> dict[int, int]:
    """wrk 4.1's stats_correct (src/stats.c), step by step, to test that we undo it."""
    data = dict(histogram)
    for n in range(expected * 2, max(histogram, default=0) + 1):
        count = histogram.get(n, 0)  # wrk reads data[n] before any write reaches it
        m = n - expected
        while count and m > expected:
            data[m] = data.get(m, 0) + count
            m -= expected
    return data


def test_parse_takes_out_the_samples_wrk_added() -> None:
    result = wrk.parse(RECORDED, connections=2)
    # wrk's interval: 1.101.096 µs over 30 // 2 requests per connection = 73.406 µs, so the
    # 347.966 µs answer got companions at 274.560, 201.154 and 127.748 µs; they go.
    assert wrk.correction_interval(1_101_096, 30, 2) == 73_406
    assert result.synthetic == 3
    assert not {274_560, 201_154, 127_748} & set(result.latencies)
    assert sum(result.latencies.values()) == result.requests == 30
    assert result.max_us == 347_966
    # Nearest rank over the 30 measured latencies: the 15th, 29th and 30th.
    assert (result.percentile_us(50), result.percentile_us(95), result.percentile_us(99)) == (
        67_971,
        72_007,
        347_966,
    )
    assert result.seconds == 1.101096
    assert round(result.per_second, 2) == 27.25  # as wrk's own "Requests/sec" line
    assert result.error_count == 0
    assert result.describe_errors() == ""


def test_parse_without_answers_has_no_latencies() -> None:
    result = wrk.parse(UNANSWERED, connections=2)
    assert (result.requests, result.per_second, result.synthetic) == (0, 0.0, 0)
    assert result.latencies == {}
    assert result.percentile_us(95) is None
    assert result.max_us is None


def test_parse_refuses_output_without_the_line() -> None:
    with pytest.raises(ValueError, match=r"wrk-summary\.lua ontbreekt"):
        wrk.parse(RECORDED.rsplit("nprz-wrk", 1)[0], connections=2)


def test_parse_refuses_a_histogram_that_does_not_match_wrks_api() -> None:
    wrong = RECORDED.replace('"buckets": 32', '"buckets": 31')
    with pytest.raises(ValueError, match="niet goed gelezen"):
        wrk.parse(wrong, connections=2)


def test_parse_refuses_counts_that_do_not_add_up() -> None:
    # With 3 connections wrk would have corrected with another interval: undoing it with
    # the wrong one leaves more latencies than answers.
    with pytest.raises(ValueError, match="latenties na wrk's correctie bij 30 antwoorden"):
        wrk.parse(RECORDED, connections=3)


def test_no_correction_when_a_connection_finished_no_request() -> None:
    assert wrk.correction_interval(1_000_000, 19, 20) is None
    assert wrk.undo_correction({5: 1, 7: 0}, None) == {5: 1}


histograms = st.dictionaries(st.integers(1, 3_000), st.integers(1, 4), max_size=60)


@given(histograms, st.integers(1, 1_000))
def test_undo_correction_inverts_wrks_correction(measured: dict[int, int], interval: int) -> None:
    corrected = wrk_stats_correct(measured, interval)
    assert wrk.undo_correction(corrected, interval) == measured


def test_undo_correction_at_the_edges_of_the_interval() -> None:
    # wrk corrects answers from 2i on, with companions strictly above i: the answer at 20
    # (i = 10) gets none, the one at 21 gets one at 11, the one at 35 two, at 25 and 15.
    measured = {10: 1, 20: 1, 21: 1, 35: 1}
    corrected = wrk_stats_correct(measured, 10)
    assert corrected == {10: 1, 11: 1, 15: 1, 20: 1, 21: 1, 25: 1, 35: 1}
    assert wrk.undo_correction(corrected, 10) == measured


def test_undo_correction_refuses_what_wrk_cannot_have_made() -> None:
    # Bucket 30 would need at least the one companion of the answer at 40.
    with pytest.raises(ValueError, match="bij 30 µs"):
        wrk.undo_correction({30: 0, 40: 1}, 10)


def test_percentile_nearest_rank_exact() -> None:
    hundred = dict.fromkeys(range(1, 101), 1)
    # p * n / 100 in floats gives rank 8 for p = 7; the ranks are computed in integers.
    assert [wrk.percentile(hundred, p) for p in range(1, 101)] == list(range(1, 101))
    assert wrk.percentile(hundred, 0) == 1
    four = {10: 1, 20: 1, 30: 1, 40: 1}
    assert [wrk.percentile(four, p) for p in (50, 51, 95, 99)] == [20, 30, 40, 40]
    assert wrk.percentile({7: 3}, 1) == 7
    assert wrk.percentile({}, 50) is None
    with pytest.raises(ValueError, match="tussen 0 en 100"):
        wrk.percentile({1: 1}, 101)


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
    """/kapot answers 500; /hapert answers its 20th request after 0,3 s; the rest at once."""

    protocol_version = "HTTP/1.1"  # keep-alive, as the real server does
    received: dict[str, int]  # path -> requests, set per server by the fixture
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            self.received[self.path] = count = self.received.get(self.path, 0) + 1
        if self.path == "/hapert" and count == 20:
            time.sleep(0.3)
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
def server() -> Iterator[tuple[str, dict[str, int]]]:
    """The base URL of a local keep-alive server, and its count of requests per path."""
    received: dict[str, int] = {}
    handler = type("CountingHandler", (Handler,), {"received": received})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@needs_wrk
def test_wrk_counts_what_the_server_answered(server: tuple[str, dict[str, int]]) -> None:
    base, received = server
    result = wrk.run("wrk", f"{base}/", connections=4, threads=1, seconds=1)
    assert result.requests > 0
    assert result.errors == {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    # wrk stops at the deadline without counting the requests still on their way.
    assert result.requests <= received["/"] <= result.requests + 4
    assert sum(result.latencies.values()) == result.requests
    p50, p95, p99 = (result.percentile_us(p) for p in (50, 95, 99))
    assert p50 is not None
    assert p95 is not None
    assert p99 is not None
    assert result.max_us is not None
    assert 0 < p50 <= p95 <= p99 <= result.max_us
    assert 0.9 < result.seconds < 1.5


@needs_wrk
def test_one_slow_answer_is_measured_once(server: tuple[str, dict[str, int]]) -> None:
    base, received = server
    result = wrk.run("wrk", f"{base}/hapert", connections=4, threads=1, seconds=1)
    assert received["/hapert"] > 20
    # wrk's correction had added companions to the slow answer; they are out again.
    assert result.synthetic > 0
    assert sum(result.latencies.values()) == result.requests
    assert [value for value in result.latencies if value >= 300_000] == [result.max_us]
    assert result.latencies[result.max_us] == 1


@needs_wrk
def test_wrk_counts_server_errors(server: tuple[str, dict[str, int]]) -> None:
    base, received = server
    result = wrk.run("wrk", f"{base}/kapot", connections=2, threads=1, seconds=1)
    assert result.requests > 0
    assert result.errors["status"] == result.requests
    assert result.describe_errors() == f"{result.requests} × HTTP-status ≥ 400"
    assert set(received) == {"/kapot"}


@needs_wrk
def test_wrk_that_cannot_connect_is_a_dutch_error() -> None:
    # Bind a port and close it again: nothing listens there now.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = probe.server_address[1]
    probe.server_close()
    with pytest.raises(BenchError, match=r"(?s)^wrk stopte met code 1 .*unable to connect"):
        wrk.run("wrk", f"http://127.0.0.1:{port}/", connections=1, threads=1, seconds=1)
