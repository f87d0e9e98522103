"""Each target's value for a year, % closed, status and bucket, computed from the store.

The adapter between the store and `nprz.core.status`: it picks the start, current and
reference values (the current value is the latest period after the start that the report
of that year or an earlier one delivered), then lets the core judge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from nprz.core.periods import Period
from nprz.core.status import (
    Assessment,
    Direction,
    assess_convergence,
    assess_level,
    assess_qualitative,
)
from nprz.core.trajectory import YearOutsideRegime, milestone_value
from nprz.monitor import models as m


class UnknownInput(ValueError):
    """An area or year the store does not know; the message lists what it does know."""


@dataclass(frozen=True)
class Value:
    period: str
    value: Fraction


@dataclass(frozen=True)
class TargetRow:
    code: str
    area: str  # the area whose values are judged (the target's start area, or one asked for)
    name: str
    pillar: str
    role: str
    unit: str
    decimals: int
    direction: str
    kind: str
    reference_area: str
    regime: str
    start_period: str
    start_value: Fraction | None
    reference_value: Fraction | None
    current_period: str
    current_value: Fraction | None
    assessment: Assessment
    published_target: Fraction | None
    published_pct_closed: Fraction | None
    # The year the plan's end level is due (the last knot of its schedule, the last milestone
    # of a path); None for a fixed level or a qualitative target.
    end_year: int | None = None
    # Its start or latest value is a cell disclosure control hides: an analyst sees it, the
    # public does not (`nprz.publication.targets`).
    not_public: bool = False


def known_years() -> list[int]:
    return sorted(set(m.Vintage.objects.values_list("report_year", flat=True)))


def resolve_area(text: str) -> m.Area:
    """An area by code, CBS code or exact name (case-insensitive)."""
    query = text.strip()
    for lookup in ("code__iexact", "cbs_code__iexact", "name__iexact"):
        found = list(m.Area.objects.filter(**{lookup: query}))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            codes = ", ".join(a.code for a in found)
            raise UnknownInput(f"gebied {text!r} is niet eenduidig; bedoelt u een van: {codes}?")
    raise UnknownInput(f"onbekend gebied {text!r}; `nprz areas` toont de codes")


def check_year(year: int) -> None:
    years = known_years()
    if year not in years:
        known = ", ".join(map(str, years)) or "geen (laad eerst een dataset met `nprz load`)"
        raise UnknownInput(f"onbekend rapportjaar {year}; de database kent: {known}")


def target_rows(year: int, area: m.Area | None = None) -> list[TargetRow]:
    check_year(year)
    targets = list(
        m.Target.objects.select_related(
            "indicator", "plan", "start_area", "reference_area", "reference_indicator"
        ).order_by("indicator__position", "indicator_id", "plan_id")
    )
    # Only the series the targets read: their indicators in the judged and reference areas.
    # A programme with every wijk of the country holds a million values, of which the
    # targets need a few hundred (issue 19).
    indicators = {t.indicator_id for t in targets} | {
        t.reference_indicator_id for t in targets if t.reference_indicator_id is not None
    }
    areas = {t.start_area_id for t in targets} | {
        t.reference_area_id for t in targets if t.reference_area_id is not None
    }
    if area is not None:
        areas.add(area.id)
    series = observed_series(year, indicators, areas)
    published = _published(year)
    rows = []
    for target in targets:
        where = area or target.start_area
        rows.append(_row(target, where, year, series, published))
    return rows


Series = dict[tuple[int, int], list[Value]]


def observed_series(
    year: int, indicators: set[int] | None = None, areas: set[int] | None = None
) -> Series:
    """(indicator id, area id) -> values by period, one per period (preferred vintage);
    only of `indicators` and `areas` when given."""
    found: Series = defaultdict(list)
    seen: set[tuple[int, int, str]] = set()
    query = m.Observation.objects.known_in(year).with_value().preferred_first()
    if indicators is not None:
        query = query.filter(indicator_id__in=indicators)
    if areas is not None:
        query = query.filter(area_id__in=areas)
    # Four columns, not model instances: the order still joins the vintage, but nothing
    # else is built per row.
    rows = query.values_list("indicator_id", "area_id", "period", "value")
    for indicator_id, area_id, period, value in rows.iterator(chunk_size=10_000):
        key = (indicator_id, area_id, period)
        if key in seen:
            continue
        seen.add(key)
        assert value is not None
        found[(indicator_id, area_id)].append(Value(period, Fraction(value)))
    for values in found.values():
        values.sort(key=lambda v: Period.parse(v.period).sort_key)
    return found


def _published(year: int) -> dict[tuple[int, str], Fraction]:
    figures: dict[tuple[int, str], Fraction] = {}
    query = (
        m.PublishedFigure.objects.for_report(year)
        .filter(kind__in=("doel", "ingelopen"), value__isnull=False, indicator__isnull=False)
        .order_by("-vintage__priority")
    )
    for figure in query:
        assert figure.indicator_id is not None
        assert figure.value is not None
        figures[(figure.indicator_id, figure.kind)] = Fraction(figure.value)
    return figures


def _row(
    target: m.Target,
    area: m.Area,
    year: int,
    series: Series,
    published: dict[tuple[int, str], Fraction],
) -> TargetRow:
    indicator = target.indicator
    values = series.get((indicator.id, area.id), [])
    start = _at(values, target.start_period)
    current = _latest_after(values, target.start_period)
    direction = Direction(indicator.direction) if indicator.direction else Direction.HOGER
    reference, reference_label = _reference(target, series, current)
    assessment = _assess(target, year, start, current, reference, direction, values)
    if target.kind == "path":
        current = _at_year(values, year)
    is_programme_area = area.id == target.start_area_id
    return TargetRow(
        code=indicator.code,
        area=area.code,
        name=indicator.name,
        pillar=indicator.pillar,
        role=indicator.role,
        unit=indicator.unit,
        decimals=indicator.decimals,
        direction=indicator.direction,
        kind=target.kind,
        reference_area=reference_label,
        regime=target.plan.code,
        start_period=target.start_period,
        start_value=start.value if start else None,
        reference_value=reference,
        current_period=current.period if current else "",
        current_value=current.value if current else None,
        assessment=assessment,
        published_target=published.get((indicator.id, "doel")) if is_programme_area else None,
        published_pct_closed=published.get((indicator.id, "ingelopen"))
        if is_programme_area
        else None,
        end_year=_end_year(target),
    )


def _end_year(target: m.Target) -> int | None:
    if target.kind == "path":
        return int(target.milestones[-1][0]) if target.milestones else None
    if target.kind == "converge":
        regime = target.plan.regime()
        return regime.end_year if regime else None
    return None


def _assess(
    target: m.Target,
    year: int,
    start: Value | None,
    current: Value | None,
    reference: Fraction | None,
    direction: Direction,
    values: list[Value],
) -> Assessment:
    if target.kind == "qualitative":
        return assess_qualitative()
    if target.kind == "level":
        assert target.level_value is not None
        return assess_level(
            level=Fraction(target.level_value),
            start=start.value if start else None,
            current=current.value if current else None,
            direction=direction,
        )
    if target.kind == "path":
        return _assess_path(target, year, start, values, direction)
    regime = target.plan.regime()
    try:
        fraction = regime.fraction_due(year) if regime else None
    except YearOutsideRegime:
        fraction = None
    return assess_convergence(
        start=start.value if start else None,
        reference=reference,
        current=current.value if current else None,
        fraction_due=fraction,
        direction=direction,
    )


def _assess_path(
    target: m.Target, year: int, start: Value | None, values: list[Value], direction: Direction
) -> Assessment:
    """A path is a convergence towards its final milestone with its own share per year."""
    milestones = tuple((int(y), Fraction(v)) for y, v in target.milestones)
    final = milestones[-1][1] if milestones else None
    current = _at_year(values, year)
    fraction = None
    if start is not None and final is not None and final != start.value:
        try:
            due = milestone_value(
                Period.parse(target.start_period).year, start.value, milestones, year
            )
            fraction = (due - start.value) / (final - start.value)
        except YearOutsideRegime:
            fraction = None
    return assess_convergence(
        start=start.value if start else None,
        reference=final,
        current=current.value if current else None,
        fraction_due=fraction,
        direction=direction,
    )


def _reference(
    target: m.Target, series: Series, current: Value | None
) -> tuple[Fraction | None, str]:
    if target.kind == "path":
        final = target.milestones[-1][1] if target.milestones else None
        return (Fraction(final) if final is not None else None), "pad"
    if target.kind == "level":
        return (
            Fraction(target.level_value) if target.level_value is not None else None
        ), "vast niveau"
    if target.norm_value is not None:
        return Fraction(target.norm_value), f"norm {target.norm_printed}"
    if target.reference_area is None:
        return None, ""
    indicator = target.reference_indicator or target.indicator
    label = target.reference_area.code
    if target.reference_indicator:
        label = f"{target.reference_indicator.code}@{label}"
    if current is None:
        return None, label
    found = _at(series.get((indicator.id, target.reference_area.id), []), current.period)
    return (found.value if found else None), label


def _at(values: list[Value], period: str) -> Value | None:
    return next((v for v in values if v.period == period), None)


def _at_year(values: list[Value], year: int) -> Value | None:
    return next((v for v in values if Period.parse(v.period).year == year), None)


def _latest_after(values: list[Value], start_period: str) -> Value | None:
    if not values:
        return None
    if not start_period:
        return values[-1]
    start_key = Period.parse(start_period).sort_key
    after = [v for v in values if Period.parse(v.period).sort_key > start_key]
    return after[-1] if after else None
