"""The real server (`nprz serve`) on a free loopback port, for benchmarks that load it.

A benchmark gets a throw-away data folder with the bundled dataset loaded (`fresh_site`),
starts the server in it (`running_server`) and always stops it again, also on Ctrl+C or a
plain `kill` (both unwind through `finally`).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import BenchError

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0  # seconds


@dataclass(frozen=True)
class Running:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"


def nprz_command() -> list[str]:
    """`nprz` of the interpreter running us (the project's venv)."""
    script = Path(sys.executable).with_name("nprz")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nprz"]


def fresh_site(folder: Path) -> dict[str, str]:
    """Load the bundled dataset into a new SQLite store in `folder`; the environment that
    points `nprz` at it. Never a configured database: DATABASE_URL is dropped. Development
    mode needs no secret key and differs from production only in that requirement."""
    env = {**os.environ, "NPRZ_DATA_DIR": str(folder), "NPRZ_ENV": "development"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [*nprz_command(), "load", "nprz2024"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BenchError(f"`nprz load nprz2024` mislukte:\n{done.stderr or done.stdout}")
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port


def status(port: int, path: str) -> int:
    """HTTP status of one GET on a fresh connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def tail(log: Path, lines: int = 30) -> str:
    text = log.read_text(errors="replace").rstrip() if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:]) or "(geen uitvoer)"


@contextmanager
def running_server(env: dict[str, str], folder: Path, workers: int) -> Iterator[Running]:
    """Start `nprz serve`, wait until / answers 200, yield it; always stop it."""
    port = free_port()
    log = folder / "server-stderr.txt"
    command = [*nprz_command(), "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("wb") as stderr:
        # Own session: Ctrl+C reaches only us, and we stop the server in a known order.
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
    try:
        _wait_until_up(server, port, log)
        yield Running(server, port, log)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if server.poll() is not None:
            raise BenchError(f"de server stopte meteen (code {server.returncode}):\n{tail(log)}")
        try:
            answer = status(port, "/")
        except (OSError, http.client.HTTPException):
            answer = 0  # not listening yet, or closed on us while starting
        if answer == 200:
            return
        if answer:
            raise BenchError(f"de server draait, maar / antwoordt HTTP {answer}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise BenchError(
                f"de server antwoordde niet binnen {STARTUP_TIMEOUT:.0f} s op "
                f"http://{HOST}:{port}/:\n{tail(log)}"
            )
        time.sleep(0.2)
