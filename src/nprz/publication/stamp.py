"""The state of the data, and sums remembered while it stays the same.

The figures change only when someone loads or publishes data, so a result computed from the
store is good until the stamp changes. The stamp is read with one small query (row counts
and highest ids of the tables public outputs read; the observations, which only grow or go
with their vintage, by their highest id alone); loading data from another process
changes it, so nothing stale is served and no restart is needed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, Generic, ParamSpec, TypeVar

from django.conf import settings
from django.db import connection

from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor import pinning, scope
from nprz.publication import audience

# The store's tables public outputs read: a row added, removed or replaced changes the row
# count or the highest id of one of them.
STAMPED = (
    m.Vintage,
    m.Observation,
    m.PublishedFigure,
    m.Target,
    m.Indicator,
    m.Area,
    m.FinanceLine,
    iv.Intervention,
    # What a recorded report edition hid stays hidden: a new edition changes the decision.
    m.ReportEdition,
    m.Identity,
    m.AreaMembership,
    m.Programme,
)
# Tables whose rows are only ever added, or removed with their vintage (an import adds a
# vintage and its observations; `nprz load` deletes a dataset's vintages, and with them
# their observations, and adds new ones): the highest id of the table and of the vintages
# says every change, so they are not counted. Counting a million observations is a scan on
# PostgreSQL, on every request, cached pages included (100+ ms; issue 19).
UNCOUNTED = (m.Observation,)
MAX_PAGES = 1024  # per process


def _stamp_query() -> str:
    """What the public outputs read, and only that (tests/staff/test_public_stamp.py).

    * The store: row count and highest id of each table in STAMPED.
    * Of the progress round only the published rounds (how many, which) and what they hold:
      the highest id of their reports and KPI values and of those rows' history, per round
      through the round's index. Public pages show published rounds only, so a draft saved,
      submitted or approved in an open round changes none of this; publishing the round
      does, and a change in place or a removal writes a history row.
    """
    rounds = _table(iv.ProgressRound)
    published = f"FROM {rounds} r WHERE r.status = 'gepubliceerd'"
    parts = [f"(SELECT COUNT(*) {published})", f"(SELECT COALESCE(SUM(r.id), 0) {published})"]
    for model in STAMPED:
        table = _table(model)
        if model not in UNCOUNTED:
            parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT COALESCE(MAX({model._meta.pk.column}), 0) FROM {table})")
    for table, column in (
        (_table(iv.ProgressReport), "id"),
        (_table(iv.ProgressReport.history.model), "history_id"),
        (_table(iv.KpiValue), "id"),
        (_table(iv.KpiValue.history.model), "history_id"),
    ):
        highest = f"SELECT MAX(t.{column}) FROM {table} t WHERE t.round_id = r.id"
        parts.append(f"(SELECT COALESCE(MAX(({highest})), 0) {published})")
    return "SELECT " + ", ".join(parts)


def _table(model: Any) -> str:
    return str(model._meta.db_table)


STAMP_QUERY = _stamp_query()


def data_stamp() -> tuple[int, ...]:
    """The state of what the public can see: changes whenever a public output could."""
    with connection.cursor() as cursor:
        cursor.execute(STAMP_QUERY)
        row = cursor.fetchone()
    return tuple(int(v) for v in row)


T = TypeVar("T")
P = ParamSpec("P")


class Memo(Generic[T]):
    """A bounded, thread-safe memory: the least recently used entry goes first."""

    def __init__(self, size: int) -> None:
        self._entries: OrderedDict[tuple[object, ...], T] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: tuple[object, ...]) -> T | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[object, ...], entry: T) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# Every per_stamp memory of the process, for forget().
_REMEMBERED: list[dict[Any, Any]] = []


def forget() -> None:
    """Drop every remembered answer: for a change the stamp does not see, which only a test
    makes (it deletes single observations; the application removes them only with their
    vintage, which the stamp counts)."""
    for remembered in _REMEMBERED:
        remembered.clear()


def per_stamp(function: Callable[P, T]) -> Callable[P, T]:
    """Remember `function(...)` while the data stay the same (for sums several pages share).

    The answer also depends on who reads (`audience`: the public sees hidden cells masked)
    and on a pinned report edition (it reads fewer deliveries than the live store), so each
    has its own entry."""
    remembered: dict[tuple[object, ...], T] = {}
    lock = threading.Lock()
    _REMEMBERED.append(remembered)

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        key = (
            args,
            tuple(sorted(kwargs.items())),
            data_stamp(),
            pinning.current(),
            audience.current(),
            audience.rule_override(),
            # The disclosure rule from settings (tests change it; a server never does).
            settings.NPRZ_DISCLOSURE_THRESHOLD,
            settings.NPRZ_DISCLOSURE_TABLES,
            # Every programme has its own figures.
            scope.current_id(),
        )
        with lock:
            if key not in remembered:
                if len(remembered) > 8:
                    remembered.clear()
                remembered[key] = function(*args, **kwargs)
            return remembered[key]

    return wrapper
