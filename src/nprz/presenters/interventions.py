"""The interventions as tables: colour and movement cells, the printed colour counts beside
the recorded ones (`colour_table`), the movement summary per pillar, an intervention's KPIs.
The public pages and the report's interventions chapter use these.

A colour that is not recorded shows as "–", with one sentence above the table saying how many
and why, never "niet vastgelegd" row after row."""

from __future__ import annotations

from nprz.core.movement import Colour, Movement
from nprz.datasets.interventions import SHARE_PREFIX, scope_area
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.colour_summary import (
    READING,
    compare,
    computed_text,
    printed_text,
    verdict_text,
)
from nprz.interventions.queries import (
    InterventionRow,
    complete_year,
    counts_per_pillar,
    movement_summary,
    published_rounds,
)
from nprz.monitor import models as store
from nprz.presenters.tables import Cell, Column, Table, number
from nprz.publication import wording


def colour_cell(colour: Colour | None) -> Cell:
    """A colour as a word with its icon; not recorded: "–" (a sentence above the table says
    how many and why); not in last year's round: "– (nieuw)"."""
    if colour is None:
        return Cell("– (nieuw)", None)
    if colour is Colour.NIET_VASTGELEGD:
        return Cell("–", colour.value)
    return Cell(colour.word, colour.value, status=f"kleur-{colour.value}")


def movement_cell(movement: Movement) -> Cell:
    if movement is Movement.ONBEKEND:
        return Cell("–", movement.value)
    return Cell(movement.value, movement.value)


def publication_note(year: int, *, on_page: bool = False) -> str:
    """A sentence when `year` is published in part; `on_page` (the list, whose default is the last
    complete year) also when a later round is ("" else)."""
    rounds = {r.year: r for r in published_rounds()}
    shown = rounds.get(year)
    complete = complete_year(list(rounds.values()))
    if shown is not None and shown.left_out:
        published = shown.total - shown.left_out
        tail = f" Volledig gepubliceerd is {complete}." if complete else ""
        return (
            f"De ronde {year} is gedeeltelijk gepubliceerd: {published} van de "
            f"{shown.total} voortgangsrapporten waren goedgekeurd; de andere "
            f"{shown.left_out} zijn niet openbaar en hier niet opgenomen.{tail}"
        )
    later = [y for y, r in rounds.items() if y > year and r.left_out]
    if on_page and later and year == complete:
        return (
            f"Over {later[-1]} is een deel van de voortgangsrapporten gepubliceerd (kies "
            f"jaar {later[-1]}); zolang er geen volledige ronde na {year} is, toont deze pagina "
            f"{year}."
        )
    return ""


def colour_table(rows: list[InterventionRow], year: int) -> Table | None:
    """Per pillar: what the printed report counted per colour, what the recorded colours
    give (by printed number, as the report counts), and how they compare. None when there
    is neither a printed count nor a recorded colour."""
    comparisons = compare(rows, year)
    if not any(c.printed is not None or c.computed.known for c in comparisons):
        return None
    return Table(
        slug=f"kleuren-per-pijler-{year}",
        title=f"Kleuren per pijler {year}",
        caption="gedrukt in het rapport en berekend uit de vastgelegde kleuren; een "
        "interventie met deelitems (2a, 2b) telt als één",
        columns=(
            Column("pijler", "Pijler"),
            Column("gedrukt", "Het rapport telde"),
            Column("bron", "Bron" if wording.public() else "Regels"),
            Column("vastgelegd", "Vastgelegde kleuren"),
            Column("vergelijking", "Vergelijking"),
        ),
        rows=tuple(
            (
                Cell(pillars.name(c.pillar), c.pillar),
                Cell(printed_text(c.printed) if c.printed else "–"),
                Cell(
                    wording.source(f"rapport {c.printed.lines}", wording.report_name(year))
                    if c.printed
                    else "–"
                ),
                Cell(computed_text(c.computed)),
                Cell(verdict_text(c), c.verdict),
            )
            for c in comparisons
        ),
        notes=(READING,) if any(c.printed for c in comparisons) else (),
        download_path="/interventies/kleuren",
    )


def summary_table(rows: list[InterventionRow], year: int) -> Table:
    summary = movement_summary(rows)
    numbers = counts_per_pillar(rows)
    return Table(
        slug=f"samenvatting-voortgang-{year}",
        title=f"Samenvatting voortgang {year}",
        caption="berekend uit de kleuren van twee jaren; onbekend waar geen kleur is vastgelegd",
        columns=(
            Column("pijler", "Pijler"),
            *(Column(m.value, m.value, numeric=True) for m in Movement),
            Column("regels", "Regels", numeric=True),
            Column("interventies", "Interventies (a/b/c als één)", numeric=True),
        ),
        rows=tuple(
            (
                Cell(pillars.name(pillar), pillar),
                *(Cell(str(counts.get(m, 0)), counts.get(m, 0)) for m in Movement),
                Cell(str(sum(counts.values())), sum(counts.values())),
                Cell(str(numbers[pillar]), numbers[pillar]),
            )
            for pillar, counts in summary.items()
        ),
        download_path="/interventies/samenvatting",
    )


def scope_text(scope: str, names: dict[str, str]) -> str:
    """Where a KPI counts (`nprz.datasets.interventions.SCOPE_PATTERN`): the analyst's code
    ("gebied:<code>", "aandeel-<code>") for the analyst, in words for the public (the area's
    name, "aandeel van <name>", or the place as written: school, scholen, anders)."""
    if not wording.public():
        return scope
    area = scope_area(scope)
    if area is None:
        return scope
    name = names.get(area, area)
    return f"aandeel van {name}" if scope.startswith(SHARE_PREFIX) else name


def kpi_table(intervention: iv.Intervention, year: int) -> Table:
    public = wording.public()
    document = wording.report_name(year) if public else ""
    names = dict(store.Area.objects.values_list("code", "name")) if public else {}
    rows = []
    for kpi in intervention.kpis.all():
        # Only what a published round holds: values typed in an open round stay inside it.
        for value in kpi.values.all():
            if value.round.status != iv.RoundStatus.GEPUBLICEERD or value.round.year > year:
                continue
            rows.append(
                (
                    Cell(kpi.label),
                    Cell(scope_text(kpi.scope, names), kpi.scope),
                    Cell(value.period),
                    Cell(value.get_kind_display(), value.kind),
                    Cell(value.printed, number(value.value)),
                    Cell(wording.source(value.source, document)),
                )
            )
    return Table(
        slug=f"kpis-{intervention.pillar}-{intervention.number}-{year}",
        title=f"KPI's van {intervention.name}",
        caption="waarden zoals gedrukt in het rapport"
        + (", met hun bron" if public else ", met hun regel"),
        columns=(
            Column("kpi", "KPI"),
            Column("bereik", "Bereik"),
            Column("periode", "Periode"),
            Column("soort", "Soort"),
            Column("waarde", "Waarde", numeric=True),
            Column("bron", "Bron"),
        ),
        rows=tuple(rows),
        download_path=f"/interventies/{intervention.pillar}/{intervention.number}/kpis",
        download_query=f"?jaar={year}",
    )
