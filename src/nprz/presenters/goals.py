"""Stand van de doelen: the report's stoplight table recomputed, sortable and filterable, as the
website and the report show it.

Sorting and filtering are plain links and a GET form on the site, so they work without
JavaScript and every view of the table has its own address (and its own downloads)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from nprz.core.status import Status
from nprz.monitor.targets import TargetRow
from nprz.presenters.common import (
    BUCKET_WORDS,
    CLOSED_NOTE,
    ROLES,
    STATUS_WORDS,
    ReportYear,
    closed_cell,
    common_end_year,
    end_level,
    pillar_name,
    pillars,
    status_cell,
    target_text,
    value_cell,
)
from nprz.presenters.tables import Cell, Column, Sorting, Table, number
from nprz.publication.editions import previous_report

STATUS_ORDER = {Status.GROEN: 0, Status.ORANJE: 1, Status.ROOD: 2, Status.GEEN: 3}


@dataclass(frozen=True)
class Previous:
    """What the previous report published for a goal: its % closed as printed, and its
    status where that is known (a final edition; a printed report quotes only the %)."""

    printed: str
    value: Fraction | None
    status: str | None = None


@dataclass(frozen=True)
class Selection:
    pillar: str = ""
    status: str = ""
    role: str = ""
    sort: str = "volgorde"
    descending: bool = False

    def params(self, **changes: str) -> dict[str, str]:
        current = {
            "pijler": self.pillar,
            "status": self.status,
            "rol": self.role,
            "sorteer": "" if self.sort == "volgorde" else self.sort,
            "richting": "af" if self.descending else "",
        }
        current.update(changes)
        return current


def _missing_last(value: Fraction | None, descending: bool) -> tuple[bool, Fraction]:
    # Missing values sort after all known ones, whichever the direction.
    if value is None:
        return (not descending, Fraction(0))
    return (descending, value)


SORT_KEYS: dict[str, Callable[[TargetRow, Previous | None, bool], Any]] = {
    "volgorde": lambda row, prev, desc: 0,
    "naam": lambda row, prev, desc: row.name.casefold(),
    "pijler": lambda row, prev, desc: list(pillars()).index(row.pillar),
    "ingelopen": lambda row, prev, desc: _missing_last(row.assessment.share_closed, desc),
    "vorig": lambda row, prev, desc: _missing_last(prev.value if prev else None, desc),
    "status": lambda row, prev, desc: STATUS_ORDER[row.assessment.status],
}


def previous_closed(year: int) -> dict[str, Previous]:
    """Per goal the % closed the previous report published (`previous_report`)."""
    found = previous_report(year)
    if found is None:
        return {}
    return {code: Previous(f.printed, f.pct_closed, f.status) for code, f in found.goals.items()}


def previous_status_cell(previous: Previous | None) -> Cell:
    """The status the previous report published; "–" where it is not known."""
    if previous is None or not previous.status:
        return Cell("–")
    return status_cell(Status(previous.status))


def select(
    rows: list[TargetRow], previous: dict[str, Previous], selection: Selection
) -> list[TargetRow]:
    chosen = [
        r
        for r in rows
        if (not selection.pillar or r.pillar == selection.pillar)
        and (not selection.status or r.assessment.status.value == selection.status)
        and (not selection.role or r.role == selection.role)
    ]
    key = SORT_KEYS[selection.sort]
    # Python's sort is stable: equal keys keep the report's order.
    return sorted(
        chosen,
        key=lambda r: key(r, previous.get(r.code), selection.descending),
        reverse=selection.descending,
    )


def goals_table(
    rows: list[TargetRow],
    previous: dict[str, Previous],
    selection: Selection,
    year: ReportYear,
) -> Table:
    shown = select(rows, previous, selection)
    end = end_level(common_end_year(r.end_year for r in rows))
    columns = (
        Column("indicator", "Doel of indicator", sort="naam"),
        Column("status", "Status", sort="status"),
        Column("ingelopen", f"% ingelopen {year.value}", numeric=True, sort="ingelopen"),
        Column("ingelopen_vorig", "% ingelopen vorig rapport", numeric=True, sort="vorig"),
        Column("status_vorig", "Status vorig rapport"),
        Column("doel", f"Doel {year.value}", numeric=True),
        Column("actueel", "Laatste waarde", numeric=True),
        Column("actueel_periode", "Periode"),
        Column("start", "Startwaarde", numeric=True),
        Column("start_periode", "Start"),
        Column("eindniveau", end.capitalize(), numeric=True),
        Column("band", "Band"),
        Column("pijler", "Pijler", sort="pijler"),
        Column("rol", "Rol"),
    )
    body = tuple(_row(r, previous.get(r.code), year) for r in shown)
    links = {}
    for key in SORT_KEYS:
        descending = key == selection.sort and not selection.descending
        links[key] = year.link(
            "/doelen/",
            **selection.params(
                sorteer="" if key == "volgorde" else key, richting="af" if descending else ""
            ),
        )
    filters = ", ".join(
        text
        for text in (
            pillars().get(selection.pillar, ""),
            STATUS_WORDS[Status(selection.status)] if selection.status else "",
            ROLES.get(selection.role, ""),
        )
        if text
    )
    return Table(
        slug=f"doelen-{year.value}",
        title=f"Stand van de doelen {year.value}" + (f" — {filters}" if filters else ""),
        caption=f"{len(shown)} van {len(rows)} doelen en indicatoren",
        columns=columns,
        rows=body,
        download_path="/doelen/tabel",
        download_query=year.link("", **selection.params()),
        notes=(
            f"{end.capitalize()}: de actuele waarde van het referentiegebied, een vaste norm "
            "of het eindpunt van een pad.",
            "% ingelopen en status vorig rapport: zoals het vorige rapport ze publiceerde (de "
            "definitieve editie; een gedrukt rapport haalt alleen het percentage aan).",
            CLOSED_NOTE,
        ),
        sorting=Sorting(selection.sort, selection.descending, links),
    )


def _row(row: TargetRow, previous: Previous | None, year: ReportYear) -> tuple[Cell, ...]:
    a = row.assessment
    return (
        Cell(row.name, row.code, href=year.indicator(row.code)),
        status_cell(a.status),
        closed_cell(row),
        Cell(previous.printed, number(previous.value)) if previous else Cell("–"),
        previous_status_cell(previous),
        Cell(target_text(a.target_value, row.unit, row.decimals), number(a.target_value)),
        value_cell(row.current_value, row.unit, row.decimals),
        Cell(row.current_period or "–", row.current_period or None),
        value_cell(row.start_value, row.unit, row.decimals),
        Cell(row.start_period or "–", row.start_period or None),
        value_cell(row.reference_value, row.unit, row.decimals),
        Cell(BUCKET_WORDS[a.bucket], a.bucket.value) if a.bucket else Cell("–"),
        Cell(pillar_name(row.pillar), row.pillar),
        Cell(ROLES.get(row.role, row.role), row.role),
    )
