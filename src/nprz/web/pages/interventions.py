"""The interventions per pillar with colour and movement, and one intervention's page.

The list shows by default the last year whose round is published whole
(`queries.complete_year`); a later round published in part is there with `?jaar=` and a
sentence says so. A colour that is not recorded shows as "–", with one sentence above the
table saying how many and why, never "niet vastgelegd" row after row. What the printed report
counted per pillar and colour stands beside what the recorded colours give
(`colour_table`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from nprz.core.movement import Colour, Movement
from nprz.interventions import models as iv
from nprz.interventions.colour_summary import (
    READING,
    compare,
    computed_text,
    known_sentences,
    printed_counts,
    printed_sentence,
    printed_text,
    verdict_text,
)
from nprz.interventions.queries import (
    InterventionRow,
    UnknownRound,
    complete_year,
    counts_per_pillar,
    effective_colour,
    imported_colours,
    intervention_rows,
    movement_summary,
    published_rounds,
)
from nprz.web import params
from nprz.web.pages.common import Page, ReportYear, page
from nprz.web.tables import Cell, Column, Table, number

PILLARS = dict(iv.InterventionPillar.choices)


def colour_cell(colour: Colour | None) -> Cell:
    """A colour as a word with its icon; not recorded: "–" (a sentence above the table says
    how many and why); not in last year's round: "– (nieuw)"."""
    if colour is None:
        return Cell("– (nieuw)", None)
    if colour is Colour.NIET_VASTGELEGD:
        return Cell("–", colour.value)
    return Cell(colour.word, colour.value, status=f"kleur-{colour.value}")


def movement_cell(movement: Movement) -> Cell:
    if movement is Movement.ONBEKEND:
        return Cell("–", movement.value)
    return Cell(movement.value, movement.value)


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


def publication_note(year: int, *, on_page: bool = False) -> str:
    """A sentence when `year` is published in part; `on_page` (the list, whose default is the last
    complete year) also when a later round is ("" else)."""
    rounds = {r.year: r for r in published_rounds()}
    shown = rounds.get(year)
    complete = complete_year(list(rounds.values()))
    if shown is not None and shown.left_out:
        published = shown.total - shown.left_out
        tail = f" Volledig gepubliceerd is {complete}." if complete else ""
        return (
            f"De ronde {year} is gedeeltelijk gepubliceerd: {published} van de "
            f"{shown.total} voortgangsrapporten waren goedgekeurd; de andere "
            f"{shown.left_out} zijn niet openbaar en hier niet opgenomen.{tail}"
        )
    later = [y for y, r in rounds.items() if y > year and r.left_out]
    if on_page and later and year == complete:
        return (
            f"Over {later[-1]} is een deel van de voortgangsrapporten gepubliceerd (kies "
            f"jaar {later[-1]}); zolang er geen volledige ronde na {year} is, toont deze pagina "
            f"{year}."
        )
    return ""


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
        printed=printed_sentence(printed_counts(year.value), comparisons),
        publication=publication_note(year.value, on_page=True),
        pillars=[(code, label, code == pillar) for code, label in PILLARS.items()],
        pillar=pillar,
        crumbs=[{"href": year.link("/"), "label": "Overzicht"}, {"label": "Interventies"}],
    )
    context |= {"year": year.value, "report_year": year}
    tables = {"tabel": table, "samenvatting": summary}
    if colours is not None:
        tables["kleuren"] = colours
    return Page("web/interventions.html", context, tables=tables)


def colour_table(rows: list[InterventionRow], year: int) -> Table | None:
    """Per pillar: what the printed report counted per colour, what the recorded colours
    give (by printed number, as the report counts), and how they compare. None when there
    is neither a printed count nor a recorded colour."""
    comparisons = compare(rows, year)
    if not any(c.printed is not None or c.computed.known for c in comparisons):
        return None
    return Table(
        slug=f"kleuren-per-pijler-{year}",
        title=f"Kleuren per pijler {year}",
        caption="gedrukt in het rapport en berekend uit de vastgelegde kleuren; een "
        "interventie met deelitems (2a, 2b) telt als één",
        columns=(
            Column("pijler", "Pijler"),
            Column("gedrukt", "Het rapport telde"),
            Column("bron", "Regels"),
            Column("vastgelegd", "Vastgelegde kleuren"),
            Column("vergelijking", "Vergelijking"),
        ),
        rows=tuple(
            (
                Cell(PILLARS[c.pillar], c.pillar),
                Cell(printed_text(c.printed) if c.printed else "–"),
                Cell(f"rapport {c.printed.lines}" if c.printed else "–"),
                Cell(computed_text(c.computed)),
                Cell(verdict_text(c), c.verdict),
            )
            for c in comparisons
        ),
        notes=(READING,) if any(c.printed for c in comparisons) else (),
        download_path="/interventies/kleuren",
    )


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
            round__status=iv.RoundStatus.GEPUBLICEERD, status=iv.ReportStatus.GEPUBLICEERD
        )
    }
    imported = imported_colours(list(reports))
    colours = {
        y: effective_colour(r.colour, (y, intervention.pillar, intervention.number), imported)
        for y, r in reports.items()
    }
    kpis = _kpi_table(intervention, year.value)
    current = reports.get(year.value)
    later = [y for y in reports if y > year.value]
    context = page(
        request.path,
        intervention.name,
        None,
        intervention=intervention,
        pillar=PILLARS[intervention.pillar],
        current=current,
        colour=colour_cell(colours[year.value]) if current else None,
        previous=colour_cell(colours[year.value - 1]) if year.value - 1 in colours else None,
        later=[
            (y, colour_cell(colours[y]), f"/interventies/{pillar}/{number}/?jaar={y}")
            for y in sorted(later)
        ],
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
