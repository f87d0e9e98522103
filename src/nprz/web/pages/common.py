"""What every page shares: the menu, status words, Dutch numbers and links."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

from nprz.charts.specs import Chart
from nprz.checks import run_checks
from nprz.checks.findings import Finding
from nprz.core.formatting import format_share, format_value
from nprz.core.printed import Printed, PrintedError, parse_printed
from nprz.core.status import Bucket, Status
from nprz.monitor import models as m
from nprz.monitor.facts import report_facts
from nprz.monitor.targets import TargetRow, target_rows
from nprz.web.pagecache import per_stamp
from nprz.web.tables import Cell, Column, Table, number

MENU = (
    ("/", "Overzicht"),
    ("/doelen/", "Stand van de doelen"),
    ("/indicatoren/", "Indicatoren"),
    ("/gebieden/", "Gebieden"),
    ("/interventies/", "Interventies"),
    ("/downloads/", "Downloads"),
)

# Status is always a word next to a shape (the CSS draws ✓, ◐, ✕ or –), never colour alone.
STATUS_WORDS = {
    Status.GROEN: "groen",
    Status.ORANJE: "oranje",
    Status.ROOD: "rood",
    Status.GEEN: "geen oordeel",
}
STATUS_MEANING = {
    Status.GROEN: "op of voorbij het doel van dit jaar",
    Status.ORANJE: "vooruitgang sinds de start, nog niet op het doel",
    Status.ROOD: "geen vooruitgang of achteruitgang sinds de start",
    Status.GEEN: "geen oordeel mogelijk of kwalitatief doel",
}
BUCKET_WORDS = {
    Bucket.BOVEN_DOEL: "op of boven doel",
    Bucket.VIJFTIEN_TOT_DOEL: "15% tot doel",
    Bucket.VIJF_TOT_VIJFTIEN: "5% tot 15%",
    Bucket.ONDER_VIJF: "onder 5%",
}
PILLARS = dict(m.Pillar.choices)
ROLES = {"doel": "doel", "indicator": "indicator", "context": "context"}
# Areas drawn on indicator charts, in legend order.
CHART_AREAS = ("focuswijken", "nprz", "rotterdam", "g4")


@dataclass
class Page:
    """A page before rendering: its template and context, and the tables and charts it shows
    by name, so `<page>/<name>.csv`, `.xlsx` and `.svg` serve exactly what the page shows."""

    template: str
    context: dict[str, Any]
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)


def chart_table(chart: Chart, slug: str, download_path: str) -> Table:
    """The data table that goes with a chart, for readers who cannot or will not see it."""
    return Table(
        slug=slug,
        title=f"Gegevens bij de grafiek: {chart.title}",
        columns=tuple(
            Column(_key(label), label, numeric=index > 0)
            for index, label in enumerate(chart.columns)
        ),
        rows=tuple(
            tuple(Cell(text, _plain(text) if index else None) for index, text in enumerate(row))
            for row in chart.rows
        ),
        download_path=download_path,
    )


def _plain(text: str) -> float | int | None:
    """A chart table's Dutch number back as a number for the downloads ("1.511" -> 1511)."""
    try:
        token = parse_printed(text.split(" (")[0])
    except PrintedError:
        return None
    return number(token.value) if isinstance(token, Printed) else None


def _key(label: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in label.casefold()).strip("_")


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    current: bool = False


def current_year(request: HttpRequest) -> ReportYear:
    """The report year asked for (or the latest), with the latest for clean links."""
    from nprz.monitor.targets import known_years
    from nprz.web.params import report_year

    years = known_years()
    return ReportYear(report_year(request, years), years[-1] if years else 0)


def page(request_path: str, title: str, year: ReportYear | None, **context: Any) -> dict[str, Any]:
    """The context every template gets: title, menu (with the current item), year."""
    section = "/" + request_path.strip("/").split("/")[0] + "/" if request_path != "/" else "/"
    menu = [Link(year.link(href) if year else href, label, href == section) for href, label in MENU]
    return {
        "title": title,
        "year": year.value if year else None,
        "report_year": year,
        "menu": menu,
        **context,
    }


def value_text(value: Fraction | None, unit: str, decimals: int) -> str:
    return format_value(value, unit, decimals)


def target_text(value: Fraction | None, unit: str, decimals: int) -> str:
    # A target is printed one decimal finer than its percentage data (41% -> doel 47,2%).
    places = max(decimals, 1) if unit == "percent" else decimals
    return format_value(value, unit, places)


def value_cell(value: Fraction | None, unit: str, decimals: int, note: str = "") -> Cell:
    return Cell(value_text(value, unit, decimals), number(value), note=note)


def share_cell(share: Fraction | None) -> Cell:
    return Cell(format_share(share), number(share * 100) if share is not None else None)


def status_cell(status: Status) -> Cell:
    return Cell(STATUS_WORDS[status], status.value, status=status.value)


@dataclass(frozen=True)
class ReportYear:
    """The report year a page shows, and the latest one (the default, left out of links)."""

    value: int
    latest: int

    def link(self, path: str, **params: str) -> str:
        """`path` with this year (unless it is the default) and `params`, empty ones dropped."""
        query = {"jaar": str(self.value)} if self.value != self.latest else {}
        query.update({k: v for k, v in params.items() if v})
        return f"{path}?{urlencode(query)}" if query else path

    def indicator(self, code: str) -> str:
        return self.link(f"/indicatoren/{code}/")

    def area(self, code: str) -> str:
        return self.link(f"/gebieden/{code}/")


# Findings that recompute a hidden small count: the analyst's `nprz check` shows the value,
# a public page or report never does (that would publish what the "<5" hid).
DISCLOSING = frozenset({"herleidbaar", "deels-herleidbaar"})
MASKED = "afgeschermd"


@per_stamp
def findings(year: int) -> list[Finding]:
    """What `nprz check` finds in the report of `year`, computed once per state of the data,
    with recomputed small counts masked."""
    return [
        dataclasses.replace(f, recomputed=MASKED) if f.code in DISCLOSING else f
        for f in run_checks(report_facts(year))
    ]


@per_stamp
def targets(year: int) -> list[TargetRow]:
    """Every target's row for `year`; several pages show them, so they are computed once."""
    return target_rows(year)


def findings_for(year: int, *, indicator: str = "", area: str = "") -> list[Finding]:
    """Findings about one indicator (its own, or in one of its areas) or about one area."""
    found = []
    for finding in findings(year):
        subject, _, where = finding.subject.partition("@")
        if (indicator and subject == indicator) or (area and where == area):
            found.append(finding)
    return found
