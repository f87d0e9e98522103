"""A flows chapter (`kind: stromen` in the programme's definition): movements in and out per
area, the totals first and the breakdown by origin and destination after them.

Every figure comes through `nprz.publication`: delivered, printed, or computed from the
delivered parts (a year's delivery may bring only the origins and destinations; the totals,
the balance and the mobility rate follow from the programme's identities), and every cell
disclosure control hides is "afgeschermd" here as in every other output.
"""

from __future__ import annotations

from dataclasses import dataclass

from nprz import publication
from nprz.charts.specs import flows_chart
from nprz.core.periods import Period
from nprz.monitor import models as m
from nprz.monitor.values import ValueRow
from nprz.presenters.common import chart_table, row_cell
from nprz.presenters.tables import Cell, Column, Table
from nprz.programmes.schema import FlowPart, FlowsChapter
from nprz.reports.document import Figure, Section, TableBlock, Text

Values = dict[tuple[str, str], ValueRow]  # (indicator, area) -> value in the chapter's period


@dataclass(frozen=True)
class Flows:
    """One flows chapter's figures for a report year: the latest period it has."""

    spec: FlowsChapter
    period: str
    values: Values

    @property
    def areas(self) -> list[m.Area]:
        return row_order(self.values)


def flows_for(spec: FlowsChapter, year: int) -> Flows | None:
    """The chapter's figures in the latest period up to `year` with any of its totals."""
    codes = spec.indicators()
    totals = {p.indicator for p in spec.totals}
    rows = [r for r in publication.values(year) if r.indicator.code in codes]
    periods = {r.period for r in rows if r.indicator.code in totals and r.year <= year}
    if not periods:
        return None
    period = max(periods, key=lambda p: Period.parse(p).sort_key)
    values = {(r.indicator.code, r.area.code): r for r in rows if r.period == period}
    return Flows(spec, period, values)


def row_order(values: Values) -> list[m.Area]:
    """Each gebied followed by its wijken, then the other rows, in the definition's order."""
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


def flow_cell(values: Values, indicator: str, area: str) -> Cell:
    found = values.get((indicator, area))
    if found is None:
        return Cell("ontbreekt", None)
    return row_cell(found)


def flows_table(
    values: Values, areas: list[m.Area], columns: list[FlowPart], slug: str, title: str
) -> Table:
    return Table(
        slug=slug,
        title=title,
        columns=(
            Column("gebied", "Gebied"),
            *(Column(part.indicator, part.label, numeric=True) for part in columns),
        ),
        rows=tuple(
            (
                Cell(area.name, area.code),
                *(flow_cell(values, part.indicator, area.code) for part in columns),
            )
            for area in areas
        ),
    )


def flows_section(spec: FlowsChapter, year: int) -> Section:
    flows = flows_for(spec, year)
    section = Section(spec.anchor, spec.title, new_page=True)
    if flows is None:
        return section.add(
            Text(f"Geen cijfers over {spec.title.lower()} tot en met {year}.", "warning")
        )
    areas = flows.areas
    summary = _protection_summary(spec)
    section.title = f"{spec.title}, {flows.period}"
    section.add(
        *((Text(spec.text),) if spec.text else ()),
        Text(
            f"Kleine aantallen zijn afgeschermd. {summary}. Zo is geen afgeschermde cel terug "
            "te rekenen uit de totalen."
            if summary
            else "Voor deze tabel geldt geen afschermingsregel.",
            "muted",
        ),
        TableBlock(
            flows_table(
                flows.values, areas, spec.totals, f"{spec.anchor}-{flows.period}", "Totalen"
            ),
            wide=True,
        ),
    )
    chart = _chart(flows, areas)
    if chart is not None:
        section.add(chart)
    if spec.inflow or spec.outflow:
        breakdown = Section(f"{spec.anchor}-uitsplitsing", "Uitsplitsing")
        if spec.breakdown_note:
            breakdown.add(Text(spec.breakdown_note, "muted"))
        for slug, title, parts in spec.breakdown():
            table = flows_table(
                flows.values, areas, parts, f"{spec.anchor}-{slug}-{flows.period}", title
            )
            breakdown.add(TableBlock(table, wide=True))
        section.children.append(breakdown)
    return section


def _protection_summary(spec: FlowsChapter) -> str:
    decision = publication.disclosure()
    tables = {decision.table_of(p.indicator) for p in spec.totals} - {""}
    return "; ".join(decision.summary(t) for t in sorted(tables))


def _chart(flows: Flows, areas: list[m.Area]) -> Figure | None:
    spec = flows.spec
    if not (spec.chart_in and spec.chart_out):
        return None
    smallest = [a for a in areas if a.kind == "wijk"] or areas
    chart = flows_chart(
        title=f"{spec.title} per gebied, {flows.period}",
        rows=[
            (
                a.name,
                _shown(flows.values, spec.chart_in, a),
                _shown(flows.values, spec.chart_out, a),
            )
            for a in smallest
        ],
        category="Gebied",
    )
    # The chart draws the totals table above it (vestigers, vertrekkers, saldo per gebied):
    # its data printed again would be a second copy of the same figures.
    return Figure(
        f"{spec.anchor}-{flows.period}",
        chart,
        chart_table(chart, f"grafiek-{spec.anchor}", ""),
        show_data=False,
    )


def _shown(values: Values, indicator: str, area: m.Area) -> float | None:
    """A value for the chart, unless it is missing or hidden (a hidden cell has no value for
    the public, so the chart cannot show it either)."""
    found = values.get((indicator, area.code))
    if found is None or found.value is None:
        return None
    return float(found.value)
