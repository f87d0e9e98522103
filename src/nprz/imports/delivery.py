"""What an importer hands over: the values of one delivery and every problem found in it.

Pure data, no Django: the file and CBS readers build it, `nprz.imports.store` checks it
against the store and writes it. A problem is data too (`nprz.core.problems`: a stable code,
a Dutch message and a place in the input), so the command line, the web upload and the tests
show the same list. Of a code met thousands of times a delivery keeps the first few problems
and counts the rest (`unlisted`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from nprz.core.problems import Location, Problem, ProblemLog, Severity, Tally, count

__all__ = [
    "Codes",
    "Delivery",
    "IncomingValue",
    "KnownIndicator",
    "Location",
    "NewIndicator",
    "Problem",
    "Severity",
    "Tally",
]


@dataclass(frozen=True, slots=True)
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
    reference: str = ""  # "" (end of the period), a date "2018-03-31", or "huidig"

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
    # The report this delivery is for: as told, else as `nprz.imports.report_year` proposes.
    report_year: int
    values: tuple[IncomingValue, ...] = ()
    problems: tuple[Problem, ...] = ()  # the first few of each code (`ProblemLog`)
    indicators: tuple[NewIndicator, ...] = ()
    skipped: tuple[str, ...] = field(default=())  # Dutch lines: what was left out on purpose
    unlisted: tuple[Tally, ...] = ()  # problems counted beyond those kept, per code

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The errors kept; an error code counted in `unlisted` always has kept ones too."""
        return tuple(p for p in self.problems if p.severity is Severity.FOUT)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return count(self.problems, self.unlisted, Severity.FOUT)

    @property
    def warning_count(self) -> int:
        return count(self.problems, self.unlisted, Severity.WAARSCHUWING)

    def with_problems(self, more: Iterable[Problem]) -> Delivery:
        """The delivery with more problems, kept and counted as a reader keeps them."""
        log = ProblemLog.of(self.problems, self.unlisted)
        log.extend(more)
        return replace(self, problems=log.kept, unlisted=log.unlisted)


@dataclass(frozen=True)
class KnownIndicator:
    code: str
    name: str
    unit: str  # "%", "aantal", "euro", ... as in the store
    decimals: int
    period_type: str = "jaar"  # "schooljaar", "peildatum 1 januari", ... as in the store


@dataclass(frozen=True)
class Codes:
    """What the store knows, handed to a reader so it can check codes where it reads them."""

    indicators: dict[str, KnownIndicator]
    areas: dict[str, str]  # area code -> name
    areas_by_cbs: dict[str, str]  # CBS region code (GM0599, WK059910, BU05991082) -> area code
