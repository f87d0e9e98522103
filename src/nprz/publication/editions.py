"""Report editions: what a report read, what a final one published, and rebuilding one.

The yearly cycle (decision 009, revised in 012):

* every `nprz report` build records the edition for its **inputs**: the deliveries it read,
  the state of the progress round, the programme's definition and the software version.
  Building again from the same inputs reuses the edition; a changed input makes a new one.
  A draft build never fails on bytes: it says what changed since the previous build;
* `nprz report --definitief` marks the edition **final**: it keeps the figures it published
  per goal (status, % closed, band, target) and the cells disclosure control hid. The final
  edition of year N is the "previous report" of year N+1 (`previous_report`);
* `nprz report --editie CODE` rebuilds an edition from only its deliveries and checks it: the
  figures and the HTML must be identical, and so must the PDF bytes where the rendering
  libraries are the same; where they are not, it says which files differ and why.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from nprz.core.status import Bucket
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.monitor.targets import TargetRow

RENDERERS = ("weasyprint", "pydyf", "fonttools", "vl-convert-python")


class UnknownEdition(LookupError):
    pass


def used_vintages(year: int) -> list[str]:
    """The deliveries a report over `year` reads now: pinned ones, or all known by then."""
    return sorted(m.Vintage.objects.known_in(year).values_list("code", flat=True))


def renderer() -> dict[str, str]:
    """The versions of what turns the HTML into PDF (and charts into SVG): different versions
    may give other PDF bytes from the same HTML."""
    found = {}
    for name in RENDERERS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "ontbreekt"
    return found


def inputs(year: int) -> dict[str, Any]:
    """Everything a build of `year` reads, as plain data (the edition's key is its digest)."""
    programme = scope.current()
    round_ = iv.ProgressRound.objects.filter(year=year).first()
    return {
        "vintages": used_vintages(year),
        "round": _round_state(round_),
        "definition": programme.sha256,
        "software": metadata.version("nprz-monitor"),
        "renderer": renderer(),
    }


def _round_state(round_: iv.ProgressRound | None) -> str:
    """The progress round as far as a report shows it: its status and the last change of its
    reports (a published round is frozen, so this stays the same once it is published)."""
    if round_ is None:
        return "geen ronde"
    last = round_.reports.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return f"{round_.status} {last.isoformat() if last else '-'} {round_.reports.count()}"


def key_of(found: dict[str, Any]) -> str:
    """The digest of the inputs that decide the content (not the renderer: another
    renderer version gives the same figures and HTML)."""
    content = {k: v for k, v in found.items() if k != "renderer"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def find(code: str) -> m.ReportEdition:
    edition = m.ReportEdition.objects.filter(code=code).first()
    if edition is None:
        known = ", ".join(m.ReportEdition.objects.values_list("code", flat=True)) or "geen"
        raise UnknownEdition(f"onbekende rapporteditie {code!r}; bekend: {known}")
    missing = sorted(set(edition.vintages) - set(m.Vintage.objects.values_list("code", flat=True)))
    if missing:
        raise UnknownEdition(
            f"rapporteditie {code} las leveringen die niet meer in de database staan: "
            + ", ".join(missing)
        )
    return edition


@transaction.atomic
def record(year: int, disclosure: dict[str, dict[str, list[str]]] | None = None) -> m.ReportEdition:
    """The edition for this year and the inputs read now: an existing one or a new one.

    A new edition keeps what disclosure control hid and showed in it: a later decision must
    keep those cells hidden (`nprz.publication.disclosure.edition_cells`)."""
    found = inputs(year)
    key = key_of(found)
    for edition in m.ReportEdition.objects.filter(report_year=year, key=key):
        if not edition.disclosure and disclosure:
            edition.disclosure = disclosure
            edition.save(update_fields=["disclosure"])
        return edition
    number = m.ReportEdition.objects.filter(report_year=year).count() + 1
    return m.ReportEdition.objects.create(
        programme=scope.current(),
        code=f"rapport-{year}-{number}",
        report_year=year,
        vintages=found["vintages"],
        key=key,
        inputs=found,
        built=timezone.now(),
        disclosure=disclosure or {},
    )


def previous_build(edition: m.ReportEdition) -> m.ReportEdition | None:
    """The build of the same year before this edition (what "since then" compares with)."""
    return (
        m.ReportEdition.objects.filter(report_year=edition.report_year, id__lt=edition.id)
        .order_by("-id")
        .first()
    )


# --- final editions: what was published ----------------------------------------------------


def figures_of(rows: list[TargetRow]) -> dict[str, dict[str, Any]]:
    """Per goal what a report published: exact values as "numerator/denominator" text."""

    def exact(value: Fraction | None) -> str | None:
        return None if value is None else str(value)

    return {
        row.code: {
            "status": row.assessment.status.value,
            "pct_closed": exact(
                row.assessment.share_closed * 100
                if row.assessment.share_closed is not None
                else None
            ),
            "bucket": row.assessment.bucket.value if row.assessment.bucket else None,
            "target": exact(row.assessment.target_value),
            "current_value": exact(row.current_value),
            "current_period": row.current_period,
            "pillar": row.pillar,
        }
        for row in rows
    }


@transaction.atomic
def make_final(edition: m.ReportEdition, rows: list[TargetRow]) -> m.ReportEdition:
    """Mark `edition` final with the figures it published (the public's target rows)."""
    edition.final = True
    edition.finalised = timezone.now()
    edition.figures = figures_of(rows)
    edition.save(update_fields=["final", "finalised", "figures"])
    return edition


def final_edition(year: int) -> m.ReportEdition | None:
    """The published edition of `year`: the last one made final."""
    return (
        m.ReportEdition.objects.filter(report_year=year, final=True).order_by("-finalised").first()
    )


# --- comparing a build with an earlier one ------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The files of a build against those recorded for an edition (or the build before)."""

    against: str  # the edition compared with
    same: list[str]
    different: list[str]
    new: list[str]  # files the edition had no digest for yet
    renderer_changed: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def html_different(self) -> list[str]:
        return [f for f in self.different if not f.endswith(".pdf")]

    @property
    def pdf_different(self) -> list[str]:
        return [f for f in self.different if f.endswith(".pdf")]

    @property
    def verified(self) -> bool:
        """HTML identical, and PDFs identical unless the renderer changed."""
        return not self.html_different and not (self.pdf_different and not self.renderer_changed)


def digests(out: Path, files: list[Path]) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
    }


def compare(against: m.ReportEdition, built: dict[str, str]) -> Comparison:
    recorded: dict[str, str] = dict(against.files)
    same = sorted(n for n, d in built.items() if recorded.get(n) == d)
    different = sorted(n for n, d in built.items() if n in recorded and recorded[n] != d)
    new = sorted(n for n in built if n not in recorded)
    before = (against.inputs or {}).get("renderer", {})
    now = renderer()
    changed = {k: (before.get(k, "?"), v) for k, v in now.items() if before and before.get(k) != v}
    return Comparison(against.code, same, different, new, changed)


def input_changes(before: m.ReportEdition, after: m.ReportEdition) -> list[str]:
    """What `after` read that `before` did not, in words: deliveries, the progress round, the
    programme's definition, the software (what a draft says changed since the last build)."""
    old, new = before.inputs or {}, after.inputs or {}
    found = []
    added = sorted(set(new.get("vintages", [])) - set(old.get("vintages", [])))
    gone = sorted(set(old.get("vintages", [])) - set(new.get("vintages", [])))
    if added:
        found.append("nieuwe leveringen " + ", ".join(added))
    if gone:
        found.append("leveringen niet meer gelezen " + ", ".join(gone))
    if old.get("round") != new.get("round"):
        was, now = (_round_status(str(x.get("round", ""))) for x in (old, new))
        found.append(
            f"voortgangsronde: {was} → {now}" if was != now else "voortgangsrapporten gewijzigd"
        )
    if old.get("definition") != new.get("definition"):
        found.append("programmadefinitie gewijzigd")
    if old.get("software") != new.get("software"):
        found.append(f"software {old.get('software', '?')} → {new.get('software', '?')}")
    return found


def _round_status(state: str) -> str:
    """The status in a recorded round state (`_round_state`): "open", "geen ronde", …"""
    return "geen ronde" if state.startswith("geen ronde") else state.split(" ")[0] or "?"


def keep(edition: m.ReportEdition, built: dict[str, str]) -> None:
    """Remember the digests of files the edition has none for yet (its first build)."""
    missing = {n: d for n, d in built.items() if n not in edition.files}
    if missing:
        edition.files = {**edition.files, **missing}
        edition.save(update_fields=["files"])


# --- the previous report ------------------------------------------------------------------


@dataclass(frozen=True)
class PreviousFigure:
    """What the previous report published for one goal."""

    printed: str  # its % closed as published ("44,3%"), or "nvt"
    pct_closed: Fraction | None  # in percent units
    status: str | None  # groen/oranje/rood/geen; None where it was not published as text
    bucket: str | None


@dataclass(frozen=True)
class PreviousReport:
    year: int  # the year the previous report was about
    source: str  # in words, for the reader
    goals: dict[str, PreviousFigure]
    buckets: dict[tuple[str, str], str]  # (bucket, pillar) -> count as published


def previous_report(year: int) -> PreviousReport | None:
    """What was published for the year before `year`: its final edition; without one, what a
    printed report says (the report of `year` prints last year's % closed and band counts;
    a printed report of the year before prints its own)."""
    edition = final_edition(year - 1)
    if edition is not None:
        return _from_edition(edition)
    quoted = _printed(year, "ingelopen-vorig", "bucket-aantal-was")
    if quoted is not None:
        return PreviousReport(
            year - 1, f"het rapport over {year - 1}, zoals dat van {year} het aanhaalt", *quoted
        )
    own = _printed(year - 1, "ingelopen", "bucket-aantal")
    if own is not None:
        return PreviousReport(year - 1, f"het gedrukte rapport over {year - 1}", *own)
    return None


def _from_edition(edition: m.ReportEdition) -> PreviousReport:
    from nprz.core.formatting import format_share

    goals = {}
    # A final edition counted every goal, so a band it gave no goal of a pillar holds 0.
    pillars = {figure.get("pillar", "") for figure in edition.figures.values()}
    buckets = {(bucket.value, pillar): 0 for bucket in Bucket for pillar in pillars}
    for code, figure in edition.figures.items():
        pct = Fraction(figure["pct_closed"]) if figure.get("pct_closed") else None
        goals[code] = PreviousFigure(
            format_share(pct / 100) if pct is not None else "–",
            pct,
            figure.get("status"),
            figure.get("bucket"),
        )
        if figure.get("bucket"):
            buckets[figure["bucket"], figure.get("pillar", "")] += 1
    return PreviousReport(
        edition.report_year,
        f"de definitieve editie {edition.code} van het rapport over {edition.report_year}",
        goals,
        {key: str(count) for key, count in buckets.items()},
    )


def _printed(
    year: int, goal_kind: str, bucket_kind: str
) -> tuple[dict[str, PreviousFigure], dict[tuple[str, str], str]] | None:
    figures = list(
        m.PublishedFigure.objects.for_report(year)
        .filter(kind__in=(goal_kind, bucket_kind))
        .select_related("indicator")
    )
    if not figures:
        return None
    goals = {
        f.indicator.code: PreviousFigure(
            f.printed, Fraction(f.value) if f.value is not None else None, None, None
        )
        for f in figures
        if f.kind == goal_kind and f.indicator is not None
    }
    buckets = {}
    for f in figures:
        if f.kind == bucket_kind:
            bucket, _, pillar = f.key.partition(":")
            buckets[bucket, pillar] = f.printed
    return goals, buckets
