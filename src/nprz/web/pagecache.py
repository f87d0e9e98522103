"""Finished public pages, kept in the cache all app servers share until the public data change.

The figures the public sees change only when someone loads data or publishes a round, so a
page is computed once per state of the public data and then served from the cache. That
state is a stamp read with one small query per request (`data_stamp`); it is part of every
page's key, so an entry is never stale and nothing needs to be emptied when data change
(loading a dataset from another process is picked up at the next request).

Two levels: the shared cache (`caches["pages"]`: Redis or the database, nprz.site.caches),
so a page one server computed is served by all, and a small memory in each process in front
of it, so a page served often costs no round trip. Both are keyed on the stamp. The answer's
`X-Page-Cache` header says where it came from: `miss` (computed), `shared` or `local`.

A page's key is its path and its query parameters, sorted, with the surrounding spaces the
parameter readers strip anyway (`nprz.web.params`): `?jaar=+2024` is the entry of
`?jaar=2024`, so padding cannot make every request a miss. A parameter given twice is refused
there (400), and answers other than 200 are never kept. See docs/decisions/010-shared-cache.md.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse

from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor import pinning

log = logging.getLogger(__name__)
MAX_PAGES = 1024  # per process, in front of the shared cache
SHARED = "pages"


def _stamp_query() -> str:
    """What the public pages read, and only that (tests/staff/test_public_stamp.py).

    * The store: row count and highest id of deliveries, values, published figures, targets,
      indicators, areas, finance lines and interventions (a row added, removed or replaced
      changes one of them).
    * Of the progress round only the published rounds (how many, which) and what they hold:
      the highest id of their reports and KPI values and of those rows' history, per round
      through the round's index. Public pages show published rounds only, so a draft saved,
      submitted or approved in an open round changes none of this; publishing the round
      does, and a change in place or a removal writes a history row.
    """
    rounds = _table(iv.ProgressRound)
    published = f"FROM {rounds} r WHERE r.status = 'gepubliceerd'"
    parts = [f"(SELECT COUNT(*) {published})", f"(SELECT COALESCE(SUM(r.id), 0) {published})"]
    for model in (m.Vintage, m.Observation, m.PublishedFigure, m.Target, m.Indicator, m.Area,
                  m.FinanceLine, iv.Intervention):  # fmt: skip
        table = _table(model)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT COALESCE(MAX(id), 0) FROM {table})")
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
    """The state of what the public can see: changes whenever a public page could."""
    with connection.cursor() as cursor:
        cursor.execute(STAMP_QUERY)
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


@dataclass(frozen=True)
class StoredPage:
    """What is kept of an answer: its bytes and headers (small to pickle, nothing live)."""

    content: bytes
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, page: HttpResponse) -> StoredPage:
        return cls(page.content, tuple(page.items()))

    def answer(self, source: str) -> HttpResponse:
        """A fresh response object per request: middleware sets headers on what it gets."""
        copy = HttpResponse(self.content)
        for header, value in self.headers:
            copy[header] = value
        copy["X-Page-Cache"] = source
        return copy


# The process's own memory of pages (in front of the shared cache); `pages.clear()` empties
# it, never the shared cache.
pages: Memo[StoredPage] = Memo(size=MAX_PAGES)
PageCache = Memo[StoredPage]

View = Callable[..., HttpResponse]


def canonical_query(request: HttpRequest) -> str:
    """The query as the parameter readers see it: sorted by name, values stripped. (A
    repeated parameter is refused, so sorting its values cannot join two meanings.)"""
    pairs = sorted((n, v.strip()) for n, values in request.GET.lists() for v in values)
    return urlencode(pairs)


def page_key(view: View, request: HttpRequest, stamp: tuple[int, ...]) -> str:
    """A fixed-length key (the visitor's text never reaches the cache as it was typed)."""
    text = "\n".join([view.__qualname__, request.path, canonical_query(request), repr(stamp)])
    return "page:" + hashlib.sha256(text.encode()).hexdigest()


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
    """Serve successful GET answers of `view` from the cache while the public data stay the
    same; to anonymous visitors only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Signed-in users may see what is not yet public: never serve them a shared copy.
        user = getattr(request, "user", None)
        if request.method != "GET" or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        key = page_key(view, request, data_stamp())
        if (stored := pages.get((key,))) is not None:
            return stored.answer("local")
        if (stored := _shared_get(key)) is not None:
            pages.put((key,), stored)
            return stored.answer("shared")
        page = view(request, *args, **kwargs)
        if page.streaming or page.status_code != 200:
            return page
        stored = StoredPage.of(page)
        _shared_set(key, stored)
        pages.put((key,), stored)
        return stored.answer("miss")

    return wrapper


# A shared cache that does not answer (Redis restarting) costs speed, never the page. In the
# shared cache a page is a plain (bytes, header pairs) tuple: any version of this
# module, on any server, can read it.


def _shared_get(key: str) -> StoredPage | None:
    try:
        found = caches[SHARED].get(key)
    except Exception:
        log.warning("de gedeelde paginacache antwoordt niet", exc_info=True)
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], bytes)):
        return None
    return StoredPage(found[0], tuple((str(h), str(v)) for h, v in found[1]))


def _shared_set(key: str, page: StoredPage) -> None:
    try:
        caches[SHARED].set(key, (page.content, page.headers))
    except Exception:
        log.warning("de gedeelde paginacache antwoordt niet", exc_info=True)
