"""`nprz diff`: which values changed between two deliveries or report editions.

A side is a delivery (a vintage code: its own cells) or a report edition (the cells that
report read: per cell the value preferred among its pinned deliveries). Where the newer side
is a delivery, only its cells are compared: a delivery of ten figures says nothing about the
other thousands.

Before an import, `editions_touched` asks the same question the other way round: which
recorded report editions read a figure that this delivery would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from nprz.imports.delivery import IncomingValue
from nprz.imports.store import Key, Plan, current_values, same_figure
from nprz.monitor import models as m
from nprz.monitor import pinning


class UnknownSide(LookupError):
    """Neither a delivery nor a report edition goes by that code."""


@dataclass(frozen=True)
class Cell:
    printed: str
    value: Decimal | None
    status: str
    vintage: str


@dataclass(frozen=True)
class Side:
    code: str
    label: str
    is_delivery: bool
    cells: dict[Key, Cell]


@dataclass(frozen=True)
class Revision:
    key: Key
    kind: str  # "herzien" or "nieuw"
    before: Cell | None
    after: Cell

    @property
    def difference(self) -> Decimal | None:
        if self.before is None or self.before.value is None or self.after.value is None:
            return None
        return self.after.value - self.before.value


def side(code: str) -> Side:
    edition = m.ReportEdition.objects.filter(code=code).first()
    if edition is not None:
        with pinning.pinned(edition.vintages):
            cells = {k: _cell(o) for k, o in current_values(edition.report_year).items()}
        return Side(code, f"rapporteditie {edition.code}", False, cells)
    vintage = m.Vintage.objects.filter(code=code).first()
    if vintage is not None:
        cells = {
            (o.indicator.code, o.area.code, o.period): _cell(o)
            for o in vintage.observations.select_related("indicator", "area", "vintage")
        }
        return Side(code, f"levering {vintage.code}: {vintage.title}", True, cells)
    editions = ", ".join(m.ReportEdition.objects.values_list("code", flat=True)) or "geen"
    latest = ", ".join(
        m.Vintage.objects.exclude(kind="rapport")
        .order_by("-sequence")
        .values_list("code", flat=True)[:5]
    )
    raise UnknownSide(
        f"{code!r} is geen levering en geen rapporteditie; edities: {editions}; "
        f"recente leveringen: {latest or 'geen'} (nprz deliveries toont ze alle)"
    )


def _cell(o: m.Observation) -> Cell:
    value = None if o.value is None else Decimal(o.value)
    return Cell(o.printed, value, o.status, o.vintage.code)


def diff(before: Side, after: Side) -> list[Revision]:
    """Cells whose value or status differs, then cells only the newer side has."""
    keys = after.cells.keys() if after.is_delivery else after.cells.keys() | before.cells.keys()
    found = []
    for key in sorted(keys):
        new = after.cells.get(key)
        if new is None:
            continue
        old = before.cells.get(key)
        if old is None:
            found.append(Revision(key, "nieuw", None, new))
        elif (old.value, old.printed, old.status) != (new.value, new.printed, new.status):
            found.append(Revision(key, "herzien", old, new))
    return sorted(found, key=lambda r: (r.kind != "herzien", r.key))


# --- what a delivery would change of the recorded editions ------------------------------------

SHOWN_FIGURES = 20  # figures listed per edition; all are counted


@dataclass(frozen=True)
class TouchedFigure:
    key: Key
    was: str  # as the edition read it; "" for a figure the edition did not have
    was_vintage: str
    wordt: str


@dataclass(frozen=True)
class TouchedEdition:
    code: str
    report_year: int
    figures: tuple[TouchedFigure, ...]  # the first SHOWN_FIGURES, changed ones first
    changed: int  # figures the edition read that the delivery changes
    added: int  # figures the edition did not have, in series (indicator × area) it read

    @property
    def count(self) -> int:
        return self.changed + self.added

    @property
    def sentence(self) -> str:
        """The warning, the same on the upload page and the command line."""
        parts = []
        if self.changed:
            parts.append(f"verandert {_figures(self.changed)} die rapporteditie {self.code} ")
            parts.append(f"(rapportjaar {self.report_year}) heeft gelezen")
            if self.added:
                parts.append(f", en voegt {_figures(self.added)} toe aan haar reeksen")
        else:
            parts.append(
                f"voegt {_figures(self.added)} toe aan reeksen die rapporteditie {self.code} "
                f"(rapportjaar {self.report_year}) heeft gelezen"
            )
        return (
            "deze levering "
            + "".join(parts)
            + f". De editie zelf blijft zoals ze was (nprz report --editie {self.code}); de "
            f"cijfers over {self.report_year} op de website en in een nieuwe bouw van het "
            "rapport worden de nieuwe."
        )


def editions_considered(report_year: int) -> QuerySet[m.ReportEdition]:
    """The published editions a delivery filed under `report_year` can change: every final
    edition of that year or later, because the live figures of a year read the deliveries
    filed for it and before (`Observation.objects.known_in`); earlier years never see it. A
    draft is not published: changing what it read needs no warning."""
    return m.ReportEdition.objects.filter(report_year__gte=report_year, final=True).order_by(
        "report_year", "id"
    )


def editions_touched(plan: Plan) -> tuple[TouchedEdition, ...]:
    """The recorded editions whose figures this delivery changes: a figure the edition read
    gets another value, status or missing mark (was → wordt), or a series the edition read
    gets a figure it did not have (a newer period becomes its latest value)."""
    delivery = plan.delivery
    if not delivery.values:
        return ()
    indicators = {v.indicator for v in delivery.values}
    found = []
    for edition in editions_considered(delivery.report_year):
        with pinning.pinned(edition.vintages):
            read = current_values(edition.report_year, indicators)
        series = {(indicator, area) for indicator, area, _ in read}
        changed, added = [], []
        for value in delivery.values:
            before = read.get(value.key)
            if before is not None and not same_figure(before, value):
                changed.append(_changed(before, value))
            elif before is None and value.key[:2] in series:
                added.append(TouchedFigure(value.key, "", "", value.printed))
        if changed or added:
            shown = sorted(changed, key=lambda f: f.key) + sorted(added, key=lambda f: f.key)
            found.append(
                TouchedEdition(
                    edition.code,
                    edition.report_year,
                    tuple(shown[:SHOWN_FIGURES]),
                    len(changed),
                    len(added),
                )
            )
    return tuple(found)


def _changed(before: m.Observation, value: IncomingValue) -> TouchedFigure:
    """The figure as was and wordt; with the status when only the status differs."""
    was, wordt = before.printed, value.printed
    if was == wordt and before.status != value.status:
        was, wordt = f"{was} ({before.status})", f"{wordt} ({value.status})"
    return TouchedFigure(value.key, was, before.vintage.code, wordt)


def _figures(number: int) -> str:
    return f"{number} cijfer" if number == 1 else f"{number} cijfers"
