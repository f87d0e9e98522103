"""Shape interventions for the terminal: a table per year, then the movement summary and the
colours per pillar beside what the printed report counted."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from nprz.core.movement import Colour, Movement
from nprz.interventions import pillars
from nprz.interventions.colour_summary import (
    READING,
    compare,
    computed_text,
    known_sentences,
    printed_text,
    verdict_text,
)
from nprz.interventions.colours import Plan
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
        return "[dim]–[/dim]"  # the caption says how many and why, once
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
            "pillar": pillars.name(row.pillar),
            "kpi_count": str(row.kpi_count),
            "colour_previous": _colour(row.colour_previous),
            "colour": _colour(row.colour),
            "movement": "–" if row.movement is Movement.ONBEKEND else row.movement.value,
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
    counted = sum(n for pillar, n in per_pillar.items() if pillar in pillars.counted())
    emit(
        console,
        fmt,
        INTERVENTION_COLUMNS,
        [],
        human,
        title=f"Interventies {year}: {counted} in {pillars.counted_words()} (deelitems a/b/c "
        f"tellen als één), {len(rows)} regels in totaal",
        caption=" ".join(known_sentences(rows, year)),
        human_columns=human_columns,
    )
    _print_summary(console, rows)
    _print_colours(console, rows, year)


def _print_summary(console: Console, rows: list[InterventionRow]) -> None:
    summary = movement_summary(rows)
    columns = [Column("pillar", "Pijler"), *(Column(m.value, m.value, "right") for m in Movement)]
    columns.append(Column("total", "Totaal", "right"))
    human = [
        {
            "pillar": pillars.name(pillar),
            **{m.value: str(counts.get(m, 0)) for m in Movement},
            "total": str(sum(counts.values())),
        }
        for pillar, counts in summary.items()
    ]
    emit(console, Format.TABLE, columns, [], human, title="Samenvatting voortgang (berekend)")


def _print_colours(console: Console, rows: list[InterventionRow], year: int) -> None:
    comparisons = compare(rows, year)
    if not any(c.printed is not None or c.computed.known for c in comparisons):
        return
    columns = [
        Column("pillar", "Pijler"),
        Column("printed", "Het rapport telde", fold=True),
        Column("known", "Vastgelegd", fold=True),
        Column("verdict", "Vergelijking", fold=True),
    ]
    human = [
        {
            "pillar": pillars.name(c.pillar),
            "printed": f"{printed_text(c.printed)} ({c.printed.lines})" if c.printed else "–",
            "known": computed_text(c.computed),
            "verdict": verdict_text(c),
        }
        for c in comparisons
    ]
    emit(
        console,
        Format.TABLE,
        columns,
        [],
        human,
        title=f"Kleuren per pijler {year}",
        caption=READING if any(c.printed for c in comparisons) else "",
    )


PROBLEM_COLUMNS = [
    Column("severity", "Ernst"),
    Column("code", "Code", fold=True),
    Column("message", "Melding", fold=True),
    Column("place", "Plaats", fold=True),
]
CHANGE_COLUMNS = [
    Column("kind", "Soort"),
    Column("year", "Jaar", "right"),
    Column("pillar", "Pijler"),
    Column("number", "Nr.", "right"),
    Column("name", "Interventie", fold=True),
    Column("was", "Was"),
    Column("wordt", "Wordt"),
]


def print_colour_plan(out: Console, console: Console, fmt: Format, plan: Plan) -> None:
    """The problems (always as a table, on `console`) and what would change: a table, or
    CSV/JSON on stdout."""
    if plan.problems:
        human = [
            {
                "severity": p.severity.value,
                "code": p.code,
                "message": p.message,
                "place": str(p.location),
            }
            for p in plan.problems
        ]
        emit(console, Format.TABLE, PROBLEM_COLUMNS, [], human, title="Controle van de kleuren")
    if not plan.ok:
        return
    rows: list[dict[str, Any]] = [
        {
            "kind": c.kind,
            "year": c.year,
            "pillar": c.pillar,
            "number": c.number,
            "name": c.name,
            "was": c.was.value,
            "wordt": c.wordt.value,
        }
        for c in plan.changes
    ]
    human = [
        {**{k: str(v) for k, v in row.items()}, "was": c.was.word, "wordt": c.wordt.word}
        for row, c in zip(rows, plan.changes, strict=True)
    ]
    emit(out, fmt, CHANGE_COLUMNS, rows, human, title="Wat het inlezen verandert (was → wordt)")
