"""Query parameters, checked: a malformed one is a 400 with a Dutch message, an unknown
year or code a 404, and nothing a visitor types reaches the database unchecked.

Every reader strips the surrounding spaces of a value, and the page cache's key does the same
(`nprz.web.pagecache.canonical_query`): a reader that did not would make `?x=+a` and `?x=a`
one cache entry with two meanings."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest

from nprz.monitor import models as m
from nprz.monitor.targets import known_years

YEAR = re.compile(r"[0-9]{4}")  # not \d: that also matches other scripts' digits


def report_year(request: HttpRequest, years: list[int] | None = None) -> int:
    """`?jaar=` among `years` (default: the report years in the store) or, without it, the
    latest of them."""
    text = request.GET.get("jaar", "").strip()
    if text and not YEAR.fullmatch(text):
        raise BadRequest(
            f"jaar moet een jaartal van vier cijfers zijn (bijvoorbeeld 2024), niet {text!r}"
        )
    return known_year(int(text) if text else None, years)


def known_year(year: int | None, years: list[int] | None = None) -> int:
    """`year` if it is among `years` (default: the report years in the store); without a
    year, the latest of them."""
    years = known_years() if years is None else years
    if year is None:
        if not years:
            raise Http404("Er zijn nog geen gegevens geladen (nprz load nprz2024).")
        return years[-1]
    if year not in years:
        known = ", ".join(map(str, years)) or "geen"
        raise Http404(f"Voor rapportjaar {year} zijn geen gegevens; beschikbaar: {known}.")
    return year


def choice(request: HttpRequest, name: str, allowed: Sequence[str], default: str = "") -> str:
    """A parameter that must be one of `allowed` (empty means `default`)."""
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if text not in allowed:
        raise BadRequest(f"ongeldige waarde voor {name}: {text!r}; kies uit: {', '.join(allowed)}")
    return text


def non_negative(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    # isascii: "²".isdigit() is true but int("²") fails; the length bound keeps int() cheap.
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) > maximum:
        raise BadRequest(
            f"{name} moet een geheel getal van 0 tot en met {maximum} zijn, niet {text!r}"
        )
    return int(text)


def indicator(code: str) -> m.Indicator:
    found = m.Indicator.objects.filter(code=code).first()
    if found is None:
        raise Http404(f"Er is geen indicator met de code {code!r}.")
    return found


def area(code: str) -> m.Area:
    found = m.Area.objects.filter(code=code).first()
    if found is None:
        raise Http404(f"Er is geen gebied met de code {code!r}.")
    return found


def reject_unknown(request: HttpRequest, known: Sequence[str]) -> None:
    """A misspelt parameter would otherwise be silently ignored; a repeated one would be
    read as its last value, and make another address (and cache entry) of the same page."""
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        allowed = ", ".join(known) or "geen"
        raise BadRequest(f"onbekende parameter {unknown[0]!r}; deze pagina kent: {allowed}")
    for name, values in sorted(request.GET.lists()):
        if len(values) > 1:
            raise BadRequest(f"{name} staat meer dan eens in de vraag; geef het één keer")
