"""Which programme a command or request works on: several programmes share one database.

Every row that belongs to a programme (its areas, indicators, plans, deliveries, editions,
and through them every figure) is read through a manager that keeps to the current
programme, so two programmes never mix: a query cannot forget to filter.

The current programme is a context variable, set once at the door: by the website's
middleware from the address (`/programma/<code>/…`, or the default programme), by the
command line from `--programma`. With one programme in the database nothing has to be
chosen. With several and none chosen, reading a programme's rows is an error
(`ProgrammeNotChosen`), never a silent mix of both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Generic, TypeVar

from django.db import models

if TYPE_CHECKING:
    from nprz.monitor.models import Programme

# The chosen programme itself (not only its id): its definition is read on every page.
_CURRENT: ContextVar[Programme | None] = ContextVar("nprz_programme", default=None)
# A programme asked for by its code before the database is open (`nprz --programma X`),
# looked up on first use.
_REQUESTED: ContextVar[str | None] = ContextVar("nprz_programme_code", default=None)
# Where nothing was chosen, the default programme (the first by position) is meant: the
# website's root section. Looked up on first use, so a request that reads no programme's
# rows (a static file, a health check) costs no query.
_DEFAULT: ContextVar[bool] = ContextVar("nprz_programme_default", default=False)


class ProgrammeNotChosen(LookupError):
    """Several programmes in the database and none chosen."""


def current_id() -> int | None:
    """The chosen programme's id; None when the database holds at most one programme (then
    every row is that programme's and nothing needs filtering)."""
    chosen = _CURRENT.get() or _requested() or _default()
    if chosen is not None:
        return chosen.id
    from nprz.monitor.models import Programme

    codes = list(Programme.objects.order_by("position", "id").values_list("code", flat=True)[:8])
    if len(codes) > 1:
        raise ProgrammeNotChosen(
            "de database bevat meerdere programma's; kies er een (--programma "
            + " of ".join(codes)
            + ")"
        )
    return None


def current() -> Programme:
    """The programme being worked on (the only one, when there is one)."""
    from nprz.monitor.models import Programme

    chosen = _CURRENT.get() or _requested() or _default()
    if chosen is not None:
        return chosen
    found = Programme.objects.order_by("position", "id").first() if current_id() is None else None
    if found is None:
        raise ProgrammeNotChosen("er is nog geen programma geladen (nprz load)")
    return found


def chosen() -> Programme | None:
    """The programme chosen for this command or request, if one is at hand (no query)."""
    return _CURRENT.get()


def request(code: str | None) -> None:
    """Work on the programme `code` from its first use on (the command line's --programma)."""
    _REQUESTED.set(code or None)


def _requested() -> Programme | None:
    code = _REQUESTED.get()
    if code is None:
        return None
    from nprz.monitor.models import Programme

    found = Programme.objects.filter(code=code).first()
    if found is None:
        known = list(Programme.objects.order_by("position", "id").values_list("code", flat=True))
        loaded = f"geladen: {', '.join(known)}" if known else "er is nog geen programma geladen"
        raise ProgrammeNotChosen(f"onbekend programma {code!r} ({loaded})")
    _CURRENT.set(found)
    return found


def _default() -> Programme | None:
    if not _DEFAULT.get():
        return None
    from nprz.monitor.models import Programme

    found = Programme.objects.order_by("position", "id").first()
    if found is not None:
        _CURRENT.set(found)
    return found


@contextmanager
def default_programme() -> Iterator[None]:
    """Inside the block, nothing chosen means the default programme."""
    chosen = _CURRENT.set(None)
    default = _DEFAULT.set(True)
    try:
        yield
    finally:
        _DEFAULT.reset(default)
        _CURRENT.reset(chosen)


@contextmanager
def working_on(programme: Programme | None) -> Iterator[Programme | None]:
    """Work on `programme` inside the block (None: whatever is the only one)."""
    token = _CURRENT.set(programme)
    try:
        yield programme
    finally:
        _CURRENT.reset(token)


@contextmanager
def held() -> Iterator[Programme | None]:
    """The current programme looked up once and kept for the block. For long work (a report
    build): with nothing chosen, every query of a programme's rows would first ask the
    database how many programmes there are (4.400 times in one build of the annual report).
    Where that lookup fails, the block runs as it would have, and its first query says why."""
    try:
        programme: Programme | None = current()
    except ProgrammeNotChosen:
        programme = None
    with working_on(programme):
        yield programme


def choose(programme: Programme) -> None:
    """For a whole command or request."""
    _CURRENT.set(programme)


def forget() -> None:
    """Nothing chosen or asked for: for a process that runs one command after another in
    the same context (the tests' CliRunner), so a command's --programma ends with it."""
    _CURRENT.set(None)
    _REQUESTED.set(None)
    _DEFAULT.set(False)


M = TypeVar("M", bound=models.Model)


class ScopedManager(models.Manager[M], Generic[M]):
    """A manager that keeps to the current programme through `scope_field` (a foreign key to
    the programme, or a path to one such as "vintage__programme")."""

    scope_field = "programme"

    def get_queryset(self) -> models.QuerySet[M]:
        found = super().get_queryset()
        chosen = current_id()
        return found if chosen is None else found.filter(**{self.scope_field: chosen})
