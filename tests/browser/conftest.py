"""The site in a real browser: `nprz serve` on a fresh SQLite file, driven by Debian's chromium.

One server and one browser for the whole run, a new page (tab) per test. Playwright never
downloads a browser here: it starts the system's chromium, without any network of its own.
Without chromium (or Playwright) the tests are skipped, unless NPRZ_REQUIRE_BROWSER=1 (CI),
then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The machine has no internet: chromium must not try to reach Google on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 60.0
VIEWPORT = {"width": 1280, "height": 900}


def unavailable(reason: str) -> None:
    """Skip, or fail when the browser tests are required (NPRZ_REQUIRE_BROWSER=1)."""
    if os.environ.get("NPRZ_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NPRZ_REQUIRE_BROWSER=1, so this is an error)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        unavailable("chromium not found on PATH (Debian: apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Python package playwright is not installed (pip install -e '.[dev]')")
    assert path is not None
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # always SQLite in the temporary folder
    env.pop("NPRZ_ALLOWED_HOSTS", None)
    env["NPRZ_ENV"] = "development"
    env["NPRZ_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "200"  # printed lines (demo accounts) must not wrap
    return env


@dataclass(frozen=True)
class Server:
    url: str  # with a trailing slash
    process: subprocess.Popen[bytes]
    log: Path

    def check_running(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(
                f"nprz serve stopped with code {self.process.returncode}:\n{self.log.read_text()}",
                pytrace=False,
            )


def wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        server.check_running()
        try:
            with urllib.request.urlopen(server.url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"nprz serve did not answer 200 on {server.url} within {START_TIMEOUT:.0f} s:\n"
        f"{server.log.read_text()}",
        pytrace=False,
    )


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@contextmanager
def launched(data_dir: Path, *setup: str) -> Iterator[tuple[Server, list[str]]]:
    """Load nprz2024 into `data_dir`, run each `nprz <setup>` command, start `nprz serve`;
    yields the running server and what the setup commands printed, and stops it after."""
    nprz = Path(sys.executable).with_name("nprz")
    env = server_env(data_dir)
    printed = []
    for command in ("load nprz2024", *setup):
        done = subprocess.run(
            [str(nprz), *command.split()], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.fail(f"nprz {command} failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
        printed.append(done.stdout)

    port = free_port()
    log = data_dir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(nprz), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            running = Server(f"http://127.0.0.1:{port}/", process, log)
            wait_until_up(running)
            yield running, printed[1:]
        finally:
            stop(process)


@pytest.fixture(scope="session")
def launch(chromium_path: str) -> Callable[..., AbstractContextManager[tuple[Server, list[str]]]]:
    """`launched`, for tests that need a server of their own (the progress round)."""
    return launched


@pytest.fixture(scope="session")
def server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`nprz serve` on the bundled nprz2024 dataset, loaded into a fresh SQLite file."""
    with launched(tmp_path_factory.mktemp("site")) as (running, _):
        yield running


@pytest.fixture(scope="session")
def axe_script(chromium_path: str) -> str:
    """axe-core's JavaScript as bundled by axe-playwright-python (nothing is downloaded)."""
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[dev]')")
    return str(AXE_SCRIPT)


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    """Chromium for one test module. Not for the session: Playwright's sync API keeps an
    event loop on the thread while it runs, and Django then refuses the database to every
    later test of the same process ("cannot call this from an async context"), which under
    `pytest -n` is every module the worker runs after this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh tab whose relative URLs (`page.goto("/doelen/")`) go to the test server."""
    server.check_running()
    context = browser.new_context(base_url=server.url, viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
    server.check_running()  # a page that crashed the server says so
