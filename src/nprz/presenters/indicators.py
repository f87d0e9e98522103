"""One indicator as the website and the report show it: its chart with a line per compared area,
its values, each target's table with the sentence that redoes the sum, what the report printed,
and the projection block."""

from __future__ import annotations

from fractions import Fraction

from nprz import programmes, publication
from nprz.charts.specs import Chart, Marker, Point, indicator_chart
from nprz.core.formatting import format_number
from nprz.core.projection import UNTIL
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
    end_level,
    row_cell,
    share_cell,
    status_cell,
    target_text,
    value_cell,
)
from nprz.presenters.tables import Cell, Column, Table, number
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


PUBLISHED_KINDS = {
    "doel": "doel dit jaar",
    "ingelopen": "% ingelopen",
    "ingelopen-vorig": "% ingelopen vorig rapport",
    "niveau-2031": "niveau 2031",
    "aandeel-doel": "deel dat ingelopen moest zijn",
    "start": "startwaarde",
    "actueel": "actuele waarde",
    "oordeel": "oordeel",
    "periode": "perioden",
}


def area_names() -> dict[str, str]:
    return dict(m.Area.objects.values_list("code", "name"))


def _chart_name(area: m.Area) -> str:
    """The programme's own area under its short name (the legend's shortest), others by name."""
    definition = programmes.definition()
    return definition.short_name if area.code == definition.area else area.name


def chart_for(
    indicator: m.Indicator, found: list[ValueRow], targets: list[TargetRow], year: ReportYear
) -> Chart:
    order = {code: index for index, code in enumerate(chart_areas())}
    points = [
        Point(
            area=_chart_name(o.area),
            period=o.period,
            year=o.year,
            value=float(o.value),
            provisional=o.provisional,
        )
        for o in sorted(found, key=lambda o: order.get(o.area.code, 99))
        if o.area.code in order and o.value is not None
    ]
    markers = []
    for row in targets:
        target = row.assessment.target_value
        if target is not None:
            markers.append(Marker(f"doel {year.value}", year.value, float(target)))
        if row.reference_value is not None and row.end_year is not None:
            end = row.end_year
            markers.append(Marker(end_level(end), end, float(row.reference_value)))
    return indicator_chart(
        title=indicator.name,
        unit=indicator.unit,
        decimals=indicator.decimals,
        points=points,
        markers=markers,
    )


def values_table(indicator: m.Indicator, found: list[ValueRow], year: ReportYear) -> Table:
    rows = tuple(
        (
            Cell(o.area.name, o.area.code, href=year.area(o.area.code)),
            Cell(o.period),
            row_cell(o),
            Cell(o.status, o.status),
            Cell(o.remark or "–", o.remark or None),
            Cell(f"{o.table} ({o.source})", o.source),
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


def target_table(row: TargetRow, year: ReportYear, name: str, area_names: dict[str, str]) -> Table:
    a = row.assessment
    cells = [
        ("Startwaarde", value_cell(row.start_value, row.unit, row.decimals, note=row.start_period)),
        (
            "Laatste meting",
            value_cell(row.current_value, row.unit, row.decimals, note=row.current_period),
        ),
        (
            end_level(row.end_year).capitalize(),
            value_cell(
                row.reference_value,
                row.unit,
                row.decimals,
                note=area_names.get(row.reference_area, row.reference_area),
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
        ("Ingelopen", share_cell(a.share_closed)),
        ("Status", status_cell(a.status)),
        ("Band", Cell(BUCKET_WORDS[a.bucket], a.bucket.value) if a.bucket else Cell("–")),
    ]
    return Table(
        slug=f"doel-{row.code}-{year.value}",
        title=f"Doel {year.value} (plan {row.regime})",
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
            Cell(f.source),
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
