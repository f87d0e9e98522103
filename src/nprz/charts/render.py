"""Vega-Lite spec -> SVG on the server, with vl-convert, remembered per spec.

Rendering costs about 50 ms (the first call half a second, to start vl-convert's engine);
the dashboard draws the same few charts again and again, so each SVG is kept, keyed by a
hash of the spec's canonical JSON. The cache is bounded and shared by the server's threads.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import vl_convert

from nprz.charts.style import NL_NUMBER_LOCALE

CACHE_SIZE = 256
# vl-convert resolves a mark's `href` against the base URL of Vega's example data; a link to
# a page of this site must stay a path on this site.
VEGA_BASE_URL = "https://vega.github.io/vega-datasets/"
# Where a spec keeps the hover text of its links (`usermeta` is Vega-Lite's place for data
# the renderer ignores): {href: text}.
LINK_TITLES = "link_titles"

_cache: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def canonical_json(spec: Mapping[str, Any]) -> str:
    """The spec as one string: same content, same string, whatever the key order."""
    # allow_nan=False: NaN is not JSON, and Vega would read it differently per renderer.
    return json.dumps(
        spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def render_svg(spec: Mapping[str, Any]) -> str:
    """The chart as an SVG document (a string starting with "<svg")."""
    text = canonical_json(spec)
    key = hashlib.sha256(text.encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    # Rendered outside the lock: vl-convert serialises its own work, and a thread that
    # wants a cached chart should not wait for another one's render. Two threads may
    # render the same new spec at once; both get the same SVG, so that is harmless.
    svg = vl_convert.vegalite_to_svg(
        text,
        # The Dutch locale also when a spec lacks it; a spec's own config.locale wins.
        format_locale=NL_NUMBER_LOCALE,
        # Nothing is fetched while rendering: every chart carries its data inline.
        allowed_base_urls=[],
    )
    svg = _linked(svg, spec.get("usermeta", {}).get(LINK_TITLES, {}))
    svg = _labelled(svg, spec.get("description"))
    with _lock:
        _cache[key] = svg
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return svg


def _linked(svg: str, titles: Mapping[str, str]) -> str:
    """Links as paths on this site, each with its hover text (an SVG <title>, which is also
    the link's name for assistive technology)."""
    svg = svg.replace(f'xlink:href="{VEGA_BASE_URL}/', 'xlink:href="/')
    for href, text in titles.items():
        opening = f'<a xlink:href="{html.escape(href, quote=True)}">'
        svg = svg.replace(opening, f"{opening}<title>{html.escape(text)}</title>")
    return svg


def _labelled(svg: str, description: object) -> str:
    """The SVG as one image for assistive technology, named by the chart's description.

    Vega's headless renderer leaves the spec's description out of the SVG; inline in a page
    or a PDF, the picture should still say what it shows.
    """
    if not isinstance(description, str) or not svg.startswith("<svg "):
        return svg
    label = html.escape(description, quote=True)
    return f'<svg role="img" aria-label="{label}" {svg.removeprefix("<svg ")}'


def inline_svg(spec: Mapping[str, Any]) -> str:
    """The chart's SVG to put inside a page, where its links work (inside an <img> they do
    not, and the site's policy allows no <object>). The whole stays one image for assistive
    technology, so its links leave the tab order: the page must offer them beside it (the
    map's table does). Vega gives a linked mark a role of its own, which inside a page made
    axe-core ask for a name per mark; inside the one image it has none."""
    svg = render_svg(spec).replace("<a xlink:href=", '<a tabindex="-1" xlink:href=')
    return _INNER_ROLES.sub("", svg)


_INNER_ROLES = re.compile(r' (?:role="graphics-[a-z-]+"|aria-roledescription="[^"]*")')


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def cache_size() -> int:
    with _lock:
        return len(_cache)
