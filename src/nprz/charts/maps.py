"""The map of Rotterdam-Zuid: its 23 CBS buurten, some of them highlighted.

The polygons ship with the package (`geo/zuid_buurten.geojson`, see `geo/PROVENANCE.md`)
and go into the spec inline, so drawing the map needs no network and no GIS library.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Collection
from importlib import resources
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
UNMARKED = "overige buurten"
MAX_LABELS = 3  # more names than this would cover the map; the table lists them all
SOURCE = "Bron: CBS, Wijk- en buurtkaart 2024"


@functools.cache
def _features() -> tuple[dict[str, Any], ...]:
    path = resources.files("nprz.charts").joinpath("geo/zuid_buurten.geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    return tuple(collection["features"])


def zuid_codes() -> dict[str, str]:
    """CBS buurtcode -> buurt name, for every buurt on the map, in code order."""
    return {f["properties"]["buurtcode"]: f["properties"]["naam"] for f in _features()}


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


def place_labels(named_rings: list[tuple[str, list[list[float]]]]) -> list[dict[str, Any]]:
    """Name labels at the buurten's centres, moved up or down where they would overlap.

    Neighbouring buurten (Tarwewijk, Bloemhof, Hillesluis) put their names on top of each
    other. Vega-Lite cannot move labels apart, so we estimate where Vega will draw them: the
    same Mercator projection, fitted to the map's size, and the width of a bold character.
    """
    xs, ys = zip(
        *(_mercator(lon, lat) for f in _features() for lon, lat in f["geometry"]["coordinates"][0]),
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


def zuid_map(*, title: str, highlight: Collection[str]) -> Chart:
    """The buurten whose code is in `highlight` dark, the others light grey."""
    names = zuid_codes()
    # A bare code is a collection of characters too; take it as the one code it means.
    codes = {highlight} if isinstance(highlight, str) else set(highlight)
    unknown = sorted(codes - names.keys())
    if unknown:
        raise ValueError(f"niet op de kaart van Rotterdam-Zuid: {', '.join(unknown)}")
    marked = sorted((names[code] for code in codes), key=str.casefold)
    rows = tuple(
        (name, MARKED if code in codes else "")
        for code, name in sorted(names.items(), key=lambda item: item[1].casefold())
    )
    said = f"Gemarkeerd: {join_nl(marked)}." if marked else "Geen buurt gemarkeerd."
    description = f"Kaart van {title}: de {len(names)} buurten van Rotterdam-Zuid. {said}"

    features = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {
                **f["properties"],
                "status": MARKED if f["properties"]["buurtcode"] in codes else UNMARKED,
            },
        }
        for f in _features()
    ]
    legend = (
        alt.Legend(title=None, orient="bottom", direction="horizontal", symbolType="square")
        if marked
        else None
    )
    shapes = (
        alt.Chart(alt.InlineData(values=features))
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
                (f["properties"]["naam"], f["geometry"]["coordinates"][0])
                for f in features
                if f["properties"]["status"] == MARKED
            ]
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
        title=style.title(title, SOURCE),
    )
    return Chart(title, description, finish(chart, description), ("Buurt", "Gemarkeerd"), rows)
