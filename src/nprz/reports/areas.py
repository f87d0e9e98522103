"""One document per area of the kinds the programme names (`area_documents` in its
definition): the area's figures beside the areas it is compared with, its flows, where it
lies, and the interventions that name it.

The cells hidden by the disclosure rule are the ones the annual report hides, so no area
document gives away what the report keeps back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nprz import programmes, publication
from nprz.charts.style import join_nl
from nprz.interventions import models as iv
from nprz.interventions.pillars import names as pillar_names
from nprz.monitor import models as m
from nprz.monitor.values import ValueRow
from nprz.presenters.areas import KINDS, area_on_map, programme_area
from nprz.presenters.common import chart_table, pillar_name, row_cell
from nprz.presenters.delivered import delivered_figures
from nprz.presenters.tables import Cell, Column, Table
from nprz.programmes.schema import FlowsChapter
from nprz.reports.document import Document, Facts, Figure, Section, TableBlock, Text, slugify
from nprz.reports.flows import Flows, flows_for, flows_table


def documented_areas() -> list[m.Area]:
    """Every area of the kinds the programme names, in the order of its definition."""
    kinds = programmes.definition().area_documents.kinds
    return list(m.Area.objects.filter(kind__in=kinds).order_by("id"))


def compared() -> list[m.Area]:
    codes = programmes.definition().area_documents.compare
    found = {a.code: a for a in m.Area.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def file_stem(area: m.Area) -> str:
    return f"{(area.cbs_code or area.code).lower()}-{slugify(area.name)}"


@dataclass(frozen=True)
class Shared:
    """What every area document reads: fetched once per build, not once per document."""

    flows: list[Flows]  # one per flows chapter of the programme that has figures
    compare: dict[tuple[str, str, str], ValueRow]  # (indicator, area, period), compared areas

    @classmethod
    def fetch(cls, year: int) -> Shared:
        chapters = [c for c in programmes.definition().chapters if isinstance(c, FlowsChapter)]
        flows = [f for f in (flows_for(c, year) for c in chapters) if f is not None]
        return cls(flows, _compare(year))


def area_document(area: m.Area, year: int, shared: Shared | None = None) -> Document:
    shared = shared or Shared.fetch(year)
    definition = programmes.definition()
    whole = programme_area()
    groups = [g.group.name for g in area.group_links.select_related("group")]
    members = [g.member.name for g in area.member_links.select_related("member")]
    kind = KINDS.get(area.kind, area.kind).capitalize()
    cover = [f"{kind} in {whole.name}" if whole else kind, f"Cijfers {year}"]
    if groups:
        cover.append("Hoort bij: " + ", ".join(groups))
    if members:
        cover.append(f"Bestaat uit {len(members)} wijken: " + ", ".join(members))
    others = join_nl([a.name for a in compared()]) or "de andere gebieden"
    sections = [
        _where(area),
        _figures(area, year, shared.compare),
        _delivered(area, year),
        *(_flows(area, flows) for flows in shared.flows),
        _interventions(area, year),
    ]
    return Document(
        slug=file_stem(area),
        title=area.name,
        subtitle=f"Gebiedsdocument {definition.short_name} {year}",
        year=year,
        cover=tuple(cover),
        sections=sections,
        header=f"{area.name} — gebiedsdocument {definition.short_name} {year}",
        description=f"De cijfers van {area.name} naast {others} over {year}.",
        author=definition.name,
        compact=True,
    )


def _where(area: m.Area) -> Section:
    section = Section("ligging", "Ligging")
    chart = area_on_map(area)
    if chart is None:
        return section.add(Text("Dit gebied staat niet op de kaart van het programma.", "muted"))
    return section.add(
        Figure(f"kaart-{area.code}", chart, chart_table(chart, "kaart", ""), show_data=False)
    )


def _figures(area: m.Area, year: int, others: dict[tuple[str, str, str], ValueRow]) -> Section:
    in_flows = {
        code
        for c in programmes.definition().chapters
        if isinstance(c, FlowsChapter)
        for code in c.indicators()
    }
    own = [
        r
        for r in publication.values(year, area=area)
        if r.indicator.code not in in_flows and not r.delivered_context
    ]
    comparison = compared()
    names = join_nl([a.name for a in comparison]) or "andere gebieden"
    latest: dict[str, ValueRow] = {}
    for row in own:  # oldest first: the last one wins
        latest[row.indicator.code] = row
    section = Section("cijfers", f"Cijfers van {area.name}")
    if not latest:
        return section.add(
            Text(
                f"De gegevens hebben voor {area.name} geen andere cijfers dan de stromen "
                f"hieronder; de vergelijking met {names} ontbreekt daarom.",
                "warning",
            )
        )
    body = []
    for code, row in latest.items():
        cells = [
            Cell(row.indicator.name, code),
            Cell(pillar_name(row.indicator.pillar)),
            Cell(row.period),
        ]
        cells.append(row_cell(row, missing="ontbreekt"))
        for other in comparison:
            found = others.get((code, other.code, row.period))
            cells.append(row_cell(found, missing="ontbreekt") if found else Cell("geen cijfer"))
        body.append(tuple(cells))
    table = Table(
        slug=f"cijfers-{area.code}-{year}",
        title=f"{area.name} naast {names}",
        caption="laatste periode per cijfer; 'geen cijfer' waar de vergelijking ontbreekt",
        columns=(
            Column("indicator", "Cijfer"),
            Column("pijler", "Pijler"),
            Column("periode", "Periode"),
            Column("gebied", area.name, numeric=True),
            *(Column(a.code, a.name, numeric=True) for a in comparison),
        ),
        rows=tuple(body),
    )
    section.add(
        Text(
            f"{len(body)} cijfers kennen een waarde voor {area.name}. Per cijfer de laatste "
            f"periode, met dezelfde periode voor {names} waar die bestaat."
        ),
        TableBlock(table, wide=True),
    )
    return section


def _delivered(area: m.Area, year: int) -> Section:
    """The context figures of the deliveries (CBS), beside the gebied and the areas it is
    compared with."""
    section = Section("geleverd", "Kerncijfers uit leveringen")
    delivered = delivered_figures(area, year)
    if delivered is None:
        return section.add(
            Text(f"Geen van de ingelezen leveringen heeft cijfers voor {area.name}.", "muted")
        )
    return section.add(
        TableBlock(delivered.table, wide=True),
        Text("Bron: " + "; ".join(delivered.sources) + ".", "muted"),
    )


def _compare(year: int) -> dict[tuple[str, str, str], ValueRow]:
    codes = {a.code for a in compared()}
    return {
        (row.indicator.code, row.area.code, row.period): row
        for row in publication.values(year)
        if row.area.code in codes
    }


def _flows(area: m.Area, flows: Flows) -> Section:
    spec = flows.spec
    section = Section(spec.anchor, f"{spec.title}, {flows.period}")
    if not any(a == area.code for _, a in flows.values):
        return section.add(Text(f"Geen cijfers voor {area.name} in {flows.period}.", "muted"))
    rows = [area]
    rows += [g.group for g in area.group_links.select_related("group") if g.group.kind == "gebied"]
    whole = programme_area()
    rows += [whole] if whole is not None and whole != area else []
    rows = [a for a in rows if any(code == a.code for _, code in flows.values)]
    section.add(
        Text(
            "Dezelfde cijfers als in de voortgangsrapportage; kleine aantallen en de cellen "
            "waaruit ze terug te rekenen zijn, zijn hier net zo afgeschermd.",
            "muted",
        ),
        TableBlock(flows_table(flows.values, rows, spec.totals, "totalen", "Totalen"), True),
    )
    for parts, title, slug in (
        (spec.inflow, spec.inflow_title, "in"),
        (spec.outflow, spec.outflow_title, "uit"),
    ):
        if parts:
            section.add(TableBlock(flows_table(flows.values, [area], parts, slug, title), True))
    return section


def _named_areas(area: m.Area) -> set[int]:
    """The area itself, the groups it belongs to are not included: an intervention for all
    of Feijenoord is listed for the gebied, and for its wijken only when it names them."""
    found = {area.id}
    found |= {g.member_id for g in area.member_links.all()}
    return found


def _interventions(area: m.Area, year: int) -> Section:
    section = Section("interventies", "Interventies die dit gebied noemen")
    named = (
        iv.Intervention.objects.filter(areas__id__in=_named_areas(area))
        .distinct()
        .prefetch_related("initiator_set__organisation", "progress__round")
        .order_by("position", "id")
    )
    items = list(named)
    if not items:
        return section.add(Text(f"Geen interventie noemt {area.name} bij naam.", "muted"))
    names = pillar_names()
    rows = []
    for item in items:
        report = next(
            (
                p
                for p in item.progress.all()
                if p.round.year == year and p.round.status == iv.RoundStatus.GEPUBLICEERD
            ),
            None,
        )
        colour = report.get_colour_display() if report else "niet gepubliceerd"
        rows.append(
            (
                Cell(f"{names.get(item.pillar, item.pillar)} {item.number}"),
                Cell(item.name),
                Cell(", ".join(i.organisation.name for i in item.initiator_set.all()) or "–"),
                Cell(colour),
            )
        )
    section.add(
        Text(f"{len(items)} interventies noemen {area.name} of een van de wijken erin."),
        TableBlock(
            Table(
                slug=f"interventies-{area.code}",
                title=f"Interventies in {area.name}",
                columns=(
                    Column("nummer", "Pijler en nr."),
                    Column("naam", "Interventie"),
                    Column("initiatiefnemers", "Initiatiefnemers"),
                    Column("kleur", f"Kleur {year}"),
                ),
                rows=tuple(rows),
            ),
            wide=True,
        ),
    )
    for item in items:
        section.add(
            Facts(
                (
                    (
                        f"{names.get(item.pillar, item.pillar)} {item.number}. {item.name}",
                        item.description,
                    ),
                )
            )
        )
    return section


def area_documents(year: int) -> Iterator[Document]:
    shared = Shared.fetch(year)
    for area in documented_areas():
        yield area_document(area, year, shared)
