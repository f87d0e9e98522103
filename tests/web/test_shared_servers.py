"""Two app servers behind one balancer share the page cache and the login throttle.

Two real `nprz serve` processes on free ports, against one database (a SQLite file in a
temporary data folder, migrated once) and one shared cache: Redis on 127.0.0.1:6379 under a
key prefix of this run's own, or the database cache when no NPRZ_REDIS_URL is given. (Both
pairs use the same database file; each pair has its own cache.) A page
that server A computed is served by B from the shared cache (`X-Page-Cache: shared`), and
failed logins on A count toward the lock on B.

Redis missing: the Redis case is skipped, unless NPRZ_REQUIRE_REDIS=1.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("NPRZ_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_TIMEOUT = 90.0
NPRZ = str(Path(sys.executable).with_name("nprz"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_answers() -> str:
    """Empty when Redis answers; else why not."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return str(error)
    return ""


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


class Browser:
    """A visitor with cookies, talking to any of the servers (cookies are not per port)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, url: str) -> tuple[int, dict[str, str], str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(url, data=data))

    def login(self, server: Server, username: str, password: str) -> int:
        _, _, form = self.get(server.url + "inloggen/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert match is not None, form[:500]
        fields = {"csrfmiddlewaretoken": match.group(1), "username": username}
        return self.post(server.url + "inloggen/", fields | {"password": password})[0]

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], str]:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def start(env: dict[str, str], log: Path) -> Server:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [NPRZ, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(f"http://127.0.0.1:{port}/", process, log)


def wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"nprz serve stopped:\n{server.log.read_text()}", pytrace=False)
        try:  # the login page: never cached, so the probe caches nothing
            with urllib.request.urlopen(server.url + "inloggen/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"nprz serve did not start:\n{server.log.read_text()}", pytrace=False)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=15)


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Server, Server]]]:
    """Per cache backend, two servers on one database; all four start at the same time."""
    backends = {"database": ""}
    if not (problem := redis_answers()):
        backends["redis"] = REDIS_URL
    elif os.environ.get("NPRZ_REQUIRE_REDIS") == "1":
        pytest.fail(f"Redis op {REDIS_URL} antwoordt niet: {problem}", pytrace=False)
    prefix = f"nprz-test-{uuid.uuid4().hex[:12]}"
    folder = tmp_path_factory.mktemp("gedeeld")
    env = {**os.environ, "NPRZ_DATA_DIR": str(folder), "NPRZ_ENV": "development"}
    env |= {"NPRZ_CACHE_PREFIX": prefix, "COLUMNS": "200"}
    for name in ("DATABASE_URL", "NPRZ_REDIS_URL", "NPRZ_ALLOWED_HOSTS"):
        env.pop(name, None)
    migrated = subprocess.run([NPRZ, "migrate"], env=env, capture_output=True, text=True)
    assert migrated.returncode == 0, migrated.stderr  # once, as a deployment would
    servers: dict[str, tuple[Server, Server]] = {}
    try:
        for backend, url in backends.items():
            own = env | ({"NPRZ_REDIS_URL": url} if url else {})
            logs = [folder / f"{backend}-{name}.log" for name in "ab"]
            servers[backend] = (start(own, logs[0]), start(own, logs[1]))
        for pair in servers.values():
            for server in pair:
                wait_until_up(server)
        yield servers
    finally:
        for pair in servers.values():
            for server in pair:
                stop(server)
        if "redis" in backends:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_a_page_computed_by_one_server_is_served_by_the_other(pairs, backend: str) -> None:
    if backend not in pairs:
        pytest.skip(f"Redis op {REDIS_URL} antwoordt niet")
    a, b = pairs[backend]
    visitor = Browser()
    first = visitor.get(a.url + "api/v1/gebieden")
    assert (first[0], first[1]["X-Page-Cache"]) == (200, "miss")
    assert first[2].replace(" ", "") == "[]"  # the empty store: no areas
    second = visitor.get(b.url + "api/v1/gebieden")
    assert (second[0], second[1]["X-Page-Cache"], second[2]) == (200, "shared", first[2])
    again = visitor.get(b.url + "api/v1/gebieden")
    assert again[1]["X-Page-Cache"] == "local"


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_failed_logins_on_one_server_count_toward_the_lock_on_the_other(
    pairs, backend: str
) -> None:
    if backend not in pairs:
        pytest.skip(f"Redis op {REDIS_URL} antwoordt niet")
    a, b = pairs[backend]
    name = f"synthetisch-{backend}"
    attacker = Browser()
    assert [attacker.login(a, name, "fout") for _ in range(3)] == [200, 200, 200]
    # Two more on B, spelt in fullwidth capitals: the same name once normalised.
    fullwidth = name.upper().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert [attacker.login(b, fullwidth, "fout") for _ in range(2)] == [200, 200]
    assert attacker.login(b, name, "fout") == 429
    assert attacker.login(a, name, "fout") == 429
