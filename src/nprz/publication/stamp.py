"""The state of the data, and sums remembered while it stays the same.

The figures change only when someone loads or publishes data, so a result computed from the
store is good until the stamp changes. The stamp is read with one small query (row counts
and highest ids of the tables public outputs read); loading data from another process
changes it, so nothing stale is served and no restart is needed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Generic, ParamSpec, TypeVar

from django.conf import settings
from django.db import connection

from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor import pinning, scope
from nprz.publication import audience

STAMPED = (
    m.Vintage,
    m.Observation,
    m.PublishedFigure,
    m.Target,
    m.Indicator,
    m.Area,
    iv.Intervention,
    iv.ProgressReport,
    iv.KpiValue,
    # Every change of a report or KPI value writes a history row, so status and colour
    # changes (same counts, same ids) still change the stamp.
    iv.ProgressReport.history.model,
    iv.KpiValue.history.model,
    m.FinanceLine,
    # What a recorded report edition hid stays hidden: a new edition changes the decision.
    m.ReportEdition,
    m.Identity,
    m.AreaMembership,
)
MAX_PAGES = 1024


def data_stamp() -> tuple[int, ...]:
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {t}), (SELECT COALESCE(MAX({pk}), 0) FROM {t})"
        for t, pk in ((model._meta.db_table, model._meta.pk.column) for model in STAMPED)
    )
    # A round that is published changes only its status: count the published ones.
    rounds = iv.ProgressRound._meta.db_table
    parts += f", (SELECT COUNT(*) FROM {rounds} WHERE status = 'gepubliceerd')"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
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


def per_stamp(function: Callable[P, T]) -> Callable[P, T]:
    """Remember `function(...)` while the data stay the same (for sums several pages share).

    The answer also depends on who reads (`audience`: the public sees hidden cells masked)
    and on a pinned report edition (it reads fewer deliveries than the live store), so each
    has its own entry."""
    remembered: dict[tuple[object, ...], T] = {}
    lock = threading.Lock()

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
