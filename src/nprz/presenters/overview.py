"""The programme at a glance: per pillar how many goals are groen, oranje, rood; the goals
proper; the bands of % closed. The home page and the report's stoplight chapter use these."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from nprz.charts.specs import Chart, status_chart
from nprz.core.status import Bucket, Status
from nprz.monitor.targets import TargetRow
from nprz.presenters.common import (
    BUCKET_WORDS,
    CLOSED_NOTE,
    STATUS_WORDS,
    ReportYear,
    closed_cell,
    pillar_name,
    pillars,
    status_cell,
    target_text,
    value_cell,
)
from nprz.presenters.tables import Cell, Column, Table, number

STATUSES = (Status.GROEN, Status.ORANJE, Status.ROOD, Status.GEEN)


@dataclass(frozen=True)
class PillarSummary:
    code: str
    label: str
    counts: dict[str, int]  # status value -> number of goals and indicators
    total: int
    href: str

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, STATUS_WORDS[s], self.counts[s.value]) for s in STATUSES]


def pillar_summaries(rows: list[TargetRow], year: ReportYear) -> list[PillarSummary]:
    found = []
    for code, label in pillars().items():
        mine = [r for r in rows if r.pillar == code]
        if not mine:
            continue
        counts = Counter(r.assessment.status.value for r in mine)
        found.append(
            PillarSummary(
                code,
                label,
                {s.value: counts.get(s.value, 0) for s in STATUSES},
                len(mine),
                year.link("/doelen/", pijler=code),
            )
        )
    return found


def status_count_table(summaries: list[PillarSummary], year: ReportYear) -> Table:
    columns = (
        Column("pijler", "Pijler"),
        *(Column(s.value, STATUS_WORDS[s], numeric=True) for s in STATUSES),
        Column("totaal", "Totaal", numeric=True),
    )
    rows = tuple(
        (
            Cell(p.label, p.code, href=p.href),
            *(Cell(str(p.counts[s.value]), p.counts[s.value]) for s in STATUSES),
            Cell(str(p.total), p.total),
        )
        for p in summaries
    )
    totals = [sum(p.counts[s.value] for p in summaries) for s in STATUSES]
    rows += ((Cell("Alle pijlers", "totaal"), *(Cell(str(n), n) for n in totals),
              Cell(str(sum(totals)), sum(totals))),)  # fmt: skip
    return Table(
        slug=f"status-{year.value}",
        title=f"Status per pijler, {year.value}",
        caption="aantal doelen en indicatoren met een doel",
        columns=columns,
        rows=rows,
        download_path="/status",
        download_query=year.link(""),
    )


def status_figure(summaries: list[PillarSummary], year: ReportYear) -> Chart:
    counts = [
        (p.label, s.value, p.counts[s.value])
        for p in summaries
        for s in STATUSES
        if p.counts[s.value]
    ]
    return status_chart(title=f"Status van de doelen per pijler, {year.value}", counts=counts)


def headline_table(rows: list[TargetRow], year: ReportYear) -> Table:
    """The goals proper (role doel), the ones the programme is judged on."""
    goals = [r for r in rows if r.role == "doel"]
    return Table(
        slug=f"hoofddoelen-{year.value}",
        title=f"De doelen van het programma, {year.value}",
        columns=(
            Column("doel", "Doel"),
            Column("pijler", "Pijler"),
            Column("actueel", "Laatste waarde", numeric=True),
            Column("doel_waarde", f"Doel {year.value}", numeric=True),
            Column("ingelopen", "% ingelopen", numeric=True),
            Column("status", "Status"),
        ),
        rows=tuple(
            (
                Cell(r.name, r.code, href=year.indicator(r.code)),
                Cell(pillar_name(r.pillar), r.pillar),
                value_cell(r.current_value, r.unit, r.decimals, note=r.current_period),
                Cell(
                    target_text(r.assessment.target_value, r.unit, r.decimals),
                    number(r.assessment.target_value),
                ),
                closed_cell(r),
                status_cell(r.assessment.status),
            )
            for r in goals
        ),
        download_path="/hoofddoelen",
        download_query=year.link(""),
        notes=(CLOSED_NOTE,),
    )


def bucket_table(rows: list[TargetRow], year: ReportYear) -> Table:
    counts = Counter(r.assessment.bucket for r in rows if r.assessment.bucket)
    return Table(
        slug=f"banden-{year.value}",
        title=f"Hoeveel van het verschil is ingelopen, {year.value}",
        caption="aantal doelen en indicatoren per band van het percentage ingelopen",
        columns=(Column("band", "Band"), Column("aantal", "Aantal", numeric=True)),
        rows=tuple(
            (Cell(BUCKET_WORDS[b], b.value), Cell(str(counts.get(b, 0)), counts.get(b, 0)))
            for b in Bucket
        ),
        download_path="/banden",
        download_query=year.link(""),
    )
