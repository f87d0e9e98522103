"""The map of a programme (here the bundled NPRZ definition's buurten of Rotterdam-Zuid): the
shipped boundaries, the highlight, labels, table and text."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import pytest

from nprz.charts.maps import (
    CLASS_COLOURS,
    GROUP_COLOURS,
    HIGHLIGHT,
    MASKED_COLOUR,
    NO_FIGURE_COLOUR,
    MapValue,
    area_map,
    choropleth,
    map_classes,
    map_names,
)
from nprz.charts.render import inline_svg
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
        "Kaart ‘Focuswijken’: het gebied van NPRZ, 23 gebieden. "
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


# --- the wijken coloured by a figure (choropleth) ------------------------------------------
# Values made up for these tests (synthetic): each buurt gets 100 × its place in the map's
# order, so Kop van Zuid (first) is lowest and Heijplaat (last) highest.


def synthetic_values(**changed: MapValue) -> dict[str, MapValue]:
    values = {
        code: MapValue(Fraction(100 * (i + 1)), href=f"/gebieden/{code.lower()}/")
        for i, code in enumerate(map_names(FEATURES))
    }
    return {**values, **changed}


def zuid_choropleth(values: dict[str, MapValue], unit: str = "aantal") -> Chart:
    return choropleth(
        FEATURES,
        title="Verhuizingen (synthetisch)",
        values=values,
        unit=unit,
        decimals=0,
        whole="de wijken van NPRZ",
        source="Kaart: CBS, Wijk- en buurtkaart 2024",
    )


def fills(spec: Mapping[str, Any], values_of: ValuesOf) -> dict[str, str]:
    """Code -> the colour the spec gives the buurt, through its fill scale."""
    shapes = spec["layer"][0]
    scale = shapes["encoding"]["fill"]["scale"]
    colour = dict(zip(scale["domain"], scale["range"], strict=True))
    return {
        f["properties"]["code"]: colour[f["properties"]["klasse"]] for f in values_of(spec, shapes)
    }


HEIJPLAAT, KOP_VAN_ZUID, BLOEMHOF, TARWEWIJK = (
    "BU05991593",
    "BU05991017",
    "BU05991081",
    "BU05991571",
)


def test_classes_by_rank_put_the_highest_in_the_highest_class() -> None:
    values = {f"a{i}": Fraction(i) for i in range(10)}
    classes = map_classes(values)
    assert [classes[f"a{i}"] for i in range(10)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    # A tie never splits, and does not pull the highest down: the three 5s share the top.
    tied = map_classes({"a": Fraction(1), "b": Fraction(5), "c": Fraction(5), "d": Fraction(5)})
    assert tied == {"a": 0, "b": 1, "c": 1, "d": 1}
    many = {f"z{i}": Fraction(1) for i in range(8)} | {"top": Fraction(9), "mid": Fraction(4)}
    assert map_classes(many) == {
        **dict.fromkeys([f"z{i}" for i in range(8)], 0),
        "mid": 1,
        "top": 2,
    }
    # Fewer distinct values than classes: one class per value.
    assert map_classes({"a": Fraction(2), "b": Fraction(7)}) == {"a": 0, "b": 1}


def test_choropleth_colours_follow_the_values(values_of: ValuesOf) -> None:
    colour = fills(zuid_choropleth(synthetic_values()).spec, values_of)
    assert colour[HEIJPLAAT] == CLASS_COLOURS[-1]  # the highest, darkest
    assert colour[KOP_VAN_ZUID] == CLASS_COLOURS[0]  # the lowest, lightest
    # 23 buurten in 5 classes by rank: 5, 5, 4, 5, 4 of them.
    counts = [list(colour.values()).count(c) for c in CLASS_COLOURS]
    assert counts == [5, 5, 4, 5, 4]


def test_masked_and_missing_buurten_are_grey_and_named_so(values_of: ValuesOf) -> None:
    values = synthetic_values(
        **{
            BLOEMHOF: MapValue(None, masked=True, href="/gebieden/bloemhof/"),
            TARWEWIJK: MapValue(None, href="/gebieden/tarwewijk/"),
            # An analyst's view keeps a hidden value: the map still does not colour it.
            HEIJPLAAT: MapValue(Fraction(99999), masked=True, href="/gebieden/heijplaat/"),
        }
    )
    chart = zuid_choropleth(values)
    colour = fills(chart.spec, values_of)
    assert colour[BLOEMHOF] == MASKED_COLOUR
    assert colour[HEIJPLAAT] == MASKED_COLOUR
    assert colour[TARWEWIJK] == NO_FIGURE_COLOUR
    assert {MASKED_COLOUR, NO_FIGURE_COLOUR}.isdisjoint(CLASS_COLOURS)
    domain = chart.spec["layer"][0]["encoding"]["fill"]["scale"]["domain"]
    assert domain[-2:] == ["afgeschermd", "geen cijfer"]
    rows = {name: (value, klasse) for name, value, klasse in chart.rows}
    assert rows["Bloemhof"] == ("afgeschermd", "afgeschermd")
    assert rows["Heijplaat"] == ("afgeschermd", "afgeschermd")
    assert rows["Tarwewijk"] == ("geen cijfer", "geen cijfer")
    # Zuiderpark (2.200) is now the highest shown.
    assert rows["Zuiderpark"] == ("2.200", "1.900 – 2.200")
    assert "Hoogste: Zuiderpark (2.200); laagste: Kop van Zuid (100)." in chart.description
    assert chart.description.endswith("Afgeschermd: Bloemhof en Heijplaat. Geen cijfer: Tarwewijk.")


def test_choropleth_legend_names_each_class_by_its_values_in_dutch() -> None:
    values = {
        code: MapValue(Fraction(190000 + 1000 * i)) for i, code in enumerate(map_names(FEATURES))
    }
    chart = zuid_choropleth(values, unit="euro")
    domain = chart.spec["layer"][0]["encoding"]["fill"]["scale"]["domain"]
    assert domain[0] == "€ 190.000 – € 194.000"
    assert domain[-1] == "€ 209.000 – € 212.000"
    assert len(domain) == 5


def test_rendered_choropleth_links_every_buurt_to_its_page(render: Any) -> None:
    values = synthetic_values(
        **{BLOEMHOF: MapValue(None, masked=True, href="/gebieden/b/?jaar=2023")}
    )
    svg = render(zuid_choropleth(values).spec)
    links = re.findall(r'<a xlink:href="([^"]+)"><title>([^<]+)</title>', svg)
    assert len(links) == 23
    hrefs = dict(links)
    assert hrefs["/gebieden/bu05991593/"] == "Heijplaat: 2.300"
    assert hrefs["/gebieden/b/?jaar=2023"] == "Bloemhof: afgeschermd"
    assert "vega.github.io" not in svg
    assert svg.count(f'fill="{MASKED_COLOUR}"') == 2  # Bloemhof and its legend symbol


def test_inline_choropleth_leaves_its_links_to_the_table(render: Any) -> None:
    svg = inline_svg(zuid_choropleth(synthetic_values()).spec)
    assert svg.count('<a tabindex="-1" xlink:href="/gebieden/') == 23
    assert svg.startswith('<svg role="img" aria-label="Kaart ‘Verhuizingen (synthetisch)’')


def test_choropleth_prints_as_pdf(render: Any) -> None:
    """The report's way of showing a chart (an <img> of the SVG) through WeasyPrint: the
    links do not break the PDF, and the legend's text is in it."""
    import weasyprint

    svg = render(zuid_choropleth(synthetic_values()).spec)
    source = base64.b64encode(svg.encode()).decode()
    pdf = weasyprint.HTML(string=f'<img src="data:image/svg+xml;base64,{source}">').write_pdf()
    assert pdf is not None
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000


def test_the_programmes_own_map_shows_its_parts_in_light_colours(values_of: ValuesOf) -> None:
    parts = {code: ("Charlois" if code.startswith("BU059915") else "Feijenoord") for code in FOCUS}
    chart = area_map(FEATURES, title="t", highlight=set(), whole="NPRZ", parts=parts)
    shapes = chart.spec["layer"][0]
    scale = shapes["encoding"]["fill"]["scale"]
    assert scale == {
        "domain": ["Charlois", "Feijenoord", "overige gebieden"],
        "range": [GROUP_COLOURS[0], GROUP_COLOURS[1], "#d0d7de"],
    }
    status = {
        f["properties"]["code"]: f["properties"]["status"] for f in values_of(chart.spec, shapes)
    }
    assert status[TARWEWIJK] == "Charlois"
    assert status[BLOEMHOF] == "Feijenoord"
    assert chart.columns == ("Gebied", "Ligt in")
    assert "Charlois: Tarwewijk; Feijenoord: Bloemhof en Hillesluis;" in chart.description


def test_a_title_keeps_its_capital_in_the_description() -> None:
    """The map of the programme's parts is titled "De delen van NPRZ" (and a wijk may be
    "De Esch"): mid-sentence the title stays as written, quoted, not "Kaart van De delen"."""
    parts = {code: ("Charlois" if code.startswith("BU059915") else "Feijenoord") for code in FOCUS}
    chart = area_map(
        FEATURES,
        title="De delen van NPRZ",
        highlight=set(),
        whole="het gebied van NPRZ",
        parts=parts,
    )
    assert chart.description.startswith(
        "Kaart ‘De delen van NPRZ’: het gebied van NPRZ, 23 gebieden in 2 delen. Charlois: "
    )
    assert "Kaart van De" not in chart.description
    shown = zuid_map(title="De Esch in NPRZ", highlight={BLOEMHOF})
    assert shown.description == (
        "Kaart ‘De Esch in NPRZ’: het gebied van NPRZ, 23 gebieden. Gemarkeerd: Bloemhof."
    )
