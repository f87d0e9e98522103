"""Write a validated dataset's programme and figures into the store, the same result twice.

The whole load (these, then the interventions, all of it or nothing) is `nprz.loading`;
this module knows nothing of interventions. Areas, indicators, plans and targets are matched
by code and updated in place. Figures
belong to the dataset's vintages; loading again replaces those vintages whole, so a second
load leaves exactly what the first one did.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nprz.core.periods import Period
from nprz.core.printed import Printed, Token
from nprz.datasets.records import Dataset, FinanceRecord, SourceRef
from nprz.monitor import models as m
from nprz.monitor import scope


@dataclass(frozen=True)
class LoadSummary:
    dataset: str
    areas: int
    indicators: int
    observations: int
    published: int
    targets: int
    interventions: int = 0


class LoadRefused(ValueError):
    """The dataset does not fit what the store holds; nothing was written."""


def refusal(dataset: Dataset) -> str:
    """Why `dataset`'s figures cannot be loaded next to what the store holds; "" when they can.

    A folder copied for the next year (decision 017) may name a dataset already loaded for
    another report year: loading it would move that report, and the editions that read it,
    to the new year. (That it brings the programme's interventions again is checked by
    `nprz.loading`.)"""
    record = dataset.programme
    programme = m.Programme.objects.filter(code=record.code).first() if record else None
    if programme is None:
        return ""
    with scope.working_on(programme):
        loaded = (
            m.Vintage.objects.filter(dataset=dataset.code)
            .exclude(report_year=dataset.report_year or 0)
            .values_list("report_year", flat=True)
            .first()
        )
        if loaded is not None:
            year = dataset.report_year
            return (
                f"dataset {dataset.code} staat al in de database als het rapport over {loaded}, "
                f"en deze map zegt rapportjaar {year}; geef een map voor een ander jaar een "
                f"eigen code in dataset.yaml (bijvoorbeeld {record.code if record else ''}{year})"
            )
        return ""


def load_programme(dataset: Dataset) -> m.Programme:
    record = dataset.programme
    assert record is not None  # the reader refuses a folder without a definition
    position = m.Programme.objects.filter(code=record.code).values_list("position", flat=True)
    programme, _ = m.Programme.objects.update_or_create(
        code=record.code,
        defaults={
            "name": record.name,
            "short_name": record.short_name,
            "definition": record.definition,
            "sha256": record.sha256,
            "map": record.map,
            "logo": record.logo,
            "position": position[0] if position else m.Programme.objects.count(),
        },
    )
    return programme


def load_figures(dataset: Dataset, programme: m.Programme) -> tuple[LoadSummary, dict[str, m.Area]]:
    """The dataset's definitions and tables inside `programme` (the caller works on it and
    holds the transaction); the summary and the areas by code."""
    m.Vintage.objects.filter(dataset=dataset.code).delete()
    areas = _areas(dataset, programme)
    indicators = _indicators(dataset, programme)
    plans = _plans(dataset, programme)
    targets = _targets(dataset, areas, indicators, plans, programme)
    vintages = {
        v.code: m.Vintage.objects.create(
            programme=programme,
            code=f"{dataset.code}-{v.code}",
            dataset=dataset.code,
            title=v.title,
            document=dataset.documents[v.document],
            lines=v.lines,
            report_year=dataset.report_year or 0,
            priority=v.priority,
        )
        for v in dataset.vintages
    }
    m.Observation.objects.bulk_create(
        m.Observation(
            indicator=indicators[o.indicator],
            area=areas[o.area],
            period=o.period,
            period_year=Period.parse(o.period).year,
            vintage=vintages[o.vintage],
            variant=o.variant,
            value=o.value,
            resolution=_resolution(o.token),
            printed=o.token_text,
            missing_reason=o.missing_reason,
            suppressed=o.suppressed,
            status=o.status,
            reference=o.reference,
            footnote=o.footnote,
            source=_source(o.source),
        )
        for o in dataset.observations
    )
    m.PublishedFigure.objects.bulk_create(
        m.PublishedFigure(
            vintage=vintages[p.vintage],
            kind=p.kind,
            indicator=indicators[p.indicator] if p.indicator else None,
            area=areas[p.area] if p.area else None,
            period=p.period,
            key=p.key,
            value=p.value,
            resolution=_resolution(p.token),
            printed=p.printed,
            note=p.note,
            source=_source(p.source),
        )
        for p in dataset.published
    )
    m.Identity.objects.filter(programme=programme).delete()
    m.Identity.objects.bulk_create(
        m.Identity(
            programme=programme, code=i.code, table=i.table, what=i.what, spec=i.spec, note=i.note
        )
        for i in dataset.identities
    )
    m.FinanceLine.objects.bulk_create(
        _finance_line(f, vintages[f.vintage]) for f in dataset.finance
    )
    _texts(dataset, programme)
    summary = LoadSummary(
        dataset.code,
        len(areas),
        len(indicators),
        len(dataset.observations),
        len(dataset.published),
        targets,
    )
    return summary, areas


def _areas(dataset: Dataset, programme: m.Programme) -> dict[str, m.Area]:
    areas = {}
    for a in dataset.areas:
        areas[a.code], _ = m.Area.objects.update_or_create(
            programme=programme,
            code=a.code,
            defaults={
                "name": a.name,
                "kind": a.kind,
                "cbs_code": a.cbs_code,
                "note": a.note,
                "source": _source(a.source),
            },
        )
    for ms in dataset.memberships:
        m.AreaMembership.objects.update_or_create(
            group=areas[ms.group],
            member=areas[ms.member],
            valid_from=ms.valid_from,
            defaults={"valid_to": ms.valid_to, "basis": ms.basis, "source": _source(ms.source)},
        )
    return areas


def _indicators(dataset: Dataset, programme: m.Programme) -> dict[str, m.Indicator]:
    indicators = {}
    for position, i in enumerate(dataset.indicators, start=1):
        indicator, _ = m.Indicator.objects.update_or_create(
            programme=programme,
            code=i.code,
            defaults={
                "name": i.name,
                "measure": i.measure,
                "pillar": i.pillar,
                "pillar_printed": i.pillar_printed,
                "role": i.role,
                "unit": i.unit,
                "decimals": i.decimals,
                "direction": i.direction,
                "direction_basis": i.direction_basis,
                "period_type": i.period_type,
                "source_text": i.source_text,
                "definition": i.definition,
                "additive": i.additive,
                "position": position,
                "source": _source(i.source),
            },
        )
        indicator.notes.all().delete()
        m.IndicatorNote.objects.bulk_create(
            m.IndicatorNote(indicator=indicator, kind=n.kind, text=n.text, source=_source(n.source))
            for n in i.notes
        )
        indicators[i.code] = indicator
    return indicators


def _plans(dataset: Dataset, programme: m.Programme) -> dict[str, m.Plan]:
    plans = {}
    for p in dataset.plans:
        plans[p.code], _ = m.Plan.objects.update_or_create(
            programme=programme,
            code=p.code,
            defaults={
                "name": p.name,
                "description": p.description,
                "source_lines": p.lines,
                # Fractions as "numerator/denominator" text: exact, and JSON has no fractions.
                "knots": [[year, str(fraction)] for year, fraction in p.knots],
            },
        )
    return plans


def _targets(
    dataset: Dataset,
    areas: dict[str, m.Area],
    indicators: dict[str, m.Indicator],
    plans: dict[str, m.Plan],
    programme: m.Programme,
) -> int:
    own_area = programme.definition["area"]
    count = 0
    for i in dataset.indicators:
        t = i.target
        if t is None:
            continue
        m.Target.objects.update_or_create(
            indicator=indicators[i.code],
            plan=plans[t.plan],
            defaults={
                "kind": t.kind,
                "start_area": areas[t.start_area or own_area],
                "start_period": t.start_period or "",
                "reference_area": areas[t.reference_area] if t.reference_area else None,
                "reference_indicator": indicators[t.reference_indicator]
                if t.reference_indicator
                else None,
                "norm_value": t.norm.value if t.norm else None,
                "norm_printed": t.norm.text if t.norm else "",
                "level_value": t.level.value if t.level else None,
                "milestones": [[ms.year, str(ms.value)] for ms in t.milestones],
                "text": t.text,
                "source": _source(t.source) if t.source else "",
            },
        )
        count += 1
    return count


def _texts(dataset: Dataset, programme: m.Programme) -> None:
    """The phrases printed around the figures; loading again replaces them whole."""
    m.PrintedText.objects.filter(dataset=dataset.code).delete()
    if dataset.report_year is None:  # a definition only: nothing printed
        return
    m.PrintedText.objects.bulk_create(
        m.PrintedText(
            programme=programme,
            dataset=dataset.code,
            report_year=dataset.report_year,
            kind=t.kind,
            subject=t.subject,
            printed=t.printed,
            reading=t.reading,
            note=t.note,
            source=_source(t.source),
        )
        for t in dataset.texts
    )


def _finance_line(record: FinanceRecord, vintage: m.Vintage) -> m.FinanceLine:
    amounts: dict[str, object] = {}
    for column, token in record.cells.items():
        amounts[column] = token.value if token is not None else None
        amounts[f"{column}_printed"] = token.text if token is not None else ""
    assert record.source.line is not None
    return m.FinanceLine(
        vintage=vintage,
        order=record.order,
        post=record.post,
        label=record.label,
        kind=record.kind,
        sum_of=list(record.sum_of),
        sum_columns=list(record.sum_columns),
        split_of=record.split_of,
        line=record.source.line,
        label_lines=record.label_lines,
        note=record.note,
        source=_source(record.source),
        **amounts,
    )


def _resolution(token: Token | None) -> Decimal | None:
    return token.resolution if isinstance(token, Printed) else None


def _source(ref: SourceRef) -> str:
    return str(ref)
