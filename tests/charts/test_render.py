"""Rendering to SVG: Dutch numbers, titles, the cache, no network, and any input renders."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from altair import load_schema
from altair.utils.schemapi import validate_jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from nprz.charts import render as render_module
from nprz.charts.maps import area_map
from nprz.charts.render import cache_size, render_svg
from nprz.charts.specs import (
    Marker,
    Point,
    TargetPath,
    flows_chart,
    indicator_chart,
    status_chart,
)

# One shape is enough for a rendering test; this one is made up (a small square).
SQUARE = [
    {
        "type": "Feature",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[4.5, 51.9], [4.51, 51.9], [4.51, 51.91], [4.5, 51.91], [4.5, 51.9]]],
        },
        "properties": {"code": "BU05991081", "naam": "Bloemhof"},
    }
]


def zuid_map(*, title: str, highlight: object) -> object:
    return area_map(SQUARE, title=title, highlight=highlight, whole="een proefgebied")  # type: ignore[arg-type]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def small_line(title: str = "Aandeel") -> Any:
    points = [Point("NPRZ", str(y), y, 0.1 * (y - 2019), y == 2023) for y in range(2020, 2024)]
    return indicator_chart(
        title=title,
        unit="score",
        decimals=2,
        points=points,
        markers=[Marker("niveau 2031", 2031, 0.6)],
    )


def test_line_chart_renders_title_years_and_comma_decimals(render: Any) -> None:
    chart = small_line()
    svg = render(chart.spec)
    assert svg.startswith('<svg role="img" aria-label="Lijndiagram ‘Aandeel’ voor NPRZ')
    labels = texts(svg)
    assert "Aandeel" in labels
    assert "2031" in labels
    assert "NPRZ" in labels
    assert "niveau 2031: 0,60" in labels
    # Axis ticks in Dutch notation: 0,1 0,2 ... and never a decimal point.
    assert {"0,0", "0,2", "0,4", "0,6"} <= set(labels)
    assert not any(re.fullmatch(r"\d+\.\d", label) for label in labels)


def test_bar_charts_render_counts_and_thousands_separators(render: Any) -> None:
    status = texts(render(status_chart(title="Oordelen", counts=[("Werken", "geen", 7)]).spec))
    assert {"Oordelen", "Werken", "7", "geen oordeel"} <= set(status)
    flows = flows_chart(title="Verhuizingen", rows=[("2023", 10645.0, 9676.0)])
    assert "10.000" in texts(render(flows.spec))


def test_the_dutch_locale_applies_even_to_a_spec_without_it(render: Any) -> None:
    spec = {
        "data": {"values": [{"v": 1234.5}]},
        "mark": "text",
        "encoding": {"text": {"field": "v", "type": "quantitative", "format": ",.1f"}},
    }
    assert "1.234,5" in texts(render(spec))


def test_no_data_chart_renders_its_message(render: Any) -> None:
    chart = indicator_chart(title="Leeg", unit="%", decimals=1, points=[], markers=[])
    assert "Er zijn geen gegevens voor deze grafiek." in texts(render(chart.spec))


def test_same_spec_gives_the_same_string_from_the_cache(render: Any) -> None:
    spec = small_line("Cache").spec
    first = render(spec)
    reordered = dict(reversed(list(spec.items())))
    assert render(reordered) is first


def test_cache_is_bounded(render: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "CACHE_SIZE", 2)
    specs = [small_line(f"Grens {i}").spec for i in range(3)]
    first = render(specs[0])
    for spec in specs[1:]:
        render(spec)
    assert cache_size() == 2
    again = render(specs[0])
    assert again == first
    assert again is not first  # rendered anew: the oldest entry had been dropped


def test_threads_get_the_same_svg(render: Any) -> None:
    specs = [small_line(f"Draad {i % 2}").spec for i in range(6)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(render, specs))
    assert results == [render_svg(spec) for spec in specs]


def test_nothing_is_fetched_while_rendering(render: Any) -> None:
    spec = {"data": {"url": "https://example.org/data.json"}, "mark": "point"}
    with pytest.raises(ValueError, match="not allowed"):
        render(spec)


def test_not_a_number_is_refused_before_rendering(render: Any) -> None:
    with pytest.raises(ValueError, match="JSON"):
        render({"data": {"values": [{"v": float("nan")}]}, "mark": "point"})


def test_every_kind_of_chart_is_valid_vega_lite() -> None:
    schema = load_schema()
    charts = [
        small_line(),
        indicator_chart(title="Leeg", unit="%", decimals=1, points=[], markers=[]),
        status_chart(title="t", counts=[("Werken", "groen", 2), ("Werken", "rood", 1)]),
        flows_chart(title="t", rows=[("2023", 10.0, None)]),
        flows_chart(title="t", rows=[(f"Wijk {i}", 10.0 * i, 9.0) for i in range(8)]),
        indicator_chart(
            title="Pad",
            unit="percent",
            decimals=1,
            points=[Point("NPRZ", "2021", 2021, 4.5, False), Point("G4", "2022", 2022, 2.4, True)],
            markers=[Marker("doel 2024", 2024, 3.5), Marker("niveau 2031", 2031, 2.4)],
            paths=[TargetPath("streefpad", ((2021, 4.5), (2022, 3.8), (2031, 2.4)))],
            report_year=2024,
        ),
        zuid_map(title="t", highlight={"BU05991081"}),
        zuid_map(title="t", highlight=()),
    ]
    for chart in charts:
        assert validate_jsonschema(chart.spec, schema, raise_error=False) is None, chart.title


AREAS = st.sampled_from(["NPRZ", "Focuswijken", "Rotterdam", "G4", "Nederland", "Wijk Ä"])
# Latin text with Dutch accents: names in other scripts send vl-convert on a slow font search.
TEXT = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x17F).filter(str.isprintable), max_size=12
)
# Values as monitor data has them, plus the non-numbers a broken source could give.
VALUES = st.floats(-1e6, 1e6) | st.sampled_from([float("nan"), float("inf"), -float("inf")])
POINTS = st.builds(Point, AREAS | TEXT, TEXT, st.integers(1990, 2040), VALUES, st.booleans())
MARKERS = st.builds(Marker, TEXT, st.integers(1990, 2040), VALUES)
LEVELS = st.lists(st.tuples(st.integers(1990, 2040), VALUES), max_size=5).map(tuple)
PATHS = st.builds(TargetPath, TEXT, LEVELS)


@settings(max_examples=20, deadline=None)
@given(
    points=st.lists(POINTS, max_size=8),
    markers=st.lists(MARKERS, max_size=2),
    paths=st.lists(PATHS, max_size=2),
    report_year=st.none() | st.integers(1990, 2040),
    unit=st.sampled_from(["percent", "%", "euro", "aantal", "m2", "jaren"]),
    decimals=st.integers(0, 3),
)
def test_any_small_set_of_points_gives_a_chart_that_renders(
    render: Any,
    points: list[Point],
    markers: list[Marker],
    paths: list[TargetPath],
    report_year: int | None,
    unit: str,
    decimals: int,
) -> None:
    chart = indicator_chart(
        title="Willekeurig",
        unit=unit,
        decimals=decimals,
        points=points,
        markers=markers,
        paths=paths,
        report_year=report_year,
    )
    assert render(chart.spec).startswith("<svg")
    assert chart.description
    assert all(len(row) == len(chart.columns) for row in chart.rows)


def test_a_range_below_the_stores_precision_still_renders(render: Any) -> None:
    """Found by the property test above: 0 and 2e-311 gave Vega no room for axis ticks. The
    store has 6 decimals, so the chart plots values at that precision."""
    points = [
        Point("NPRZ", "", 1990, 0.0, False),
        Point("NPRZ", "", 1990, 2.225073858507e-311, False),
    ]
    chart = indicator_chart(title="Klein", unit="percent", decimals=0, points=points, markers=[])
    assert render(chart.spec).startswith("<svg")
    plotted = [r for rows in chart.spec["datasets"].values() for r in rows if "waarde" in r]
    assert [r["waarde"] for r in plotted] == [0.0, 0.0]
