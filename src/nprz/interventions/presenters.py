"""Shape interventions for the terminal: a table per year, then the movement summary."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from nprz.core.movement import Colour, Movement
from nprz.interventions.models import COUNTED_PILLARS, InterventionPillar
from nprz.interventions.queries import InterventionRow, counts_per_pillar, movement_summary
from nprz.output import Column, Format, emit

INTERVENTION_COLUMNS = [
    Column("pillar", "Pijler"),
    Column("number", "Nr.", "right"),
    Column("name", "Interventie", fold=True),
    Column("initiators", "Initiatiefnemers", fold=True),
    Column("kpi_count", "KPI's", "right"),
    Column("colour_previous", "Kleur vorig jaar"),
    Column("colour", "Kleur"),
    Column("movement", "Beweging"),
]
PILLARS = dict(InterventionPillar.choices)


def machine_row(row: InterventionRow) -> dict[str, Any]:
    return {
        "pillar": row.pillar,
        "number": row.number,
        "name": row.name,
        "initiators": "; ".join(row.initiators),
        "kpi_count": row.kpi_count,
        "colour_previous": row.colour_previous.value if row.colour_previous else None,
        "colour": row.colour.value,
        "movement": row.movement.value,
    }


def _colour(colour: Colour | None) -> str:
    if colour is None:
        return "[dim]– (nieuw)[/dim]"
    if colour is Colour.NIET_VASTGELEGD:
        return f"[dim]{colour.word}[/dim]"
    return colour.word


def print_interventions(
    console: Console, fmt: Format, rows: list[InterventionRow], year: int
) -> None:
    if fmt is not Format.TABLE:
        emit(console, fmt, INTERVENTION_COLUMNS, [machine_row(r) for r in rows], [])
        return
    human = [
        {
            **machine_row(row),
            "pillar": PILLARS.get(row.pillar, row.pillar),
            "kpi_count": str(row.kpi_count),
            "colour_previous": _colour(row.colour_previous),
            "colour": _colour(row.colour),
            "movement": row.movement.value,
        }
        for row in rows
    ]
    human_columns = [
        Column("colour_previous", f"Kleur {year - 1}")
        if c.key == "colour_previous"
        else Column("colour", f"Kleur {year}")
        if c.key == "colour"
        else c
        for c in INTERVENTION_COLUMNS
    ]
    per_pillar = counts_per_pillar(rows)
    counted = sum(n for pillar, n in per_pillar.items() if pillar in COUNTED_PILLARS)
    emit(
        console,
        fmt,
        INTERVENTION_COLUMNS,
        [],
        human,
        title=f"Interventies {year}: {counted} in de vijf pijlers (deelitems a/b/c tellen "
        f"als één), {len(rows)} regels in totaal",
        caption="De kleuren van het rapport waren celkleuren in de pdf en staan niet in de "
        "tekst: niet vastgelegd, dus ook geen beweging (onbekend).",
        human_columns=human_columns,
    )
    _print_summary(console, rows)


def _print_summary(console: Console, rows: list[InterventionRow]) -> None:
    summary = movement_summary(rows)
    columns = [Column("pillar", "Pijler"), *(Column(m.value, m.value, "right") for m in Movement)]
    columns.append(Column("total", "Totaal", "right"))
    human = [
        {
            "pillar": PILLARS.get(pillar, pillar),
            **{m.value: str(counts.get(m, 0)) for m in Movement},
            "total": str(sum(counts.values())),
        }
        for pillar, counts in summary.items()
    ]
    emit(console, Format.TABLE, columns, [], human, title="Samenvatting voortgang (berekend)")
