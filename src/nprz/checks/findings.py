"""A disagreement between what the report printed and what its own inputs give.

Each finding says what disagrees, where (source lines), the printed and the recomputed
figure, which of the two is more likely right and why. The reasoning for "more likely"
lives in `likely_cause`: a small set of recognisable slips, tried in order.

Every finding has a kind (`Soort`), the filter of `nprz check --soort`: recomputing the
report's own sums (rekenen), one quantity printed differently in two places or a value
that looks copied (tabellen), a printed figure against the open data of its source
(bronnen), and the words around the numbers (tekst).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Likely(StrEnum):
    HERBEREKENING = "herberekening"
    PUBLICATIE = "publicatie"
    # For the words around the numbers: what the figures themselves say (the row heading's
    # period, the target's reference area, the plan's schedule) is more likely right.
    GEGEVENS = "gegevens"
    ONBEKEND = "onbekend"

    @property
    def label(self) -> str:
        return {
            Likely.HERBEREKENING: "de herberekening",
            Likely.PUBLICATIE: "de publicatie",
            Likely.GEGEVENS: "de gegevens",
            Likely.ONBEKEND: "onbekend",
        }[self]


class Soort(StrEnum):
    REKENEN = "rekenen"
    TABELLEN = "tabellen"
    BRONNEN = "bronnen"
    TEKST = "tekst"

    @property
    def label(self) -> str:
        return {
            Soort.REKENEN: "rekenen (afgeleide cijfers nagerekend)",
            Soort.TABELLEN: "tabellen (één grootheid op twee plaatsen, verdachte waarden)",
            Soort.BRONNEN: "bronnen (tegen de open data van de genoemde bron)",
            Soort.TEKST: "tekst (jaren, referenties, soorten en getallen in de tekst)",
        }[self]


@dataclass(frozen=True)
class LikelyValue:
    """The one cell a finding names as likely misprinted, with the value the other printed
    figures pin down: the structured form of "gedrukt P, de som vraagt E", so whoever shows
    the correction never parses it back from the sentence."""

    indicator: str
    area: str
    period: str
    printed: str
    expected: Fraction
    # Every cell of the equation that pins the value (indicator, area, period), the cell
    # itself included: the likely-right value says something about each of them.
    cells: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Finding:
    code: str
    category: str
    subject: str
    what: str
    where: str
    published: str
    recomputed: str
    likely: Likely
    why: str
    soort: Soort = Soort.REKENEN
    # Only where the finding pins one likely-right value for one printed cell (a typo the
    # sum closes on); None for every other finding. Not part of the machine form.
    likely_value: LikelyValue | None = None

    def as_dict(self) -> dict[str, str]:
        """The machine form, keys in FINDING_KEYS order."""
        return {
            "code": self.code,
            "soort": self.soort.value,
            "category": self.category,
            "subject": self.subject,
            "what": self.what,
            "where": self.where,
            "published": self.published,
            "recomputed": self.recomputed,
            "likely_right": self.likely.value,
            "why": self.why,
        }


FINDING_KEYS = tuple(Finding("", "", "", "", "", "", "", Likely.ONBEKEND, "").as_dict())


def count_per_kind(findings: Iterable[Finding]) -> dict[Soort, int]:
    """How many findings of each kind, every kind named (0 where there are none)."""
    counted = Counter(f.soort for f in findings)
    return {soort: counted[soort] for soort in Soort}


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def one_digit_slip(a: str, b: str) -> bool:
    """Do two printed numbers differ by one changed digit or two swapped neighbours?"""
    da, db = digits(a), digits(b)
    if len(da) != len(db) or da == db:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(da, db, strict=True)) if x != y]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and da[diffs[0]] == db[diffs[1]]
        and da[diffs[1]] == db[diffs[0]]
    )


def separator_slip(printed: str, other: str) -> bool:
    """The same digits with a comma where a thousands point belongs ("€ 341,469")."""
    return "," in printed and digits(printed) == digits(other) and printed != other
