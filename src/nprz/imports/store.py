"""A delivery meets the store: check it, show what it would change, write it as a vintage.

Nothing is ever overwritten. An import adds one `Vintage` (kind "cbs" or "bestand", the next
sequence number) with its own observations, all in one transaction and only when the
delivery has no errors (on PostgreSQL the observations go in with COPY, inside that same
transaction; elsewhere with bulk_create). Imports get priority 0, so in the live store a
delivered figure is preferred over what a report printed, and a later import over an earlier
one; a report that was built before keeps reading exactly its own deliveries
(`ReportEdition`, `pinning`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max

from nprz.core.periods import Period
from nprz.imports.delivery import (
    Codes,
    Delivery,
    IncomingValue,
    KnownIndicator,
    Location,
    Problem,
    Severity,
)
from nprz.imports.problems import problem
from nprz.monitor import models as m
from nprz.monitor import scope

IMPORT_PRIORITY = 0
IMPORT_DATASET = "import"

Key = tuple[str, str, str]  # indicator code, area code, period


class Refused(Exception):
    """The delivery has errors (or was imported before): nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.code}: {p.message}" for p in self.problems))


def codes() -> Codes:
    indicators = {
        i.code: KnownIndicator(i.code, i.name, i.unit, i.decimals, i.period_type)
        for i in m.Indicator.objects.all()
    }
    areas = {a.code: a.name for a in m.Area.objects.all()}
    by_cbs = {
        a.cbs_code.strip(): a.code for a in m.Area.objects.exclude(cbs_code="").order_by("id")
    }
    return Codes(indicators, areas, by_cbs)


def check(delivery: Delivery) -> Delivery:
    """The delivery with the problems only the store can see: a file imported before, a code
    the store does not know, an indicator the delivery defines differently than the store."""
    where = Location(delivery.document)
    found: list[Problem] = []
    earlier = m.Vintage.objects.filter(sha256=delivery.sha256).exclude(sha256="").first()
    if earlier is not None:
        found.append(
            problem(
                "al-geimporteerd",
                f"deze levering is al geïmporteerd als {earlier.code} "
                f"({earlier.title}); een levering wordt nooit twee keer opgeslagen",
                where,
            )
        )
    known = codes()
    brought = {i.code for i in delivery.indicators}
    for new in delivery.indicators:
        existing = known.indicators.get(new.code)
        if existing is not None and existing.unit != new.unit:
            found.append(
                problem(
                    "indicator-andere-eenheid",
                    f"indicator {new.code} heeft in de database eenheid {existing.unit}, "
                    f"de levering noemt {new.unit}",
                    where,
                )
            )
    reported: set[tuple[str, str]] = set()
    # Most deliveries name only known codes: then no value needs looking at one by one.
    indicators = {v.indicator for v in delivery.values}
    areas = {v.area for v in delivery.values}
    all_known = indicators <= (known.indicators.keys() | brought) and areas <= known.areas.keys()
    for value in () if all_known else delivery.values:
        unknown = value.indicator not in known.indicators and value.indicator not in brought
        if unknown and ("indicator", value.indicator) not in reported:
            reported.add(("indicator", value.indicator))
            found.append(
                problem(
                    "onbekende-indicator",
                    f"indicator {value.indicator!r} staat niet in de database",
                    value.location,
                )
            )
        if value.area not in known.areas and ("area", value.area) not in reported:
            reported.add(("area", value.area))
            found.append(
                problem(
                    "onbekend-gebied",
                    f"gebied {value.area!r} staat niet in de database",
                    value.location,
                )
            )
    if not found:
        return delivery
    return delivery.with_problems(found)


@dataclass(frozen=True)
class Change:
    key: Key
    kind: str  # "nieuw", "gewijzigd" or "gelijk"
    was: str  # the value the store shows now, as printed; "" when there is none
    was_vintage: str
    wordt: str
    location: Location


@dataclass(frozen=True)
class Plan:
    delivery: Delivery
    changes: tuple[Change, ...]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def summary(self) -> str:
        return (
            f"{self.count('nieuw')} nieuw, {self.count('gewijzigd')} gewijzigd, "
            f"{self.count('gelijk')} gelijk"
        )


def current_values(
    report_year: int, indicators: Collection[str] | None = None
) -> dict[Key, m.Observation]:
    """Per cell, the observation the store prefers now for that report year (of the given
    indicators only, when given)."""
    found: dict[Key, m.Observation] = {}
    observations = m.Observation.objects.known_in(report_year)
    if indicators is not None:
        observations = observations.filter(indicator__code__in=indicators)
    for obs in observations.preferred_first():
        key = (obs.indicator.code, obs.area.code, obs.period)
        found.setdefault(key, obs)
    return found


def plan(delivery: Delivery) -> Plan:
    """What importing would change, cell by cell, against what the store shows now."""
    now = current_values(delivery.report_year, {v.indicator for v in delivery.values})
    changes = []
    for value in delivery.values:
        before = now.get(value.key)
        if before is None:
            kind, was, source = "nieuw", "", ""
        else:
            kind = "gelijk" if same_figure(before, value) else "gewijzigd"
            was, source = before.printed, before.vintage.code
        changes.append(Change(value.key, kind, was, source, value.printed, value.location))
    return Plan(delivery, tuple(changes))


def same_figure(before: m.Observation, value: IncomingValue) -> bool:
    """Does the delivered value say what the store holds (value and status, or the same
    missing mark)?"""
    if before.value is None or value.value is None:
        return before.value is None and value.value is None and before.printed == value.printed
    return Decimal(before.value) == value.value and before.status == value.status


@transaction.atomic
def apply(
    delivery: Delivery,
    user: str = "",
    received: datetime | None = None,
    planned: Plan | None = None,
) -> m.Vintage:
    """Write the delivery as a new vintage; refuse the whole of it on any error. `planned`:
    the plan the caller already showed for this delivery, kept as the vintage's summary."""
    from django.utils import timezone

    checked = check(delivery)
    if not checked.ok:
        raise Refused(checked.errors)
    # Two imports at once could take the same number; the unique code then makes the second
    # one fail whole, and it can simply be run again.
    sequence = (m.Vintage.objects.aggregate(s=Max("sequence"))["s"] or 0) + 1
    indicators = _indicators(checked)
    areas = dict(m.Area.objects.values_list("code", "id"))
    vintage = m.Vintage.objects.create(
        programme=scope.current(),
        code=f"{checked.kind}-{sequence:04d}",
        dataset=IMPORT_DATASET,
        title=checked.title[:200],
        document=checked.document[:300],
        report_year=checked.report_year,
        priority=IMPORT_PRIORITY,
        kind=checked.kind,
        sequence=sequence,
        sha256=checked.sha256,
        received=received or timezone.now(),
        received_by=user,
        summary=(planned or plan(checked)).summary,
    )
    write_observations(_observation_rows(checked, vintage.pk, indicators, areas))
    return vintage


# The observation's columns as COPY writes them, in this order; `_observation_rows` gives one
# tuple per value in the same order, for COPY and for bulk_create alike.
OBSERVATION_COLUMNS = (
    "indicator_id",
    "area_id",
    "period",
    "period_year",
    "vintage_id",
    "variant",
    "value",
    "resolution",
    "printed",
    "missing_reason",
    "suppressed",
    "status",
    "reference",
    "footnote",
    "source",
)
ObservationRow = tuple[object, ...]


def _observation_rows(
    delivery: Delivery,
    vintage_id: int,
    indicators: Mapping[str, m.Indicator],
    areas: Mapping[str, int],
) -> Iterator[ObservationRow]:
    years: dict[str, int] = {}  # a delivery repeats its few periods in every row
    for v in delivery.values:
        year = years.get(v.period)
        if year is None:
            year = years[v.period] = Period.parse(v.period).year
        yield (
            indicators[v.indicator].pk,
            areas[v.area],
            v.period,
            year,
            vintage_id,
            "",
            v.value,
            v.resolution,
            v.printed,
            v.missing_reason,
            v.suppressed,
            v.status,
            v.reference,
            v.note,
            _place(v.location)[:64],
        )


def write_observations(rows: Iterable[ObservationRow], *, copy: bool | None = None) -> int:
    """Write observation rows (`OBSERVATION_COLUMNS`) inside the caller's transaction: on
    PostgreSQL with COPY, elsewhere with bulk_create. A model instance per row cost as much
    as reading the delivery; COPY sends the rows as they are. `copy` chooses the way (a test
    writes the same rows both ways); by default COPY where the database has it."""
    if copy is None:
        copy = connection.vendor == "postgresql"
    if not copy:
        made = m.Observation.objects.bulk_create(
            m.Observation(**dict(zip(OBSERVATION_COLUMNS, row, strict=True))) for row in rows
        )
        return len(made)
    table = m.Observation._meta.db_table
    statement = f"COPY {table} ({', '.join(OBSERVATION_COLUMNS)}) FROM STDIN"
    written = 0
    # Inside the caller's transaction: a row PostgreSQL refuses undoes the whole import, and
    # its error reaches the caller as Django's, as from bulk_create.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(statement) as copying,
    ):
        for row in rows:
            copying.write_row(row)
            written += 1
    return written


def _place(location: Location) -> str:
    """Where in the delivery a value stood, without the file name (the vintage's title names
    the file): "rij 10", "blad gegevens, rij 4"."""
    return str(Location("", location.sheet, location.row, location.column)).lstrip(", ")


def _indicators(delivery: Delivery) -> dict[str, m.Indicator]:
    """The store's indicators, plus the ones the delivery defines and the store lacks; an
    indicator that exists is never changed by an import."""
    existing = {i.code: i for i in m.Indicator.objects.all()}
    last = max((i.position for i in existing.values()), default=0)
    for offset, new in enumerate(delivery.indicators, start=1):
        if new.code in existing:
            continue
        existing[new.code] = m.Indicator.objects.create(
            programme=scope.current(),
            code=new.code,
            name=new.name,
            measure=new.measure or new.code,
            pillar=new.pillar,
            role=m.Role.CONTEXT,
            unit=new.unit,
            decimals=new.decimals,
            period_type=new.period_type,
            source_text=new.source_text,
            definition=new.definition,
            additive=new.additive,
            position=last + offset,
            source=delivery.document[:64],
        )
    return existing


def deliveries() -> list[m.Vintage]:
    return list(m.Vintage.objects.exclude(kind="rapport").order_by("sequence"))


def severity_label(problem: Problem) -> str:
    return "fout" if problem.severity is Severity.FOUT else "waarschuwing"
