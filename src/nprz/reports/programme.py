"""The programme chapters of the annual report: side tables, a count on its path, the
interventions with their movement, the programme bureau's finances, and the account of the
sources and of where the printed report and the store disagree.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from nprz import programmes, publication
from nprz.charts.style import join_nl
from nprz.core.formatting import format_date, format_value
from nprz.core.periods import Period
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
    counts_per_pillar,
    intervention_rows,
)
from nprz.monitor import models as m
from nprz.monitor.finance import finance_checks, finance_lines
from nprz.monitor.values import ValueRow
from nprz.presenters import paths
from nprz.presenters.common import chart_table, row_cell
from nprz.presenters.interventions import (
    colour_cell,
    colour_table,
    movement_cell,
    publication_note,
    scope_text,
    summary_table,
)
from nprz.presenters.tables import Cell, Column, Table, number
from nprz.programmes.schema import PathChapter, TableChapter
from nprz.publication import findings, wording
from nprz.publication.paths import path_data
from nprz.reports.document import Facts, Figure, Section, TableBlock, Text, local_links


def table_section(spec: TableChapter, year: int) -> Section:
    """A side table: its indicators per area and period, every period the view knows up to
    the report year (a new school year's delivery adds a column), as the public may see it."""
    codes = set(spec.indicators)
    rows = [r for r in publication.values(year) if r.indicator.code in codes]
    section = Section(spec.anchor, spec.title, new_page=True)
    if not rows:
        return section.add(
            Text(f"Geen cijfers over {spec.title.lower()} in de gegevens.", "warning")
        )
    table, count = _side_table(spec, rows)
    section.add(*((Text(spec.text),) if spec.text else ()), TableBlock(table, wide=True))
    if count:
        section.add(
            Text(
                f"{count} cel{'len' if count > 1 else ''} afgeschermd: aantallen onder "
                "de drempel en de cellen waaruit ze terug te rekenen zouden zijn.",
                "muted",
            )
        )
    return section


def _side_table(spec: TableChapter, rows: list[ValueRow]) -> tuple[Table, int]:
    periods = sorted({r.period for r in rows}, key=lambda p: Period.parse(p).sort_key)
    order = {code: index for index, code in enumerate(spec.indicators)}
    cells: dict[tuple[str, str], dict[str, ValueRow]] = {}
    for r in sorted(rows, key=lambda r: (order[r.indicator.code], r.area.id)):
        cells.setdefault((r.indicator.code, r.area.code), {})[r.period] = r
    names = {r.indicator.code: r.indicator.name for r in rows}
    areas = {r.area.code: r.area.name for r in rows}
    body = []
    count = 0
    for (indicator, area), by_period in cells.items():
        line = [Cell(names[indicator]), Cell(areas[area], area)]
        for period in periods:
            found = by_period.get(period)
            if found is None:
                line.append(Cell("–", None))
            else:
                count += found.masked
                line.append(row_cell(found, missing="ontbreekt"))
        body.append(tuple(line))
    table = Table(
        slug=spec.anchor,
        title=spec.title,
        caption="per gebied en periode",
        columns=(
            Column("indicator", "Cijfer"),
            Column("gebied", "Gebied"),
            *(Column(p, p, numeric=True) for p in periods),
        ),
        rows=tuple(body),
    )
    return table, count


def path_section(spec: PathChapter, year: int) -> Section:
    """A count against its path of year targets: the same rows as its page on the site
    (`/pad/<anker>/`), from the same presenter, so the site and the report cannot differ."""
    data = path_data(spec, year)
    section = Section(spec.anchor, spec.title, new_page=True)
    if data is None:
        return section.add(
            Text(f"Geen cijfers voor {spec.title.lower()} in de gegevens.", "warning")
        )
    section.title = paths.title(data)
    drawn = paths.chart(data)
    section.add(
        *((Text(spec.text),) if spec.text else ()),
        Text(paths.summary(data)),
        *(Text(note, "muted") for note in paths.date_notes(data)),
        Figure(spec.anchor, drawn, chart_table(drawn, f"grafiek-{spec.anchor}", "")),
        TableBlock(paths.year_table(data), wide=True),
    )
    outflow = paths.outflow_table(data)
    if outflow is not None:
        section.add(TableBlock(outflow, wide=True))
    activities = paths.activity_table(data)
    if activities is not None:
        section.add(
            *(Text(text, "warning") for text in paths.source_differences(data)),
            TableBlock(activities, wide=True),
        )
    section.add(Text(paths.forecast_text(data), "muted" if data.forecast is None else ""))
    if data.forecast is not None:
        section.add(TableBlock(paths.forecast_table(data)))
    return section


def interventions_section(year: int) -> Section:
    chapter = Section("interventies", "Resultaten van de interventies", new_page=True)
    round_ = iv.ProgressRound.objects.filter(year=year).first()
    if round_ is None or round_.status != iv.RoundStatus.GEPUBLICEERD:
        state = (
            "er is geen voortgangsronde" if round_ is None else "de ronde is nog niet gepubliceerd"
        )
        return chapter.add(Text(f"Geen interventies voor {year}: {state}.", "warning"))
    rows = intervention_rows(year, published_only=True)
    counts = counts_per_pillar(rows)
    counted_pillars = pillars.counted()
    counted = sum(v for k, v in counts.items() if k in counted_pillars)
    # The groups of actions beside the counted pillars, named as the definition names them.
    beside = [
        label for code, label in pillars.with_interventions().items() if code not in counted_pillars
    ]
    if note := publication_note(year):
        chapter.add(Text(note, "warning"))
    chapter.add(
        Text(
            f"Het programma telt {counted} interventies in {pillars.counted_words()} ("
            + ", ".join(f"{pillars.name(p)} {counts[p]}" for p in counted_pillars if p in counts)
            + "); onderdelen als 2a en 2b tellen als één."
            + (f" Daarnaast staan de acties onder {join_nl(beside)}." if beside else "")
        )
    )
    # What is known of the colours, once for the chapter: never a line per intervention.
    chapter.add(*(Text(sentence) for sentence in known_sentences(rows, year)))
    interventions = {
        (i.pillar, i.number): i
        for i in iv.Intervention.objects.prefetch_related("kpis__values__round", "progress__round")
    }
    for pillar, label in pillars.names().items():
        mine = [r for r in rows if r.pillar == pillar]
        if not mine:
            continue
        group = Section(f"interventies-{pillar}", f"Interventies {label}", new_page=True)
        group.add(TableBlock(_overview_table(pillar, label, mine, year), wide=True))
        for row in mine:
            group.add(*_intervention_parts(interventions[row.pillar, row.number], row, year))
        chapter.children.append(group)
    chapter.children.append(movement_section(rows, year))
    return chapter


def _overview_table(pillar: str, label: str, rows: list[InterventionRow], year: int) -> Table:
    return Table(
        slug=f"interventies-{pillar}-{year}",
        title=f"Interventies {label}, {year}",
        caption="kleur vorig jaar, kleur dit jaar en de beweging daartussen; – waar de kleur "
        "niet is vastgelegd",
        columns=(
            Column("nummer", "Nr."),
            Column("naam", "Interventie"),
            Column("initiatiefnemers", "Initiatiefnemers"),
            Column("kpis", "KPI's", numeric=True),
            Column("kleur_vorig", f"Kleur {year - 1}"),
            Column("kleur", f"Kleur {year}"),
            Column("beweging", "Beweging"),
        ),
        rows=tuple(
            (
                Cell(r.number),
                Cell(r.name),
                Cell(", ".join(r.initiators) or "niet vermeld"),
                Cell(str(r.kpi_count), r.kpi_count),
                colour_cell(r.colour_previous),
                colour_cell(r.colour),
                movement_cell(r.movement),
            )
            for r in rows
        ),
    )


def _intervention_parts(
    item: iv.Intervention, row: InterventionRow, year: int
) -> list[Text | TableBlock | Facts]:
    report = next((p for p in item.progress.all() if p.round.year == year), None)
    parts: list[Text | TableBlock | Facts] = [
        Facts(
            (
                (f"{row.number}. {row.name}", item.description or "geen beschrijving"),
                ("Voortgang", report.summary if report and report.summary else "niet ingevuld"),
            )
        )
    ]
    values = [
        (kpi, value)
        for kpi in item.kpis.all()
        for value in kpi.values.all()
        if value.round.status == iv.RoundStatus.GEPUBLICEERD and value.round.year <= year
    ]
    if values:
        names = dict(m.Area.objects.values_list("code", "name"))
        parts.append(
            TableBlock(
                Table(
                    slug=f"kpis-{item.pillar}-{item.number}-{year}",
                    title=f"KPI's {row.number}. {row.name}",
                    columns=(
                        Column("kpi", "KPI"),
                        Column("bereik", "Bereik"),
                        Column("periode", "Periode"),
                        Column("soort", "Soort"),
                        Column("waarde", "Waarde", numeric=True),
                    ),
                    rows=tuple(
                        (
                            Cell(kpi.label),
                            # Where it counts in words, as on the site (`scope_text`).
                            Cell(scope_text(kpi.scope, names) if kpi.scope else "–"),
                            Cell(value.period),
                            Cell(value.get_kind_display(), value.kind),
                            _kpi_cell(value, kpi.unit),
                        )
                        for kpi, value in values
                    ),
                ),
                wide=True,
            )
        )
    return parts


def _kpi_cell(value: iv.KpiValue, unit: str) -> Cell:
    """A KPI value in Dutch notation with the precision it was printed with; text (and a
    value the reader could not read as a number) as printed."""
    if value.value is None or unit not in ("aantal", "percent", "euro"):
        return Cell(value.printed, None)
    exact = Decimal(value.value).normalize()
    places = max(0, -int(exact.as_tuple().exponent))
    return Cell(format_value(exact, unit, places), number(exact))


def movement_section(rows: list[InterventionRow], year: int) -> Section:
    """The movement summary computed from the colours, and the colours per pillar beside what
    the printed report counted (the same tables as /interventies/)."""
    table = local_links(summary_table(rows, year), {})
    section = Section("samenvatting-voortgang", "Samenvatting voortgang", new_page=True)
    section.add(
        Text(
            "Per pijler hoe de interventies bewogen sinds vorig jaar: vooruit, gelijk of "
            "achteruit in kleur, nieuw of gestopt. Niet gestart telt als de laagste stand, onder "
            "rood. Waar een kleur niet is vastgelegd is de beweging onbekend. 'Regels' telt elke "
            "regel van de tabel, 'interventies' telt 2a, 2b en 2c als één."
        ),
        TableBlock(table, wide=True),
    )
    colours = colour_table(rows, year)
    if colours is not None:
        section.add(
            Text(
                "Per pijler hoeveel interventies welke kleur hadden: zoals het rapport ze telde, "
                "en zoals de vastgelegde kleuren ze geven, met de vergelijking."
            ),
            TableBlock(local_links(colours, {}), wide=True),
        )
    sentence = printed_sentence(printed_counts(year), compare(rows, year))
    if sentence := wording.text_for_reader(sentence):
        section.add(Text(sentence))
    return section


def finance_section(year: int) -> Section:
    section = Section("financien", "Financiën programmabureau", new_page=True)
    lines = finance_lines(year)
    if not lines:
        return section.add(Text(f"Geen financiële gegevens voor {year}.", "warning"))
    columns = (
        ("begroot", "Begroot"),
        ("gerealiseerd", "Gerealiseerd"),
        ("gemeente", "Bijdrage gemeente"),
        ("overige_partners", "Bijdrage overige partners"),
    )
    body = []
    for line in lines:
        cells = [Cell(" ".join(t for t in (line.post, line.label) if t))]
        for key, _label in columns:
            value = getattr(line, key)
            printed = getattr(line, f"{key}_printed")
            cells.append(
                Cell(printed or "–", number(Fraction(value)) if value is not None else None)
            )
        body.append(tuple(cells))
    table = Table(
        slug=f"financien-{year}",
        title=f"Financiën programmabureau {programmes.definition().short_name}, {year}",
        caption=f"bedragen {_finance_origin(lines)}; een lege cel is leeg gelaten, niet 0",
        columns=(
            Column("post", "Post"),
            *(Column(key, label, numeric=True) for key, label in columns),
        ),
        rows=tuple(body),
    )
    section.add(
        Text(
            "De kosten van het programmabureau: wat begroot was, wat is uitgegeven en wie het "
            "betaalde."
        ),
        TableBlock(table, wide=True),
    )
    for check in finance_checks(lines):
        if not check.adds_up:
            section.add(Text(check.text, "warning"))
    return section


def _finance_origin(lines: list[m.FinanceLine]) -> str:
    """Where the amounts come from: a printed report, or a delivery (named)."""
    delivered = sorted({line.vintage.title for line in lines if line.vintage.kind != "rapport"})
    return f"zoals geleverd in {', '.join(delivered)}" if delivered else "zoals gedrukt"


def _delivery_text(v: m.Vintage) -> str:
    received = f"ontvangen {format_date(v.received.date())}; " if v.received else ""
    return (
        f"{v.document} ({received}rapportjaar {v.report_year}; {v.summary or 'geen samenvatting'})"
    )


def sources_section(year: int) -> Section:
    """What the figures rest on, and where the printed report and the recomputation differ."""
    vintages = m.Vintage.objects.known_in(year).order_by("report_year", "priority", "code")
    section = Section("verantwoording", "Verantwoording", new_page=True)
    section.add(
        Text(
            "Elk getal in dit rapport komt uit de database van de monitor, met bij elk cijfer "
            "de plaats waar het vandaan komt. Waar een levering alleen de delen gaf, zijn "
            "totalen, saldi en percentages daaruit berekend en zo gemarkeerd."
        )
    )
    printed = [v for v in vintages if v.kind == "rapport"]
    if printed:
        section.add(
            Text("Deze gedrukte tabellen zijn gebruikt:"),
            Facts(tuple((v.title, f"{v.document} ({v.report_year})") for v in printed)),
        )
    imported = list(vintages.imported().order_by("sequence"))
    if imported:
        section.add(
            Text(
                "Deze leveringen zijn ingelezen; een later ingelezen levering gaat voor op een "
                "eerdere en op een gedrukt rapport:"
            ),
            Facts(tuple((v.title, _delivery_text(v)) for v in imported)),
        )
    if not printed and not imported:
        section.add(Text(f"Er zijn geen gegevens over {year} ingelezen.", "warning"))
    found = findings(year)
    if found:
        table = Table(
            slug=f"afwijkingen-{year}",
            title="Waar het gedrukte rapport afwijkt van de herberekening",
            caption=f"{len(found)} punten; het gedrukte getal is niet aangepast",
            columns=(
                Column("wat", "Wat"),
                Column("waar", "Waar"),
                Column("gedrukt", "Gedrukt"),
                Column("herberekend", "Herberekend"),
            ),
            rows=tuple(
                (Cell(f.what), Cell(f.where), Cell(f.published), Cell(f.recomputed)) for f in found
            ),
        )
        section.add(TableBlock(table, wide=True))
    return section
