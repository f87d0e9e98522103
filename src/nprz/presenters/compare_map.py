"""The wijken of a programme compared on one figure: which indicators have values for the
map's areas, the map coloured by one of them, and its values as a table.

Every value comes through `nprz.publication.values`, so a cell disclosure control hides is
"afgeschermd" on the map and in the table, as everywhere else. The map compares one period:
per indicator the latest period any of the map's areas has; an area without a value for that
period has "geen cijfer", never an older one.
"""

from __future__ import annotations

from dataclasses import dataclass

from nprz import programmes, publication
from nprz.charts.maps import (
    NO_FIGURE_TEXT,
    MapValue,
    choropleth,
    map_names,
    shown_values,
)
from nprz.charts.specs import Chart
from nprz.core.periods import Period
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.monitor.values import ValueRow
from nprz.presenters.common import ReportYear, row_cell
from nprz.presenters.tables import Cell, Column, Table


@dataclass(frozen=True)
class MapFigure:
    """One indicator's values for the map's areas in its latest period, by CBS code."""

    indicator: m.Indicator
    period: str
    rows: dict[str, ValueRow]

    @property
    def shown(self) -> int:
        """How many of the map's areas the reader sees a number for."""
        return sum(1 for r in self.rows.values() if r.value is not None and not r.masked)


def map_areas() -> dict[str, m.Area]:
    """The areas on the programme's map, by CBS code, in the map's order."""
    names = map_names(scope.current().map.get("features", []))
    found = {a.cbs_code: a for a in m.Area.objects.filter(cbs_code__in=names)}
    return {code: found[code] for code in names if code in found}


def map_figures(year: int, areas: dict[str, m.Area]) -> dict[str, MapFigure]:
    """Per indicator code, its values for `areas` in the latest period, for every indicator
    that has a value for one of them; in the order of the indicators' names."""
    # One read of the year's values, not one per area: each filtered read goes over the
    # year's whole view again when identities compute cells from parts.
    code_of = {area.id: code for code, area in areas.items()}
    by_indicator: dict[str, list[tuple[str, ValueRow]]] = {}
    for row in publication.values(year):
        if row.area.id in code_of:
            by_indicator.setdefault(row.indicator.code, []).append((code_of[row.area.id], row))
    found = {}
    for indicator_code, rows in by_indicator.items():
        latest = max((row.period for _, row in rows), key=lambda p: Period.parse(p).sort_key)
        # Rows come oldest first per area: the last of the latest period stays.
        in_latest = {code: row for code, row in rows if row.period == latest}
        found[indicator_code] = MapFigure(rows[0][1].indicator, latest, in_latest)
    return dict(sorted(found.items(), key=lambda item: item[1].indicator.name.casefold()))


def map_values(
    figure: MapFigure, areas: dict[str, m.Area], year: ReportYear
) -> dict[str, MapValue]:
    """Every area on the map with its value (or none) and the link to its page."""
    values = {}
    for code, area in areas.items():
        row = figure.rows.get(code)
        values[code] = MapValue(
            row.value if row is not None else None,
            masked=row is not None and row.masked,
            href=year.area(area.code),
        )
    return values


def map_chart(figure: MapFigure, areas: dict[str, m.Area], year: ReportYear) -> Chart:
    definition = programmes.definition()
    indicator = figure.indicator
    return choropleth(
        scope.current().map.get("features", []),
        title=f"{indicator.name}, {figure.period}",
        values=map_values(figure, areas, year),
        unit=indicator.unit,
        decimals=indicator.decimals,
        whole=f"de wijken van {definition.short_name}",
        source=f"Kaart: {definition.map_source}" if definition.map_source else "",
    )


def values_table(figure: MapFigure, areas: dict[str, m.Area], year: ReportYear) -> Table:
    """The map's values, highest first, then the areas without one; each name a link to the
    area's page. The value says which class of the legend an area is in; a column for it
    made the table too wide for a phone."""
    indicator = figure.indicator
    known = shown_values(map_values(figure, areas, year))
    order = sorted(
        areas,
        key=lambda code: (
            code not in known,
            -known[code] if code in known else 0,
            areas[code].name.casefold(),
        ),
    )
    rows = []
    for code in order:
        area = areas[code]
        row = figure.rows.get(code)
        rows.append(
            (
                Cell(area.name, area.code, href=year.area(area.code)),
                row_cell(row) if row is not None else Cell(NO_FIGURE_TEXT, None),
            )
        )
    return Table(
        slug=f"kaart-{indicator.code}-{year.value}",
        title=f"{indicator.name} per gebied, {figure.period}",
        caption=f"{figure.shown} van {len(areas)} gebieden met een cijfer, hoogste eerst",
        columns=(
            Column("gebied", "Gebied"),
            Column("waarde", "Waarde", numeric=True),
        ),
        rows=tuple(rows),
        download_path="/gebieden/kaart/waarden",
        download_query=year.link("", indicator=indicator.code),
    )
