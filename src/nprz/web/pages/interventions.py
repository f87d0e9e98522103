"""The public interventions pages: the list per pillar and one intervention's page.

The list shows by default the last year whose round is published whole
(`queries.complete_year`); a later round published in part is there with `?jaar=` and a
sentence says so."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from nprz import programmes
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.colour_summary import (
    compare,
    known_sentences,
    printed_counts,
    printed_sentence,
)
from nprz.interventions.queries import (
    InterventionRow,
    UnknownRound,
    complete_year,
    effective_colour,
    imported_colours,
    intervention_rows,
    published_rounds,
)
from nprz.presenters.addresses import address
from nprz.presenters.common import ReportYear
from nprz.presenters.interventions import (
    colour_cell,
    colour_table,
    kpi_table,
    movement_cell,
    publication_note,
    summary_table,
)
from nprz.presenters.paths import page_path
from nprz.presenters.tables import Cell, Column, Table
from nprz.programmes.schema import PathChapter
from nprz.publication import wording
from nprz.web import params
from nprz.web.pages.common import Page, page


def _rows(request: HttpRequest, year: int) -> list[InterventionRow]:
    try:
        return intervention_rows(year, published_only=True)
    except UnknownRound as error:
        raise Http404(f"Er zijn geen interventies voor {year}.") from error


def round_year(request: HttpRequest) -> ReportYear:
    """`?jaar=` among the PUBLISHED rounds; without it the last complete one (every report
    published), so a round published in part never replaces a whole year. A round is public
    once the bureau publishes it, whether or not indicator figures of that year are loaded."""
    rounds = published_rounds()
    if not rounds:
        raise Http404("Er is nog geen gepubliceerde voortgangsronde.")
    default = complete_year(rounds) or rounds[-1].year
    if not request.GET.get("jaar", "").strip():
        return ReportYear(default, default)
    return ReportYear(params.report_year(request, [r.year for r in rounds]), default)


def build_list(request: HttpRequest) -> Page:
    year = round_year(request)
    params.reject_unknown(request, ("jaar", "pijler"))
    known = pillars.with_interventions()
    pillar = params.choice(request, "pijler", list(known))
    rows = [r for r in _rows(request, year.value) if not pillar or r.pillar == pillar]
    table = Table(
        slug=f"interventies-{year.value}",
        title=f"Interventies {year.value}" + (f" — {known[pillar]}" if pillar else ""),
        caption=f"{len(rows)} interventies",
        columns=(
            Column("interventie", "Interventie"),
            Column("pijler", "Pijler"),
            Column("nummer", "Nr."),
            Column("initiatiefnemers", "Initiatiefnemers"),
            Column("kpis", "KPI's", numeric=True),
            Column("kleur_vorig", f"Kleur {year.value - 1}"),
            Column("kleur", f"Kleur {year.value}"),
            Column("beweging", "Beweging"),
        ),
        rows=tuple(
            (
                Cell(
                    r.name,
                    f"{r.pillar}-{r.number}",
                    href=year.link(f"/interventies/{r.pillar}/{r.number}/"),
                ),
                Cell(pillars.name(r.pillar), r.pillar),
                Cell(r.number),
                Cell(", ".join(r.initiators) or "–", "; ".join(r.initiators) or None),
                Cell(str(r.kpi_count), r.kpi_count),
                colour_cell(r.colour_previous),
                colour_cell(r.colour),
                movement_cell(r.movement),
            )
            for r in rows
        ),
        download_path="/interventies/tabel",
        download_query=year.link("", pijler=pillar),
    )
    summary = summary_table(rows, year.value)
    everything = rows if not pillar else _rows(request, year.value)
    colours = colour_table(everything, year.value)
    comparisons = compare(everything, year.value)
    # The menu links carry no year: other pages know other years than the rounds.
    context = page(
        request.path,
        f"Interventies {year.value}",
        None,
        table=table,
        summary=summary,
        colours=colours,
        known=known_sentences(everything, year.value),
        printed=wording.text_for_reader(printed_sentence(printed_counts(year.value), comparisons)),
        publication=publication_note(year.value, on_page=True),
        pillars=[(code, label, code == pillar) for code, label in known.items()],
        pillar=pillar,
        paths=[
            {"title": spec.title, "href": page_path(spec.anchor)}
            for spec in programmes.definition().chapters
            if isinstance(spec, PathChapter)
        ],
        crumbs=[{"href": year.link("/"), "label": "Overzicht"}, {"label": "Interventies"}],
    )
    context |= {"year": year.value, "report_year": year}
    tables = {"tabel": table, "samenvatting": summary}
    if colours is not None:
        tables["kleuren"] = colours
    return Page("web/interventions.html", context, tables=tables)


def build(request: HttpRequest, pillar: str, number: str) -> Page:
    year = round_year(request)
    params.reject_unknown(request, ("jaar",))
    intervention = (
        iv.Intervention.objects.filter(pillar=pillar, number=number)
        .prefetch_related("initiator_set__organisation", "areas", "kpis__values__round")
        .first()
    )
    if intervention is None:
        raise Http404(f"Er is geen interventie {number} in pijler {pillar!r}.")
    reports = {
        r.round.year: r
        for r in intervention.progress.select_related("round").filter(
            round__status=iv.RoundStatus.GEPUBLICEERD, status=iv.ReportStatus.GEPUBLICEERD
        )
    }
    imported = imported_colours(list(reports))
    colours = {
        y: effective_colour(r.colour, (y, intervention.pillar, intervention.number), imported)
        for y, r in reports.items()
    }
    kpis = kpi_table(intervention, year.value)
    current = reports.get(year.value)
    later = [y for y in reports if y > year.value]
    context = page(
        request.path,
        intervention.name,
        None,
        intervention=intervention,
        pillar=pillars.name(intervention.pillar),
        current=current,
        # Sources as the reader knows them; the notes on reading the report are the
        # analyst's (`nprz.publication.wording`).
        source=wording.source(intervention.source, wording.report_name(year.value)),
        progress_source=wording.source(current.source, wording.report_name(year.value))
        if current and current.source
        else "",
        note=wording.note_for_reader(intervention.note),
        colour=colour_cell(colours[year.value]) if current else None,
        previous=colour_cell(colours[year.value - 1]) if year.value - 1 in colours else None,
        later=[
            (y, colour_cell(colours[y]), address(f"/interventies/{pillar}/{number}/?jaar={y}"))
            for y in sorted(later)
        ],
        kpis=kpis,
        crumbs=[
            {"href": year.link("/"), "label": "Overzicht"},
            {"href": year.link("/interventies/"), "label": "Interventies"},
            {"label": f"{pillars.name(intervention.pillar)} {intervention.number}"},
        ],
    )
    context |= {"year": year.value, "report_year": year}
    return Page("web/intervention.html", context, tables={"kpis": kpis})
