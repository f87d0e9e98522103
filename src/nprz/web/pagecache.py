"""Finished pages kept in memory until the data change.

The figures change only when someone loads data, so a page is computed once per state of
the store and then served from memory. The state is a stamp read with one small query per
request (row counts and highest ids of the tables the pages read); loading a dataset from
another process changes it, so no server restart is needed and nothing stale is served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, Generic, TypeVar

from django.db import connection
from django.http import HttpRequest, HttpResponse

from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor import pinning

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


PageCache = Memo[HttpResponse]
pages: Memo[HttpResponse] = Memo(size=MAX_PAGES)

View = Callable[..., HttpResponse]


def per_stamp(function: Callable[[int], T]) -> Callable[[int], T]:
    """Remember `function(year)` while the data stay the same (for sums several pages share)."""
    remembered: dict[tuple[int, tuple[int, ...], frozenset[str] | None], T] = {}
    lock = threading.Lock()

    @wraps(function)
    def wrapper(year: int) -> T:
        # A pinned report edition reads fewer deliveries than the live store: its own entry.
        key = (year, data_stamp(), pinning.current())
        with lock:
            if key not in remembered:
                if len(remembered) > 8:
                    remembered.clear()
                remembered[key] = function(year)
            return remembered[key]

    return wrapper


def cached_page(view: View) -> View:
    """Serve successful GET answers of `view` from memory while the data stay the same."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Signed-in users may see what is not yet public: never serve them a shared copy.
        user = getattr(request, "user", None)
        if request.method != "GET" or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        key = (view.__qualname__, request.get_full_path(), data_stamp())
        page = pages.get(key)
        if page is None:
            page = view(request, *args, **kwargs)
            if page.streaming or page.status_code != 200:
                return page
            pages.put(key, page)
        return _copy(page)

    return wrapper


def _copy(page: HttpResponse) -> HttpResponse:
    """A fresh response object per request: middleware sets headers on what it gets."""
    copy = HttpResponse(page.content, status=page.status_code)
    for header, value in page.items():
        copy[header] = value
    return copy
