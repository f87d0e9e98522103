"""Indicator charts on the bundled 2024 data: every value the store has, each target's path
as `nprz targets` computes it, and a value axis that does not magnify."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from altair import load_schema
from altair.utils.schemapi import validate_jsonschema
from typer.testing import CliRunner

from nprz import cli, publication
from nprz.charts import drawing
from nprz.charts.specs import Chart
from nprz.monitor import models as m
from nprz.presenters import paths as path_presenter
from nprz.presenters.common import ReportYear
from nprz.presenters.indicators import chart_for
from nprz.publication import targets

from .conftest import caseload, inline_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("store")]
YEAR = ReportYear(2024, 2024)


def chart(code: str) -> Chart:
    indicator = m.Indicator.objects.get(code=code)
    found = publication.values(2024, indicator=indicator)
    own = [r for r in targets(2024) if r.code == code]
    return chart_for(indicator, found, own, YEAR)


def layer(spec: Mapping[str, Any], mark: str, **props: Any) -> Any:
    (found,) = [
        part
        for part in spec["layer"]
        if part["mark"]["type"] == mark and all(part["mark"].get(k) == v for k, v in props.items())
    ]
    return inline_values(spec, found)


def drawn(code: str) -> list[tuple[str, str, str, float]]:
    """(area, run, period, value) of every point the chart draws, in its order."""
    rows = layer(chart(code).spec, "line", strokeWidth=2.5)
    return [(r["gebied"], r["reeks"], r["periode"], r["waarde"]) for r in rows]


def path(code: str) -> dict[int, float]:
    rows = layer(chart(code).spec, "line", color=drawing.PATH_COLOUR)
    return {r["jaar"]: r["waarde"] for r in rows}


def test_every_year_of_the_caseload_is_drawn_as_one_line() -> None:
    # bijstandsuitkeringen: a stand for each year 2018-2025 in the store, consecutive.
    stored = [
        (o.period, float(o.value))
        for o in publication.values(
            2024, indicator=m.Indicator.objects.get(code="bijstandsuitkeringen")
        )
        if o.area.code == "nprz" and o.value is not None
    ]
    assert [period for period, _ in stored] == [str(y) for y in range(2018, 2026)]
    assert drawn("bijstandsuitkeringen") == [("NPRZ", "NPRZ 0", p, v) for p, v in stored]


def test_a_start_and_a_latest_value_years_apart_are_not_joined() -> None:
    # bevolking: the store has 2011 and 2024 for NPRZ, Rotterdam and G4, 2024 for the
    # focuswijken: four runs of one point each, no line across 13 unmeasured years.
    points = drawn("bevolking")
    nprz = [(run, period) for area, run, period, _ in points if area == "NPRZ"]
    assert nprz == [("NPRZ 0", "2011"), ("NPRZ 1", "2024")]
    assert len({run for _, run, _, _ in points}) == len(points) == 7
    assert (
        "Tussen 2011 en 2024 kent de monitor geen meting van NPRZ; daar is geen lijn getekend."
        in chart("bevolking").description
    )


def targets_json() -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(cli.app, ["targets", "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {row["code"]: row for row in json.loads(result.stdout)}


def test_the_path_runs_from_the_start_through_this_years_target_to_the_end_level() -> None:
    row = targets_json()["werkloosheid-jongeren"]
    drawn_path = path("werkloosheid-jongeren")
    # The start in its start year, this year's target in 2024, the end level in 2031: the
    # same numbers as `nprz targets --year 2024 --format json`.
    assert (row["start_period"], row["start_value"]) == ("2021", 4.5)
    assert drawn_path[2021] == row["start_value"]
    assert round(drawn_path[2024], 4) == row["target_value"] == 3.5025
    assert drawn_path[2031] == row["reference_value"] == 2.4
    # UP 2019: 25% due in 2021, then 7,5 percentage points a year up to 100% in 2031.
    assert list(drawn_path) == list(range(2021, 2032))
    assert round(drawn_path[2022], 6) == round(4.5 + 0.325 * (2.4 - 4.5), 6)
    assert (
        "Streefpad: van 4,5% in 2021 naar 2,4% in 2031."
        in chart("werkloosheid-jongeren").description
    )


def test_no_path_is_drawn_before_the_plans_first_target_year() -> None:
    # laagopgeleide-ouders starts in 2011; UP 2019 sets its first target for 2021.
    row = targets_json()["laagopgeleide-ouders"]
    drawn_path = path("laagopgeleide-ouders")
    assert list(drawn_path) == [2011, *range(2021, 2032)]
    assert drawn_path[2011] == row["start_value"] == 37.0
    assert round(drawn_path[2024], 4) == row["target_value"]
    assert drawn_path[2031] == row["reference_value"]
    runs = layer(chart("laagopgeleide-ouders").spec, "line", color=drawing.PATH_COLOUR)
    assert {r["reeks"] for r in runs if r["jaar"] == 2011} != {
        r["reeks"] for r in runs if r["jaar"] == 2021
    }


def test_a_path_target_follows_its_milestones() -> None:
    drawn_path = path("bijstandsuitkeringen")
    assert [drawn_path[y] for y in (2023, 2024, 2025, 2031)] == [13065, 12750, 12400, 10000]
    assert drawn_path[2028] == 12400 - 3 * 400  # straight between 2025 and 2031
    data = caseload(2024)
    band = layer(path_presenter.chart(data).spec, "line", color=drawing.PATH_COLOUR)
    assert {r["jaar"]: r["waarde"] for r in band} == {p.year: float(p.value) for p in data.path}


def test_a_start_beyond_the_reference_holds_that_level() -> None:
    # werkzame-jongeren: 44,0% at the start, G4 41,6%: the target is to stay at or above 41,6%.
    drawn_path = path("werkzame-jongeren")
    assert set(drawn_path.values()) == {41.6}
    assert (min(drawn_path), max(drawn_path)) == (2021, 2031)


def test_the_value_axis_does_not_magnify_44_0_to_44_3() -> None:
    spec = chart("werkzame-jongeren").spec
    (line,) = [p for p in spec["layer"] if p["mark"] == {"type": "line", "strokeWidth": 2.5}]
    low, high = line["encoding"]["y"]["scale"]["domain"]
    assert (low, high) == (36, 48)  # G4 41,0 to NPRZ 44,3, and the target 41,6
    assert (44.3 - 44.0) / (high - low) <= 3 / 20  # three printed steps, at most 15%


def test_the_x_axis_keeps_three_quarters_for_the_years_up_to_the_report_year() -> None:
    spec = chart("werkzame-jongeren").spec
    (line,) = [p for p in spec["layer"] if p["mark"] == {"type": "line", "strokeWidth": 2.5}]
    scale = line["encoding"]["x"]["scale"]
    assert scale["domain"] == [2021, 2024, 2031]
    left, split, right = scale["range"]
    assert (split - left) / (right - left) == 0.75


# --- a known correction (decision 022): drawn as printed, ringed, and said ----------------------

COUNT_NOTE = "Gedrukt 1.123; de optelling geeft 112 (waarschijnlijk een tikfout)."
SHARE_NOTE = (
    "Gedrukt 4,0%; berekend uit een waarschijnlijk onjuist gedrukt aantal "
    "(1.123 waar de optelling 112 geeft); daarmee wordt het 40,2%."
)
ONE_RINGED = "Omcirkeld: 1 waarde die waarschijnlijk niet klopt; zie de voetnoot bij de tabel."


def ringed(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(layer(spec, "point", size=drawing.CORRECTION_RING))


def subtitle(spec: Mapping[str, Any]) -> str:
    found = spec["title"].get("subtitle", "")
    return " ".join(found) if isinstance(found, list) else found


def test_the_misprinted_2024_count_stays_drawn_as_printed_and_is_ringed() -> None:
    """The 2024 report printed Rotterdam's thuiszitters aged 13 to 17 (2023/24) as 1.123
    where its own sum gives 112: the line still goes to what was printed, the point is
    ringed, and the subtitle, the description and the table say why."""
    found = chart("thuiszitters-einde-13-17")
    assert ("Rotterdam", "Rotterdam 0", "2023/24", 1123.0) in drawn("thuiszitters-einde-13-17")
    assert [
        (r["gebied"], r["periode"], r["waarde"], r["correctie"]) for r in ringed(found.spec)
    ] == [("Rotterdam", "2023/24", 1123.0, COUNT_NOTE)]
    assert subtitle(found.spec) == ONE_RINGED
    assert found.description.endswith(f"Omcirkeld: Rotterdam in 2023/24. {COUNT_NOTE}")
    assert found.rows[-1] == (
        "2023/24",
        "45",
        "1.123 (waarschijnlijk een tikfout; de optelling geeft 112)",
    )
    # the other points of the chart carry no correction
    rows = layer(found.spec, "line", strokeWidth=2.5)
    assert [r["periode"] for r in rows if "correctie" in r] == ["2023/24"]


def test_the_share_computed_from_the_misprint_is_ringed_with_its_own_note() -> None:
    found = chart("thuiszitters-einde-13-17-aandeel-zuid")
    assert [
        (r["gebied"], r["periode"], r["waarde"], r["correctie"]) for r in ringed(found.spec)
    ] == [("NPRZ", "2023/24", 4.0, SHARE_NOTE)]
    assert subtitle(found.spec) == ONE_RINGED
    assert f"Omcirkeld: NPRZ in 2023/24. {SHARE_NOTE}" in found.description
    assert found.rows[-1] == (
        "2023/24",
        "4,0% (berekend uit een waarschijnlijk onjuist gedrukt aantal; daarmee wordt het 40,2%)",
    )


def test_a_chart_without_corrections_is_drawn_as_before() -> None:
    """The same table's count of 5 to 12 year olds closes its sums: no ring, no key in its
    rows, no word about corrections."""
    found = chart("thuiszitters-einde-5-12")
    marks = [part["mark"] for part in found.spec["layer"]]
    assert marks == [
        {"type": "line", "strokeWidth": 2.5},
        {"type": "point", "opacity": 1, "size": 70, "strokeWidth": 2},
    ]
    assert all("correctie" not in r for r in layer(found.spec, "line", strokeWidth=2.5))
    assert "subtitle" not in found.spec["title"]
    assert "Omcirkeld" not in found.description
    assert not any("tikfout" in cell for row in found.rows for cell in row)


def test_the_ringed_chart_renders_for_web_and_pdf(render: Any) -> None:
    spec = chart("thuiszitters-einde-13-17").spec
    assert validate_jsonschema(spec, load_schema(), raise_error=False) is None
    svg = render(spec)
    # the ring: one circle stroked in the text colour (the plot's group fills nothing)
    assert svg.count('stroke="#1f2328" stroke-width="2" opacity="1"') == 1
    assert '<g fill="none"' in svg
    assert "zie de voetnoot bij de" in svg
