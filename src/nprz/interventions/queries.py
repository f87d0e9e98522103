"""Interventions of a year with their colours and movement, and the movement summary.

The movement is computed from the colours of the round of `year` and the round before it,
never stored or typed (`nprz.core.movement`). A colour the round does not give (niet
vastgelegd) is taken from the latest colour import for that intervention and year, if any:
imports fill gaps and never overrule a round.

Which year the public sees by default: the last *complete* published round, in which every
report is published (docs/decisions/011-progress-round-rules.md). A round published with
reports left out is shown only when asked for (`?jaar=`), so it never replaces a whole year
by a few interventions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q

from nprz.core.movement import Colour, Movement, movement
from nprz.interventions import models as iv


class UnknownRound(ValueError):
    """A year without a progress round; the message lists the rounds there are."""


@dataclass(frozen=True)
class InterventionRow:
    pillar: str
    number: str
    name: str
    initiators: tuple[str, ...]
    kpi_count: int
    colour_previous: Colour | None  # None: not in last year's round
    colour: Colour
    movement: Movement


def check_round(year: int) -> iv.ProgressRound:
    found = iv.ProgressRound.objects.filter(year=year).first()
    if found is None:
        years = ", ".join(str(y) for y in iv.ProgressRound.objects.values_list("year", flat=True))
        raise UnknownRound(
            f"geen voortgangsronde {year}; de database kent: {years or 'geen (laad eerst data)'}"
        )
    return found


def intervention_rows(year: int, *, published_only: bool = False) -> list[InterventionRow]:
    """All interventions of the round of `year`; `published_only` (the public pages) keeps
    only published reports, so a colour under review never shows outside the round."""
    current = check_round(year)
    colours = _colours(current, published_only)
    previous_round = iv.ProgressRound.objects.filter(year=year - 1).first()
    previous = _colours(previous_round, published_only) if previous_round else {}
    interventions = (
        iv.Intervention.objects.filter(id__in=colours)
        .prefetch_related("initiator_set__organisation")
        .annotate(kpi_count=Count("kpis"))
        .order_by("position", "id")
    )
    rows = []
    for item in interventions:
        colour = colours[item.id]
        before = previous.get(item.id)
        rows.append(
            InterventionRow(
                pillar=item.pillar,
                number=item.number,
                name=item.name,
                initiators=tuple(i.organisation.name for i in item.initiator_set.all()),
                kpi_count=item.kpi_count,
                colour_previous=before,
                colour=colour,
                movement=movement(before, colour),
            )
        )
    return rows


def base_number(number: str) -> str | None:
    """The number the report counts: "2a" -> "2" (sub-items a/b/c share it). A row the
    report prints without a number (kept as "t1") has none and is not counted."""
    match = re.match(r"\d+", number)
    return match.group() if match else None


def counts_per_pillar(rows: list[InterventionRow]) -> dict[str, int]:
    """How many interventions each pillar has as the report counts them: by printed number,
    so 2a, 2b and 2c are one intervention (23 rows can be 20 interventions)."""
    numbers: dict[str, set[str]] = {}
    for row in rows:
        found = numbers.setdefault(row.pillar, set())
        if (base := base_number(row.number)) is not None:
            found.add(base)
    return {pillar: len(found) for pillar, found in numbers.items()}


def movement_summary(rows: list[InterventionRow]) -> dict[str, Counter[Movement]]:
    """Per pillar, how many interventions moved how (the report's "Samenvatting voortgang")."""
    summary: dict[str, Counter[Movement]] = {}
    for row in rows:
        summary.setdefault(row.pillar, Counter())[row.movement] += 1
    return summary


def imported_colours(years: Collection[int]) -> dict[tuple[int, str, str], Colour]:
    """(year, pillar, number) -> the colour the latest import gave."""
    found: dict[tuple[int, str, str], Colour] = {}
    for year, pillar, number, colour in (
        iv.ImportedColour.objects.filter(year__in=years)
        .order_by("colour_import_id", "row")
        .values_list("year", "pillar", "number", "colour")
    ):
        found[(year, pillar, number)] = Colour(colour)  # a later import wins
    return found


def effective_colour(
    stored: str, key: tuple[int, str, str], imported: dict[tuple[int, str, str], Colour]
) -> Colour:
    """The round's colour; where it has none, the imported one; else niet vastgelegd."""
    colour = Colour(stored)
    if colour is Colour.NIET_VASTGELEGD:
        return imported.get(key, colour)
    return colour


def _colours(round_: iv.ProgressRound, published_only: bool) -> dict[int, Colour]:
    reports = round_.reports.all()
    if published_only:
        if round_.status != iv.RoundStatus.GEPUBLICEERD:
            return {}
        reports = reports.filter(status=iv.ReportStatus.GEPUBLICEERD)
    imported = imported_colours([round_.year])
    return {
        intervention: effective_colour(colour, (round_.year, pillar, number), imported)
        for intervention, colour, pillar, number in reports.values_list(
            "intervention_id", "colour", "intervention__pillar", "intervention__number"
        )
    }


@dataclass(frozen=True)
class PublishedRound:
    year: int
    total: int  # reports in the round
    left_out: int  # of them not published (not approved when the round was published)


def published_rounds() -> list[PublishedRound]:
    """The published rounds, oldest first, with how many of their reports were left out."""
    return [
        PublishedRound(year, total, left_out)
        for year, total, left_out in iv.ProgressRound.objects.filter(
            status=iv.RoundStatus.GEPUBLICEERD
        )
        .annotate(
            total=Count("reports"),
            left_out=Count("reports", filter=~Q(reports__status=iv.ReportStatus.GEPUBLICEERD)),
        )
        .order_by("year")
        .values_list("year", "total", "left_out")
    ]


def complete_year(rounds: list[PublishedRound]) -> int | None:
    """The latest of `published_rounds()` with nothing left out (None: there is none)."""
    complete = [r.year for r in rounds if not r.left_out]
    return complete[-1] if complete else None
