"""Who reads: the public, or an analyst who may see what disclosure control hides.

Anonymous visitors, the `lezer` role and every generated document read as the public: hidden
cells are masked. Signed-in analysts and the programme bureau, and the command line, read
the store unprotected, every hidden cell marked "niet openbaar". The reader is a context
variable (like a pinned edition, `nprz.monitor.pinning`) because the presenters serve the
website, the report and the command line alike and only the outermost layer knows who reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum


class Audience(StrEnum):
    PUBLIC = "openbaar"
    ANALYST = "analist"


# The mark next to a figure an analyst sees but the public does not.
NOT_PUBLIC = "niet openbaar"
# A hidden cell is printed with this one mark wherever it appears (see nprz.core.disclosure:
# one mark for primary and secondary cells, so the mark itself tells a reader nothing).
MASKED = "afgeschermd"
# Roles (nprz.core.workflow) that read the store unprotected when signed in.
ANALYST_ROLES = frozenset({"programmabureau", "analist"})

_AUDIENCE: ContextVar[Audience] = ContextVar("nprz_audience", default=Audience.PUBLIC)
_THRESHOLD: ContextVar[int | None] = ContextVar("nprz_disclosure_threshold", default=None)


def current() -> Audience:
    return _AUDIENCE.get()


@contextmanager
def reading_as(audience: Audience) -> Iterator[Audience]:
    token = _AUDIENCE.set(audience)
    try:
        yield audience
    finally:
        _AUDIENCE.reset(token)


def set_for_this_context(audience: Audience) -> None:
    """For a whole command or request: the CLI reads as an analyst from start to end."""
    _AUDIENCE.set(audience)


def rule_override() -> int | None:
    """A threshold given for one build (`nprz report --drempel`), else None."""
    return _THRESHOLD.get()


@contextmanager
def threshold(value: int | None) -> Iterator[None]:
    token = _THRESHOLD.set(value)
    try:
        yield
    finally:
        _THRESHOLD.reset(token)


def of_roles(roles: set[str], *, signed_in: bool) -> Audience:
    return Audience.ANALYST if signed_in and roles & ANALYST_ROLES else Audience.PUBLIC
