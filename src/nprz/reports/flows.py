"""The moving flows per wijk, with the disclosure rule applied to every cell.

The printed table has 21 columns; on a page it becomes three tables (arrivals by origin,
departures by destination, and the totals with mobility), the same rows in each. Its column
headings did not survive in the report's text, so origins and destinations are numbered as
the columns were printed (SOURCES.md).
"""

from __future__ import annotations

from nprz import publication
from nprz.charts.specs import flows_chart
from nprz.monitor import models as m
from nprz.monitor.values import ValueRow
from nprz.presenters.common import chart_table, row_cell
from nprz.presenters.tables import Cell, Column, Table
from nprz.publication.stamp import per_stamp
from nprz.reports.document import Figure, Section, TableBlock, Text

TABLE = "verhuizingen"
ARRIVALS = (
    *((f"verhuis-in-{i}", f"{i}") for i in range(1, 8)),
    ("verhuis-in", "totaal"),
)
DEPARTURES = (
    *((f"verhuis-uit-{i}", f"{i}") for i in range(1, 8)),
    ("verhuis-uit", "totaal"),
)
TOTALS = (
    ("verhuis-binnen", "binnen de wijk"),
    ("verhuis-in", "vestigers"),
    ("verhuis-uit", "vertrekkers"),
    ("verhuis-totaal", "verhuizingen"),
    ("verhuis-saldo", "saldo"),
    ("verhuis-bevolking", "bevolking"),
    ("verhuis-mobiliteit", "mobiliteit"),
)


@per_stamp
def flow_values(year: int) -> dict[tuple[str, str], ValueRow]:
    """(indicator, area) -> the value of the report year's moving-flows table, as the public
    may see it; read once per state of the data (the main report and every area document)."""
    codes = {c for c, _ in ARRIVALS + DEPARTURES + TOTALS}
    return {
        (r.indicator.code, r.area.code): r
        for r in publication.values(year)
        if r.indicator.code in codes and r.period == str(year)
    }


def row_order(values: dict[tuple[str, str], ValueRow]) -> list[m.Area]:
    """Each gebied followed by its wijken, then the other rows, as the report printed them."""
    present = {area for _, area in values}
    areas = {a.code: a for a in m.Area.objects.filter(code__in=present)}
    members: dict[str, list[str]] = {}
    for link in (
        m.AreaMembership.objects.filter(group__kind="gebied")
        .select_related("group", "member")
        .order_by("member_id")
    ):
        members.setdefault(link.group.code, []).append(link.member.code)
    ordered: list[str] = []
    for area in sorted(areas.values(), key=lambda a: a.id):
        if area.kind == "gebied":
            ordered += [area.code, *(c for c in members.get(area.code, []) if c in areas)]
    ordered += [a.code for a in sorted(areas.values(), key=lambda a: a.id) if a.code not in ordered]
    return [areas[c] for c in ordered]


def flow_cell(values: dict[tuple[str, str], ValueRow], indicator: str, area: str) -> Cell:
    found = values.get((indicator, area))
    if found is None:
        return Cell("ontbreekt", None)
    return row_cell(found)


def flows_table(
    values: dict[tuple[str, str], ValueRow],
    areas: list[m.Area],
    columns: tuple[tuple[str, str], ...],
    slug: str,
    title: str,
) -> Table:
    return Table(
        slug=slug,
        title=title,
        columns=(
            Column("gebied", "Gebied"),
            *(Column(code, label, numeric=True) for code, label in columns),
        ),
        rows=tuple(
            (
                Cell(_name(area), area.code),
                *(flow_cell(values, code, area.code) for code, _ in columns),
            )
            for area in areas
        ),
    )


def _name(area: m.Area) -> str:
    return "NPRZ" if area.code == "nprz" else area.name


def flows_section(year: int) -> Section:
    values = flow_values(year)
    section = Section("verhuizingen", f"Verhuisbewegingen per wijk in {year}", new_page=True)
    if not values:
        return section.add(Text(f"Geen verhuiscijfers voor {year} in de gegevens.", "warning"))
    areas = row_order(values)
    summary = publication.disclosure().summary(TABLE)
    section.add(
        Text(
            "Hoeveel mensen in een wijk kwamen wonen (vestigers) en vertrokken (vertrekkers), "
            "hoeveel binnen de wijk verhuisden, het saldo en de mobiliteit: alle verhuizingen "
            "als deel van de bevolking."
        ),
        Text(
            f"Kleine aantallen zijn afgeschermd. {summary}. Zo is geen afgeschermde cel terug "
            "te rekenen uit de totalen, wat in de gedrukte tabel wel kon."
            if summary
            else "Voor deze tabel geldt geen afschermingsregel.",
            "muted",
        ),
        TableBlock(
            flows_table(values, areas, TOTALS, f"verhuizingen-{year}", "Totalen"),
            wide=True,
        ),
        TableBlock(
            flows_table(
                values,
                areas,
                ARRIVALS,
                f"vestigers-{year}",
                "Vestigers naar herkomst (kolom 1 tot 7 zoals gedrukt)",
            ),
            wide=True,
        ),
        TableBlock(
            flows_table(
                values,
                areas,
                DEPARTURES,
                f"vertrekkers-{year}",
                "Vertrekkers naar bestemming (kolom 1 tot 7 zoals gedrukt)",
            ),
            wide=True,
        ),
    )
    wijken = [a for a in areas if a.kind == "wijk"]
    chart = flows_chart(
        title=f"Vestigers en vertrekkers per wijk, {year}",
        rows=[
            (
                _name(a),
                _shown(values, "verhuis-in", a.code),
                _shown(values, "verhuis-uit", a.code),
            )
            for a in wijken
        ],
        category="Wijk",
    )
    section.add(Figure(f"verhuizingen-{year}", chart, chart_table(chart, "grafiek-verh", "")))
    return section


def _shown(values: dict[tuple[str, str], ValueRow], indicator: str, area: str) -> float | None:
    """A value for the chart, unless it is missing or hidden (the chart must not show it
    either: a hidden cell has no value for the public)."""
    found = values.get((indicator, area))
    if found is None or found.value is None:
        return None
    return float(found.value)
