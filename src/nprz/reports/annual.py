"""The annual progress report as a `Document`: the chapters the programme's definition names,
in its order (`chapters` in programme.yaml), each built from the store's series.

Each chapter kind is built by a function of `goals`, `flows`, `programme` or `summary`; the
command shows a progress bar per chapter, so a chapter is built when it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from nprz import programmes, publication
from nprz.core.formatting import format_date
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.presenters.summary import summary_of
from nprz.programmes.schema import (
    Chapter,
    FlowsChapter,
    PathChapter,
    SimpleChapter,
    TableChapter,
)
from nprz.reports import goals, programme, summary
from nprz.reports.document import Document, Section
from nprz.reports.flows import flows_section


@dataclass(frozen=True)
class BuiltChapter:
    title: str
    build: Callable[[], list[Section]]


def chapters(year: int) -> Iterator[BuiltChapter]:
    """The chapters in the definition's order; each is built when asked for."""
    for spec in programmes.definition().chapters:
        yield BuiltChapter(_title(spec), _builder(spec, year))


def _title(spec: Chapter) -> str:
    if isinstance(spec, SimpleChapter):
        return spec.title or SIMPLE_TITLES[spec.kind]
    return spec.title


SIMPLE_TITLES = {
    "samenvatting": "Samenvatting",
    "algemeen": "Algemeen beeld",
    "werkwijze": "Werkwijze",
    "stoplicht": "Stoplicht",
    "banden": "Banden",
    "doelen": "Doelen en indicatoren",
    "interventies": "Interventies",
    "financien": "Financiën",
    "verantwoording": "Verantwoording",
}


def _builder(spec: Chapter, year: int) -> Callable[[], list[Section]]:
    targets = publication.targets(year)
    if isinstance(spec, FlowsChapter):
        return lambda: [flows_section(spec, year)]
    if isinstance(spec, TableChapter):
        return lambda: [programme.table_section(spec, year)]
    if isinstance(spec, PathChapter):
        return lambda: [programme.path_section(spec, year)]
    simple: dict[str, Callable[[], list[Section]]] = {
        "samenvatting": lambda: [summary.summary_section(year, targets)],
        "algemeen": lambda: goals.general_sections(year),
        "werkwijze": lambda: [goals.method_section(year, targets)],
        "stoplicht": lambda: [goals.stoplight_section(year, targets)],
        "banden": lambda: [goals.buckets_section(year, targets)],
        "doelen": lambda: [goals.indicator_sections(year, targets)],
        "interventies": lambda: [programme.interventions_section(year)],
        "financien": lambda: [programme.finance_section(year)],
        "verantwoording": lambda: [programme.sources_section(year)],
    }
    return simple[spec.kind]


def document(year: int, sections: list[Section], edition: str = "") -> Document:
    definition = programmes.definition()
    vintages = m.Vintage.objects.for_report(year)
    return Document(
        slug=f"{definition.branding.title.lower().replace(' ', '-')}-{year}",
        title=f"{definition.branding.title} {year}",
        subtitle=definition.name,
        year=year,
        cover=tuple(cover_lines(year, vintages, edition)),
        # The same generated summary as the home page and the Samenvatting chapter, from
        # the store through the publication layer: the cover and the site say the same.
        key_message=summary_of(year, publication.targets(year)).key_message,
        sections=sections,
        header=f"{definition.short_name} — {definition.branding.title} {year}",
        description=(
            f"De stand van de doelen en interventies van {definition.name} over {year}, "
            "gemaakt uit de gegevens van de monitor."
        ),
        author=definition.name,
    )


def cover_lines(year: int, vintages: object, edition: str = "") -> Iterator[str]:
    """What the cover says about the data; every date comes from the data, not the clock."""
    yield f"Rapportagejaar {year}"
    if programmes.definition().example:
        yield "Voorbeeld: het plan en de doelen zijn verzonnen (voorbeelddoelen), geen beleid"
    found = list(m.Vintage.objects.known_in(year).order_by("received", "code"))
    dated = [v.received.date() for v in found if v.received is not None]
    if dated:
        yield f"Gegevens tot en met {format_date(max(dated))}"
    deliveries = sum(1 for v in found if v.report_year == year)
    if deliveries:
        yield f"{deliveries} {'levering' if deliveries == 1 else 'leveringen'} over {year}"
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
    if edition:
        yield f"Editie {edition}"
