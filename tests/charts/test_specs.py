"""The line, status and flow charts as data: spec, description and table for fixed input."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from nprz.charts import drawing, style
from nprz.charts.specs import (
    Chart,
    Marker,
    Point,
    TargetPath,
    flows_chart,
    indicator_chart,
    status_chart,
)
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


def layer(spec: Mapping[str, Any], mark: str, **props: Any) -> Mapping[str, Any]:
    """The one layer drawing `mark` with the given mark properties."""
    (found,) = [
        part
        for part in spec["layer"]
        if part["mark"]["type"] == mark and all(part["mark"].get(k) == v for k, v in props.items())
    ]
    return found


def test_indicator_description_is_dutch_and_generated_from_the_data() -> None:
    assert line_chart().description == (
        "Lijndiagram ‘Werkloosheid’ voor NPRZ, Rotterdam en G4, 2011 tot 2024. "
        "NPRZ ging van 30,1% (2011) naar 41,0% (2024). Tussen 2011 en 2024 kent de monitor "
        "geen meting van NPRZ; daar is geen lijn getekend. "
        "Doel 2024: 38,2%; niveau 2031: 45,0%."
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
    line = layer(spec, "line", strokeWidth=2.5)
    dots = layer(spec, "point", size=70)
    # 2011 and 2024 are not consecutive: each point is a run of its own, so no line joins them.
    assert values_of(spec, line) == [
        {"gebied": "NPRZ", "reeks": "NPRZ 0", "periode": "2011", "jaar": 2011, "waarde": 30.1,
         "voorlopig": False},
        {"gebied": "NPRZ", "reeks": "NPRZ 1", "periode": "2024", "jaar": 2024, "waarde": 41.0,
         "voorlopig": False},
        {"gebied": "Rotterdam", "reeks": "Rotterdam 0", "periode": "2011", "jaar": 2011,
         "waarde": 35.0, "voorlopig": False},
        {"gebied": "Rotterdam", "reeks": "Rotterdam 1", "periode": "2024", "jaar": 2024,
         "waarde": 43.5, "voorlopig": True},
        {"gebied": "G4", "reeks": "G4 0", "periode": "2024", "jaar": 2024, "waarde": 33.05,
         "voorlopig": False},
    ]  # fmt: skip
    assert line["encoding"]["detail"]["field"] == "reeks"
    colour = line["encoding"]["color"]
    assert colour["field"] == "gebied"
    # The targets share the legend: black, with their own symbols, after the areas.
    assert colour["scale"] == {
        "domain": ["NPRZ", "Rotterdam", "G4", "doel 2024: 38,2%", "niveau 2031: 45,0%"],
        "range": ["#D55E00", "#0072B2", "#009E73", "black", "black"],
    }
    assert line["encoding"]["strokeDash"]["scale"]["range"][:3] == [[1, 0], [8, 4], [2, 3]]
    assert dots["encoding"]["shape"]["scale"]["range"] == [
        "circle", "square", "triangle-up", "diamond", "cross",
    ]  # fmt: skip
    # Provisional points are hollow: a white fill instead of the area's colour.
    assert dots["encoding"]["fill"]["condition"] == {"test": "datum.voorlopig", "value": "white"}
    assert spec["title"] == {
        "text": "Werkloosheid",
        "subtitle": [
            "Na 2024 is de tijdas ingekort (grijs vlak).",
            "Open symbool: voorlopig cijfer.",
        ],
    }


def test_consecutive_periods_are_one_line_a_gap_splits_it(values_of: ValuesOf) -> None:
    points = [Point("NPRZ", str(y), y, 10.0 + y - 2018, False) for y in (2018, 2019, 2020)]
    points += [Point("NPRZ", str(y), y, 5.0, False) for y in (2023, 2024)]
    # School years and multi-year periods: consecutive when the next begins the year after.
    points += [Point("G4", p, int(p[-4:]) if "-" in p else 2000 + int(p[-2:]), 1.0, False)
               for p in ("2016-2018", "2019-2021", "2020/21", "2023-2024")]  # fmt: skip
    chart = line_chart(points=points, markers=())
    runs = [(r["gebied"], r["reeks"], r["periode"]) for r in values_of(chart.spec,
            layer(chart.spec, "line", strokeWidth=2.5))]  # fmt: skip
    assert runs == [
        ("NPRZ", "NPRZ 0", "2018"), ("NPRZ", "NPRZ 0", "2019"), ("NPRZ", "NPRZ 0", "2020"),
        ("NPRZ", "NPRZ 1", "2023"), ("NPRZ", "NPRZ 1", "2024"),
        ("G4", "G4 0", "2016-2018"), ("G4", "G4 0", "2019-2021"), ("G4", "G4 0", "2020/21"),
        ("G4", "G4 1", "2023-2024"),
    ]  # fmt: skip
    assert "Tussen 2020 en 2023 kent de monitor geen meting van NPRZ" in chart.description


PATH = TargetPath("streefpad", ((2011, 4.5), (2021, 3.975), (2022, 3.8175), (2023, 3.66)))


def test_a_target_path_is_a_grey_band_split_where_the_plan_sets_no_level(
    values_of: ValuesOf,
) -> None:
    chart = line_chart(paths=[PATH], report_year=2024)
    band = layer(chart.spec, "line", color=drawing.PATH_COLOUR)
    assert band["mark"]["strokeWidth"] == drawing.PATH_WIDTH
    assert band["encoding"]["detail"]["field"] == "reeks"
    # The plan sets no level between the start (2011) and its first year (2021): no band there.
    assert values_of(chart.spec, band) == [
        {"reeks": "0 0", "jaar": 2011, "waarde": 4.5},
        {"reeks": "0 1", "jaar": 2021, "waarde": 3.975},
        {"reeks": "0 1", "jaar": 2022, "waarde": 3.8175},
        {"reeks": "0 1", "jaar": 2023, "waarde": 3.66},
    ]
    assert "Streefpad: van 4,5% in 2011 naar 3,7% in 2023." in chart.description
    assert chart.spec["title"]["subtitle"][0] == "Grijze band: streefpad. Na 2024 is de tijdas"
    # The path's levels get a column, printed as the target tables print a target.
    assert chart.columns == ("Periode", "NPRZ", "Rotterdam", "G4", "Streefpad", "Doel")
    assert [(r[0], r[4]) for r in chart.rows] == [
        ("2011", "4,5%"), ("2021", "4,0%"), ("2022", "3,8%"), ("2023", "3,7%"), ("2024", "–"),
        ("2031", "–"),
    ]  # fmt: skip


def test_a_level_to_hold_is_said_once() -> None:
    held = TargetPath("te houden niveau", tuple((y, 41.6) for y in range(2021, 2032)))
    chart = line_chart(paths=[held], markers=())
    assert "Te houden niveau: 41,6% van 2021 tot 2031." in chart.description


def test_indicator_x_axis_gives_the_years_after_the_report_year_a_quarter() -> None:
    x = layer(line_chart().spec, "line", strokeWidth=2.5)["encoding"]["x"]
    assert x["field"] == "jaar"
    # 2011-2024 at one scale over three quarters of the width, 2024-2031 in the last quarter.
    assert x["scale"]["domain"] == [2011, 2024, 2031]
    assert x["scale"]["range"] == [14, 248, 326]
    assert x["axis"]["format"] == "d"
    assert x["axis"]["values"] == [2014, 2019, 2024, 2031]
    band = layer(line_chart().spec, "rect")
    assert band["mark"]["color"] == drawing.SHORTENED_FILL
    without_targets = layer(line_chart(markers=()).spec, "line", strokeWidth=2.5)
    assert without_targets["encoding"]["x"]["scale"]["domain"] == [2011, 2024]


def test_indicator_y_axis_is_honest(values_of: ValuesOf) -> None:
    y = layer(line_chart().spec, "line", strokeWidth=2.5)["encoding"]["y"]
    # 30,1 to 45,0 over 40,0% of width: no magnifying, ticks as Dutch numbers with no decimals.
    assert (y["scale"]["domain"], y["scale"]["nice"], y["scale"]["zero"]) == (
        [25, 50],
        False,
        False,
    )
    assert y["axis"]["values"] == [25, 30, 35, 40, 45, 50]
    assert y["axis"]["format"] == ",.0f"


def test_indicator_targets_are_black_symbols_named_in_the_legend(values_of: ValuesOf) -> None:
    spec = line_chart().spec
    symbols = layer(spec, "point", size=140)
    assert symbols["mark"] == {"type": "point", "filled": True, "size": 140, "opacity": 1}
    assert [(v["gebied"], v["symbool"]) for v in values_of(spec, symbols)] == [
        ("doel 2024: 38,2%", "diamond"),
        ("niveau 2031: 45,0%", "cross"),
    ]
    assert symbols["encoding"]["shape"]["legend"]["orient"] == "bottom"


def test_indicator_axis_title_carries_the_unit() -> None:
    def y_title(unit: str) -> str:
        spec = line_chart(unit=unit, markers=()).spec
        return str(layer(spec, "line", strokeWidth=2.5)["encoding"]["y"]["axis"]["title"])

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
        "Lijndiagram ‘Werkloosheid’ voor Focuswijken, 2023/24. "
        "Focuswijken: 12,0% (2023/24, voorlopig)."
    )
    x = layer(chart.spec, "line", strokeWidth=2.5)["encoding"]["x"]
    assert x["axis"]["title"] == "Jaar (einde van de periode)"
    assert (x["scale"]["domain"], x["axis"]["values"]) == ([2023, 2025], [2024])


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
    assert len(values_of(chart.spec, layer(chart.spec, "line", strokeWidth=2.5))) == 2


def test_areas_take_the_styles_in_legend_order() -> None:
    styles = drawing.area_styles(["Wijk A", "Programma", "Wijk B"])
    assert [s.colour for s in styles.values()] == ["#D55E00", "#0072B2", "#009E73"]
    assert len({s.shape for s in styles.values()}) == 3
    assert len({s.dash for s in styles.values()}) == 3
    # Past the palette, colours repeat but every area still gets one.
    many = drawing.area_styles([f"Wijk {i}" for i in range(10)])
    assert many["Wijk 6"].colour == drawing.PALETTE[0]


def test_every_line_colour_has_3_to_1_contrast_on_white() -> None:
    colours = set(drawing.PALETTE)
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
    assert spec["config"]["font"] == "DejaVu Sans, sans-serif"
    assert spec["width"] < style.MAX_CHART_WIDTH  # the rendered size: test_phone.py
    assert min(font_sizes(spec)) >= 15
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
        "Gestapeld staafdiagram ‘Oordelen 2024’, per pijler het aantal per oordeel. "
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
    bars, counts, names = spec["layer"]
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
    # The pillars' names stand above their bars, from the left edge, never beside them.
    assert bars["encoding"]["y"]["axis"] is None
    assert values_of(spec, names) == [{"pijler": p} for p in ("Onderwijs", "Werken", "Wonen")]
    assert (names["mark"]["align"], names["mark"]["x"]) == ("left", 0)


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
        "Staafdiagram ‘Verhuizingen’: vestigers en vertrekkers per periode, 2021 tot 2022. "
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
