"""The values of an indicator or an area as one report knew them, measured or derived.

A cell comes from the preferred delivery of a measurement; where the report printed only a
figure it derived itself (a total, a balance, a mobility rate), that printed figure is
shown instead, marked as derived. Missing and suppressed cells stay in, with their reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from nprz.core.corrections import Correction
from nprz.core.periods import Period
from nprz.monitor import models as m


@dataclass(frozen=True)
class ValueRow:
    indicator: m.Indicator
    area: m.Area
    period: str
    year: int
    value: Fraction | None
    printed: str
    status: str  # voorlopig / definitief / afgeleid
    remark: str
    source: str
    table: str  # the title of the table it was printed in
    table_code: str  # that table's code ("stoplicht", "verhuizingen", "cbs-0001")
    delivered: bool = False  # from an import (nprz import), not from the report's tables
    # Disclosure control hides this cell from the public (nprz.publication): for the public
    # the value is gone and `printed` says "afgeschermd"; an analyst sees the value, marked.
    masked: bool = False
    # A known correction (nprz.publication.corrections): the printed figure stays, the
    # correction is its footnote. Set only by the publication layer.
    correction: Correction | None = None

    @property
    def provisional(self) -> bool:
        return self.status == m.ValueStatus.VOORLOPIG

    @property
    def delivered_context(self) -> bool:
        """A context figure from an import (CBS, a file): the areas' "Kerncijfers uit
        leveringen" table shows it beside other areas, the figures tables leave it out."""
        return self.delivered and self.indicator.role == m.Role.CONTEXT


def value_rows(
    year: int, *, indicator: m.Indicator | None = None, area: m.Area | None = None
) -> list[ValueRow]:
    """One row per (indicator, area, period), in area then period order."""
    where: dict[str, object] = {}
    if indicator is not None:
        where["indicator"] = indicator
    if area is not None:
        where["area"] = area
    found: dict[tuple[int, int, str], ValueRow] = {}
    for obs in m.Observation.objects.filter(**where).known_in(year).preferred_first():
        key = (obs.indicator_id, obs.area_id, obs.period)
        if key not in found:
            found[key] = _from_observation(obs)
    derived = (
        m.PublishedFigure.objects.known_in(year)
        .filter(**where, kind="afgeleid")
        .exclude(area__isnull=True)
        .exclude(indicator__isnull=True)
        .select_related("vintage", "indicator", "area")
        .order_by("vintage__priority", "id")
    )
    for figure in derived:
        assert figure.indicator_id is not None
        assert figure.area_id is not None
        key = (figure.indicator_id, figure.area_id, figure.period)
        if key not in found and figure.period:
            found[key] = _from_figure(figure)
    return sorted(found.values(), key=row_order)


def row_order(row: ValueRow) -> tuple[int, int, int, tuple[int, ...]]:
    """Indicators as the programme orders them, then area, then period."""
    return (
        row.indicator.position,
        row.indicator.id,
        row.area.id,
        Period.parse(row.period).sort_key,
    )


def _from_observation(obs: m.Observation) -> ValueRow:
    remark = "; ".join(
        text
        for text in (
            "onderdrukt (kleine aantallen)" if obs.suppressed else "",
            f"ontbreekt: {obs.missing_reason}" if obs.missing_reason else "",
            obs.footnote,
        )
        if text
    )
    return ValueRow(
        indicator=obs.indicator,
        area=obs.area,
        period=obs.period,
        year=obs.period_year,
        value=Fraction(obs.value) if obs.value is not None else None,
        printed=obs.printed,
        status=obs.status,
        remark=remark,
        source=obs.source,
        table=obs.vintage.title,
        table_code=obs.vintage.table,
        delivered=obs.vintage.kind != "rapport",
    )


def _from_figure(figure: m.PublishedFigure) -> ValueRow:
    assert figure.indicator is not None
    assert figure.area is not None
    return ValueRow(
        indicator=figure.indicator,
        area=figure.area,
        period=figure.period,
        year=Period.parse(figure.period).year,
        value=Fraction(figure.value) if figure.value is not None else None,
        printed=figure.printed,
        status="afgeleid",
        remark="door het rapport berekend" + (f"; {figure.note}" if figure.note else ""),
        source=figure.source,
        table=figure.vintage.title,
        table_code=figure.vintage.table,
    )
