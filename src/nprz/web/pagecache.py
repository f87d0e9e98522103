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
there (400), and answers other than 200 are never kept. See docs/decisions/013-shared-cache.md.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from nprz.publication.stamp import MAX_PAGES, Memo, data_stamp

log = logging.getLogger(__name__)
SHARED = "pages"


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
