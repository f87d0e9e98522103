"""The shared look and the Dutch wording of every chart: config, sizes, colours, number text.

One place for these so the line chart, the bar charts and the map read as one family on the
web page and in the PDF report, and so the WCAG choices (font sizes, contrast) are made once.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import altair as alt

from nprz.core.formatting import format_value

WIDTH = 560
HEIGHT = 300
FONT = "sans-serif"
TEXT_COLOUR = "#1f2328"  # 15:1 on white, for labels and titles
FONT_SIZE = 12  # the brief asks for ≥ 11 px at 100%; 12 leaves margin when the PDF shrinks
TITLE_SIZE = 15

NO_DATA = "Er zijn geen gegevens voor deze grafiek."

# Dutch number notation inside the spec itself, so any renderer (vl-convert here, a browser
# later) prints 43,5 and 1.234 without being told separately.
NL_NUMBER_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€ ", ""],
}

# What the y axis title says for each unit code of the store (and a few aliases).
UNIT_TITLES = {
    "percent": "%",
    "%": "%",
    "euro": "euro",
    "aantal": "aantal",
    "score": "score",
    "m2": "m²",
    "index": "index",
    "jaren": "jaren",
}


def config() -> dict[str, Any]:
    """The Vega-Lite config block every chart carries."""
    label = {"labelFontSize": FONT_SIZE, "labelColor": TEXT_COLOUR, "labelFont": FONT}
    title = {"titleFontSize": FONT_SIZE, "titleColor": TEXT_COLOUR, "titleFont": FONT}
    return {
        "locale": {"number": NL_NUMBER_LOCALE},
        "background": "white",
        "font": FONT,
        # No ARIA per mark: a reader would hear 23 buurten or every tick. The SVG as a whole
        # is one image whose label is the description (see render.render_svg).
        "aria": False,
        "view": {"stroke": None},
        "title": {
            "fontSize": TITLE_SIZE,
            "subtitleFontSize": FONT_SIZE,
            "color": TEXT_COLOUR,
            "subtitleColor": TEXT_COLOUR,
            "anchor": "start",
            "offset": 12,
        },
        # Axis lines and ticks in a dark grey: they are structure the reader needs (1.4.11).
        "axis": {**label, **title, "domainColor": "#57606a", "tickColor": "#57606a"},
        # Vega measures a label with its own font metrics, which can run narrower than the
        # font the SVG is drawn in: room between entries keeps a long area name ("Delft en
        # Westland") off the next entry's symbol.
        "legend": {**label, **title, "symbolStrokeWidth": 2, "columnPadding": 20},
        "text": {"fontSize": FONT_SIZE, "font": FONT, "color": TEXT_COLOUR},
    }


def finish(chart: alt.TopLevelMixin, description: str) -> dict[str, Any]:
    """The JSON-able spec: Dutch config, white background, description for ARIA."""
    # Altair's schema check would double the ~50 ms a chart takes to build on every page
    # view; the tests check every kind of spec against the Vega-Lite schema instead.
    spec = chart.to_dict(validate=False)
    spec["config"] = config()
    spec["background"] = "white"
    # Vega writes the description into the SVG's aria-label.
    spec["description"] = description
    return spec


# Characters of the bold title that fit the chart's width; Vega clips a longer line.
TITLE_LINE = 62


def title(text: str, subtitle: str = "") -> alt.Title:
    lines = textwrap.wrap(text, TITLE_LINE) or [text]
    shown: str | list[str] = lines[0] if len(lines) == 1 else lines
    return alt.Title(shown, subtitle=subtitle) if subtitle else alt.Title(shown)


def empty_spec(text: str, *, width: int = WIDTH, height: int = HEIGHT) -> dict[str, Any]:
    """A chart that says there is nothing to draw, instead of an empty frame."""
    chart = (
        alt.Chart(alt.InlineData(values=[{"tekst": NO_DATA}]))
        .mark_text(fontSize=14, color=TEXT_COLOUR)
        .encode(text="tekst:N")
        .properties(width=width, height=height, title=title(text))
    )
    return finish(chart, NO_DATA)


def decimal(value: float | int) -> Decimal:
    """The decimal a person means by the float: 33.05 -> Decimal("33.05"), not 33.0499….

    Formatting rounds half up, so going through the float's exact binary value would round
    33.05 down to 33,0.
    """
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def number_text(value: float | int | None, unit: str, decimals: int) -> str:
    """A value as printed in tables and descriptions: 43,5% · € 36.300 · 1.234."""
    if value is None:
        return format_value(None, unit, decimals)
    store_unit = "percent" if unit == "%" else unit
    return format_value(decimal(value), store_unit, decimals)


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def join_nl(items: Sequence[str]) -> str:
    """ "a", "a en b", "a, b en c": a Dutch list."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


def first_seen(items: Iterable[str]) -> list[str]:
    """Distinct items in order of first appearance (the caller's order is the reading order)."""
    return list(dict.fromkeys(items))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
