"""The map of a programme's smallest areas (CBS buurten or wijken), some of them highlighted.

The polygons come with the programme's definition (its `map`: GeoJSON features with a
`code` and a `naam`, kept in the store) and go into the spec inline, so drawing the map
needs no network and no GIS library. This module gets the features; it reads nothing itself.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence
from typing import Any

import altair as alt

from nprz.charts import style
from nprz.charts.specs import Chart
from nprz.charts.style import finish, join_nl

# Within the chart width that stays readable on a phone (nprz.charts.style).
MAP_WIDTH = style.WIDTH + style.Y_LABEL_ROOM + 40
MAP_HEIGHT = MAP_WIDTH * 9 // 14
LABEL_LINE = style.FONT_SIZE + 4  # px between two labels moved apart
HIGHLIGHT = "#1f3a5f"  # dark blue: 11:1 on white, 7:1 against the grey buurten
OTHER = "#d0d7de"
MARKED = "gemarkeerd"
UNMARKED = "overige gebieden"
MAX_LABELS = 3  # more names than this would cover the map; the table lists them all

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
) -> Chart:
    """The areas whose code is in `highlight` dark, the others light grey; `whole` names what
    the map shows ("de programmawijken"), `source` where the shapes come from."""
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
    description = f"Kaart van {title}: {whole}, {len(names)} gebieden. {said}"

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
    shapes = (
        alt.Chart(alt.InlineData(values=drawn))
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
        place = alt.Chart(alt.InlineData(values=labels)).encode(
            longitude="lon:Q", latitude="lat:Q", text="naam:N"
        )
        # Dark text on a white halo: readable on the dark buurt and on the grey around it.
        layers += [
            place.mark_text(
                fontWeight="bold", color="white", stroke="white", strokeWidth=4, strokeJoin="round"
            ),
            place.mark_text(fontWeight="bold", color=style.TEXT_COLOUR),
        ]
    chart = alt.LayerChart(
        layer=layers,
        projection=alt.Projection(type="mercator"),
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        title=style.title(title, source),
    )
    return Chart(title, description, finish(chart, description), ("Gebied", "Gemarkeerd"), rows)
