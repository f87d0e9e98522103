"""The shared look and the Dutch wording of every chart: config, sizes, colours, number text.

One place for these so the line chart, the bar charts and the map read as one family on the
web page and in the PDF report, and so the WCAG choices (font sizes, contrast) are made once.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import altair as alt
from altair.utils import schemapi

from nprz.core.formatting import format_value

# Altair checks every object against the Vega-Lite schema as it is made ("debug mode"); that
# was a fifth of the time a chart took to build, on every page view and report. The tests
# check every kind of finished spec against the schema instead (tests/charts).
schemapi.disable_debug_mode()

# One size for the web page, the phone and the PDF: the SVG scales with its viewBox, and on a
# 390 px phone an image gets PHONE_WIDTH px (site.css: 1rem padding either side of the page,
# a 1 px border). A chart at most MAX_CHART_WIDTH wide shows FONT_SIZE text at PHONE_FONT px
# or more there; tests/charts/test_phone.py measures the rendered SVGs against this.
PHONE_WIDTH = 356
PHONE_FONT = 12
FONT_SIZE = 15
TITLE_SIZE = 17
MAX_CHART_WIDTH = FONT_SIZE * PHONE_WIDTH // PHONE_FONT  # 445 px
WIDTH = 340  # the plot; the value axis' labels and the padding take the rest
HEIGHT = 240
X_PADDING = 14  # px between the plot's edge and its first and last year
Y_LABEL_ROOM = 44  # about the width of the value axis' labels ("40.000")
PADDING = 6  # around the whole chart, so nothing touches the image's edge
LEGEND_COLUMN_PADDING = 20  # px between legend columns (config()["legend"]["columnPadding"])
# The layout is measured with DejaVu Sans, wider than the usual fallbacks (Arial, Helvetica,
# Liberation Sans): a reader's browser that lacks it draws narrower text, which still fits.
# With "sans-serif" alone vl-convert measures a narrow font and a browser with DejaVu Sans
# (every Debian desktop) drew labels past the image's edge.
FONT = "DejaVu Sans, sans-serif"
TEXT_COLOUR = "#1f2328"  # 15:1 on white, for labels and titles
# Average advance of a character in DejaVu Sans, in em, for wrapping text before Vega draws it.
CHAR_EM = 0.62
BOLD_CHAR_EM = 0.7

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
        "padding": PADDING,
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
        "legend": {
            **label,
            **title,
            "symbolStrokeWidth": 2,
            "labelLimit": WIDTH,
            "columnPadding": LEGEND_COLUMN_PADDING,
        },
        "text": {"fontSize": FONT_SIZE, "font": FONT, "color": TEXT_COLOUR},
    }


class Datasets:
    """A chart's rows by name, kept out of its Altair objects until `finish` writes them into
    the spec's top-level `datasets`.

    Altair copies a chart deeply at every step (each layer, each `.properties()`, `to_dict`),
    its inline rows and map shapes with it: that copying was most of the time a chart took to
    build. A layer that names its rows is copied in no time. The names are the ones Altair
    gives inline rows (a hash of their JSON), so the spec is the one Altair would write.
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {}

    def named(self, rows: list[Any]) -> alt.NamedData:
        text = json.dumps(rows, sort_keys=True, default=str)
        name = "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]
        self.rows[name] = rows
        return alt.NamedData(name=name)


def layered(layers: Sequence[alt.Chart], **top: Any) -> alt.LayerChart:
    """Layers drawn on one another, with the top level's size, title and resolution.

    Altair's own LayerChart(layer=…) copies every layer deeply twice, to merge selection
    parameters and shared data our charts do not have; that was a third of the time a line
    chart took to build. Each later `.properties()` would copy all layers again, so
    everything is given here at once."""
    chart = alt.LayerChart(**top)
    chart.layer = list(layers)
    return chart


def finish(chart: alt.TopLevelMixin, description: str, data: Datasets) -> dict[str, Any]:
    """The JSON-able spec: the rows the chart names, Dutch config, white background,
    description for ARIA."""
    spec = chart.to_dict(validate=False)
    spec["datasets"] = data.rows
    spec["config"] = config()
    spec["background"] = "white"
    # Vega writes the description into the SVG's aria-label.
    spec["description"] = description
    return spec


def chars_per_line(size: int, *, bold: bool = False, width: int = MAX_CHART_WIDTH) -> int:
    """How many characters of `size` px text fit on a line of `width` px."""
    return int((width - 2 * PADDING) // (size * (BOLD_CHAR_EM if bold else CHAR_EM)))


def wrap(text: str, size: int, *, bold: bool = False) -> list[str]:
    """`text` in lines that fit the chart's width: Vega would clip a longer line."""
    return textwrap.wrap(text, chars_per_line(size, bold=bold)) or [text]


def title(text: str, subtitle: str = "") -> alt.Title:
    lines = wrap(text, TITLE_SIZE, bold=True)
    shown: str | list[str] = lines[0] if len(lines) == 1 else lines
    if not subtitle:
        return alt.Title(shown)
    below = wrap(subtitle, FONT_SIZE)
    return alt.Title(shown, subtitle=below[0] if len(below) == 1 else below)


# Advance widths of DejaVu Sans in thousandths of an em (read from DejaVuSans.ttf with
# fontTools), for measuring legend entries: a flat average per character under-measured
# capitals and digits, and a legend of three columns ran past the image's edge.
_ADVANCE = {
    ch: width
    for width, chars in (
        (275, "'"),
        (278, "ijlï"),
        (295, "IJ"),
        (318, " ,."),
        (337, "/:;\\|"),
        (352, "f"),
        (361, "-"),
        (390, "()[]"),
        (392, "t"),
        (401, "!"),
        (411, "r"),
        (460, '"'),
        (500, "*_`"),
        (521, "s"),
        (525, "z"),
        (531, "?"),
        (550, "cç"),
        (557, "L"),
        (575, "F"),
        (579, "k"),
        (592, "vxy"),
        (603, "P"),
        (611, "TY"),
        (612, "oöó"),
        (613, "aáàä"),
        (615, "eéëèê"),
        (632, "E"),
        (634, "hnuü"),
        (635, "Sbdgpq"),
        (636, "$0123456789{}"),
        (656, "K"),
        (684, "AV"),
        (685, "XZ"),
        (686, "B"),
        (695, "R"),
        (698, "C"),
        (732, "U"),
        (748, "N"),
        (752, "H"),
        (770, "D"),
        (775, "G"),
        (780, "&"),
        (787, "OQ"),
        (818, "w"),
        (838, "#+<=>^~"),
        (863, "M"),
        (950, "%"),
        (974, "m"),
        (989, "W"),
        (1000, "@"),
    )
    for ch in chars
}
LEGEND_SYMBOL = 20  # px of symbol and gap before an entry's text, as rendered


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """The width of `text` in DejaVu Sans at `size` px; an unknown character counts wide."""
    return sum(_ADVANCE.get(ch, 1000) for ch in text) * size / 1000


def legend_columns(names: Sequence[str], axis_labels: Sequence[str] = ()) -> int:
    """Legend entries side by side when they fit the width, else in as many columns as fit.

    A bottom legend starts at the plot's left edge, after the value axis' labels (tick and
    padding: 8 px), and Vega puts LEGEND_COLUMN_PADDING between columns: all of it counts, or
    the last column runs past the image's edge and the SVG grows wider than a phone can show
    at 12 px (tests/charts/test_phone.py: "3.000.000" on the axis, four columns)."""
    labels = max((text_width(label) + 8 for label in axis_labels), default=0.0)
    # 5% to spare on each entry's text: the estimate is per character, without kerning.
    entry = [LEGEND_SYMBOL + 1.05 * text_width(n) for n in names]
    room = MAX_CHART_WIDTH - 2 * PADDING - max(Y_LABEL_ROOM, labels)
    for columns in range(len(names), 1, -1):
        rows = [entry[i : i + columns] for i in range(0, len(entry), columns)]
        widths = [max(row[c] for row in rows if c < len(row)) for c in range(columns)]
        if sum(widths) + LEGEND_COLUMN_PADDING * (columns - 1) <= room:
            return columns
    return 1


def empty_spec(text: str, *, width: int = WIDTH, height: int = HEIGHT) -> dict[str, Any]:
    """A chart that says there is nothing to draw, instead of an empty frame."""
    data = Datasets()
    chart = (
        alt.Chart(data.named([{"tekst": NO_DATA}]))
        .mark_text(fontSize=14, color=TEXT_COLOUR)
        .encode(text="tekst:N")
        .properties(width=width, height=height, title=title(text))
    )
    return finish(chart, NO_DATA, data)


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


def named_chart(kind: str, title: str) -> str:
    """The opening words of a description: the kind of chart and its title, quoted.

    A title is a heading with its own capital ("De delen van het programma", "Werkloosheid"):
    after "Kaart van" it read "Kaart van De delen van …". Lower-casing it would be a guess (a
    wijk is "De Esch"); in quotes the title keeps its capital and reads as a name."""
    return f"{kind} ‘{title}’"
