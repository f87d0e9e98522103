"""What the checks look at: every printed figure of one report, in plain data.

Built from the store by `nprz.monitor.facts`; the checks themselves know nothing of Django.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

from nprz.checks.textnumbers import Citable
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
    # What one step of a delivered figure is worth, where the delivery says more than the
    # printed digits (CBS rounds wijk counts to fives); None: the printed token says it all.
    resolution: Fraction | None = None
    imported: bool = False
    status: str = ""  # voorlopig or definitief, for a measurement

    # Read once per figure: every check asks for these many times (cached in the instance,
    # which a frozen dataclass allows for cached_property).
    @cached_property
    def token(self) -> Token | None:
        try:
            return parse_printed(self.printed)
        except ValueError:
            return None

    @cached_property
    def number(self) -> Printed | None:
        token = self.token
        return token if isinstance(token, Printed) else None

    @cached_property
    def interval(self) -> Interval | None:
        token = self.token
        if isinstance(token, Printed | Suppressed):
            return token.interval
        return None

    @property
    def suppressed(self) -> bool:
        return isinstance(self.token, Suppressed)

    @property
    def delivered_interval(self) -> Interval | None:
        """The interval with the delivery's own rounding, where it is coarser than printed."""
        number = self.number
        if number is None:
            return None
        if self.resolution is None or self.resolution <= Fraction(number.resolution):
            return number.interval
        half = self.resolution / 2
        return Interval(number.exact - half, number.exact + half)


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
    additive: bool = False


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
    source: str = ""


@dataclass(frozen=True)
class IdentityFacts:
    code: str
    what: str
    table: str
    spec: dict[str, Any]
    note: str


@dataclass(frozen=True)
class PrintedText:
    """A phrase the report printed around its figures (a title, a legend, a remark, a line
    of a page), as printed, with its source line and what we read it to say (`reading`,
    whose form depends on `kind`: a year, a period, an area, a role; see teksten.csv)."""

    kind: str
    subject: str
    printed: str
    reading: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class Narrative:
    """A free text and the figures it may cite: an intervention's progress text with its
    KPI values; later the programme's foreword or a goal's rationale."""

    subject: str
    what: str
    source: str
    text: str
    citable: tuple[Citable, ...]


@dataclass
class Facts:
    report_year: int
    figures: list[Figure]
    indicators: dict[str, IndicatorFacts]
    targets: list[TargetFacts]
    members: dict[str, list[str]]
    identities: list[IdentityFacts]
    texts: list[PrintedText] = field(default_factory=list)
    narratives: list[Narrative] = field(default_factory=list)
    # Figures the store counted rather than the report printed, by context a text may name
    # ("interventies": how many interventions the round has, counted as the report counts).
    counts: dict[str, tuple[Citable, ...]] = field(default_factory=dict)
    # Tables under disclosure control (NPRZ_DISCLOSURE_TABLES): the checks added for the
    # proofreader never read them, so no finding of theirs can print a hidden small count.
    protected_tables: frozenset[str] = frozenset()
    # What a message calls an area: the programme's own word for it, else its name.
    area_names: dict[str, str] = field(default_factory=dict)
    # The programme's own area (the definition's `area`): where the report judged its goals.
    programme_area: str = ""
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

    def area_name(self, code: str | None) -> str:
        """An area as the report's sentences name it; its code where the store has no name."""
        return self.area_names.get(code or "", code or "")

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
