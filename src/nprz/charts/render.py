"""Vega-Lite spec -> SVG on the server, with vl-convert, remembered per spec.

Rendering costs about 50 ms (the first call half a second, to start vl-convert's engine);
the dashboard draws the same few charts again and again, so each SVG is kept, keyed by a
hash of the spec's canonical JSON. The cache is bounded and shared by the server's threads.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import vl_convert

from nprz.charts.style import NL_NUMBER_LOCALE

CACHE_SIZE = 256

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
    svg = _labelled(svg, spec.get("description"))
    with _lock:
        _cache[key] = svg
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
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


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def cache_size() -> int:
    with _lock:
        return len(_cache)
