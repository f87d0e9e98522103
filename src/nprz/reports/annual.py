"""The annual progress report as a `Document`, its chapters in the order of the 2024 report.

Each chapter is built by a function of `goals` or `programme`; `SECTIONS` names them so the
command can show a progress bar per chapter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from nprz.core.formatting import format_date
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor.targets import TargetRow
from nprz.publication import targets
from nprz.reports import goals, programme
from nprz.reports.document import Document, Section
from nprz.reports.flows import flows_section


@dataclass(frozen=True)
class Chapter:
    title: str
    build: Callable[[], list[Section]]


def chapters(year: int) -> Iterator[Chapter]:
    """The chapters in order; each is built when asked for (so progress can be shown)."""
    rows: list[TargetRow] = targets(year)
    yield Chapter("Algemeen beeld", lambda: [goals.general_section(year)])
    yield Chapter("Verhuisbewegingen", lambda: [flows_section(year)])
    yield Chapter("Werkwijze", lambda: [goals.method_section(year, rows)])
    yield Chapter("Stoplicht", lambda: [goals.stoplight_section(year, rows)])
    yield Chapter("Banden", lambda: [goals.buckets_section(year, rows)])
    yield Chapter("Doelen en indicatoren", lambda: [goals.indicator_sections(year, rows)])
    yield Chapter(
        "Thuiszitters, huisuitzettingen, doorstroming",
        lambda: programme.side_table_sections(year),
    )
    yield Chapter("Bijstand", lambda: [programme.caseload_section(year)])
    yield Chapter("Interventies", lambda: [programme.interventions_section(year)])
    yield Chapter("Financiën", lambda: [programme.finance_section(year)])
    yield Chapter("Verantwoording", lambda: [programme.sources_section(year)])


def document(year: int, sections: list[Section]) -> Document:
    vintages = m.Vintage.objects.for_report(year)
    dataset = vintages.filter(kind="rapport").order_by("priority").first()
    return Document(
        slug=f"voortgangsrapportage-{year}",
        title=f"Voortgangsrapportage {year}",
        subtitle="Nationaal Programma Rotterdam Zuid",
        year=year,
        cover=tuple(cover_lines(year, dataset, vintages.imported().count())),
        sections=sections,
        header=f"NPRZ — Voortgangsrapportage {year}",
        description=(
            f"De stand van de doelen en interventies van het NPRZ over {year}, "
            "gemaakt uit de gegevens van de monitor."
        ),
    )


def cover_lines(year: int, dataset: m.Vintage | None, imported: int = 0) -> Iterator[str]:
    """What the cover says about the data; every date comes from the data, not the clock."""
    yield f"Rapportagejaar {year}"
    deliveries = f"{imported} levering{'en' if imported != 1 else ''}" if imported else ""
    if dataset is not None:
        yield f"Gegevens: {dataset.dataset}" + (f" en {deliveries}" if deliveries else "")
    elif deliveries:
        yield f"Gegevens: {deliveries}"
    round_ = iv.ProgressRound.objects.filter(year=year).first()
    if round_ is not None:
        published = (
            round_.reports.filter(updated_at__isnull=False)
            .order_by("-updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )
        if published is not None:
            yield f"Voortgangsronde bijgewerkt tot {format_date(published.date())}"
        else:
            yield f"Voortgangsronde {year}: {round_.get_status_display()}"
