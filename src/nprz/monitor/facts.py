"""Build the checks' plain `Facts` from the store: every figure of one report year, the
phrases printed around them, and the free texts of the year's progress round with the
figures each may cite."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from django.conf import settings
from django.db.models import Q

from nprz import programmes
from nprz.checks.facts import (
    MEASUREMENT,
    Facts,
    Figure,
    IdentityFacts,
    IndicatorFacts,
    Narrative,
    PrintedText,
    TargetFacts,
)
from nprz.checks.textnumbers import Citable
from nprz.core.status import Direction
from nprz.monitor import models as m


def report_facts(
    report_year: int,
    narratives: Sequence[Narrative] = (),
    intervention_counts: tuple[Citable, ...] = (),
) -> Facts:
    """The figures and printed texts of `report_year`; the texts of the year's progress
    round and its intervention counts are given by the caller (`nprz.facts`), so the
    monitor knows nothing of interventions."""
    vintages = m.Vintage.objects.for_report(report_year)
    figures = [
        Figure(
            table=o.vintage.table,
            kind=MEASUREMENT,
            printed=o.printed,
            source=o.source,
            indicator=o.indicator.code,
            area=o.area.code,
            period=o.period,
            variant=o.variant,
            note=o.footnote,
            resolution=Fraction(o.resolution) if o.resolution is not None else None,
            imported=o.vintage.kind != "rapport",
            status=o.status,
        )
        for o in m.Observation.objects.filter(vintage__in=vintages)
        .select_related("vintage", "indicator", "area")
        .order_by("vintage__priority", "id")
    ]
    figures += [
        Figure(
            table=p.vintage.table,
            kind=p.kind,
            printed=p.printed,
            source=p.source,
            indicator=p.indicator.code if p.indicator else None,
            area=p.area.code if p.area else None,
            period=p.period,
            key=p.key,
            note=p.note,
        )
        for p in m.PublishedFigure.objects.for_report(report_year).order_by(
            "vintage__priority", "id"
        )
    ]
    return Facts(
        report_year=report_year,
        figures=figures,
        indicators={i.code: indicator_facts(i) for i in m.Indicator.objects.all()},
        targets=[
            _target(t)
            for t in m.Target.objects.select_related(
                "indicator", "plan", "start_area", "reference_area", "reference_indicator"
            )
        ],
        members=members_in(report_year),
        identities=[
            IdentityFacts(i.code, i.what, i.table, i.spec, i.note)
            for i in m.Identity.objects.order_by("id")
        ],
        texts=[
            PrintedText(t.kind, t.subject, t.printed, t.reading, t.source, t.note)
            for t in m.PrintedText.objects.for_report(report_year)
        ],
        narratives=list(narratives),
        counts={"interventies": intervention_counts, **area_counts(report_year)},
        protected_tables=_protected_tables(),
        area_names=area_names(),
        programme_area=programmes.definition().area,
    )


def area_names() -> dict[str, str]:
    """Each area's name, or the word the programme's texts use for it (`texts.area_words`)."""
    names = dict(m.Area.objects.values_list("code", "name"))
    return names | programmes.definition().texts.area_words


def _protected_tables() -> frozenset[str]:
    """The tables under disclosure control (the settings override the definition, as in
    `nprz.publication.disclosure.configured_rule`)."""
    tables = settings.NPRZ_DISCLOSURE_TABLES
    return frozenset(programmes.definition().disclosure.tables if tables is None else tables)


def area_counts(year: int) -> dict[str, tuple[Citable, ...]]:
    """How many wijken the programme area has, and how many each group of wijken, in `year`."""
    groups = members_in(year)
    kinds = dict(m.Area.objects.values_list("code", "kind"))
    found: dict[str, tuple[Citable, ...]] = {}
    for code, kind in kinds.items():
        if kind == m.AreaKind.PROGRAMMAGEBIED:
            wijken = {a for a in _all_members(groups, code) if kinds.get(a) == m.AreaKind.WIJK}
            found["wijken"] = (
                Citable(str(len(wijken)), f"wijken van {code} in de gebiedsindeling"),
            )
        elif kind == m.AreaKind.WIJKGROEP:
            found[code] = (Citable(str(len(groups.get(code, []))), f"wijken van {code}"),)
    return found


def _all_members(groups: dict[str, list[str]], code: str) -> set[str]:
    found: set[str] = set()
    for member in groups.get(code, []):
        found |= {member, *_all_members(groups, member)}
    return found


def members_in(year: int) -> dict[str, list[str]]:
    """Group area code -> member area codes, for memberships valid in `year`."""
    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=year)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=year)
    )
    groups: dict[str, list[str]] = {}
    for link in (
        m.AreaMembership.objects.filter(valid).select_related("group", "member").order_by("id")
    ):
        groups.setdefault(link.group.code, []).append(link.member.code)
    return groups


def indicator_facts(i: m.Indicator) -> IndicatorFacts:
    return IndicatorFacts(
        i.code,
        i.name,
        i.measure,
        i.pillar,
        i.role,
        i.unit,
        i.decimals,
        Direction(i.direction) if i.direction else None,
        i.additive,
    )


def _target(t: m.Target) -> TargetFacts:
    return TargetFacts(
        indicator=t.indicator.code,
        kind=t.kind,
        regime=t.plan.regime(),
        start_area=t.start_area.code,
        start_period=t.start_period,
        reference_indicator=t.reference_indicator.code if t.reference_indicator else None,
        reference_area=t.reference_area.code if t.reference_area else None,
        norm=Fraction(t.norm_value) if t.norm_value is not None else None,
        level=Fraction(t.level_value) if t.level_value is not None else None,
        source=t.source,
    )
