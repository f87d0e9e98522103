"""The outcome chapters of the annual report: general figures, how the traffic light works,
the stoplight per pillar, the bands and one section per goal or indicator.

Every number comes from the store through the same functions the website uses (`targets`,
`value_rows`, the chart specs), so the report, the site and `nprz check` cannot disagree.
"""

from __future__ import annotations

from collections import Counter

from nprz import programmes, publication
from nprz.charts.style import join_nl
from nprz.core.formatting import format_number, format_share
from nprz.core.periods import Period
from nprz.core.status import BUCKET_LOW, BUCKET_MIDDLE, Bucket, Reason, Status
from nprz.monitor import models as m
from nprz.monitor.targets import TargetRow
from nprz.monitor.values import ValueRow
from nprz.presenters.common import (
    BUCKET_WORDS,
    STATUS_MEANING,
    STATUS_WORDS,
    ReportYear,
    chart_areas,
    chart_table,
    pillars,
    row_cell,
)
from nprz.presenters.explain import explain
from nprz.presenters.goals import Previous, Selection, goals_table, previous_closed
from nprz.presenters.indicators import (
    area_names,
    chart_for,
    indicator_notes,
    outlook_facts,
    outlooks,
    target_table,
)
from nprz.presenters.overview import pillar_summaries, status_count_table, status_figure
from nprz.presenters.tables import Cell, Column, Table
from nprz.programmes.schema import ProgrammeFile
from nprz.publication import findings_for
from nprz.publication.editions import previous_report
from nprz.reports.document import (
    Block,
    Columns,
    Facts,
    Figure,
    Section,
    TableBlock,
    Text,
    local_links,
)


def indicator_anchor(code: str) -> str:
    return f"indicator-{code}"


def anchors(rows: list[TargetRow]) -> dict[str, str]:
    """The website's indicator links, mapped to the sections of this document."""
    return {f"/indicatoren/{r.code}/": "#" + indicator_anchor(r.code) for r in rows}


def general_sections(year: int) -> list[Section]:
    """The key figures the definition names, for its areas: per indicator the latest period
    the programme's own area has up to the report year, every area at that period."""
    definition = programmes.definition()
    spec = definition.key_figures
    section = Section("algemeen", spec.title if spec else "Algemeen beeld", new_page=True)
    if spec is None:
        return []
    table = key_figures_table(year)
    if not table.rows:
        return [section.add(Text(f"Geen kerncijfers tot en met {year} in de gegevens.", "warning"))]
    names = join_nl([c.label for c in table.columns[1:]])
    section.add(
        Text(
            f"{len(table.rows)} kerncijfers voor {names}, elk in de laatste periode waarvoor "
            "de meeste gebieden een cijfer hebben; die periode staat achter de naam."
        ),
        TableBlock(table, wide=True),
    )
    return [section]


def key_figures_table(year: int) -> Table:
    """The key figures as one table: a row per indicator, a column per area."""
    definition = programmes.definition()
    spec = definition.key_figures
    assert spec is not None
    wanted = set(spec.indicators)
    areas = {a.code: a for a in m.Area.objects.filter(code__in=spec.areas)}
    columns = [code for code in spec.areas if code in areas]
    cells: dict[tuple[str, str, str], ValueRow] = {}
    indicators: dict[str, m.Indicator] = {}
    for row in publication.values(year):
        if row.indicator.code in wanted and row.area.code in areas and row.year <= year:
            cells[row.indicator.code, row.area.code, row.period] = row
            indicators[row.indicator.code] = row.indicator
    body = []
    for code in spec.indicators:
        if code not in indicators:
            continue
        # The most recent period that the most areas have: a new delivery for the programme
        # area alone does not empty the row for the areas it is compared with.
        filled = Counter(p for (i, _, p) in cells if i == code)
        period = max(filled, key=lambda p: (filled[p], Period.parse(p).sort_key))
        line = [Cell(indicators[code].name, code, note=period)]
        for area in columns:
            found = cells.get((code, area, period))
            line.append(row_cell(found, missing="ontbreekt") if found else Cell("ontbreekt"))
        body.append(tuple(line))
    return Table(
        slug=f"kerncijfers-{year}",
        title=f"{spec.title}, {year}",
        caption="met de periode van de cijfers achter de naam",
        columns=(
            Column("indicator", "Indicator"),
            *(Column(a, _column_name(areas[a], definition), numeric=True) for a in columns),
        ),
        rows=tuple(body),
    )


def _column_name(area: m.Area, definition: ProgrammeFile) -> str:
    return definition.short_name if area.code == definition.area else area.name


def method_section(year: int, rows: list[TargetRow]) -> Section:
    """How a target and its traffic light are computed, with this year's numbers."""
    definition = programmes.definition()
    due = sorted({r.assessment.fraction_due for r in rows if r.assessment.fraction_due})
    due_text = " of ".join(format_share(d) for d in due) or "niet bekend"
    ends = sorted({r.end_year for r in rows if r.end_year is not None})
    end_text = join_nl([str(e) for e in ends]) or "het eind van het plan"
    names = area_names()
    references = sorted({names.get(r.reference_area, "") for r in rows} - {""})
    section = Section("werkwijze", "Hoe de doelen en het stoplicht werken", new_page=True)
    section.add(
        *((Text(definition.texts.method),) if definition.texts.method else ()),
        Text(
            f"Voor elk doel ligt vast waar {definition.short_name} begon (de startwaarde) en "
            f"welk niveau aan het eind van het plan ({end_text}) bereikt moet zijn"
            + (
                f": de waarde van {join_nl(references)} op het moment van meten, een vaste "
                "norm of het eindpunt van een pad."
                if references
                else ": een vaste norm of het eindpunt van een pad."
            )
        ),
        Text(
            "Het verschil tussen start en eindniveau moet stap voor stap worden ingelopen. "
            f"Het uitvoeringsplan legt per jaar vast welk deel ingelopen moet zijn; in {year} "
            f"is dat {due_text}. Het doel van het jaar is de startwaarde plus dat deel van het "
            "verschil."
        ),
        Text(
            "Het percentage ingelopen is (laatste waarde − start) / (eindniveau − start). Het "
            "is positief bij vooruitgang, ook waar lager beter is, en kan boven 100% komen als "
            f"{definition.short_name} de referentie voorbij is."
        ),
        Facts(
            tuple(
                (STATUS_WORDS[s], STATUS_MEANING[s])
                for s in (Status.GROEN, Status.ORANJE, Status.ROOD, Status.GEEN)
            )
        ),
        Text(
            "De banden verdelen de doelen naar het percentage ingelopen: op of boven het deel "
            f"dat dit jaar ingelopen moest zijn, van {format_share(BUCKET_MIDDLE, 0)} tot dat "
            f"deel, van {format_share(BUCKET_LOW, 0)} tot {format_share(BUCKET_MIDDLE, 0)}, "
            f"en onder {format_share(BUCKET_LOW, 0)}."
        ),
        Text(
            "Waar een startwaarde, een actuele waarde of de referentie ontbreekt, geeft het "
            "rapport geen oordeel en zegt het wat er ontbreekt; een ontbrekend cijfer wordt "
            "nooit als 0 gelezen.",
            emphasis="muted",
        ),
    )
    return section


def stoplight_section(year: int, rows: list[TargetRow]) -> Section:
    report_year = ReportYear(year, year)
    links = anchors(rows)
    summaries = pillar_summaries(rows, report_year)
    chart = status_figure(summaries, report_year)
    section = Section("stoplicht", "Stoplicht per pijler", new_page=True)
    section.add(
        Text(
            f"Van de {len(rows)} doelen en indicatoren met een doel zijn er "
            + ", ".join(
                f"{sum(p.counts[s.value] for p in summaries)} {STATUS_WORDS[s]}"
                for s in (Status.GROEN, Status.ORANJE, Status.ROOD, Status.GEEN)
            )
            + "."
        ),
        # The chart's data are the table below (with the totals): printed once, not twice.
        Figure(
            f"status-{year}",
            chart,
            chart_table(chart, f"grafiek-status-{year}", ""),
            show_data=False,
        ),
        TableBlock(local_links(status_count_table(summaries, report_year), links)),
    )
    previous = previous_closed(year)
    for code, label in pillars().items():
        mine = [r for r in rows if r.pillar == code]
        if not mine:
            continue
        table = goals_table(mine, previous, Selection(pillar=code), report_year)
        # The site's 13 columns do not fit a page: the pillar is the heading, the role and
        # band are in the bands chapter, the start period is in each goal's own section.
        table = _without_columns(
            local_links(table, links), ("pijler", "rol", "band", "start_periode", "status_vorig")
        )
        child = Section(f"stoplicht-{code}", f"Stoplicht {label}", new_page=True)
        child.add(TableBlock(table, wide=True))
        section.children.append(child)
    return section


def _without_columns(table: Table, keys: tuple[str, ...]) -> Table:
    keep = [i for i, c in enumerate(table.columns) if c.key not in keys]
    return Table(
        slug=table.slug,
        title=table.title,
        columns=tuple(table.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in table.rows),
        caption=table.caption,
        notes=table.notes,
    )


def buckets_section(year: int, rows: list[TargetRow]) -> Section:
    """The bands: counted now, beside what the previous report published ("was") and, where a
    printed report of this year exists, what it printed."""
    counts = Counter((r.assessment.bucket, r.pillar) for r in rows if r.assessment.bucket)
    printed = {
        tuple(f.key.partition(":")[::2]): f.printed
        for f in publication.printed(year, kind="bucket-aantal")
    }
    previous = previous_report(year)
    was = previous.buckets if previous else {}
    names = pillars()
    body = []
    for bucket in Bucket:
        for pillar in [p for p in names if any(r.pillar == p for r in rows)]:
            n = counts.get((bucket, pillar), 0)
            line = [
                Cell(BUCKET_WORDS[bucket], bucket.value),
                Cell(names[pillar], pillar),
                Cell(format_number(n), n),
                Cell(was.get((bucket.value, pillar)) or "–", None),
            ]
            if printed:
                shown = printed.get((bucket.value, pillar))
                line += [
                    Cell(shown or "niet gedrukt", None),
                    Cell("ja" if shown is None or shown == str(n) else "nee — zie verschil"),
                ]
            body.append(tuple(line))
    columns = [
        Column("band", "Band"),
        Column("pijler", "Pijler"),
        Column("berekend", "Berekend", numeric=True),
        Column("was", "Vorig rapport", numeric=True),
    ]
    if printed:
        columns += [Column("gedrukt", "Gedrukt", numeric=True), Column("gelijk", "Gelijk")]
    table = Table(
        slug=f"banden-{year}",
        title=f"Doelen per band van het percentage ingelopen, {year}",
        caption="berekend, naast wat het vorige rapport telde"
        + (" en wat het rapport van dit jaar drukte" if printed else ""),
        columns=tuple(columns),
        rows=tuple(body),
    )
    differ = sum(1 for row in body if printed and row[5].text != "ja")
    section = Section("banden", "Samenvatting in banden", new_page=True)
    source = f" Het vorige rapport: {previous.source}." if previous else ""
    section.add(
        Text(
            f"Per pijler het aantal doelen en indicatoren in elke band.{source}"
            + (
                f" In {differ} van de {len(body)} cellen komt de herberekening uit op een ander "
                "aantal dan het rapport drukte; beide staan in de tabel."
                if differ
                else ""
            )
        ),
        TableBlock(table),
    )
    return section


def indicator_sections(year: int, rows: list[TargetRow]) -> Section:
    """One section per goal or indicator: chart, sentence from the numbers, target table."""
    report_year = ReportYear(year, year)
    names = area_names()
    by_code: dict[str, list[TargetRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    indicators = {i.code: i for i in m.Indicator.objects.filter(code__in=by_code)}
    chapter = Section("doelen", "De doelen en indicatoren", new_page=True)
    drawn = join_nl([names.get(code, code) for code in chart_areas()])
    chapter.add(
        Text(
            f"Per doel of indicator met een doel: de ontwikkeling in een grafiek (lijnen voor "
            f"{drawn}, met het pad naar het eindniveau), de berekening in één zin en de cijfers "
            "in een tabel."
        )
    )
    previous = previous_closed(report_year.value)
    for pillar, label in pillars().items():
        codes = [c for c in by_code if by_code[c][0].pillar == pillar]
        if not codes:
            continue
        # A pillar starts on a fresh page: its heading never sits under the previous
        # pillar's last goal (one chapter of the 2024 report started mid-page).
        group = Section(f"doelen-{pillar}", label, new_page=True)
        for code in codes:
            group.children.append(
                _indicator_section(
                    indicators[code], by_code[code], report_year, names, previous.get(code)
                )
            )
        chapter.children.append(group)
    return chapter


def _indicator_section(
    indicator: m.Indicator,
    own: list[TargetRow],
    year: ReportYear,
    names: dict[str, str],
    previous: Previous | None,
) -> Section:
    found = publication.values(year.value, indicator=indicator)
    chart = chart_for(indicator, found, own, year)
    status = own[0].assessment.status
    # One goal, one printed page: heading, sentences, the chart beside the target table with
    # the forecast under it, then definition and source (issue 16: a goal was spread over two
    # half-empty pages, the chart away from its heading, "Definitie"/"Bron" alone on a page).
    section = Section(
        indicator_anchor(indicator.code), indicator.name, new_page=True, status=status.value
    )
    beside: list[Block] = []
    for index, row in enumerate(own):
        sentence = explain(row, year.value, names)
        reason = row.assessment.reason
        missing = reason in (
            Reason.ONTBREEKT_START,
            Reason.ONTBREEKT_ACTUEEL,
            Reason.ONTBREEKT_REFERENTIE,
        )
        section.add(Text(sentence, emphasis="warning" if missing else ""))
        table = target_table(row, year, f"doel-{index + 1}", names, previous)
        beside.append(TableBlock(local_links(table, {})))
    provisional = any(r.provisional for r in found)
    data = chart_table(chart, f"grafiek-{indicator.code}", "")
    drawn: list[Block] = [Figure(f"indicator-{indicator.code}", chart, data, show_data=False)]
    if provisional:
        drawn.append(Text("Open symbolen in de grafiek zijn voorlopige cijfers.", "muted"))
    # The forecast, definition and source go under the target table, beside the chart and its
    # caption: the column has room there, and the page has none below.
    for forecast in outlooks(year.value).rows:
        if forecast.code == indicator.code:
            beside += [
                Text(
                    "Prognose: waar de reeks uitkomt als het tempo van de laatste jaren "
                    "aanhoudt; een prognose, geen doel.",
                    "muted",
                ),
                Facts(outlook_facts(forecast, year.value)),
            ]
    facts = [
        ("Definitie", indicator.definition or "niet vastgelegd"),
        ("Bron", indicator.source_text or "niet vermeld"),
    ]
    # The same notes, in the same words, as the indicator's page (`indicator_notes`).
    facts.extend((label, text) for label, text, _source in indicator_notes(indicator, year.value))
    beside.append(Facts(tuple(facts)))
    section.add(Columns((tuple(drawn), tuple(beside))))
    # Where the printed report differs from the recomputation: what, printed and recomputed,
    # short and in small type so the goal keeps its page; the place in the printed report
    # (an analyst's line number) is in the Verantwoording's table of every difference.
    found_here = findings_for(year.value, indicator=indicator.code)
    if found_here:
        section.add(
            Text(
                "Waar het gedrukte rapport afwijkt van de herberekening (met de vindplaats in "
                "de Verantwoording):",
                "muted small",
            )
        )
    for finding in found_here:
        what = finding.what.removesuffix(f" — {indicator.name}")
        section.add(
            Text(
                f"{what}: gedrukt {finding.published}, herberekend {finding.recomputed}.",
                emphasis="warning small",
            )
        )
    return section
