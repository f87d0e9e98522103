"""One indicator as the website and the report show it: its chart with a line per compared area,
its values, each target's table with the sentence that redoes the sum, what the report printed,
and the projection block."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from nprz import programmes, publication
from nprz.charts.specs import Chart, Marker, Point, TargetPath, indicator_chart
from nprz.core.formatting import format_number
from nprz.core.periods import Period
from nprz.core.projection import UNTIL
from nprz.core.status import Direction
from nprz.core.trajectory import milestone_value, target_value
from nprz.monitor import models as m
from nprz.monitor.outlook import (
    Outlook,
    OutlookRow,
    backtest_text,
    interval_text,
    ratio_text,
    value_text,
)
from nprz.monitor.outlook import outlook as build_outlook
from nprz.monitor.targets import TargetRow
from nprz.monitor.values import ValueRow
from nprz.presenters.common import (
    BUCKET_WORDS,
    ReportYear,
    chart_areas,
    closed_cell,
    row_cell,
    share_cell,
    status_cell,
    target_text,
    value_cell,
)
from nprz.presenters.goals import Previous, previous_status_cell
from nprz.presenters.tables import Cell, Column, Table, number
from nprz.publication import wording
from nprz.publication.stamp import per_stamp

UNITS = {"percent": "procent", "euro": "euro", "aantal": "aantal", "m2": "m²", "score": "score"}


NOTE_KINDS = {
    "trendbreuk": "Trendbreuk",
    "voorlopig": "Voorlopige cijfers",
    "definitie": "Definitie",
    "bron": "Bron en vergelijking",
    "actualiteit": "Actualiteit",
    "decodering": "Hoe de tabel is gelezen",
}


# Notes on how the source was read: the analyst's, never the public's.
READING_NOTES = frozenset({"decodering"})


def indicator_notes(indicator: m.Indicator, year: int) -> list[tuple[str, str, str]]:
    """The indicator's notes as (kind, text, source) for whoever reads: the public without
    notes on reading the source and without line references (`wording`); the site and the
    report show these same lines."""
    public = wording.public()
    document = wording.report_name(year) if public else ""
    found = []
    for note in indicator.notes.all():
        if public and note.kind in READING_NOTES:
            continue
        text = wording.text_for_reader(note.text)
        if not text:
            continue
        label = NOTE_KINDS.get(note.kind, note.kind.capitalize())
        found.append((label, text, wording.source(note.source, document)))
    return found


PUBLISHED_KINDS = {
    "doel": "doel dit jaar",
    "ingelopen": "% ingelopen",
    "ingelopen-vorig": "% ingelopen vorig rapport",
    "eindniveau": "eindniveau",
    "aandeel-doel": "deel dat ingelopen moest zijn",
    "start": "startwaarde",
    "actueel": "actuele waarde",
    "oordeel": "oordeel",
    "periode": "perioden",
}


def area_names() -> dict[str, str]:
    return dict(m.Area.objects.values_list("code", "name"))


def _chart_name(area: m.Area) -> str:
    """The legend's name: the programme's own area by the programme's short name."""
    definition = programmes.definition()
    return definition.short_name if area.code == definition.area else area.name


def chart_for(
    indicator: m.Indicator,
    found: list[ValueRow],
    targets: list[TargetRow],
    year: ReportYear,
    areas: Sequence[str] | None = None,
) -> Chart:
    """The indicator's chart: every value of `areas` (codes, in legend order; the programme's
    comparison areas unless given) known in the report year, each target's path from its
    start to its end level, and its levels."""
    order = {code: index for index, code in enumerate(chart_areas() if areas is None else areas)}
    points = [
        Point(
            area=_chart_name(o.area),
            period=o.period,
            year=o.year,
            value=float(o.value),
            provisional=o.provisional,
            correction=o.correction,
        )
        for o in sorted(found, key=lambda o: order.get(o.area.code, 99))
        if o.area.code in order and o.value is not None
    ]
    markers = []
    paths = []
    for row in targets:
        path = target_path(row)
        if path is not None:
            paths.append(path)
        target = row.assessment.target_value
        if target is not None:
            markers.append(Marker(f"doel {year.value}", year.value, float(target)))
        if row.reference_value is not None and row.kind != "level" and row.end_year:
            markers.append(
                Marker(f"niveau {row.end_year}", row.end_year, float(row.reference_value))
            )
    return indicator_chart(
        title=indicator.name,
        unit=indicator.unit,
        decimals=indicator.decimals,
        points=points,
        markers=markers,
        paths=paths,
        report_year=year.value,
    )


def target_path(row: TargetRow) -> TargetPath | None:
    """The level a target asks for each year from its start to its end year, as the status
    is computed: a convergence by its plan's schedule towards today's reference level, a
    path through its milestones. Years the plan sets no level for are left out."""
    if row.start_value is None or row.reference_value is None or row.end_year is None:
        return None
    target = (
        m.Target.objects.select_related("plan")
        .filter(indicator__code=row.code, plan__code=row.regime)
        .first()
    )
    if target is None or row.kind not in ("converge", "path"):
        return None
    start_year = Period.parse(row.start_period).year
    start, end = row.start_value, row.reference_value
    years = range(start_year + 1, row.end_year + 1)
    if row.kind == "path":
        milestones = tuple((int(y), Fraction(v)) for y, v in target.milestones)
        due = [(y, milestone_value(start_year, start, milestones, y)) for y in years]
        return _path("pad met jaardoelen", start_year, start, due)
    regime = target.plan.regime()
    if regime is None:
        return None
    direction = Direction(row.direction) if row.direction else Direction.HOGER
    planned = [y for y in years if y >= regime.first_year]
    if direction.better(start, end):
        # Already beyond the reference at the start: the target is to hold that level.
        held = [y for y in range(start_year, row.end_year + 1) if y >= regime.first_year]
        return _path("te houden niveau", start_year, None, [(y, end) for y in held])
    due = [(y, target_value(start, end, regime.fraction_due(y))) for y in planned]
    return _path("streefpad", start_year, start, due)


def _path(
    label: str, start_year: int, start: Fraction | None, due: list[tuple[int, Fraction]]
) -> TargetPath:
    first = [] if start is None else [(start_year, float(start))]
    return TargetPath(label, (*first, *((y, float(v)) for y, v in due)))


def reference_text(reference: str, names: dict[str, str]) -> str:
    """Where the level for the end year is read: an area's name, or another indicator in an
    area ("<indicator>@<area>" for the analyst; its name and the area's for the public)."""
    code, _, area = reference.partition("@")
    if not area:
        return names.get(reference, reference)
    if not wording.public():
        return reference
    indicator = m.Indicator.objects.filter(code=code).values_list("name", flat=True).first()
    where = names.get(area, area)
    return f"{indicator} in {where}" if indicator else where


def values_table(indicator: m.Indicator, found: list[ValueRow], year: ReportYear) -> Table:
    documents = wording.documents() if wording.public() else {}

    def source(o: ValueRow) -> str:
        # The analyst gets the line; the public the document and table (`wording`).
        if not wording.public():
            return f"{o.table} ({o.source})"
        return wording.source(o.source, documents.get(o.table, ""), o.table)

    def remark(o: ValueRow) -> str:
        return wording.text_for_reader(o.remark) if o.remark else ""

    rows = tuple(
        (
            Cell(o.area.name, o.area.code, href=year.area(o.area.code)),
            Cell(o.period),
            row_cell(o),
            Cell(o.status, o.status),
            Cell(remark(o) or "–", remark(o) or None),
            Cell(source(o), source(o)),
        )
        for o in found
    )
    return Table(
        slug=f"waarden-{indicator.code}",
        title=f"Alle waarden: {indicator.name}",
        caption=f"{len(rows)} waarden per gebied en periode, "
        f"zoals bekend bij het rapport over {year.value}",
        columns=(
            Column("gebied", "Gebied"),
            Column("periode", "Periode"),
            Column("waarde", "Waarde", numeric=True),
            Column("status", "Status"),
            Column("opmerking", "Opmerking"),
            Column("bron", "Bron"),
        ),
        rows=rows,
        download_path=f"/indicatoren/{indicator.code}/waarden",
        download_query=year.link(""),
    )


def plan_name(code: str) -> str:
    """A plan as readers know it ("Uitvoeringsplan 2019-2022"), not its code."""
    found = m.Plan.objects.filter(code=code).values_list("name", flat=True).first()
    return found or code


def target_table(
    row: TargetRow,
    year: ReportYear,
    name: str,
    area_names: dict[str, str],
    previous: Previous | None = None,
) -> Table:
    """The target of one goal in figures; with `previous`, also what the previous report
    published for it."""
    a = row.assessment
    cells = [
        ("Startwaarde", value_cell(row.start_value, row.unit, row.decimals, note=row.start_period)),
        (
            "Laatste meting",
            value_cell(row.current_value, row.unit, row.decimals, note=row.current_period),
        ),
        (
            f"Niveau {row.end_year}" if row.end_year else "Eindniveau",
            value_cell(
                row.reference_value,
                row.unit,
                row.decimals,
                note=reference_text(row.reference_area, area_names),
            ),
        ),
        (
            "Deel van het verschil dat in " + str(year.value) + " ingelopen moest zijn",
            share_cell(a.fraction_due),
        ),
        (
            f"Doel {year.value}",
            Cell(target_text(a.target_value, row.unit, row.decimals), number(a.target_value)),
        ),
        ("Ingelopen", closed_cell(row)),
        ("Status", status_cell(a.status)),
        ("Band", Cell(BUCKET_WORDS[a.bucket], a.bucket.value) if a.bucket else Cell("–")),
    ]
    if previous is not None:
        cells.append(
            ("Ingelopen volgens het vorige rapport", Cell(previous.printed, number(previous.value)))
        )
        if previous.status:
            cells.append(("Status volgens het vorige rapport", previous_status_cell(previous)))
    return Table(
        slug=f"doel-{row.code}-{year.value}",
        title=f"Doel {year.value} ({plan_name(row.regime)})",
        columns=(Column("grootheid", "Grootheid"), Column("waarde", "Waarde", numeric=True)),
        rows=tuple((Cell(label), cell) for label, cell in cells),
        download_path=f"/indicatoren/{row.code}/{name}",
        download_query=year.link(""),
    )


def published_table(indicator: m.Indicator, year: ReportYear) -> Table | None:
    figures = publication.printed(year.value, indicator=indicator, kind__in=PUBLISHED_KINDS)
    rows = tuple(
        (
            Cell(PUBLISHED_KINDS[f.kind], f.kind),
            Cell(f.printed),
            Cell(f.vintage.title),
            Cell(wording.source(f.source, f.vintage.document)),
        )
        for f in figures
    )
    if not rows:
        return None
    return Table(
        slug=f"rapport-{indicator.code}-{year.value}",
        title=f"Wat het rapport over {year.value} drukte",
        columns=(
            Column("wat", "Wat"),
            Column("gedrukt", "Gedrukt", numeric=True),
            Column("tabel", "Tabel"),
            Column("bron", "Bron"),
        ),
        rows=rows,
        download_path=f"/indicatoren/{indicator.code}/rapport",
        download_query=year.link(""),
    )


@per_stamp
def outlooks(year: int) -> Outlook:
    """Every goal's projection of `year`; the backtest reads every series, so once per state."""
    return build_outlook(year)


def outlook_facts(row: OutlookRow, year: int) -> tuple[tuple[str, str], ...]:
    """The "Prognose" block of a goal, as label and text: the website and the report show
    exactly these lines (see decision 008 for what they mean)."""
    p = row.projection
    if p is None:
        return (("Prognose", f"geen: {row.reason}"), *_gap_facts(row))
    facts = [
        (f"Prognose {year}", interval_text(row, row.projected_year)),
        (
            f"Prognose {row.projected_end.year if row.projected_end else ''}",
            interval_text(row, row.projected_end) + " (80%-interval tussen haakjes)",
        ),
    ]
    at_end = p.at(row.end_year) if row.end_year is not None else None
    if row.on_course is None or at_end is None:
        facts.append(("Op koers", "– (kwalitatief doel: geen niveau om aan te toetsen)"))
    else:
        level = value_text(row, row.end_level)
        side = "op of voorbij" if row.on_course else "niet op"
        sure = (
            "; ook het hele interval ligt aan die kant"
            if row.on_course_sure
            else "; het interval reikt tot aan beide kanten, dus onzeker"
        )
        facts.append(
            (
                "Op koers",
                f"{'ja' if row.on_course else 'nee'}: de prognose voor {row.end_year}, "
                f"{value_text(row, at_end.value)}, ligt {side} het niveau van "
                f"{row.end_year}, {level}{sure}",
            )
        )
        reached = (
            f"in {row.year_reached} bij dit tempo"
            if row.year_reached is not None
            else f"niet vóór {UNTIL} bij dit tempo"
        )
        facts.append(("Niveau bereikt", reached))
    facts.append(
        (
            "Methode",
            f"{p.label}, over {p.first_year}–{p.last_year} ({p.n_points} meetpunten); "
            f"eerder getoetst: {backtest_text(row.backtest)}",
        )
    )
    facts.extend(_gap_facts(row))
    return tuple(facts)


def _gap_facts(row: OutlookRow) -> list[tuple[str, str]]:
    gap = row.gap
    facts = []
    if gap is None:
        facts.append(("Kloof tot de referentie", f"onbekend: {row.gap_reason}"))
    else:
        text = (
            f"verschil {_difference(row, gap.gap_start)} bij de start, "
            f"{_difference(row, gap.gap_now)} nu; in verhouding "
            f"{ratio_text(gap.ratio_start)} van de referentie bij de start, "
            f"{ratio_text(gap.ratio_now)} nu"
        )
        if gap.divergent:
            narrower = "kleiner" if gap.absolute_narrowed else "groter"
            other = "groter" if gap.absolute_narrowed else "kleiner"
            text += (
                f". Let op: het verschil werd {narrower}, maar in verhouding tot de "
                f"referentie {other}"
            )
        facts.append(("Kloof tot de referentie", text))
    if row.break_note:
        facts.append(("Trendbreuk volgens de bron", row.break_note))
    return facts


def _difference(row: OutlookRow, gap: Fraction) -> str:
    if row.unit == "percent":
        return f"{format_number(abs(gap), max(row.decimals, 1))} procentpunt"
    return value_text(row, abs(gap))
