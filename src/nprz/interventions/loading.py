"""Write a dataset's interventions into the store, inside the dataset's own transaction
(`nprz.loading`), as rows of the dataset's programme.

Loading again replaces the dataset's interventions whole (with their KPIs and the progress
reports of the bundled rounds) and its printed colour counts, so a second load leaves exactly
what the first one did. Organisations are matched by name and kept: users will belong to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.text import slugify

from nprz.core.movement import Colour
from nprz.datasets.interventions import InterventionRow
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.monitor import models as m


def load_interventions(dataset: Dataset, areas: dict[str, m.Area], programme: m.Programme) -> int:
    """The dataset's interventions, in the order of the definition's pillars; every row
    names `programme` (the reader checked each pillar against its definition)."""
    iv.Intervention.objects.filter(programme=programme, dataset=dataset.code).delete()
    _colour_counts(dataset, programme)
    order = [p["code"] for p in programme.definition["pillars"]]
    rows: Sequence[InterventionRow] = sorted(
        dataset.interventions,
        key=lambda r: order.index(r.pillar) if r.pillar in order else len(order),
    )
    if not rows or dataset.report_year is None:
        return 0
    # The report prints this year's and last year's colour: two bundled, published rounds.
    current, _ = iv.ProgressRound.objects.get_or_create(
        programme=programme,
        year=dataset.report_year,
        defaults={"status": iv.RoundStatus.GEPUBLICEERD, "source": dataset.title},
    )
    previous, _ = iv.ProgressRound.objects.get_or_create(
        programme=programme,
        year=dataset.report_year - 1,
        defaults={"status": iv.RoundStatus.GEPUBLICEERD, "source": dataset.title},
    )
    for position, row in enumerate(rows, start=1):
        intervention = iv.Intervention.objects.create(
            programme=programme,
            pillar=row.pillar,
            number=row.number,
            name=row.name,
            theme=row.theme,
            description=row.description,
            funding=row.funding,
            position=position,
            dataset=dataset.code,
            source=f"rapport r. {row.line}",
            note=row.note,
        )
        iv.Initiator.objects.bulk_create(
            iv.Initiator(intervention=intervention, organisation=_organisation(name), position=n)
            for n, name in enumerate(dict.fromkeys(row.initiators))
        )
        intervention.areas.set([areas[code] for code in row.areas])
        iv.ProgressReport.objects.create(
            round=previous,
            intervention=intervention,
            colour=row.colour_2023,
            status=iv.ReportStatus.GEPUBLICEERD,
            source=f"rapport r. {row.line} (kolom kleur {previous.year})",
        )
        iv.ProgressReport.objects.create(
            round=current,
            intervention=intervention,
            colour=Colour.GESTOPT if row.stopped else row.colour_2024,
            status=iv.ReportStatus.GEPUBLICEERD,
            summary=row.progress_summary,
            source=f"rapport r. {row.progress_lines}",
        )
        _kpis(intervention, row, current)
    return len(rows)


def _colour_counts(dataset: Dataset, programme: m.Programme) -> None:
    iv.PublishedColourCount.objects.filter(programme=programme, dataset=dataset.code).delete()
    if dataset.report_year is None:  # a definition only: no printed report, no counts
        return
    iv.PublishedColourCount.objects.bulk_create(
        iv.PublishedColourCount(
            programme=programme,
            dataset=dataset.code,
            year=dataset.report_year,
            pillar=row.pillar,
            kind=row.kind,
            row=row.row,
            colour=row.colour or "",
            movements=row.movements,
            count=row.count,
            source=f"rapport r. {row.line}",
            note=row.note,
        )
        for row in dataset.colour_counts
    )


def _kpis(intervention: iv.Intervention, row: InterventionRow, round_: iv.ProgressRound) -> None:
    for position, spec in enumerate(row.kpis, start=1):
        kpi = iv.Kpi.objects.create(
            intervention=intervention,
            label=spec.label,
            unit=spec.unit.value,
            scope=spec.scope,
            position=position,
            note=spec.note,
            source=f"rapport r. {spec.line}",
        )
        iv.KpiValue.objects.bulk_create(
            iv.KpiValue(
                kpi=kpi,
                round=round_,
                period=v.period,
                kind=v.kind,
                printed=v.printed,
                value=Decimal(v.value) if v.value is not None else None,
                source=f"rapport r. {v.line}",
            )
            for v in spec.values
        )


def _organisation(name: str) -> iv.Organisation:
    found = iv.Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    base = slugify(name)[:70] or "organisatie"
    slug, counter = base, 2
    while iv.Organisation.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return iv.Organisation.objects.create(name=name, slug=slug)
