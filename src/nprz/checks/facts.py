"""What the checks look at: every printed figure of one report, in plain data.

Built from the store by `nprz.monitor.facts`; the checks themselves know nothing of Django.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from nprz.core.printed import Interval, Printed, Suppressed, Token, parse_printed
from nprz.core.status import Direction
from nprz.core.trajectory import Regime

MEASUREMENT = "meting"


@dataclass(frozen=True)
class Figure:
    """One number as printed in one place of the report."""

    table: str
    kind: str
    printed: str
    source: str
    indicator: str | None = None
    area: str | None = None
    period: str = ""
    key: str = ""
    variant: str = ""
    note: str = ""

    @property
    def token(self) -> Token | None:
        try:
            return parse_printed(self.printed)
        except ValueError:
            return None

    @property
    def number(self) -> Printed | None:
        token = self.token
        return token if isinstance(token, Printed) else None

    @property
    def interval(self) -> Interval | None:
        token = self.token
        if isinstance(token, Printed | Suppressed):
            return token.interval
        return None

    @property
    def suppressed(self) -> bool:
        return isinstance(self.token, Suppressed)


@dataclass(frozen=True)
class IndicatorFacts:
    code: str
    name: str
    measure: str
    pillar: str
    role: str
    unit: str
    decimals: int
    direction: Direction | None


@dataclass(frozen=True)
class TargetFacts:
    indicator: str
    kind: str
    regime: Regime | None
    start_area: str
    start_period: str
    reference_indicator: str | None
    reference_area: str | None
    norm: Fraction | None
    level: Fraction | None


@dataclass(frozen=True)
class IdentityFacts:
    code: str
    what: str
    table: str
    spec: dict[str, Any]
    note: str


@dataclass
class Facts:
    report_year: int
    figures: list[Figure]
    indicators: dict[str, IndicatorFacts]
    targets: list[TargetFacts]
    members: dict[str, list[str]]
    identities: list[IdentityFacts]
    _index: dict[tuple[str, str, str | None, str | None, str], list[Figure]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        index: dict[tuple[str, str, str | None, str | None, str], list[Figure]] = defaultdict(list)
        for figure in self.figures:
            index[(figure.table, figure.kind, figure.indicator, figure.area, figure.period)].append(
                figure
            )
        self._index = dict(index)

    def find(
        self,
        table: str,
        kind: str,
        indicator: str | None,
        area: str | None = None,
        period: str = "",
    ) -> list[Figure]:
        return self._index.get((table, kind, indicator, area, period), [])

    def one(
        self,
        table: str,
        kind: str,
        indicator: str | None,
        area: str | None = None,
        period: str = "",
    ) -> Figure | None:
        found = self.find(table, kind, indicator, area, period)
        return found[0] if found else None

    def of_kind(self, kind: str, table: str | None = None) -> list[Figure]:
        return [f for f in self.figures if f.kind == kind and (table is None or f.table == table)]

    def period_of(self, indicator: str, table: str, kind: str = "periode") -> Figure | None:
        return next(
            (
                f
                for f in self.figures
                if f.table == table and f.kind == kind and f.indicator == indicator
            ),
            None,
        )
