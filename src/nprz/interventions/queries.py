"""Interventions of a year with their colours and movement, and the movement summary.

The movement is computed from the colours of the round of `year` and the round before it,
never stored or typed (`nprz.core.movement`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

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
    so 2a, 2b and 2c are one intervention (Wonen: 23 rows, 20 interventions)."""
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


def _colours(round_: iv.ProgressRound, published_only: bool) -> dict[int, Colour]:
    reports = round_.reports.all()
    if published_only:
        if round_.status != iv.RoundStatus.GEPUBLICEERD:
            return {}
        reports = reports.filter(status=iv.ReportStatus.GEPUBLICEERD)
    return {
        intervention: Colour(colour)
        for intervention, colour in reports.values_list("intervention_id", "colour")
    }
