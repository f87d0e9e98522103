"""How each chart is drawn: the Vega-Lite layers, colours, shapes and axes.

`nprz.charts.specs` decides what a chart says (data, description, table); this module only
turns rows of plain values into Altair charts. Kept apart so each file can be read whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from nprz.charts import axes, style


@dataclass(frozen=True)
class AreaStyle:
    colour: str
    shape: str
    dash: tuple[int, ...]


# Okabe-Ito colours that keep 3:1 against white (WCAG 1.4.11), each with its own point shape
# and dash so colour is never the only cue. Diamond and cross are kept for the targets. Areas
# take them in legend order (the programme's `compare` list), so every programme's charts
# draw its own areas the same way on every page.
PALETTE = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#666666", "#8F6A00")
SHAPES = ("circle", "square", "triangle-up", "triangle-down", "triangle-right", "triangle-left")
DASHES = ((1, 0), (8, 4), (2, 3), (8, 3, 2, 3), (4, 4), (12, 4))

STATUS_LABELS = {"groen": "groen", "oranje": "oranje", "rood": "rood", "geen": "geen oordeel"}
STATUS_COLOURS = {"groen": "#1a7f37", "oranje": "#b35c00", "rood": "#c62828", "geen": "#6e7781"}

FLOW_KINDS = ("vestigers", "vertrekkers")
FLOW_COLOURS = ("#0072B2", "#D55E00")

Row = dict[str, Any]


def area_styles(areas: Sequence[str]) -> dict[str, AreaStyle]:
    """A style per area in legend order; past the palette, colours repeat."""
    return {
        area: AreaStyle(PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)], DASHES[i % len(DASHES)])
        for i, area in enumerate(areas)
    }


PATH_COLOUR = "#8c959f"  # 3:1 on white; a wide band under the coloured lines
PATH_WIDTH = 7
SHORTENED_FILL = "#eef1f4"  # the band behind years on a shortened scale
CORRECTION_RING = 420  # px²: a ring clear of the area's own symbol (70) around it


def lines(
    values: list[Row],
    targets: list[Row],
    paths: list[Row],
    *,
    title: alt.Title,
    areas: list[str],
    unit_title: str,
    x_title: str,
    x_axis: axes.YearAxis,
    y_axis: axes.ValueAxis,
    data: style.Datasets,
) -> alt.LayerChart:
    """Rows: gebied, reeks (one run of consecutive periods), jaar, waarde, voorlopig, and
    correctie where a known correction applies (ringed); targets:
    gebied (the target's name and level), jaar, waarde, symbool; paths: reeks, jaar, waarde."""
    styles = area_styles(areas)
    x_scale = alt.Scale(domain=list(x_axis.domain), range=list(x_axis.range), nice=False)
    x = alt.X(
        "jaar:Q",
        scale=x_scale,
        axis=alt.Axis(
            format="d",
            values=list(x_axis.ticks),
            grid=False,
            title=x_title,
            # Each year's label centred under its tick, also the first and the last: flush
            # labels would crowd the neighbouring year.
            labelFlush=False,
        ),
    )
    y = alt.Y(
        "waarde:Q",
        scale=alt.Scale(domain=[y_axis.low, y_axis.high], nice=False, zero=False),
        axis=alt.Axis(
            # Vega would pick the labels' precision from its own tick count, not these ticks.
            format=f",.{y_axis.decimals}f",
            values=list(y_axis.ticks),
            title=unit_title,
            # The unit sits level above the axis: a turned title costs width on a phone.
            titleAngle=0,
            titleAnchor="end",
            titleAlign="left",
            titleBaseline="bottom",
            titleX=-style.Y_LABEL_ROOM,
            titleY=-8,
        ),
    )

    # The targets are named in the areas' legend, not beside their symbols, where the names
    # would cover the lines or each other on a narrow chart: one scale per channel over the
    # areas and the targets' names (`gebied` holds the name in a target's row).
    names = areas + [str(t["gebied"]) for t in targets]
    looks = {a: (s.colour, s.shape, _plain(s.dash)) for a, s in styles.items()}
    looks |= {str(t["gebied"]): ("black", str(t["symbool"]), [1, 0]) for t in targets}

    def scale(index: int) -> alt.Scale:
        return alt.Scale(domain=names, range=[looks[n][index] for n in names])

    # One legend: colour, shape and dash share the field and the title, so Vega merges them.
    legend = alt.Legend(
        title=None,
        orient="bottom",
        direction="horizontal",
        columns=style.legend_columns(names, [f"{t:,.{y_axis.decimals}f}" for t in y_axis.ticks]),
    )
    colour = alt.Color("gebied:N", scale=scale(0), legend=legend)
    shape = alt.Shape("gebied:N", scale=scale(1), legend=legend)
    # The dash stays out of the legend: on a point symbol it only blurs the shape (and Vega-Lite
    # would merge it into the one legend unless its legend is resolved apart, below).
    dash = alt.StrokeDash("gebied:N", scale=scale(2), legend=None)
    base = alt.Chart(data.named(values))
    layers: list[alt.Chart] = []
    if x_axis.shortened_from is not None:
        band = {"van": x_axis.domain[1], "tot": x_axis.domain[-1]}
        layers.append(
            alt.Chart(data.named([band]))
            .mark_rect(color=SHORTENED_FILL)
            .encode(x=alt.X("van:Q", scale=x_scale), x2="tot:Q")
        )
    if paths:
        layers.append(
            alt.Chart(data.named(paths))
            .mark_line(color=PATH_COLOUR, strokeWidth=PATH_WIDTH, strokeCap="round")
            .encode(x=x, y=y, detail="reeks:N")
        )
    # Only a run of consecutive periods is joined: `reeks` splits an area's line at a gap.
    line = base.mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=colour, strokeDash=dash, detail="reeks:N"
    )
    # Voorlopig: a hollow symbol, told apart from a final figure without relying on colour.
    fill = alt.condition(
        "datum.voorlopig", alt.value("white"), alt.Fill("gebied:N", scale=scale(0), legend=None)
    )
    dots = base.mark_point(size=70, strokeWidth=2, opacity=1).encode(
        x=x, y=y, color=colour, fill=fill, shape=shape
    )
    layers += [line, dots]
    corrected = [row for row in values if row.get("correctie")]
    if corrected:
        # A printed value the report's own sums contradict (decision 022) stays drawn where
        # it was printed, with a dark ring around it: the subtitle says what the ring means,
        # the description and the table give both numbers.
        layers.append(
            alt.Chart(data.named(corrected))
            .mark_point(
                shape="circle",
                size=CORRECTION_RING,
                filled=False,
                strokeWidth=2,
                color=style.TEXT_COLOUR,
                opacity=1,
            )
            .encode(x=x, y=y, tooltip=alt.Tooltip("correctie:N"))
        )
    if targets:
        layers.append(
            alt.Chart(data.named(targets))
            .mark_point(filled=True, size=140, opacity=1)
            .encode(x=x, y=y, color=colour, shape=shape)
        )
    return style.layered(
        layers,
        title=title,
        width=style.WIDTH,
        height=style.HEIGHT,
        resolve=alt.Resolve(legend=alt.LegendResolveMap(strokeDash="independent")),
    )


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


STATUS_ROW = 62  # px per pillar: its name above its bar
STATUS_BAR = 28


def status_bars(
    values: list[Row], *, title: alt.Title, pillars: list[str], data: style.Datasets
) -> alt.LayerChart:
    """Rows: pijler, oordeel (label), aantal, begin, eind, midden (stacked in Python)."""
    # Each pillar's name stands above its bar, from the left edge: a name beside the bar
    # would take width from every bar, and a long one was cut off at the image's edge.
    width = style.WIDTH + style.Y_LABEL_ROOM
    y = alt.Y("pijler:N", sort=pillars, title=None, axis=None)
    base = alt.Chart(data.named(values)).encode(y=y)
    colour = alt.Color(
        "oordeel:N",
        scale=alt.Scale(domain=list(STATUS_LABELS.values()), range=list(STATUS_COLOURS.values())),
        legend=alt.Legend(
            title=None,
            orient="bottom",
            direction="horizontal",
            columns=style.legend_columns(list(STATUS_LABELS.values())),
        ),
    )
    bars = base.mark_bar(stroke="white", strokeWidth=1, height=STATUS_BAR).encode(
        x=alt.X(
            "begin:Q",
            title="aantal",
            axis=alt.Axis(format="d", tickMinStep=1, tickCount=5, labelFlush=False),
        ),
        x2="eind:Q",
        color=colour,
    )
    # The count in white bold inside each segment: readable without seeing the colour.
    counts = base.mark_text(color="white", fontWeight="bold").encode(
        x="midden:Q", text=alt.Text("aantal:Q", format="d")
    )
    names = (
        alt.Chart(data.named([{"pijler": p} for p in pillars]))
        .mark_text(align="left", baseline="bottom", dy=-(STATUS_BAR // 2 + 4), limit=width, x=0)
        .encode(y=y, text="pijler:N")
    )
    return style.layered(
        [bars, counts, names],
        title=title,
        width=width,
        height=max(1, len(pillars)) * STATUS_ROW,
    )


FLOW_ROW = 64  # px per category when the bars lie down: its name above its two bars
UPRIGHT_FLOWS = 6  # up to this many categories (years) stand side by side


def flow_bars(
    values: list[Row],
    *,
    title: alt.Title,
    periods: list[str],
    data: style.Datasets,
    category: str = "Periode",
) -> alt.LayerChart:
    """Rows: periode (or another category), soort (vestigers/vertrekkers), aantal.

    A few periods stand as upright pairs of bars; more categories (the wijken of an area)
    lie down, each with its name above its pair: slanted names under narrow bars could not
    be read on a phone and ran past the image's edge."""
    kind = alt.Scale(domain=list(FLOW_KINDS), range=list(FLOW_COLOURS))
    legend = alt.Legend(
        title=None, orient="bottom", direction="horizontal", columns=len(FLOW_KINDS)
    )
    upright = len(periods) <= UPRIGHT_FLOWS
    count = alt.Axis(format=",~f", tickCount=4, labelFlush=False)
    amount = ("y" if upright else "x", "aantal:Q")
    base = alt.Chart(data.named(values))
    if upright:
        place = base.encode(
            x=alt.X("periode:N", sort=periods, title=category, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("soort:N", sort=list(FLOW_KINDS)),
            y=alt.Y(amount[1], title="aantal personen", axis=count),
        )
    else:
        rows = alt.Y(
            "periode:N",
            sort=periods,
            axis=None,
            scale=alt.Scale(paddingInner=0.45, paddingOuter=0.5),
        )
        place = base.encode(
            y=rows,
            yOffset=alt.YOffset("soort:N", sort=list(FLOW_KINDS)),
            x=alt.X(amount[1], title="aantal personen", axis=count),
        )
    # Vertrekkers as outlined bars: solid against open, so colour is not the only cue.
    bars = place.mark_bar(strokeWidth=2).encode(
        stroke=alt.Stroke("soort:N", scale=kind, legend=legend),
        fill=alt.Fill(
            "soort:N",
            scale=alt.Scale(domain=list(FLOW_KINDS), range=[FLOW_COLOURS[0], "white"]),
            legend=legend,
        ),
    )
    width = style.WIDTH + (0 if upright else style.Y_LABEL_ROOM)
    if upright:
        return style.layered([bars], title=title, width=width, height=style.HEIGHT)
    band = FLOW_ROW * (1 - 0.45) / (1 - 0.45 + 0.45)  # the pair's height within a row
    names = (
        alt.Chart(data.named([{"periode": p} for p in periods]))
        .mark_text(align="left", baseline="bottom", dy=-(band / 2 + 3), limit=width, x=0)
        .encode(y=rows, text="periode:N")
    )
    return style.layered([bars, names], title=title, width=width, height=len(periods) * FLOW_ROW)
