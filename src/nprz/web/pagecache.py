"""Finished pages kept in memory until the data change.

The figures change only when someone loads data, so a page is computed once per state of
the store and then served from memory. The state is a stamp read with one small query per
request (row counts and highest ids of the tables the pages read); loading a dataset from
another process changes it, so no server restart is needed and nothing stale is served.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from nprz.publication.stamp import MAX_PAGES, Memo, data_stamp

PageCache = Memo[HttpResponse]
pages: Memo[HttpResponse] = Memo(size=MAX_PAGES)

View = Callable[..., HttpResponse]


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
