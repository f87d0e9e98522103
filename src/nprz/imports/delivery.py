"""What an importer hands over: the values of one delivery and every problem found in it.

Pure data, no Django: the file and CBS readers build it, `nprz.imports.store` checks it
against the store and writes it. A problem is data too (a stable code, a Dutch message and
a place in the input), so the command line, the web upload and the tests show the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    FOUT = "fout"  # the delivery cannot be imported
    WAARSCHUWING = "waarschuwing"  # imported, but the reader should know (a recognised mistake)


@dataclass(frozen=True)
class Location:
    """Where in the input a problem or value sits; empty parts are unknown or not applicable."""

    file: str
    sheet: str = ""
    row: int | None = None  # 1-based, as a spreadsheet numbers rows (the header is row 1)
    column: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"blad {self.sheet}")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    code: str  # stable, e.g. "onbekende-indicator"; documented in nprz.imports.problems
    message: str  # Dutch, names the offending text
    location: Location
    severity: Severity = Severity.FOUT


@dataclass(frozen=True)
class IncomingValue:
    """One cell of a delivery, already parsed; `value` is None for a missing or hidden cell."""

    indicator: str
    area: str
    period: str
    printed: str  # the delivered text, normalised to Dutch notation ("1.234,5", "<5", "nb")
    value: Decimal | None
    resolution: Decimal | None
    location: Location
    missing_reason: str = ""
    suppressed: bool = False
    status: str = "definitief"  # or "voorlopig"
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.indicator, self.area, self.period)


@dataclass(frozen=True)
class NewIndicator:
    """An indicator a delivery brings along (the CBS mapping defines its own context figures)."""

    code: str
    name: str
    unit: str
    decimals: int
    definition: str
    source_text: str
    pillar: str = "context"
    measure: str = ""
    period_type: str = "jaar"
    additive: bool = False


@dataclass(frozen=True)
class Delivery:
    kind: str  # "cbs" or "bestand"
    title: str  # e.g. "CBS 85984NED Kerncijfers wijken en buurten 2024" or the file name
    document: str  # where it came from: a file name or the StatLine address
    sha256: str  # of the raw input, so the same file is never imported twice
    report_year: int  # the report this delivery is for (the last period year, unless told)
    values: tuple[IncomingValue, ...] = ()
    problems: tuple[Problem, ...] = ()
    indicators: tuple[NewIndicator, ...] = ()
    skipped: tuple[str, ...] = field(default=())  # Dutch lines: what was left out on purpose

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.FOUT)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class KnownIndicator:
    code: str
    name: str
    unit: str  # "%", "aantal", "euro", ... as in the store
    decimals: int


@dataclass(frozen=True)
class Codes:
    """What the store knows, handed to a reader so it can check codes where it reads them."""

    indicators: dict[str, KnownIndicator]
    areas: dict[str, str]  # area code -> name
    areas_by_cbs: dict[str, str]  # CBS region code (GM0599, WK059910, BU05991082) -> area code
