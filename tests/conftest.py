"""Shared fixtures.

The cast of data: `nprz2024` is the bundled dataset as read from its files (pure, no
database); `loaded` is that dataset written into a fresh test database (SQLite by default,
PostgreSQL when DATABASE_URL points there, see `make pytest-postgres`).

The dataset is loaded once per test process (`nprz.loading.load_dataset`, a second or two),
and the rows it wrote are kept (`LoadedRows`); every test that wants the loaded store gets
those rows written back inside its own transaction, which rolls back after it (decision
024). The rows are the loader's own, so a test sees exactly what a load gives.
"""

from __future__ import annotations

import logging.config
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    """Django's password hasher takes 0,7 s a password by design; tests that log in or make
    accounts check who may do what, not how hard a password is to crack (Django's advice for
    tests). Servers a test starts as a separate process keep the real hasher."""
    from django.conf import settings

    original = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    settings.PASSWORD_HASHERS = original


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


@dataclass(frozen=True)
class LoadedRows:
    """Every row loading the bundled dataset writes, per model, as the loader wrote them."""

    rows: tuple[tuple[Any, tuple[Any, ...]], ...]  # (model, its new rows) in loading order

    @classmethod
    def taken(cls, dataset: Dataset) -> LoadedRows:
        """Load `dataset` into the (empty) test database, keep what it wrote, roll back."""
        from django.db import transaction

        from nprz.loading import load_dataset

        models = _stored_models()
        with transaction.atomic():
            before = {
                model: set(model._base_manager.values_list("pk", flat=True)) for model in models
            }
            load_dataset(dataset)
            rows = tuple(
                (model, new)
                for model in models
                if (
                    new := tuple(
                        o for o in model._base_manager.order_by("pk") if o.pk not in before[model]
                    )
                )
            )
            transaction.set_rollback(True)
        return cls(rows)

    def write(self) -> None:
        """The rows back, primary keys and all, inside the current transaction; without
        signals (no history rows of their own) and with PostgreSQL's sequences set past
        them, as a load leaves them."""
        from django.core.management.color import no_style
        from django.db import connection, transaction

        # In one transaction also in a transactional test: the constraints are checked at
        # its end, when every row is back, whatever the order of the models.
        with transaction.atomic():
            for model, objects in self.rows:
                model._base_manager.bulk_create(objects)
        reset = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in self.rows])
        if reset:
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)


def _stored_models() -> list[Any]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


@pytest.fixture(scope="session")
def loaded_rows(django_db_setup: None, django_db_blocker: Any, nprz2024: Dataset) -> LoadedRows:
    """The bundled dataset's rows, loaded once per test process (each xdist worker has its
    own database)."""
    with django_db_blocker.unblock():
        return LoadedRows.taken(nprz2024)


@pytest.fixture
def loaded(db: None, loaded_rows: LoadedRows, nprz2024: Dataset) -> Dataset:
    loaded_rows.write()
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


# Modules that take a minute or more, longest first. pytest-xdist (`--dist loadscope`) hands
# out whole modules in the order they were collected: started last, the longest one keeps a
# worker busy while the other has nothing left to do. Started first, the short modules fill
# the other worker around it.
LONGEST_FIRST = (
    "tests/cycle/test_year_cycle.py",
    "tests/publication/test_attack.py",
    "tests/web/test_crawl.py",
    "tests/reports/test_report_layout.py",
    "tests/reports/test_report_files.py",
    "tests/deliveries/test_store.py",
    "tests/browser/test_round.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}

    def place(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return rank.get(path, len(rank))

    items.sort(key=place)  # stable: within a module and among the rest, the file order
