"""Where a programme's pages live on the site.

One installation serves several programmes, each as a section of the site: the default
programme (the first by position) at the root, every other one under `/programma/<code>/`.
Every link a presenter or template makes goes through `address`, so a page of one programme
never links into another's. The website sets the section once per request
(`nprz.web.sections`); outside a request (the report, the CLI) the root is "".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SECTION_PREFIX = "/programma/"

_ROOT: ContextVar[str] = ContextVar("nprz_site_root", default="")


def section_root(code: str) -> str:
    """The address root of a programme's section (not the default programme's: that is "")."""
    return f"{SECTION_PREFIX}{code}"


def root() -> str:
    return _ROOT.get()


def address(path: str) -> str:
    """A site path ("/doelen/") inside the current programme's section."""
    if not path.startswith("/") or path.startswith("/static/"):
        return path
    return _ROOT.get() + path


@contextmanager
def within(site_root: str) -> Iterator[None]:
    token = _ROOT.set(site_root)
    try:
        yield
    finally:
        _ROOT.reset(token)
