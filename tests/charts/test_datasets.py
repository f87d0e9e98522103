"""Rows by name (style.Datasets): the spec Altair would write for inline rows, built faster."""

from __future__ import annotations

import altair as alt

from nprz.charts import specs, style
from nprz.charts.specs import Marker, Point

ROWS = [{"jaar": 2023, "waarde": 4.5}, {"jaar": 2024, "waarde": 5.25}]  # SYNTHETIC


def test_named_rows_give_the_spec_altair_writes_for_inline_rows() -> None:
    data = style.Datasets()
    named = style.finish(
        alt.Chart(data.named(ROWS)).mark_line().encode(x="jaar:Q", y="waarde:Q"), "d", data
    )
    inline = alt.Chart(alt.InlineData(values=ROWS)).mark_line().encode(x="jaar:Q", y="waarde:Q")
    expected = inline.to_dict(validate=False)
    assert named["datasets"] == expected["datasets"]
    assert named["data"] == expected["data"]
    assert named["data"]["name"].startswith("data-")
    assert named["datasets"][named["data"]["name"]] == ROWS


def test_an_indicator_chart_names_each_layers_rows_once() -> None:
    points = [
        Point(area=area, period=str(year), year=year, value=value, provisional=False)
        for area, base in (("Zuid", 20.0), ("Rotterdam", 15.0))  # SYNTHETIC
        for year, value in ((2022, base), (2023, base - 1), (2024, base - 2))
    ]
    chart = specs.indicator_chart(
        title="Synthetisch",
        unit="%",
        decimals=1,
        points=points,
        markers=[Marker(label="Doel 2031", year=2031, value=12.0)],
    )
    layers = chart.spec["layer"]
    assert all(set(layer["data"]) == {"name"} for layer in layers)
    names = {layer["data"]["name"] for layer in layers}
    assert names == set(chart.spec["datasets"])
    # The line and the dots share the values' rows: six points, one dataset.
    line = next(layer for layer in layers if layer["mark"].get("strokeWidth") == 2.5)
    dots = next(layer for layer in layers if layer["mark"].get("size") == 70)
    assert line["data"] == dots["data"]
    assert [row["waarde"] for row in chart.spec["datasets"][line["data"]["name"]]] == [
        20.0, 19.0, 18.0, 15.0, 14.0, 13.0
    ]  # fmt: skip
    assert chart.spec["title"]["text"] == "Synthetisch"
    assert chart.spec["resolve"] == {"legend": {"strokeDash": "independent"}}
