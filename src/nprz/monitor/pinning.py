"""Rebuilding a report exactly: while pinned, queries read only the deliveries it used.

A report edition lists its vintages; `pinned(codes)` narrows `Observation.objects.known_in`
and `PublishedFigure.objects.for_report` to those codes for the duration of the block. A
context variable rather than a parameter threaded through every presenter, because the
report and the website share those presenters and only the report build ever pins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_PINNED: ContextVar[frozenset[str] | None] = ContextVar("nprz_pinned_vintages", default=None)


@contextmanager
def pinned(codes: Iterable[str]) -> Iterator[frozenset[str]]:
    chosen = frozenset(codes)
    token = _PINNED.set(chosen)
    try:
        yield chosen
    finally:
        _PINNED.reset(token)


def current() -> frozenset[str] | None:
    return _PINNED.get()


def pinned_filter(field: str = "vintage__code") -> dict[str, frozenset[str]]:
    """Extra filter arguments for a query on something that belongs to a vintage (or, with
    `field="code"`, on the vintages themselves)."""
    codes = _PINNED.get()
    return {} if codes is None else {f"{field}__in": codes}
