"""The map of a programme's smallest areas (CBS buurten or wijken), some of them highlighted.

The polygons come with the programme's definition (its `map`: GeoJSON features with a
`code` and a `naam`, kept in the store) and go into the spec inline, so drawing the map
needs no network and no GIS library. This module gets the features; it reads nothing itself.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import altair as alt

from nprz.charts import style
from nprz.charts.render import LINK_TITLES
from nprz.charts.specs import Chart
from nprz.charts.style import capitalise, finish, join_nl, named_chart
from nprz.core.formatting import format_value

# Within the chart width that stays readable on a phone (nprz.charts.style).
MAP_WIDTH = style.WIDTH + style.Y_LABEL_ROOM + 40
MAP_HEIGHT = MAP_WIDTH * 9 // 14
LABEL_LINE = style.FONT_SIZE + 4  # px between two labels moved apart
HIGHLIGHT = "#1f3a5f"  # dark blue: 11:1 on white, 7:1 against the grey buurten
OTHER = "#d0d7de"
MARKED = "gemarkeerd"
UNMARKED = "overige gebieden"
MAX_LABELS = 3  # more names than this would cover the map; the table lists them all
# The parts of a whole (its gebieden, its gemeenten) in light colours that tell each other
# apart also for the common colour blindnesses (ColorBrewer Set2, lightened): the whole
# marked in one dark colour was one dark blot with white lines.
GROUP_COLOURS = ("#a6d8c9", "#fdc8a9", "#c3cce6", "#f5c6e0", "#d6ecb0", "#ffe9a3")

Feature = dict[str, Any]


def map_names(features: Sequence[Feature]) -> dict[str, str]:
    """Code -> name, for every area on the map, in the map's order."""
    return {f["properties"]["code"]: f["properties"]["naam"] for f in features}


def centroid(ring: list[list[float]]) -> tuple[float, float]:
    """Area-weighted centre of a closed ring (lon, lat).

    Plane geometry on degrees is good enough over a few kilometres, and for a label only.
    """
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * area), cy / (3 * area)


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def place_labels(
    named_rings: list[tuple[str, list[list[float]]]], features: Sequence[Feature]
) -> list[dict[str, Any]]:
    """Name labels at the buurten's centres, moved up or down where they would overlap.

    Neighbouring buurten (Tarwewijk, Bloemhof, Hillesluis) put their names on top of each
    other. Vega-Lite cannot move labels apart, so we estimate where Vega will draw them: the
    same Mercator projection, fitted to the map's size, and the width of a bold character.
    """
    xs, ys = zip(
        *(_mercator(lon, lat) for f in features for lon, lat in _outer_ring(f)),
        strict=True,
    )
    scale = min(MAP_WIDTH / (max(xs) - min(xs)), MAP_HEIGHT / (max(ys) - min(ys)))
    placed: list[tuple[float, float, float]] = []  # centre x, centre y, half width in px
    labels = []
    # North to south: a fixed order, so the same buurten always get the same placement.
    for name, ring in sorted(named_rings, key=lambda item: -centroid(item[1])[1]):
        lon, lat = centroid(ring)
        x, y = (v * scale for v in _mercator(lon, lat))
        half = len(name) * style.FONT_SIZE * style.BOLD_CHAR_EM / 2 + 4
        # The centre first, then one line up, one down, two up, ...: there is always room,
        # as each placed label rules out at most two of these positions.
        shifts = [LABEL_LINE * ((k + 1) // 2) * (-1) ** k for k in range(2 * len(named_rings) + 1)]
        shift = next(
            d
            for d in shifts
            if all(
                abs(x - px) >= half + ph or abs(y + d - py) >= LABEL_LINE for px, py, ph in placed
            )
        )
        placed.append((x, y + shift, half))
        # Back from pixels to latitude: invert the Mercator y of the shifted position.
        lat = math.degrees(2 * math.atan(math.exp(-(y + shift) / scale)) - math.pi / 2)
        labels.append({"naam": name, "lon": lon, "lat": lat})
    return labels


def _legend(domain: Sequence[str], **symbols: Any) -> alt.Legend:
    """Square swatches under the map, in as many columns as fit a phone's width."""
    return alt.Legend(
        title=None,
        orient="bottom",
        direction="horizontal",
        columns=style.legend_columns(domain),
        symbolType="square",
        **symbols,
    )


def _framed(layers: Sequence[alt.Chart], *, title: str, source: str) -> alt.LayerChart:
    """Every map's frame: Mercator, one size, the title with the shapes' source below it."""
    return style.layered(
        layers,
        projection=alt.Projection(type="mercator"),
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        title=style.title(title, source),
    )


def _outer_ring(feature: Feature) -> list[list[float]]:
    geometry = feature["geometry"]
    if geometry["type"] == "MultiPolygon":
        return list(max(geometry["coordinates"], key=lambda polygon: len(polygon[0]))[0])
    return list(geometry["coordinates"][0])


def area_map(
    features: Sequence[Feature],
    *,
    title: str,
    highlight: Collection[str],
    whole: str,
    source: str = "",
    parts: Mapping[str, str] | None = None,
) -> Chart:
    """The areas whose code is in `highlight` dark, the others light grey; `whole` names what
    the map shows ("de programmawijken"), `source` where the shapes come from. With `parts`
    (code -> the name of the part it lies in), the map shows the whole's parts in light
    colours instead, each named in the legend."""
    if parts:
        return _parts_map(features, title=title, parts=parts, whole=whole, source=source)
    names = map_names(features)
    # A bare code is a collection of characters too; take it as the one code it means.
    codes = {highlight} if isinstance(highlight, str) else set(highlight)
    unknown = sorted(codes - names.keys())
    if unknown:
        raise ValueError(f"niet op de kaart: {', '.join(unknown)}")
    marked = sorted((names[code] for code in codes), key=str.casefold)
    rows = tuple(
        (name, MARKED if code in codes else "")
        for code, name in sorted(names.items(), key=lambda item: item[1].casefold())
    )
    said = f"Gemarkeerd: {join_nl(marked)}." if marked else "Geen gebied gemarkeerd."
    description = f"{named_chart('Kaart', title)}: {whole}, {len(names)} gebieden. {said}"

    drawn = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {
                **f["properties"],
                "status": MARKED if f["properties"]["code"] in codes else UNMARKED,
            },
        }
        for f in features
    ]
    legend = (
        alt.Legend(title=None, orient="bottom", direction="horizontal", symbolType="square")
        if marked
        else None
    )
    data = style.Datasets()
    shapes = (
        alt.Chart(data.named(drawn))
        .mark_geoshape(stroke="white", strokeWidth=1.5)
        .encode(
            fill=alt.Fill(
                "properties.status:N",
                scale=alt.Scale(domain=[MARKED, UNMARKED], range=[HIGHLIGHT, OTHER]),
                legend=legend,
            )
        )
    )
    layers: list[alt.Chart] = [shapes]
    if 0 < len(marked) <= MAX_LABELS:
        labels = place_labels(
            [
                (f["properties"]["naam"], _outer_ring(f))
                for f in drawn
                if f["properties"]["status"] == MARKED
            ],
            features,
        )
        place = alt.Chart(data.named(labels)).encode(
            longitude="lon:Q", latitude="lat:Q", text="naam:N"
        )
        # Dark text on a white halo: readable on the dark buurt and on the grey around it.
        layers += [
            place.mark_text(
                fontWeight="bold", color="white", stroke="white", strokeWidth=4, strokeJoin="round"
            ),
            place.mark_text(fontWeight="bold", color=style.TEXT_COLOUR),
        ]
    chart = _framed(layers, title=title, source=source)
    return Chart(
        title, description, finish(chart, description, data), ("Gebied", "Gemarkeerd"), rows
    )


def _parts_map(
    features: Sequence[Feature], *, title: str, parts: Mapping[str, str], whole: str, source: str
) -> Chart:
    names = map_names(features)
    named = sorted(set(parts.values()), key=str.casefold)[: len(GROUP_COLOURS)]
    part_of = {code: parts[code] if parts.get(code) in named else UNMARKED for code in names}
    domain = named + ([UNMARKED] if UNMARKED in part_of.values() else [])
    colours = [*GROUP_COLOURS[: len(named)], OTHER]
    drawn = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {**f["properties"], "status": part_of[f["properties"]["code"]]},
        }
        for f in features
    ]
    data = style.Datasets()
    shapes = (
        alt.Chart(data.named(drawn))
        .mark_geoshape(stroke="white", strokeWidth=1.5)
        .encode(
            fill=alt.Fill(
                "properties.status:N",
                scale=alt.Scale(domain=domain, range=colours[: len(domain)]),
                sort=domain,
                legend=_legend(domain),
            )
        )
    )
    chart = _framed([shapes], title=title, source=source)
    order = sorted(names, key=lambda code: names[code].casefold())
    said = "; ".join(
        f"{part}: {join_nl([names[c] for c in order if part_of[c] == part])}" for part in domain
    )
    description = (
        f"{named_chart('Kaart', title)}: {whole}, {len(names)} gebieden in {len(named)} delen. "
        f"{said}."
    )
    rows = tuple((names[code], part_of[code]) for code in order)
    return Chart(title, description, finish(chart, description, data), ("Gebied", "Ligt in"), rows)


# --- the map coloured by a figure per area (a choropleth) -----------------------------------

# ColorBrewer YlGnBu, 5 classes: sequential, safe for the common colour blindnesses, and
# without a grey, so no class looks like an area without a figure. Fewer classes take every
# other colour, light to dark (docs/decisions/023-choropleth-classes.md).
CLASS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
MAX_CLASSES = len(CLASS_COLOURS)
MASKED_TEXT = "afgeschermd"
NO_FIGURE_TEXT = "geen cijfer"
# Two greys, not a colour of the scale: a hidden figure darker (there is one, we may not show
# it), a missing one light (there is none).
MASKED_COLOUR = "#6e7781"
NO_FIGURE_COLOUR = "#eaeef2"
BORDER = "#57606a"  # every area's edge visible, also around the lightest class (1.4.11)


@dataclass(frozen=True)
class MapValue:
    """One area's figure on a choropleth: the number (None when there is none for the
    reader), whether disclosure control hides it, and the address of the area's page."""

    value: Fraction | Decimal | None
    masked: bool = False
    href: str = ""


def map_classes(values: Mapping[str, Fraction | Decimal]) -> dict[str, int]:
    """Code -> class (0 = lowest), at most MAX_CLASSES, by the rank of the area's value among
    the distinct values shown: the lowest fifth of them in class 0, and so on. Equal values
    share a class, the lowest value is always in class 0 and the highest in the highest
    class (docs/decisions/023-choropleth-classes.md). With distinct values, as a figure per
    wijk mostly has, each class holds about as many areas."""
    distinct = sorted(set(values.values()))
    classes = min(MAX_CLASSES, len(distinct))
    rank = {value: index for index, value in enumerate(distinct)}
    return {code: rank[value] * classes // len(distinct) for code, value in values.items()}


def shown_values(values: Mapping[str, MapValue]) -> dict[str, Fraction | Decimal]:
    """The numbers the reader may see, by code: not the missing ones, nor the hidden ones
    (an analyst sees those in the table, marked, but the map is the public's picture)."""
    return {
        code: found.value
        for code, found in values.items()
        if found.value is not None and not found.masked
    }


def legend_labels(
    codes: Collection[str], values: Mapping[str, MapValue], unit: str, decimals: int
) -> dict[str, str]:
    """Code -> what the legend calls the area's fill: its class, named by the lowest and
    highest value in it (what the areas have, no edge the data do not show), or
    "afgeschermd", or "geen cijfer"."""
    known = shown_values(values)
    classes = map_classes(known)
    members: dict[int, list[Fraction | Decimal]] = {}
    for code, number in known.items():
        members.setdefault(classes[code], []).append(number)
    names = {}
    for index, numbers in members.items():
        low = format_value(min(numbers), unit, decimals)
        high = format_value(max(numbers), unit, decimals)
        names[index] = low if low == high else f"{low} – {high}"
    found = {}
    for code in codes:
        if code in known:
            found[code] = names[classes[code]]
        elif code in values and values[code].masked:
            found[code] = MASKED_TEXT
        else:
            found[code] = NO_FIGURE_TEXT
    return found


def _colours(used: int) -> list[str]:
    """`used` colours of the scale spread from lightest to darkest."""
    if used == 1:
        return [CLASS_COLOURS[2]]
    step = (MAX_CLASSES - 1) / (used - 1)
    return [CLASS_COLOURS[round(i * step)] for i in range(used)]


def choropleth(
    features: Sequence[Feature],
    *,
    title: str,
    values: Mapping[str, MapValue],
    unit: str,
    decimals: int,
    whole: str,
    source: str = "",
) -> Chart:
    """The areas filled by their value in a few classes (`map_classes`); an area whose figure
    is hidden or missing in grey, named so in the legend, never in a class colour. Each area
    links to its page (`href`); its name and value are the link's tooltip."""
    names = map_names(features)
    unknown = sorted(values.keys() - names.keys())
    if unknown:
        raise ValueError(f"niet op de kaart: {', '.join(unknown)}")
    known = shown_values(values)
    legend = legend_labels(names, values, unit, decimals)

    def shown(code: str) -> str:
        return format_value(known[code], unit, decimals) if code in known else legend[code]

    # Legend order: the classes low to high, then the greys.
    domain = list(dict.fromkeys(legend[c] for c in sorted(known, key=lambda c: known[c])))
    scale_range = _colours(len(domain))
    class_count = len(domain)
    for label, colour in ((MASKED_TEXT, MASKED_COLOUR), (NO_FIGURE_TEXT, NO_FIGURE_COLOUR)):
        if label in legend.values():
            domain.append(label)
            scale_range.append(colour)

    drawn = []
    tooltips = {}
    for f in features:
        code = f["properties"]["code"]
        tip = f"{names[code]}: {shown(code)}"
        href = values[code].href if code in values else ""
        if href:
            tooltips[href] = tip
        drawn.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    **f["properties"],
                    "klasse": legend[code],
                    "tooltip": tip,
                    "href": href,
                },
            }
        )

    order = sorted(names, key=lambda code: names[code].casefold())
    rows = tuple((names[code], shown(code), legend[code]) for code in order)
    if known:
        top = max(known, key=lambda code: known[code])
        bottom = min(known, key=lambda code: known[code])
        said = (
            f"Ingedeeld in {class_count} klassen naar rangorde, van licht (laag) naar donker "
            "(hoog). "
            f"Hoogste: {names[top]} ({shown(top)}); laagste: {names[bottom]} ({shown(bottom)})."
        )
    else:
        said = "Geen enkel gebied heeft een cijfer."
    for label in (MASKED_TEXT, NO_FIGURE_TEXT):
        without = [names[c] for c in order if legend[c] == label]
        if without:
            said += f" {capitalise(label)}: {join_nl(without)}."
    description = f"{named_chart('Kaart', title)}: {whole}, {len(names)} gebieden. {said}"

    data = style.Datasets()
    shapes = (
        alt.Chart(data.named(drawn))
        .mark_geoshape(stroke=BORDER, strokeWidth=0.75)
        .encode(
            fill=alt.Fill(
                "properties.klasse:N",
                scale=alt.Scale(domain=domain, range=scale_range),
                sort=domain,
                legend=_legend(domain, symbolStrokeColor=BORDER, symbolStrokeWidth=0.75),
            ),
            href=alt.Href("properties.href:N"),
            tooltip=alt.Tooltip("properties.tooltip:N"),
        )
    )
    chart = _framed([shapes], title=title, source=source)
    spec = finish(chart, description, data)
    # The rendered SVG carries no Vega tooltip; render.render_svg gives each link its text
    # as an SVG <title>, which a browser shows on hover.
    spec["usermeta"] = {LINK_TITLES: tooltips}
    return Chart(title, description, spec, ("Gebied", "Waarde", "Klasse"), rows)
