"""Validation results as data: a problem has a stable code, a Dutch message and a place.

One type for every reader of input: the dataset folders (`nprz.datasets`), the delivery files
and CBS tables (`nprz.imports`) and the upload checks. The place reads as a spreadsheet user
says it: "levering.csv, blad gegevens, rij 12, kolom value" (rows counted as the spreadsheet
shows them, the header is row 1).

A bad file can hold a problem in every cell: 100.000 rows with five mistakes each are half a
million problems. `ProblemLog` keeps the first `KEPT_PER_CODE` of each code and counts the
rest, so reading such a file costs counters rather than objects, and everything that shows
the problems (the upload page, the command line) shows the same bounded list
(`tests/uploads/test_many_errors.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

KEPT_PER_CODE = 20  # problems of one code kept (and shown); the rest are counted


class Severity(StrEnum):
    FOUT = "fout"  # the input cannot be used
    WAARSCHUWING = "waarschuwing"  # used, but the reader should know (a recognised mistake)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # stable, never renamed: "onbekende-indicator", "ongeldig-getal", ...
    message: str  # Dutch, names the offending text
    location: Location
    severity: Severity = Severity.FOUT

    @classmethod
    def at(
        cls,
        code: str,
        message: str,
        file: str,
        row: int | None = None,
        column: str | None = None,
        *,
        sheet: str = "",
        severity: Severity = Severity.FOUT,
    ) -> Problem:
        """A problem at a file, row and column, as the dataset reader names its places."""
        return cls(code, message, Location(file, sheet, row, column or ""), severity)

    @property
    def file(self) -> str:
        return self.location.file

    @property
    def row(self) -> int | None:
        return self.location.row

    @property
    def column(self) -> str | None:
        return self.location.column or None

    @property
    def place(self) -> str:
        return str(self.location)

    def __str__(self) -> str:
        return f"{self.place}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Tally:
    """Problems of one code that were counted but not kept."""

    code: str
    severity: Severity
    count: int


@dataclass(frozen=True)
class ProblemGroup:
    """The problems of one code as they are shown: the first few and how many there are."""

    code: str
    severity: Severity
    shown: tuple[Problem, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


class ProblemLog:
    """Collects problems while reading: the first `kept_per_code` of each code, and a count of
    every code. The counts are always complete; only the objects are bounded."""

    def __init__(self, kept_per_code: int = KEPT_PER_CODE) -> None:
        self.kept_per_code = kept_per_code
        self._kept: list[Problem] = []
        self._totals: Counter[str] = Counter()
        self._severity: dict[str, Severity] = {}

    @classmethod
    def of(
        cls, problems: Iterable[Problem], unlisted: Iterable[Tally] = (), **kwargs: int
    ) -> ProblemLog:
        """A log that goes on where an earlier one ended (its kept problems and tallies)."""
        log = cls(**kwargs)
        for found in problems:
            log.add(found)
        for tally in unlisted:
            log._totals[tally.code] += tally.count
            log._severity.setdefault(tally.code, tally.severity)
        return log

    def add(self, problem: Problem) -> None:
        self._totals[problem.code] += 1
        self._severity.setdefault(problem.code, problem.severity)
        if self._totals[problem.code] <= self.kept_per_code:
            self._kept.append(problem)

    def full(self, code: str) -> bool:
        """Is no further problem of `code` kept? Then a reader may `tally` it instead of
        building it (half a million problems cost seconds to build and are never shown)."""
        return self._totals[code] >= self.kept_per_code

    def tally(self, code: str, severity: Severity) -> None:
        self._totals[code] += 1
        self._severity.setdefault(code, severity)

    def extend(self, problems: Iterable[Problem]) -> None:
        for found in problems:
            self.add(found)

    def count(self, code: str) -> int:
        return self._totals[code]

    @property
    def kept(self) -> tuple[Problem, ...]:
        return tuple(self._kept)

    @property
    def unlisted(self) -> tuple[Tally, ...]:
        kept = Counter(p.code for p in self._kept)
        return tuple(
            Tally(code, self._severity[code], total - kept[code])
            for code, total in self._totals.items()
            if total > kept[code]
        )


def count(problems: Iterable[Problem], unlisted: Iterable[Tally], severity: Severity) -> int:
    """All problems of one severity, the kept ones and the counted ones."""
    return sum(1 for p in problems if p.severity is severity) + sum(
        t.count for t in unlisted if t.severity is severity
    )


def groups(
    problems: Iterable[Problem], unlisted: Iterable[Tally] = (), shown: int = KEPT_PER_CODE
) -> list[ProblemGroup]:
    """Per code (errors first, then in the order first met) the first `shown` problems and
    the total, so a list of half a million problems is shown as a few dozen lines."""
    listed: dict[str, list[Problem]] = {}
    for found in problems:
        listed.setdefault(found.code, []).append(found)
    extra = {t.code: t for t in unlisted}
    found_groups = []
    for code, items in listed.items():
        tally = extra.pop(code, None)
        total = len(items) + (tally.count if tally else 0)
        found_groups.append(ProblemGroup(code, items[0].severity, tuple(items[:shown]), total))
    # A tally without kept problems only comes from a log kept at zero per code.
    found_groups += [ProblemGroup(t.code, t.severity, (), t.count) for t in extra.values()]
    return sorted(found_groups, key=lambda g: g.severity is not Severity.FOUT)
