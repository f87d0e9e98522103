"""How each chart is drawn: the Vega-Lite layers, colours, shapes and axes.

`nprz.charts.specs` decides what a chart says (data, description, table); this module only
turns rows of plain values into Altair charts. Kept apart so each file can be read whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from nprz.charts import style


@dataclass(frozen=True)
class AreaStyle:
    colour: str
    shape: str
    dash: tuple[int, ...]


# Okabe-Ito colours that keep 3:1 against white (WCAG 1.4.11), each with its own point shape
# and dash so colour is never the only cue. Diamond and cross are kept for the targets.
AREA_STYLES = {
    "NPRZ": AreaStyle("#D55E00", "circle", (1, 0)),
    "Focuswijken": AreaStyle("#CC79A7", "square", (8, 4)),
    "Rotterdam": AreaStyle("#0072B2", "triangle-up", (2, 3)),
    "G4": AreaStyle("#009E73", "triangle-down", (8, 3, 2, 3)),
    "Nederland": AreaStyle("#666666", "triangle-right", (4, 4)),
}
PALETTE = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#666666", "#8F6A00")
SHAPES = ("circle", "square", "triangle-up", "triangle-down", "triangle-right", "triangle-left")
DASHES = ((1, 0), (8, 4), (2, 3), (8, 3, 2, 3), (4, 4), (12, 4))

STATUS_LABELS = {"groen": "groen", "oranje": "oranje", "rood": "rood", "geen": "geen oordeel"}
STATUS_COLOURS = {"groen": "#1a7f37", "oranje": "#b35c00", "rood": "#c62828", "geen": "#6e7781"}

FLOW_KINDS = ("vestigers", "vertrekkers")
FLOW_COLOURS = ("#0072B2", "#D55E00")

Row = dict[str, Any]


def area_styles(areas: Sequence[str]) -> dict[str, AreaStyle]:
    """Fixed styles for the known areas; the others get what is still free, in palette order."""
    known = {area: AREA_STYLES[area] for area in areas if area in AREA_STYLES}

    def free(options: Sequence[Any], taken: set[Any]) -> list[Any]:
        return [o for o in options if o not in taken] or list(options)

    colours = free(PALETTE, {s.colour for s in known.values()})
    shapes = free(SHAPES, {s.shape for s in known.values()})
    dashes = free(DASHES, {s.dash for s in known.values()})
    for i, area in enumerate(a for a in areas if a not in AREA_STYLES):
        known[area] = AreaStyle(
            colours[i % len(colours)], shapes[i % len(shapes)], dashes[i % len(dashes)]
        )
    return {area: known[area] for area in areas}


def year_ticks(lo: int, hi: int) -> list[int]:
    """About a dozen whole years, counted back from the last so it (e.g. 2031) has a label."""
    span = hi - lo
    step = 1 if span <= 12 else 2 if span <= 24 else 5 if span <= 60 else math.ceil(span / 12)
    return sorted(range(hi, lo - 1, -step))


def lines(
    values: list[Row], targets: list[Row], *, areas: list[str], unit_title: str, x_title: str
) -> alt.LayerChart:
    """Rows: gebied, jaar, waarde, voorlopig; targets: jaar, waarde, tekst, symbool."""
    styles = area_styles(areas)
    years = [r["jaar"] for r in values + targets]
    lo, hi = min(years), max(years)
    x = alt.X(
        "jaar:Q",
        # The domain runs to the last target year; padding keeps edge symbols off the axis.
        scale=alt.Scale(domain=[lo, hi] if lo < hi else [lo - 1, hi + 1], nice=False, padding=16),
        axis=alt.Axis(format="d", values=year_ticks(lo, hi), grid=False, title=x_title),
    )
    y = alt.Y(
        "waarde:Q",
        scale=alt.Scale(zero=False, nice=True, padding=12),  # symbols clear of the axis
        axis=alt.Axis(format=",~f", title=unit_title, tickCount=6),
    )

    def scale(attr: str) -> alt.Scale:
        return alt.Scale(domain=areas, range=[_plain(getattr(styles[a], attr)) for a in areas])

    # One legend: colour, shape and dash share the field and the title, so Vega merges them.
    legend = alt.Legend(title="Gebied", orient="bottom", direction="horizontal")
    colour = alt.Color("gebied:N", scale=scale("colour"), legend=legend)
    base = alt.Chart(alt.InlineData(values=values))
    line = base.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=y,
        color=colour,
        strokeDash=alt.StrokeDash("gebied:N", scale=scale("dash"), legend=legend),
    )
    # Voorlopig: a hollow symbol, told apart from a final figure without relying on colour.
    fill = alt.condition(
        "datum.voorlopig",
        alt.value("white"),
        alt.Fill("gebied:N", scale=scale("colour"), legend=None),
    )
    dots = base.mark_point(size=70, strokeWidth=2, opacity=1).encode(
        x=x,
        y=y,
        color=colour,
        fill=fill,
        shape=alt.Shape("gebied:N", scale=scale("shape"), legend=legend),
    )
    layers: list[alt.Chart] = [line, dots]
    if targets:
        marks = alt.Chart(alt.InlineData(values=targets)).encode(x="jaar:Q", y="waarde:Q")
        layers.append(
            marks.mark_point(filled=True, color="black", size=140, opacity=1).encode(
                shape=alt.Shape("symbool:N", scale=None)
            )
        )
        # Labels go right of their symbol, but left of it at the last year, so the text
        # stays inside the chart's fixed width.
        right = marks.transform_filter(f"datum.jaar < {hi}").mark_text(align="left", dx=10)
        left = marks.transform_filter(f"datum.jaar >= {hi}").mark_text(align="right", dx=-10)
        layers += [right.encode(text="tekst:N"), left.encode(text="tekst:N")]
    return alt.LayerChart(layer=layers).properties(width=style.WIDTH, height=style.HEIGHT)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def status_bars(values: list[Row], *, pillars: list[str]) -> alt.LayerChart:
    """Rows: pijler, oordeel (label), aantal, begin, eind, midden (stacked in Python)."""
    y = alt.Y("pijler:N", sort=pillars, title=None, axis=alt.Axis(labelLimit=220, ticks=False))
    base = alt.Chart(alt.InlineData(values=values)).encode(y=y)
    colour = alt.Color(
        "oordeel:N",
        scale=alt.Scale(domain=list(STATUS_LABELS.values()), range=list(STATUS_COLOURS.values())),
        legend=alt.Legend(title="Oordeel", orient="bottom", direction="horizontal"),
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1, height={"band": 0.7}).encode(
        x=alt.X("begin:Q", title="aantal", axis=alt.Axis(format="d", tickMinStep=1)),
        x2="eind:Q",
        color=colour,
    )
    # The count in white bold inside each segment: readable without seeing the colour.
    counts = base.mark_text(color="white", fontWeight="bold").encode(
        x="midden:Q", text=alt.Text("aantal:Q", format="d")
    )
    return alt.LayerChart(layer=[bars, counts]).properties(
        width=style.WIDTH, height=max(1, len(pillars)) * 40
    )


def flow_bars(
    values: list[Row], *, periods: list[str], category: str = "Periode"
) -> alt.LayerChart:
    """Rows: periode (or another category), soort (vestigers/vertrekkers), aantal."""
    # Many long names (wijken) are slanted so they do not overlap.
    angle = -45 if len(periods) > 6 else 0
    kind = alt.Scale(domain=list(FLOW_KINDS), range=list(FLOW_COLOURS))
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal")
    base = alt.Chart(alt.InlineData(values=values)).encode(
        x=alt.X("periode:N", sort=periods, title=category, axis=alt.Axis(labelAngle=angle)),
        xOffset=alt.XOffset("soort:N", sort=list(FLOW_KINDS)),
    )
    # Vertrekkers as outlined bars: solid against open, so colour is not the only cue.
    bars = base.mark_bar(strokeWidth=2).encode(
        y=alt.Y("aantal:Q", title="aantal personen", axis=alt.Axis(format=",~f")),
        stroke=alt.Stroke("soort:N", scale=kind, legend=legend),
        fill=alt.Fill(
            "soort:N",
            scale=alt.Scale(domain=list(FLOW_KINDS), range=[FLOW_COLOURS[0], "white"]),
            legend=legend,
        ),
    )
    return alt.LayerChart(layer=[bars]).properties(width=style.WIDTH, height=style.HEIGHT)
