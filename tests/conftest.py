"""Shared fixtures.

The cast of data: `nprz2024` is the bundled dataset as read from its files (pure, no
database); `loaded` is that dataset written into a fresh test database (SQLite by default,
PostgreSQL when DATABASE_URL points there, see `make pytest-postgres`).
"""

from __future__ import annotations

import logging.config
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from nprz.datasets import folder
from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset

# Property tests check what is computed, not how fast: on a busy machine (CI beside other
# work, or `pytest -n`) Hypothesis's 200 ms deadline per example fails correct code.
settings.register_profile("nprz", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("nprz")


@pytest.fixture(scope="session", autouse=True)
def _log_outside_the_worktree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The site's log file lies in the data folder (./var by default); what the tests provoke
    (server errors, refused forms, blocked logins) is written to a temporary one instead. In
    the settings too, because a CLI test sets Django up again from them."""
    from django.conf import settings

    from nprz.site.logs import logging_settings

    original = settings.LOGGING, settings.DATA_DIR
    data = tmp_path_factory.mktemp("data")
    settings.LOGGING = logging_settings(data)
    # A final edition's files are kept under the data folder (`nprz.publication.published`):
    # a test that publishes one writes them here, not into ./var.
    settings.DATA_DIR = data
    logging.config.dictConfig(settings.LOGGING)
    yield
    settings.LOGGING, settings.DATA_DIR = original


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    """Pages and login counts live in the shared cache: tables of the test database (what a
    test writes there rolls back with it; this empties what a transactional test left). A
    test without the database has nothing to empty. Never a Redis of the environment:
    clear() would empty all of it (FLUSHDB)."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.locmem import LocMemCache

    from nprz.web import pagecache

    if request.node.get_closest_marker("django_db") is None:
        if "db" not in request.fixturenames:
            return
        request.getfixturevalue("db")  # set up before this fixture would otherwise get it
    for name in ("default", "pages"):
        if isinstance(caches[name], DatabaseCache | LocMemCache):
            caches[name].clear()
    # The process's memory in front of it too: after a rollback the same stamp can come back
    # with other rows (the same ids given again), which a running site never sees.
    pagecache.pages.clear()


@pytest.fixture(scope="session")
def nprz2024() -> Dataset:
    return read_dataset(folder("nprz2024"))


@pytest.fixture
def loaded(db: None, nprz2024: Dataset) -> Dataset:
    from nprz.loading import load_dataset

    load_dataset(nprz2024)
    return nprz2024


@pytest.fixture
def programme(db: None, nprz2024: Dataset) -> object:
    """The NPRZ programme's row alone (its definition, no areas or figures): for tests that
    write their own rows, which belong to the programme being worked on."""
    from nprz.monitor.loading import load_programme

    return load_programme(nprz2024)


@pytest.fixture(autouse=True)
def _reader_is_the_public() -> None:
    """Every test starts reading as the public, with no programme chosen: a command run
    in-process (CliRunner) reads as an analyst from then on and keeps its --programma, as
    the command line does, and neither may leak into the next test."""
    from nprz.monitor import scope
    from nprz.publication import audience

    audience.set_for_this_context(audience.Audience.PUBLIC)
    scope.forget()
