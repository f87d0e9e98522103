"""A dataset after reading and validation: plain records, ready for the store.

These are what every source (the bundled report, later CBS and CSV deliveries) produces, so
the store has one way in. Values keep the token as printed; the number, its precision and
any missing-value mark come from `nprz.core.printed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from nprz.core.printed import Missing, Printed, Suppressed, Token


@dataclass(frozen=True)
class SourceRef:
    document: str
    line: int | None

    def __str__(self) -> str:
        if self.line is None:
            return self.document
        return f"{self.document} r. {self.line}"


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    kind: str
    cbs_code: str
    note: str
    source: SourceRef


@dataclass(frozen=True)
class MembershipRecord:
    group: str
    member: str
    valid_from: int | None
    valid_to: int | None
    basis: str
    source: SourceRef


@dataclass(frozen=True)
class PlanRecord:
    code: str
    name: str
    description: str
    knots: tuple[tuple[int, Fraction], ...]
    lines: str


@dataclass(frozen=True)
class NoteRecord:
    kind: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class MilestoneRecord:
    year: int
    value: Decimal
    printed: str
    source: SourceRef


@dataclass(frozen=True)
class TargetRecord:
    kind: str
    plan: str
    start_area: str | None = None  # None: the programme's own area
    reference_area: str | None = None
    reference_indicator: str | None = None
    norm: Printed | None = None
    start_period: str | None = None
    level: Printed | None = None
    milestones: tuple[MilestoneRecord, ...] = ()
    text: str = ""
    source: SourceRef | None = None


@dataclass(frozen=True)
class IndicatorRecord:
    code: str
    name: str
    measure: str
    pillar: str
    pillar_printed: str
    role: str
    unit: str
    decimals: int
    direction: str
    direction_basis: str
    period_type: str
    source_text: str
    definition: str
    additive: bool
    notes: tuple[NoteRecord, ...]
    source: SourceRef
    target: TargetRecord | None


@dataclass(frozen=True)
class VintageRecord:
    code: str
    title: str
    document: str
    lines: str
    priority: int


@dataclass(frozen=True)
class ObservationRecord:
    vintage: str
    indicator: str
    area: str
    period: str
    token: Token
    status: str
    variant: str
    footnote: str
    source: SourceRef
    reference: str = ""  # "" = the end of the period; else a date or "huidig"

    @property
    def value(self) -> Decimal | None:
        return self.token.value if isinstance(self.token, Printed) else None

    @property
    def token_text(self) -> str:
        return self.token.text

    @property
    def suppressed(self) -> bool:
        return isinstance(self.token, Suppressed)

    @property
    def missing_reason(self) -> str:
        return self.token.reason if isinstance(self.token, Missing) else ""


@dataclass(frozen=True)
class PublishedRecord:
    """A figure the report derived (a target, a share closed, a total) as printed."""

    vintage: str
    kind: str
    token: Token | None
    printed: str
    source: SourceRef
    indicator: str | None = None
    area: str | None = None
    period: str = ""
    key: str = ""
    note: str = ""

    @property
    def value(self) -> Decimal | None:
        return self.token.value if isinstance(self.token, Printed) else None


@dataclass(frozen=True)
class FinanceRecord:
    """A row of the finance table (or an amount from its text), each cell as printed."""

    vintage: str
    order: int
    post: str
    label: str
    kind: str
    cells: dict[str, Printed | None]  # begroot, gerealiseerd, gemeente, overige_partners, bedrag
    sum_of: tuple[int, ...]
    sum_columns: tuple[str, ...]
    split_of: str
    label_lines: str
    note: str
    source: SourceRef


@dataclass(frozen=True)
class PrintedTextRecord:
    """A phrase printed around the figures, with what we read it to say (teksten.csv)."""

    kind: str
    subject: str
    printed: str
    reading: str
    note: str
    source: SourceRef


@dataclass(frozen=True)
class IdentityRecord:
    code: str
    what: str
    table: str  # the group of figures it holds between (a protected table is one)
    spec: dict[str, Any]
    note: str


@dataclass(frozen=True)
class ProgrammeRecord:
    """A programme's definition as validated (`nprz.programmes.schema.ProgrammeFile`)."""

    code: str
    name: str
    short_name: str
    definition: dict[str, Any]
    sha256: str
    folder: str
    map: dict[str, Any] = field(default_factory=dict)  # GeoJSON, {} when there is none
    logo: str = ""  # SVG text


@dataclass
class Dataset:
    """A programme's definition and, when the folder is a printed report, its tables."""

    code: str
    title: str
    report_year: int | None  # None: a definition only, no printed report
    documents: dict[str, str]
    programme: ProgrammeRecord | None = None
    vintages: list[VintageRecord] = field(default_factory=list)
    areas: list[AreaRecord] = field(default_factory=list)
    memberships: list[MembershipRecord] = field(default_factory=list)
    plans: list[PlanRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    observations: list[ObservationRecord] = field(default_factory=list)
    published: list[PublishedRecord] = field(default_factory=list)
    identities: list[IdentityRecord] = field(default_factory=list)
    finance: list[FinanceRecord] = field(default_factory=list)
    # The interventions as transcribed (nprz.datasets.interventions.InterventionRow).
    interventions: list[Any] = field(default_factory=list)
    # What the report counted per pillar and colour (nprz.datasets.interventions.ColourCountRow).
    colour_counts: list[Any] = field(default_factory=list)
    texts: list[PrintedTextRecord] = field(default_factory=list)
