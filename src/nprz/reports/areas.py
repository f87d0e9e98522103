"""One document per wijk, for the focuswijken and per gebied: the area's figures beside NPRZ,
Rotterdam and the G4, its moving flows, where it lies, and the interventions that name it.

The cells hidden by the disclosure rule are the ones the annual report hides, so no area
document gives away what the report keeps back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nprz import publication
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor.values import ValueRow
from nprz.presenters.areas import KINDS, area_on_map
from nprz.presenters.common import chart_table, pillars, row_cell
from nprz.presenters.delivered import delivered_figures
from nprz.presenters.tables import Cell, Column, Table
from nprz.reports.document import Document, Facts, Figure, Section, TableBlock, Text, slugify
from nprz.reports.flows import ARRIVALS, DEPARTURES, TOTALS, flow_values, flows_table

COMPARE = ("nprz", "rotterdam", "g4")
DOCUMENT_KINDS = ("wijk", "focuswijken", "gebied")


def documented_areas() -> list[m.Area]:
    """Every wijk, the focuswijken and every gebied, in the order of the dataset."""
    return list(m.Area.objects.filter(kind__in=DOCUMENT_KINDS).order_by("id"))


def file_stem(area: m.Area) -> str:
    return f"{(area.cbs_code or area.code).lower()}-{slugify(area.name)}"


@dataclass(frozen=True)
class Shared:
    """What every area document reads: fetched once per build, not once per document."""

    flows: dict[tuple[str, str], ValueRow]
    compare: dict[tuple[str, str, str], ValueRow]  # (indicator, area, period) for COMPARE

    @classmethod
    def fetch(cls, year: int) -> Shared:
        return cls(flow_values(year), _compare(year))


def area_document(area: m.Area, year: int, shared: Shared | None = None) -> Document:
    shared = shared or Shared.fetch(year)
    groups = [g.group.name for g in area.group_links.select_related("group")]
    members = [g.member.name for g in area.member_links.select_related("member")]
    cover = [f"{KINDS.get(area.kind, area.kind).capitalize()} in Rotterdam Zuid", f"Cijfers {year}"]
    if groups:
        cover.append("Hoort bij: " + ", ".join(groups))
    if members:
        cover.append(f"Bestaat uit {len(members)} wijken: " + ", ".join(members))
    sections = [
        _where(area),
        _figures(area, year, shared.compare),
        _delivered(area, year),
        _flows(area, year, shared.flows),
        _interventions(area, year),
    ]
    return Document(
        slug=file_stem(area),
        title=area.name,
        subtitle=f"Wijkdocument NPRZ {year}",
        year=year,
        cover=tuple(cover),
        sections=sections,
        header=f"{area.name} — wijkdocument NPRZ {year}",
        description=f"De cijfers van {area.name} naast NPRZ, Rotterdam en de G4 over {year}.",
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
    own = [
        r
        for r in publication.values(year, area=area)
        if not r.indicator.code.startswith("verhuis") and not r.delivered_context
    ]
    latest: dict[str, ValueRow] = {}
    for row in own:  # oldest first: the last one wins
        latest[row.indicator.code] = row
    section = Section("cijfers", f"Cijfers van {area.name}")
    if not latest:
        return section.add(
            Text(
                f"De gegevens hebben voor {area.name} geen andere cijfers dan de "
                "verhuisbewegingen hieronder; de vergelijking met NPRZ, Rotterdam en de G4 "
                "ontbreekt daarom.",
                "warning",
            )
        )
    body = []
    for code, row in latest.items():
        cells = [
            Cell(row.indicator.name, code),
            Cell(pillars()[row.indicator.pillar]),
            Cell(row.period),
        ]
        cells.append(row_cell(row, missing="ontbreekt"))
        for other in COMPARE:
            found = others.get((code, other, row.period))
            cells.append(row_cell(found, missing="ontbreekt") if found else Cell("geen cijfer"))
        body.append(tuple(cells))
    table = Table(
        slug=f"cijfers-{area.code}-{year}",
        title=f"{area.name} naast NPRZ, Rotterdam en de G4",
        caption="laatste periode per cijfer; 'geen cijfer' waar de vergelijking ontbreekt",
        columns=(
            Column("indicator", "Cijfer"),
            Column("pijler", "Pijler"),
            Column("periode", "Periode"),
            Column("gebied", area.name, numeric=True),
            *(Column(c, label, numeric=True) for c, label in
              (("nprz", "NPRZ"), ("rotterdam", "Rotterdam"), ("g4", "G4"))),
        ),
        rows=tuple(body),
    )  # fmt: skip
    section.add(
        Text(
            f"{len(body)} cijfers kennen een waarde voor {area.name}. Per cijfer de laatste "
            "periode, met dezelfde periode voor NPRZ, Rotterdam en de G4 waar die bestaat."
        ),
        TableBlock(table, wide=True),
    )
    return section


def _delivered(area: m.Area, year: int) -> Section:
    """The context figures of the deliveries (CBS), beside the gebied and Rotterdam."""
    section = Section("geleverd", "Kerncijfers uit leveringen")
    delivered = delivered_figures(area, year)
    if delivered is None:
        return section.add(
            Text(f"Geen van de ingelezen leveringen heeft cijfers voor {area.name}.", "muted")
        )
    return section.add(
        TableBlock(delivered.table, wide=True),
        Text("Bron: " + "; ".join(f"levering {s}" for s in delivered.sources) + ".", "muted"),
    )


def _compare(year: int) -> dict[tuple[str, str, str], ValueRow]:
    found = {}
    for area in m.Area.objects.filter(code__in=COMPARE):
        for row in publication.values(year, area=area):
            found[row.indicator.code, area.code, row.period] = row
    return found


def _flows(area: m.Area, year: int, values: dict[tuple[str, str], ValueRow]) -> Section:
    section = Section("verhuizingen", f"Verhuisbewegingen in {year}")
    if not any(a == area.code for _, a in values):
        return section.add(Text(f"Geen verhuiscijfers voor {area.name} in {year}.", "muted"))
    rows = [area]
    rows += [g.group for g in area.group_links.select_related("group") if g.group.kind == "gebied"]
    rows += list(m.Area.objects.filter(code="nprz"))
    rows = [a for a in rows if any(code == a.code for _, code in values)]
    section.add(
        Text(
            "Dezelfde cijfers als in de voortgangsrapportage; kleine aantallen en de cellen "
            "waaruit ze terug te rekenen zijn, zijn hier net zo afgeschermd.",
            "muted",
        ),
        TableBlock(flows_table(values, rows, TOTALS, "verh", "Totalen"), True),
        TableBlock(
            flows_table(values, [area], ARRIVALS, "in", "Vestigers naar herkomst"),
            True,
        ),
        TableBlock(
            flows_table(values, [area], DEPARTURES, "uit", "Vertrekkers naar bestemming"),
            True,
        ),
    )
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
    pillars = dict(iv.InterventionPillar.choices)
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
                Cell(f"{pillars[item.pillar]} {item.number}"),
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
            Facts(((f"{pillars[item.pillar]} {item.number}. {item.name}", item.description),))
        )
    return section


def area_documents(year: int) -> Iterator[Document]:
    shared = Shared.fetch(year)
    for area in documented_areas():
        yield area_document(area, year, shared)
