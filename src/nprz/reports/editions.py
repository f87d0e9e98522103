"""Report editions: which deliveries a report read, and whether a rebuild gave the same files.

Every `nprz report` run records (or finds) the edition for its year and set of deliveries.
`nprz report --editie CODE` pins that set (`nprz.monitor.pinning`), so a delivery imported
later cannot change a report that was already published; after the build the files' hashes
are compared with the ones recorded the first time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from nprz.monitor import models as m
from nprz.monitor import scope


class UnknownEdition(LookupError):
    pass


def used_vintages(year: int) -> list[str]:
    """The deliveries a report over `year` reads now: pinned ones, or all known by then."""
    return sorted(m.Vintage.objects.known_in(year).values_list("code", flat=True))


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
    """The edition for this year and the deliveries read now: an existing one or a new one.

    A new edition keeps what disclosure control hid and showed in it: a later decision must
    keep those cells hidden (`nprz.publication.disclosure.edition_cells`)."""
    vintages = used_vintages(year)
    for edition in m.ReportEdition.objects.filter(report_year=year):
        if edition.vintages == vintages:
            if not edition.disclosure and disclosure:
                edition.disclosure = disclosure
                edition.save(update_fields=["disclosure"])
            return edition
    number = m.ReportEdition.objects.filter(report_year=year).count() + 1
    return m.ReportEdition.objects.create(
        programme=scope.current(),
        code=f"rapport-{year}-{number}",
        report_year=year,
        vintages=vintages,
        built=timezone.now(),
        disclosure=disclosure or {},
    )


@dataclass(frozen=True)
class Comparison:
    same: list[str]
    different: list[str]
    new: list[str]  # files the edition had no hash for yet


def compare_and_keep(edition: m.ReportEdition, out: Path, files: list[Path]) -> Comparison:
    """Compare the built files with the edition's first build; keep hashes not known yet."""
    recorded: dict[str, str] = dict(edition.files)
    same, different, new = [], [], []
    for path in files:
        name = path.relative_to(out).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if name not in recorded:
            recorded[name] = digest
            new.append(name)
        elif recorded[name] == digest:
            same.append(name)
        else:
            different.append(name)
    if new:
        edition.files = recorded
        edition.save(update_fields=["files"])
    return Comparison(same, different, new)
