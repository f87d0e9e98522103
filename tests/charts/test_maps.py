"""The map of a programme (here the bundled NPRZ definition's buurten of Rotterdam-Zuid): the
shipped boundaries, the highlight, labels, table and text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from nprz.charts.maps import HIGHLIGHT, area_map, map_names
from nprz.charts.specs import Chart
from nprz.charts.style import FONT_SIZE
from nprz.programmes import bundled_folder

FOLDER = bundled_folder("nprz")
FEATURES = [
    {
        "type": "Feature",
        "geometry": f["geometry"],
        "properties": {"code": f["properties"]["buurtcode"], "naam": f["properties"]["naam"]},
    }
    for f in json.loads((FOLDER / "kaart.geojson").read_text(encoding="utf-8"))["features"]
]


def zuid_codes() -> dict[str, str]:
    return dict(sorted(map_names(FEATURES).items()))


def zuid_map(*, title: str, highlight: object) -> Chart:
    return area_map(
        FEATURES,
        title=title,
        highlight=highlight,  # type: ignore[arg-type]
        whole="het gebied van NPRZ",
        source="Bron: CBS, Wijk- en buurtkaart 2024",
    )


ValuesOf = Callable[[Mapping[str, Any], Mapping[str, Any]], Any]
FOCUS = {"BU05991571": "Tarwewijk", "BU05991081": "Bloemhof", "BU05991082": "Hillesluis"}


def test_the_map_has_the_23_zuid_buurten_with_their_names() -> None:
    codes = zuid_codes()
    assert len(codes) == 23
    assert all(re.fullmatch(r"BU0599(10|12|15)\d\d", code) for code in codes)
    assert codes["BU05991082"] == "Hillesluis"
    assert codes["BU05991079"] == "Kop van Zuid - Entrepot"
    assert codes["BU05991593"] == "Heijplaat"
    assert list(codes) == sorted(codes)


def test_the_geojson_ships_with_the_package_rounded_to_5_decimals() -> None:
    collection = json.loads((FOLDER / "kaart.geojson").read_text(encoding="utf-8"))
    assert "CC BY 4.0" in (FOLDER / "KAART-PROVENANCE.md").read_text(encoding="utf-8")
    features = collection["features"]
    assert {f["properties"]["buurtcode"] for f in features} == set(zuid_codes())
    coordinates = [c for f in features for ring in f["geometry"]["coordinates"] for c in ring]
    assert all(round(c, 5) == c for point in coordinates for c in point)
    # Rotterdam-Zuid lies south of the Maas at about 4,5° E, 51,9° N.
    assert all(4.4 < lon < 4.6 and 51.85 < lat < 51.92 for lon, lat in coordinates)


def test_unknown_highlight_codes_are_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="BU05990110"):
        zuid_map(title="t", highlight={"BU05991081", "BU05990110"})


def test_map_table_and_description() -> None:
    chart = zuid_map(title="Focuswijken", highlight=set(FOCUS))
    assert chart.description == (
        "Kaart van Focuswijken: het gebied van NPRZ, 23 gebieden. "
        "Gemarkeerd: Bloemhof, Hillesluis en Tarwewijk."
    )
    assert chart.columns == ("Gebied", "Gemarkeerd")
    assert len(chart.rows) == 23
    assert chart.rows[:3] == (
        ("Afrikaanderwijk", ""),
        ("Beverwaard", ""),
        ("Bloemhof", "gemarkeerd"),
    )
    assert {name for name, mark in chart.rows if mark} == set(FOCUS.values())
    assert zuid_map(title="t", highlight=()).description.endswith("Geen gebied gemarkeerd.")


def test_map_spec_fills_the_highlighted_buurten_dark(values_of: ValuesOf) -> None:
    spec = zuid_map(title="t", highlight={"BU05991081"}).spec
    assert spec["projection"] == {"type": "mercator"}
    # Narrow enough to read on a phone (test_phone.py measures the rendered map).
    assert (spec["width"], spec["height"]) == (424, 272)
    shapes = spec["layer"][0]
    assert shapes["mark"] == {"type": "geoshape", "stroke": "white", "strokeWidth": 1.5}
    assert shapes["encoding"]["fill"]["scale"] == {
        "domain": ["gemarkeerd", "overige gebieden"],
        "range": [HIGHLIGHT, "#d0d7de"],
    }
    status = {f["properties"]["code"]: f["properties"]["status"] for f in values_of(spec, shapes)}
    assert status["BU05991081"] == "gemarkeerd"
    assert sum(s == "gemarkeerd" for s in status.values()) == 1
    assert spec["title"]["subtitle"] == "Bron: CBS, Wijk- en buurtkaart 2024"


def test_up_to_three_highlighted_buurten_are_named_on_the_map(values_of: ValuesOf) -> None:
    spec = zuid_map(title="t", highlight=set(FOCUS)).spec
    _, halo, names = spec["layer"]
    assert sorted(row["naam"] for row in values_of(spec, names)) == sorted(FOCUS.values())
    assert halo["mark"]["stroke"] == "white"
    four = zuid_map(title="t", highlight={*FOCUS, "BU05991086"}).spec
    assert len(four["layer"]) == 1


def test_rendered_map_has_one_dark_path_per_highlighted_buurt(render: Any) -> None:
    for highlight in (set(), {"BU05991081"}, {*FOCUS, "BU05991086", "BU05991577"}):
        svg = render(zuid_map(title="t", highlight=highlight).spec)
        shapes = svg.split('class="mark-shape role-mark')[1].split("</g>")[0]
        assert shapes.count("<path") == 23
        assert shapes.count(f'fill="{HIGHLIGHT}"') == len(highlight)


def test_rendered_names_of_neighbouring_buurten_do_not_overlap(render: Any) -> None:
    svg = render(zuid_map(title="t", highlight=set(FOCUS)).spec)
    found = re.findall(
        r'<text text-anchor="middle" transform="translate\(([\d.]+),([\d.]+)\)"[^>]*'
        rf'font-size="{FONT_SIZE}px" font-weight="bold" fill="#1f2328">([^<]+)</text>',
        svg,
    )
    assert sorted(name for _, _, name in found) == sorted(FOCUS.values())
    # Bold DejaVu Sans is at most ~0,7 em per character wide.
    boxes = [(float(x), float(y), 0.35 * FONT_SIZE * len(name)) for x, y, name in found]
    for i, (x1, y1, w1) in enumerate(boxes):
        for x2, y2, w2 in boxes[i + 1 :]:
            assert abs(x1 - x2) >= w1 + w2 or abs(y1 - y2) >= FONT_SIZE


def test_a_single_code_as_a_string_highlights_that_buurt() -> None:
    chart = zuid_map(title="t", highlight="BU05991082")
    assert [name for name, mark in chart.rows if mark] == ["Hillesluis"]
