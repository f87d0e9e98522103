"""The progress round's side of the checks' facts: the progress texts of a year with the
figures each may cite, and how many interventions the round has per pillar. Joined with the
monitor's facts in `nprz.facts`."""

from __future__ import annotations

from collections import defaultdict

from nprz.checks.facts import Narrative
from nprz.checks.textnumbers import Citable
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.queries import base_number


def progress_texts(year: int) -> list[Narrative]:
    """The progress text of every intervention in the round of `year`, with the KPI values
    of that round as the figures it may cite (each KPI one series)."""
    citable: dict[int, list[Citable]] = defaultdict(list)
    for intervention, kpi, label, period, printed, value in iv.KpiValue.objects.filter(
        round__year=year
    ).values_list("kpi__intervention_id", "kpi_id", "kpi__label", "period", "printed", "value"):
        citable[intervention].append(
            Citable(printed, f"{label}, {period}", series=f"kpi-{kpi}", value=value)
        )
    names = pillars.names()
    rows = (
        iv.ProgressReport.objects.filter(round__year=year)
        .exclude(summary="")
        .order_by("intervention__position", "intervention_id")
        .values_list(
            "intervention_id",
            "intervention__pillar",
            "intervention__number",
            "intervention__name",
            "source",
            "summary",
        )
    )
    return [
        Narrative(
            subject=f"{pillar}-{number}",
            what=f"Voortgangstekst {names.get(pillar, pillar)} {number} ({name})",
            source=source,
            text=summary,
            citable=tuple(citable[intervention]),
        )
        for intervention, pillar, number, name, source, summary in rows
    ]


def intervention_counts(year: int) -> tuple[Citable, ...]:
    """How many interventions the round of `year` has in the programme's pillars, counted as
    the report counts them (by printed number: 2a and 2b are one; `base_number`), and per
    pillar."""
    programme = set(pillars.counted())
    numbers: dict[str, set[str]] = defaultdict(set)
    for pillar, number in iv.Intervention.objects.filter(
        progress__round__year=year, pillar__in=programme
    ).values_list("pillar", "number"):
        if (base := base_number(number)) is not None:
            numbers[pillar].add(base)
    if not numbers:
        return ()
    total = Citable(
        str(sum(len(found) for found in numbers.values())),
        f"interventies in de pijlers {', '.join(sorted(numbers))}, geteld per gedrukt nummer",
    )
    return (total, *(Citable(str(len(n)), f"interventies pijler {p}") for p, n in numbers.items()))
