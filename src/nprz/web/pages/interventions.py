"""The interventions per pillar with colour and movement, and one intervention's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from nprz.core.movement import Colour, Movement
from nprz.interventions import models as iv
from nprz.interventions.queries import (
    InterventionRow,
    UnknownRound,
    counts_per_pillar,
    intervention_rows,
    movement_summary,
)
from nprz.web import params
from nprz.web.pages.common import Page, ReportYear, page
from nprz.web.tables import Cell, Column, Table, number

PILLARS = dict(iv.InterventionPillar.choices)


def colour_cell(colour: Colour | None) -> Cell:
    if colour is None:
        return Cell("– (nieuw)", None)
    return Cell(colour.word, colour.value, status=f"kleur-{colour.value}")


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


def summary_table(rows: list[InterventionRow], year: int) -> Table:
    summary = movement_summary(rows)
    numbers = counts_per_pillar(rows)
    return Table(
        slug=f"samenvatting-voortgang-{year}",
        title=f"Samenvatting voortgang {year}",
        caption="berekend uit de kleuren van twee jaren; onbekend waar geen kleur is vastgelegd",
        columns=(
            Column("pijler", "Pijler"),
            *(Column(m.value, m.value, numeric=True) for m in Movement),
            Column("regels", "Regels", numeric=True),
            Column("interventies", "Interventies (a/b/c als één)", numeric=True),
        ),
        rows=tuple(
            (
                Cell(PILLARS.get(pillar, pillar), pillar),
                *(Cell(str(counts.get(m, 0)), counts.get(m, 0)) for m in Movement),
                Cell(str(sum(counts.values())), sum(counts.values())),
                Cell(str(numbers[pillar]), numbers[pillar]),
            )
            for pillar, counts in summary.items()
        ),
        download_path="/interventies/samenvatting",
    )


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
    kpis = _kpi_table(intervention, year.value)
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


def _kpi_table(intervention: iv.Intervention, year: int) -> Table:
    rows = []
    for kpi in intervention.kpis.all():
        # Only what a published round holds: values typed in an open round stay inside it.
        for value in kpi.values.all():
            if value.round.status != iv.RoundStatus.GEPUBLICEERD or value.round.year > year:
                continue
            rows.append(
                (
                    Cell(kpi.label),
                    Cell(kpi.scope),
                    Cell(value.period),
                    Cell(value.get_kind_display(), value.kind),
                    Cell(value.printed, number(value.value)),
                    Cell(value.source),
                )
            )
    return Table(
        slug=f"kpis-{intervention.pillar}-{intervention.number}-{year}",
        title=f"KPI's van {intervention.name}",
        caption="waarden zoals gedrukt in het rapport, met hun regel",
        columns=(
            Column("kpi", "KPI"),
            Column("bereik", "Bereik"),
            Column("periode", "Periode"),
            Column("soort", "Soort"),
            Column("waarde", "Waarde", numeric=True),
            Column("bron", "Bron"),
        ),
        rows=tuple(rows),
        download_path=f"/interventies/{intervention.pillar}/{intervention.number}/kpis",
        download_query=f"?jaar={year}",
    )
