"""The line, status and flow charts as data: spec, description and table for fixed input."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from nprz.charts import drawing
from nprz.charts.specs import Chart, Marker, Point, flows_chart, indicator_chart, status_chart
from nprz.charts.style import NO_DATA

ValuesOf = Callable[[Mapping[str, Any], Mapping[str, Any]], Any]

POINTS = (
    Point("NPRZ", "2011", 2011, 30.1, False),
    Point("NPRZ", "2024", 2024, 41.0, False),
    Point("Rotterdam", "2011", 2011, 35.0, False),
    Point("Rotterdam", "2024", 2024, 43.5, True),
    Point("G4", "2024", 2024, 33.05, False),
)
MARKERS = (Marker("doel 2024", 2024, 38.2), Marker("niveau 2031", 2031, 45.0))


def line_chart(**changes: Any) -> Chart:
    args: dict[str, Any] = {
        "title": "Werkloosheid",
        "unit": "percent",
        "decimals": 1,
        "points": POINTS,
        "markers": MARKERS,
    }
    return indicator_chart(**(args | changes))


def contrast_on_white(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def font_sizes(node: Any) -> list[float]:
    if isinstance(node, dict):
        own = [v for k, v in node.items() if k.lower().endswith("fontsize")]
        return own + [s for v in node.values() for s in font_sizes(v)]
    if isinstance(node, list):
        return [s for v in node for s in font_sizes(v)]
    return []


def test_indicator_description_is_dutch_and_generated_from_the_data() -> None:
    assert line_chart().description == (
        "Lijndiagram van Werkloosheid voor NPRZ, Rotterdam en G4, 2011 tot 2024. "
        "NPRZ ging van 30,1% (2011) naar 41,0% (2024). Doel 2024: 38,2%; niveau 2031: 45,0%."
    )


def test_indicator_table_has_a_row_per_period_and_the_targets() -> None:
    chart = line_chart()
    assert chart.columns == ("Periode", "NPRZ", "Rotterdam", "G4", "Doel")
    assert chart.rows == (
        ("2011", "30,1%", "35,0%", "–", ""),
        # 33.05 rounds half up to 33,1, as the report rounds (not via the float's 33.0499…)
        ("2024", "41,0%", "43,5% (voorlopig)", "33,1%", "doel 2024: 38,2%"),
        ("2031", "–", "–", "–", "niveau 2031: 45,0%"),
    )


def test_indicator_spec_carries_the_points_inline_with_fixed_styles_per_area(
    values_of: ValuesOf,
) -> None:
    spec = line_chart().spec
    line, dots, *_targets = spec["layer"]
    assert line["mark"]["type"] == "line"
    assert dots["mark"]["type"] == "point"
    assert values_of(spec, line) == [
        {"gebied": p.area, "periode": p.period, "jaar": p.year, "waarde": p.value,
         "voorlopig": p.provisional}
        for p in POINTS
    ]  # fmt: skip
    colour = line["encoding"]["color"]
    assert colour["field"] == "gebied"
    assert colour["scale"] == {
        "domain": ["NPRZ", "Rotterdam", "G4"],
        "range": ["#D55E00", "#0072B2", "#009E73"],
    }
    assert colour["legend"]["title"] == "Gebied"
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [2, 3], [8, 3, 2, 3]]
    assert dots["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up", "triangle-down"]
    # Provisional points are hollow: a white fill instead of the area's colour.
    assert dots["encoding"]["fill"]["condition"] == {"test": "datum.voorlopig", "value": "white"}
    assert spec["title"] == {"text": "Werkloosheid", "subtitle": "Open symbool: voorlopig cijfer."}


def test_indicator_x_axis_shows_whole_years_up_to_the_last_target() -> None:
    x = line_chart().spec["layer"][0]["encoding"]["x"]
    assert x["field"] == "jaar"
    assert x["scale"]["domain"] == [2011, 2031]
    assert x["axis"]["format"] == "d"
    assert x["axis"]["values"][-1] == 2031
    assert all(isinstance(v, int) for v in x["axis"]["values"])
    without_targets = line_chart(markers=())
    assert without_targets.spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2011, 2024]


def test_indicator_targets_are_black_symbols_with_a_label(values_of: ValuesOf) -> None:
    spec = line_chart().spec
    _, _, symbols, right, left = spec["layer"]
    assert symbols["mark"] | {"type": "point"} == {
        "type": "point", "filled": True, "color": "black", "size": 140, "opacity": 1,
    }  # fmt: skip
    assert [(v["tekst"], v["symbool"]) for v in values_of(spec, symbols)] == [
        ("doel 2024: 38,2%", "diamond"),
        ("niveau 2031: 45,0%", "cross"),
    ]
    # The label of the last year sits left of its symbol, inside the chart.
    assert right["transform"] == [{"filter": "datum.jaar < 2031"}]
    assert left["transform"] == [{"filter": "datum.jaar >= 2031"}]
    assert left["mark"]["align"] == "right"


def test_indicator_axis_title_carries_the_unit() -> None:
    def y_title(unit: str) -> str:
        spec = line_chart(unit=unit, markers=()).spec
        return str(spec["layer"][0]["encoding"]["y"]["axis"]["title"])

    assert [y_title(u) for u in ("percent", "%", "euro", "m2", "jaren")] == [
        "%", "%", "euro", "m²", "jaren",
    ]  # fmt: skip


def test_indicator_table_formats_by_unit() -> None:
    points = [Point("NPRZ", "2024", 2024, 36300.0, False)]
    euro = line_chart(unit="euro", decimals=0, points=points, markers=())
    count = line_chart(unit="aantal", decimals=0, points=points, markers=())
    assert euro.rows == (("2024", "€ 36.300"),)
    assert count.rows == (("2024", "36.300"),)


def test_indicator_with_school_years_and_a_single_point() -> None:
    chart = line_chart(points=[Point("Focuswijken", "2023/24", 2024, 12.0, True)], markers=())
    assert chart.description == (
        "Lijndiagram van Werkloosheid voor Focuswijken, 2023/24. "
        "Focuswijken: 12,0% (2023/24, voorlopig)."
    )
    x = chart.spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["title"] == "Jaar (einde van de periode)"
    assert x["scale"]["domain"] == [2023, 2025]


def test_indicator_without_points_says_so(values_of: ValuesOf) -> None:
    chart = line_chart(points=(), markers=())
    assert chart.description == NO_DATA == "Er zijn geen gegevens voor deze grafiek."
    assert chart.spec["mark"]["type"] == "text"
    assert values_of(chart.spec, chart.spec) == [{"tekst": NO_DATA}]
    assert chart.columns == ("Periode",)
    assert chart.rows == ()


def test_values_that_are_not_numbers_are_left_out(values_of: ValuesOf) -> None:
    chart = line_chart(points=[*POINTS[:2], Point("NPRZ", "2020", 2020, float("nan"), False)])
    assert [r[0] for r in chart.rows] == ["2011", "2024", "2031"]
    assert len(values_of(chart.spec, chart.spec["layer"][0])) == 2


def test_unknown_areas_get_free_colours_in_palette_order() -> None:
    styles = drawing.area_styles(["Wijk A", "NPRZ", "Wijk B"])
    assert styles["NPRZ"] == drawing.AREA_STYLES["NPRZ"]
    assert (styles["Wijk A"].colour, styles["Wijk B"].colour) == ("#0072B2", "#009E73")
    assert len({s.shape for s in styles.values()}) == 3
    assert len({s.dash for s in styles.values()}) == 3
    # Past the palette, colours repeat but every area still gets one.
    many = drawing.area_styles([f"Wijk {i}" for i in range(10)])
    assert many["Wijk 6"].colour == drawing.PALETTE[0]


def test_every_line_colour_has_3_to_1_contrast_on_white() -> None:
    colours = {s.colour for s in drawing.AREA_STYLES.values()} | set(drawing.PALETTE)
    assert min(contrast_on_white(c) for c in colours) >= 3
    assert min(contrast_on_white(c) for c in drawing.STATUS_COLOURS.values()) >= 4.5


@pytest.mark.parametrize(
    "chart",
    [
        line_chart(),
        status_chart(title="t", counts=[("Onderwijs", "groen", 1)]),
        flows_chart(title="t", rows=[("2023", 1.0, 2.0)]),
    ],
)
def test_every_chart_is_white_dutch_and_readable(chart: Any) -> None:
    spec = chart.spec
    assert spec["background"] == "white"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["config"]["font"] == "sans-serif"
    assert spec["width"] == 560
    assert min(font_sizes(spec)) >= 11
    assert spec["description"] == chart.description


COUNTS = (
    ("Onderwijs", "groen", 5),
    ("Onderwijs", "rood", 1),
    ("Werken", "geen", 2),
    ("Werken", "oranje", 3),
    ("Wonen", "groen", 0),
)


def test_status_chart_description_and_table() -> None:
    chart = status_chart(title="Oordelen 2024", counts=COUNTS)
    assert chart.description == (
        "Gestapeld staafdiagram van Oordelen 2024, per pijler het aantal per oordeel. "
        "Onderwijs: 5 groen en 1 rood; Werken: 3 oranje en 2 geen oordeel; Wonen: 0."
    )
    assert chart.columns == ("Pijler", "groen", "oranje", "rood", "geen oordeel", "totaal")
    assert chart.rows == (
        ("Onderwijs", "5", "0", "1", "0", "6"),
        ("Werken", "0", "3", "0", "2", "5"),
        ("Wonen", "0", "0", "0", "0", "0"),
    )


def test_status_chart_stacks_segments_in_status_order_with_white_counts(
    values_of: ValuesOf,
) -> None:
    spec = status_chart(title="t", counts=COUNTS).spec
    bars, counts = spec["layer"]
    fields = ("pijler", "oordeel", "aantal", "begin", "eind", "midden")
    assert [tuple(row[f] for f in fields) for row in values_of(spec, bars)] == [
        ("Onderwijs", "groen", 5, 0, 5, 2.5),
        ("Onderwijs", "rood", 1, 5, 6, 5.5),
        ("Werken", "oranje", 3, 0, 3, 1.5),
        ("Werken", "geen oordeel", 2, 3, 5, 4.0),
    ]
    assert bars["encoding"]["color"]["scale"] == {
        "domain": ["groen", "oranje", "rood", "geen oordeel"],
        "range": ["#1a7f37", "#b35c00", "#c62828", "#6e7781"],
    }
    assert bars["encoding"]["y"]["sort"] == ["Onderwijs", "Werken", "Wonen"]
    assert counts["mark"]["color"] == "white"
    assert counts["mark"]["fontWeight"] == "bold"
    assert counts["encoding"]["x"]["field"] == "midden"


def test_status_chart_refuses_unknown_status_and_says_when_empty() -> None:
    with pytest.raises(ValueError, match="'paars'"):
        status_chart(title="t", counts=[("Onderwijs", "paars", 1)])
    assert status_chart(title="t", counts=[]).description == NO_DATA


FLOWS = (("2021", 10645.0, 9676.0), ("2022", 900.0, None), ("2023", None, None))


def test_flows_chart_table_has_saldo_or_onbekend() -> None:
    chart = flows_chart(title="Verhuizingen", rows=FLOWS)
    assert chart.columns == ("Periode", "Vestigers", "Vertrekkers", "Saldo")
    assert chart.rows == (
        ("2021", "10.645", "9.676", "969"),
        ("2022", "900", "–", "onbekend"),
        ("2023", "–", "–", "onbekend"),
    )
    assert chart.description == (
        "Staafdiagram van Verhuizingen: vestigers en vertrekkers per periode, 2021 tot 2022. "
        "In 2021: 10.645 vestigers en 9.676 vertrekkers, saldo 969."
    )


def test_flows_chart_leaves_missing_bars_out(values_of: ValuesOf) -> None:
    spec = flows_chart(title="t", rows=FLOWS).spec
    (bars,) = spec["layer"]
    assert values_of(spec, bars) == [
        {"periode": "2021", "soort": "vestigers", "aantal": 10645.0},
        {"periode": "2021", "soort": "vertrekkers", "aantal": 9676.0},
        {"periode": "2022", "soort": "vestigers", "aantal": 900.0},
    ]
    assert bars["encoding"]["xOffset"]["field"] == "soort"
    # Vestigers solid, vertrekkers open: fill differs, not only the colour.
    assert bars["encoding"]["fill"]["scale"]["range"] == ["#0072B2", "white"]
    assert bars["encoding"]["stroke"]["scale"]["range"] == ["#0072B2", "#D55E00"]


def test_flows_chart_without_values_says_so() -> None:
    chart = flows_chart(title="t", rows=[("2023", None, None)])
    assert chart.description == NO_DATA
    assert chart.rows == (("2023", "–", "–", "onbekend"),)
