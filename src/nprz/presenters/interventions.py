"""The interventions as tables: colour cells, the movement summary per pillar, an intervention's
KPIs. The public pages and the report's interventions chapter use these.
"""

from __future__ import annotations

from nprz.core.movement import Colour, Movement
from nprz.interventions import models as iv
from nprz.interventions.queries import (
    InterventionRow,
    counts_per_pillar,
    movement_summary,
)
from nprz.presenters.tables import Cell, Column, Table, number

PILLARS = dict(iv.InterventionPillar.choices)


def colour_cell(colour: Colour | None) -> Cell:
    if colour is None:
        return Cell("– (nieuw)", None)
    return Cell(colour.word, colour.value, status=f"kleur-{colour.value}")


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
                Cell(PILLARS.get(pillar, pillar), pillar),
                *(Cell(str(counts.get(m, 0)), counts.get(m, 0)) for m in Movement),
                Cell(str(sum(counts.values())), sum(counts.values())),
                Cell(str(numbers[pillar]), numbers[pillar]),
            )
            for pillar, counts in summary.items()
        ),
        download_path="/interventies/samenvatting",
    )


def kpi_table(intervention: iv.Intervention, year: int) -> Table:
    rows = []
    for kpi in intervention.kpis.all():
        # Only what a published round holds: values typed in an open round stay inside it.
        for value in kpi.values.all():
            if value.round.status != iv.RoundStatus.GEPUBLICEERD or value.round.year > year:
                continue
            rows.append(
                (
                    Cell(kpi.label),
                    Cell(kpi.scope),
                    Cell(value.period),
                    Cell(value.get_kind_display(), value.kind),
                    Cell(value.printed, number(value.value)),
                    Cell(value.source),
                )
            )
    return Table(
        slug=f"kpis-{intervention.pillar}-{intervention.number}-{year}",
        title=f"KPI's van {intervention.name}",
        caption="waarden zoals gedrukt in het rapport, met hun regel",
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
