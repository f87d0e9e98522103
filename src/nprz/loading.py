"""Load a validated dataset: its programme and figures (`nprz.monitor.loading`), then its
interventions (`nprz.interventions.loading`), all of it or nothing.

This module sits above both apps and joins them, so the monitor never imports the
interventions (tests/monitor/test_one_direction.py keeps it so).
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.interventions.loading import load_interventions
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.monitor.loading import LoadRefused, LoadSummary, load_figures, load_programme, refusal

__all__ = ["LoadRefused", "LoadSummary", "load_dataset", "refusal_of"]


@transaction.atomic
def load_dataset(dataset: Dataset) -> LoadSummary:
    """The dataset's programme (created or updated), then its definitions, tables and
    interventions, all inside that programme: another programme's rows are never touched.
    Refused (`LoadRefused`) before anything is written when it does not fit."""
    reason = refusal_of(dataset)
    if reason:
        raise LoadRefused(reason)
    programme = load_programme(dataset)
    with scope.working_on(programme):
        summary, areas = load_figures(dataset, programme)
        count = load_interventions(dataset, areas, programme)
    return replace(summary, interventions=count)


def refusal_of(dataset: Dataset) -> str:
    """Why `dataset` cannot be loaded next to what the store holds; "" when it can."""
    return refusal(dataset) or _interventions_elsewhere(dataset)


def _interventions_elsewhere(dataset: Dataset) -> str:
    """A folder copied for the next year (decision 017), under a code of its own, brings the
    programme's interventions again. Those come from the programme's definition and hold
    the colours and KPIs of the report they were read from; the dataset that loaded them
    keeps them, and a later year comes from deliveries and its progress round."""
    record = dataset.programme
    programme = m.Programme.objects.filter(code=record.code).first() if record else None
    wanted = {(i.pillar, i.number) for i in dataset.interventions}
    if programme is None or not wanted:
        return ""
    with scope.working_on(programme):
        other = (
            iv.Intervention.objects.exclude(dataset=dataset.code)
            .filter(pillar__in={p for p, _ in wanted}, number__in={n for _, n in wanted})
            .values_list("dataset", flat=True)
            .first()
        )
        if other is None:
            return ""
        year = m.Vintage.objects.filter(dataset=other).values_list("report_year", flat=True).first()
    when = f" (het rapport over {year})" if year else ""
    next_year = dataset.report_year or "het jaar erna"
    return (
        f"de interventies van programma {programme.code} staan al in de database uit dataset "
        f"{other}{when}; ze komen uit de programmadefinitie en horen bij dat rapport. "
        f"Een volgend jaar komt niet uit een kopie van de datasetmap maar uit leveringen "
        f"(nprz import file) en de voortgangsronde {next_year}: zie 'Een jaar later' in de "
        "README"
    )
