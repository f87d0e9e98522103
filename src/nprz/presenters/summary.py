"""The year at a glance, generated from the figures: what changed since the previous report,
which goals turned red or green, the biggest movers, and each path against its year target.

The front of the annual report and the home page show the same summary; every sentence is
built from the numbers, so it cannot drift from them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from nprz import programmes
from nprz.core.formatting import format_number, format_share
from nprz.core.status import Status
from nprz.monitor.targets import TargetRow
from nprz.presenters.common import STATUS_WORDS
from nprz.presenters.paths import page_path
from nprz.presenters.paths import summary as path_summary
from nprz.programmes.schema import PathChapter
from nprz.publication.editions import PreviousReport, previous_report
from nprz.publication.paths import path_data

STATUSES = (Status.GROEN, Status.ORANJE, Status.ROOD, Status.GEEN)
MOVERS = 3


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    before: str  # status word or % closed, as published
    after: str


@dataclass(frozen=True)
class Mover:
    code: str
    name: str
    change: Fraction  # in procentpunt of % closed
    before: str
    after: str


@dataclass(frozen=True)
class PathLine:
    title: str
    href: str
    sentence: str


@dataclass(frozen=True)
class Summary:
    year: int
    counts: dict[Status, int]
    total: int
    previous: PreviousReport | None
    turned_red: tuple[Change, ...]
    turned_green: tuple[Change, ...]
    risers: tuple[Mover, ...]
    fallers: tuple[Mover, ...]
    paths: tuple[PathLine, ...]

    @property
    def headline(self) -> str:
        counted = ", ".join(f"{self.counts[s]} {STATUS_WORDS[s]}" for s in STATUSES)
        return (
            f"Van de {self.total} doelen en indicatoren met een doel zijn er in {self.year} "
            f"{counted}."
        )

    @property
    def since(self) -> str:
        if self.previous is None:
            return "Er is geen vorig rapport om mee te vergelijken."
        if not any(f.status for f in self.previous.goals.values()):
            return (
                f"Vergeleken met {self.previous.source}. Dat rapport publiceerde geen kleur per "
                "doel als tekst; de vergelijking gaat over het percentage ingelopen."
            )
        red = len(self.turned_red)
        green = len(self.turned_green)
        return (
            f"Vergeleken met {self.previous.source}: {red} "
            f"{'doel werd' if red == 1 else 'doelen werden'} rood en {green} "
            f"{'doel werd' if green == 1 else 'doelen werden'} groen."
        )

    @property
    def key_message(self) -> tuple[str, ...]:
        """The year in three to four sentences, for the report's cover (and any page that
        opens with it): the count per status, what changed since the previous report, the
        goal that lost most ground, and each path against its year target."""
        lines = [self.headline]
        if self.previous is not None and any(f.status for f in self.previous.goals.values()):
            red = "; ".join(c.name for c in self.turned_red)
            green = "; ".join(c.name for c in self.turned_green)
            lines.append(
                self.since
                + (f" Rood geworden: {red}." if red else "")
                + (f" Groen geworden: {green}." if green else "")
            )
        else:
            lines.append(self.since)
        if self.fallers:
            worst = self.fallers[0]
            lines.append(
                f"Het meest achteruit ging {worst.name}: {worst.before} → {worst.after} "
                f"ingelopen (−{format_number(abs(worst.change), 1)} procentpunt)."
            )
        lines += [f"{line.title}: {line.sentence}" for line in self.paths]
        return tuple(lines)


def summary_of(year: int, rows: list[TargetRow]) -> Summary:
    counts = Counter(r.assessment.status for r in rows)
    previous = previous_report(year)
    turned_red, turned_green, movers = [], [], []
    for row in rows:
        before = previous.goals.get(row.code) if previous else None
        if before is None:
            continue
        status = row.assessment.status
        if before.status and before.status != status.value:
            change = Change(row.code, row.name, before.status, status.value)
            if status is Status.ROOD:
                turned_red.append(change)
            elif status is Status.GROEN:
                turned_green.append(change)
        closed = row.assessment.share_closed
        if before.pct_closed is not None and closed is not None:
            now = closed * 100
            movers.append(
                Mover(
                    row.code,
                    row.name,
                    now - before.pct_closed,
                    before.printed,
                    format_share(closed),
                )
            )
    movers.sort(key=lambda m: m.change)
    fallers = tuple(m for m in movers[:MOVERS] if m.change < 0)
    risers = tuple(m for m in reversed(movers[-MOVERS:]) if m.change > 0)
    return Summary(
        year=year,
        counts={s: counts.get(s, 0) for s in STATUSES},
        total=len(rows),
        previous=previous,
        turned_red=tuple(turned_red),
        turned_green=tuple(turned_green),
        risers=risers,
        fallers=fallers,
        paths=tuple(_paths(year)),
    )


def _paths(year: int) -> list[PathLine]:
    found = []
    for spec in programmes.definition().chapters:
        if isinstance(spec, PathChapter):
            data = path_data(spec, year)
            if data is not None:
                found.append(PathLine(spec.title, page_path(spec.anchor), path_summary(data)))
    return found


def mover_text(mover: Mover) -> str:
    return (
        f"{mover.name}: {mover.before} → {mover.after} ingelopen "
        f"({'+' if mover.change > 0 else '−'}{format_number(abs(mover.change), 1)} procentpunt)"
    )


def change_text(change: Change) -> str:
    before, after = STATUS_WORDS[Status(change.before)], STATUS_WORDS[Status(change.after)]
    return f"{change.name}: {before} → {after}"
