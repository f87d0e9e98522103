"""The public interventions pages: the list per pillar and one intervention."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from nprz.core.movement import Colour
from nprz.interventions import models as iv
from nprz.interventions.queries import (
    InterventionRow,
    UnknownRound,
    intervention_rows,
)
from nprz.presenters.common import ReportYear
from nprz.presenters.interventions import PILLARS, colour_cell, kpi_table, summary_table
from nprz.presenters.tables import Cell, Column, Table
from nprz.web import params
from nprz.web.pages.common import Page, page


def _rows(request: HttpRequest, year: int) -> list[InterventionRow]:
    try:
        return intervention_rows(year, published_only=True)
    except UnknownRound as error:
        raise Http404(f"Er zijn geen interventies voor {year}.") from error


def round_year(request: HttpRequest) -> ReportYear:
    """`?jaar=` among the PUBLISHED rounds (default: the latest). A round is public once the
    bureau publishes it, whether or not indicator figures of that year are loaded."""
    published = list(
        iv.ProgressRound.objects.filter(status=iv.RoundStatus.GEPUBLICEERD)
        .order_by("year")
        .values_list("year", flat=True)
    )
    if not published:
        raise Http404("Er is nog geen gepubliceerde voortgangsronde.")
    return ReportYear(params.report_year(request, published), published[-1])


def build_list(request: HttpRequest) -> Page:
    year = round_year(request)
    params.reject_unknown(request, ("jaar", "pijler"))
    pillar = params.choice(request, "pijler", list(PILLARS))
    rows = [r for r in _rows(request, year.value) if not pillar or r.pillar == pillar]
    table = Table(
        slug=f"interventies-{year.value}",
        title=f"Interventies {year.value}" + (f" — {PILLARS[pillar]}" if pillar else ""),
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
                Cell(PILLARS[r.pillar], r.pillar),
                Cell(r.number),
                Cell(", ".join(r.initiators) or "–", "; ".join(r.initiators) or None),
                Cell(str(r.kpi_count), r.kpi_count),
                colour_cell(r.colour_previous),
                colour_cell(r.colour),
                Cell(r.movement.value, r.movement.value),
            )
            for r in rows
        ),
        download_path="/interventies/tabel",
        download_query=year.link("", pijler=pillar),
    )
    summary = summary_table(rows, year.value)
    # The menu links carry no year: other pages know other years than the rounds.
    context = page(
        request.path,
        f"Interventies {year.value}",
        None,
        table=table,
        summary=summary,
        pillars=[(code, label, code == pillar) for code, label in PILLARS.items()],
        pillar=pillar,
        crumbs=[{"href": year.link("/"), "label": "Overzicht"}, {"label": "Interventies"}],
    )
    context |= {"year": year.value, "report_year": year}
    return Page("web/interventions.html", context, tables={"tabel": table, "samenvatting": summary})


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
            round__status=iv.RoundStatus.GEPUBLICEERD
        )
    }
    kpis = kpi_table(intervention, year.value)
    current = reports.get(year.value)
    context = page(
        request.path,
        intervention.name,
        None,
        intervention=intervention,
        pillar=PILLARS[intervention.pillar],
        current=current,
        colour=colour_cell(Colour(current.colour)) if current else None,
        previous=colour_cell(Colour(reports[year.value - 1].colour))
        if year.value - 1 in reports
        else None,
        kpis=kpis,
        crumbs=[
            {"href": year.link("/"), "label": "Overzicht"},
            {"href": year.link("/interventies/"), "label": "Interventies"},
            {"label": f"{PILLARS[intervention.pillar]} {intervention.number}"},
        ],
    )
    context |= {"year": year.value, "report_year": year}
    return Page("web/intervention.html", context, tables={"kpis": kpis})
