"""A colour file against the store: check it, show what would change ("was → wordt"), write it.

Rules (docs/decisions/011-progress-round-rules.md):

* colours are imported for a year whose progress round is published: a running round gives
  its colours by review, and a year without a round has no interventions to colour;
* an import fills what the round left open (niet vastgelegd) and may correct an earlier
  import; it never changes a colour the round itself gave (by review, or from the text of
  the report, e.g. an intervention the text calls stopped): that is an error, not a warning;
* any error and nothing is written; the same file twice is refused;
* every import is kept (`ColourImport`: file, SHA-256, who, when), with each colour it gave
  (`ImportedColour`); the latest import of an intervention and year wins. Each report whose
  shown colour changes gets a line in its history saying so.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from nprz.core.movement import Colour
from nprz.imports import safety
from nprz.imports.delivery import Location, Problem, Severity
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.colour_import import ColourRow, ColourSheet, read_colours
from nprz.interventions.queries import imported_colours

# Stable codes of the store's checks (the reader's are in `colour_import.CODES`).
CODES = {
    "al-geimporteerd": "hetzelfde bestand is al eerder ingelezen",
    "interventie-onbekend": "een pijler en nummer zonder interventie",
    "naam-anders": "de naam in het bestand wijkt af van die van de interventie (waarschuwing)",
    "geen-ronde": "een jaar zonder voortgangsronde",
    "ronde-loopt": "een jaar waarvan de ronde nog niet is gepubliceerd",
    "niet-in-ronde": "een interventie die niet in de ronde van dat jaar zat",
    "kleur-staat-vast": "een andere kleur dan de ronde zelf gaf",
}
KINDS = ("nieuw", "gewijzigd", "gelijk")
# A file on the command line is the operator's own; the same inspection as an upload, with
# room for a big workbook (a colour per intervention and year is a few kB).
CLI_MAX_BYTES = 50 * safety.MB


class Refused(Exception):
    """The import was not written; `problems` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    pillar: str
    number: str
    name: str
    year: int
    was: Colour
    wordt: Colour
    location: Location

    @property
    def kind(self) -> str:
        if self.was is self.wordt:
            return "gelijk"
        return "nieuw" if self.was is Colour.NIET_VASTGELEGD else "gewijzigd"


@dataclass(frozen=True)
class Plan:
    """A checked colour file: every problem, and per row what the colour was and becomes."""

    sheet: ColourSheet
    problems: tuple[Problem, ...]
    changes: tuple[Change, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.FOUT for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.FOUT)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def summary(self) -> str:
        years = ", ".join(str(y) for y in self.sheet.years) or "geen jaar"
        counts = Counter(c.kind for c in self.changes)
        return f"{len(self.changes)} kleuren voor {years}: " + ", ".join(
            f"{counts.get(k, 0)} {k}" for k in KINDS
        )


def pillar_names() -> dict[str, str]:
    return pillars.names()


def read_and_check(data: bytes, name: str, *, year: int | None, max_bytes: int) -> Plan:
    """Inspect the bytes (content type, zip bombs: `nprz.imports.safety`), read them, check
    them against the store; stops at the first step with errors."""
    unsafe = safety.inspect_upload(data, name, max_bytes=max_bytes)
    if any(p.severity is Severity.FOUT for p in unsafe):
        sheet = ColourSheet(name, hashlib.sha256(data).hexdigest(), (), tuple(unsafe))
        return Plan(sheet, tuple(unsafe), ())
    sheet = read_colours(data, name, year=year, pillars=pillar_names())
    plan = check(sheet)
    return Plan(plan.sheet, (*unsafe, *plan.problems), plan.changes)


def check(sheet: ColourSheet) -> Plan:
    problems = list(sheet.problems)
    if sheet.errors:
        return Plan(sheet, tuple(problems), ())
    if iv.ColourImport.objects.filter(sha256=sheet.sha256).exists():
        earlier = iv.ColourImport.objects.get(sha256=sheet.sha256)
        problems.append(
            _problem(
                "al-geimporteerd",
                f"Dit bestand is al ingelezen als {earlier.code} ({earlier.file_name}).",
                Location(sheet.name),
            )
        )
        return Plan(sheet, tuple(problems), ())
    rounds = {r.year: r for r in iv.ProgressRound.objects.filter(year__in=sheet.years)}
    interventions = {(i.pillar, i.number): i for i in iv.Intervention.objects.all()}
    reports = {
        (r.round.year, r.intervention_id): r
        for r in iv.ProgressReport.objects.filter(round__year__in=sheet.years).select_related(
            "round"
        )
    }
    imported = imported_colours(sheet.years)
    changes = []
    for row in sheet.rows:
        problem, change = _check_row(row, rounds, interventions, reports, imported)
        problems.extend(problem)
        if change is not None:
            changes.append(change)
    return Plan(sheet, tuple(problems), tuple(changes))


def _check_row(
    row: ColourRow,
    rounds: dict[int, iv.ProgressRound],
    interventions: dict[tuple[str, str], iv.Intervention],
    reports: dict[tuple[int, int], iv.ProgressReport],
    imported: dict[tuple[int, str, str], Colour],
) -> tuple[list[Problem], Change | None]:
    where = row.location
    intervention = interventions.get((row.pillar, row.number))
    if intervention is None:
        known = [n for p, n in interventions if p == row.pillar]
        close = difflib.get_close_matches(row.number, known, n=3, cutoff=0.5)
        hint = ""
        if close:
            hint = " Bedoelt u " + (
                f"{', '.join(close[:-1])} of {close[-1]}?" if len(close) > 1 else f"{close[0]}?"
            )
        message = f"Er is geen interventie {row.pillar} {row.number}.{hint}"
        return [_problem("interventie-onbekend", message, where)], None
    found = []
    if row.name and row.name.casefold() != " ".join(intervention.name.split()).casefold():
        found.append(
            _problem(
                "naam-anders",
                f"{row.pillar} {row.number} heet {intervention.name!r}, niet {row.name!r}; "
                "klopt het nummer?",
                where,
                Severity.WAARSCHUWING,
            )
        )
    round_ = rounds.get(row.year)
    if round_ is None:
        years = ", ".join(
            str(y)
            for y in iv.ProgressRound.objects.filter(
                status=iv.RoundStatus.GEPUBLICEERD
            ).values_list("year", flat=True)
        )
        message = (
            f"Er is geen voortgangsronde {row.year}; kleuren horen bij een gepubliceerde "
            f"ronde ({years or 'er is er nog geen'})."
        )
        return [*found, _problem("geen-ronde", message, where)], None
    if round_.status != iv.RoundStatus.GEPUBLICEERD:
        message = (
            f"De voortgangsronde {row.year} is {round_.get_status_display()}: daar geeft de "
            "beoordeling de kleur."
        )
        return [*found, _problem("ronde-loopt", message, where)], None
    report = reports.get((row.year, intervention.pk))
    if report is None:
        message = f"{row.pillar} {row.number} zat niet in de voortgangsronde {row.year}."
        return [*found, _problem("niet-in-ronde", message, where)], None
    own = Colour(report.colour)
    if own is not Colour.NIET_VASTGELEGD and own is not row.colour:
        message = (
            f"De ronde {row.year} gaf {row.pillar} {row.number} de kleur {own.word} "
            f"({report.source or 'beoordeling'}); een import verandert die niet."
        )
        return [*found, _problem("kleur-staat-vast", message, where)], None
    was = (
        own
        if own is not Colour.NIET_VASTGELEGD
        else imported.get((row.year, row.pillar, row.number), Colour.NIET_VASTGELEGD)
    )
    change = Change(row.pillar, row.number, intervention.name, row.year, was, row.colour, where)
    return found, change


@transaction.atomic
def apply(plan: Plan, *, received_by: str, by: User | None = None) -> iv.ColourImport:
    """Write a checked plan: all of it or, on any error, nothing (`Refused`). Checked again
    inside the transaction: the store may have changed since the plan was shown."""
    again = check(plan.sheet)
    if not again.ok:
        raise Refused(list(again.errors))
    # Numbered per programme from its own imports' codes, not from the table's ids: an id
    # given out by a transaction that was rolled back (PostgreSQL's sequences) or by another
    # programme would leave gaps in the programme's numbers.
    highest = max(
        (
            int(code.rsplit("-", 1)[1])
            for code in iv.ColourImport.objects.values_list("code", flat=True)
        ),
        default=0,
    )
    try:
        with transaction.atomic():
            made = iv.ColourImport.objects.create(
                code=f"kleuren-{highest + 1:04d}",
                file_name=plan.sheet.name,
                sha256=plan.sheet.sha256,
                years=", ".join(str(y) for y in plan.sheet.years),
                rows=len(plan.sheet.rows),
                changed=sum(1 for c in again.changes if c.kind != "gelijk"),
                received_by=received_by,
                received_at=timezone.now(),
            )
    except IntegrityError as error:  # the same file, or another import, a moment ago
        where = Location(plan.sheet.name)
        message = "Er werd tegelijk een ander kleurenbestand ingelezen; probeer het opnieuw."
        raise Refused([_problem("al-geimporteerd", message, where)]) from error
    iv.ImportedColour.objects.bulk_create(
        iv.ImportedColour(
            colour_import=made,
            pillar=row.pillar,
            number=row.number,
            year=row.year,
            colour=row.colour.value,
            row=row.location.row or 0,
            note=row.note,
        )
        for row in plan.sheet.rows
    )
    _note_in_history(made, again.changes, by)
    return made


def _note_in_history(made: iv.ColourImport, changes: tuple[Change, ...], by: User | None) -> None:
    """One history line per report whose shown colour changes: who imported what, when."""
    changed = [c for c in changes if c.kind != "gelijk"]
    keys = {(c.year, c.pillar, c.number): c for c in changed}
    noted = []
    for report in iv.ProgressReport.objects.filter(
        round__year__in={c.year for c in changed}
    ).select_related("round", "intervention"):
        i = report.intervention
        change = keys.get((report.round.year, i.pillar, i.number))
        if change is not None:
            report._change_reason = (  # type: ignore[attr-defined]
                f"kleur {change.year} ingelezen uit {made.code}: {change.was.word} → "
                f"{change.wordt.word}"
            )
            noted.append(report)
    iv.ProgressReport.history.bulk_history_create(noted, update=True, default_user=by)


def imports() -> list[iv.ColourImport]:
    return list(iv.ColourImport.objects.order_by("-id"))


def _problem(
    code: str, message: str, where: Location, severity: Severity = Severity.FOUT
) -> Problem:
    assert code in CODES, code
    return Problem(code=code, message=message, location=where, severity=severity)
