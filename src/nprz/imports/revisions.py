"""`nprz diff`: which values changed between two deliveries or report editions.

A side is a delivery (a vintage code: its own cells) or a report edition (the cells that
report read: per cell the value preferred among its pinned deliveries). Where the newer side
is a delivery, only its cells are compared: a delivery of ten figures says nothing about the
other thousands.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nprz.imports.store import Key, current_values
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
