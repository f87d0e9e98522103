"""The outcome chapters of the annual report: general figures, how the traffic light works,
the stoplight per pillar, the bands and one section per goal or indicator.

Every number comes from the store through the same functions the website uses (`targets`,
`value_rows`, the chart specs), so the report, the site and `nprz check` cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from nprz import publication
from nprz.core.formatting import format_number, format_share
from nprz.core.status import BUCKET_LOW, BUCKET_MIDDLE, Bucket, Reason, Status
from nprz.monitor import models as m
from nprz.monitor.targets import TargetRow
from nprz.presenters.common import (
    BUCKET_WORDS,
    STATUS_MEANING,
    STATUS_WORDS,
    ReportYear,
    chart_table,
    pillars,
    value_cell,
)
from nprz.presenters.explain import explain
from nprz.presenters.goals import Selection, goals_table, previous_closed
from nprz.presenters.indicators import (
    NOTE_KINDS,
    area_names,
    chart_for,
    outlook_facts,
    outlooks,
    target_table,
)
from nprz.presenters.overview import pillar_summaries, status_count_table, status_figure
from nprz.presenters.tables import Cell, Column, Table
from nprz.publication import findings_for
from nprz.reports.document import Facts, Figure, Section, TableBlock, Text, local_links

# The columns of the report's general table, in its order (seed lines 60-100).
GENERAL_AREAS = (
    "nl",
    "g4",
    "amsterdam",
    "rotterdam",
    "den-haag",
    "utrecht",
    "nprz",
    "focuswijken",
)


def indicator_anchor(code: str) -> str:
    return f"indicator-{code}"


def anchors(rows: list[TargetRow]) -> dict[str, str]:
    """The website's indicator links, mapped to the sections of this document."""
    return {f"/indicatoren/{r.code}/": "#" + indicator_anchor(r.code) for r in rows}


def general_section(year: int) -> Section:
    """The context figures for Zuid beside the Netherlands, the G4 and the four cities."""
    found = (
        m.Observation.objects.known_in(year)
        .filter(vintage__code__endswith="-algemeen", variant="")
        .select_related("indicator", "area", "vintage")
        .order_by("indicator__position", "indicator_id")
    )
    names = area_names()
    cells: dict[tuple[str, str], m.Observation] = {}
    order: dict[str, m.Indicator] = {}
    for obs in found:
        if obs.vintage.report_year != year:
            continue
        cells.setdefault((obs.indicator.code, obs.area.code), obs)
        order.setdefault(obs.indicator.code, obs.indicator)
    rows = []
    for code, indicator in order.items():
        periods = {cells[code, a].period for a in GENERAL_AREAS if (code, a) in cells}
        row = [Cell(indicator.name, code, note=", ".join(sorted(periods)))]
        for area in GENERAL_AREAS:
            seen = cells.get((code, area))
            if seen is None:
                row.append(Cell("ontbreekt", None))
            elif seen.value is None:
                row.append(Cell(seen.printed or "ontbreekt", None))
            else:
                row.append(value_cell(Fraction(seen.value), indicator.unit, indicator.decimals))
        rows.append(tuple(row))
    table = Table(
        slug=f"algemeen-{year}",
        title=f"Algemeen beeld Rotterdam Zuid, {year}",
        caption="met de periode van de cijfers achter de naam",
        columns=(
            Column("indicator", "Indicator"),
            *(Column(a, _short(names.get(a, a)), numeric=True) for a in GENERAL_AREAS),
        ),
        rows=tuple(rows),
    )
    section = Section("algemeen", "Algemeen beeld Rotterdam Zuid", new_page=True)
    section.add(
        Text(
            f"Hoe Rotterdam Zuid ervoor staat naast Nederland, de vier grote steden samen (G4) "
            f"en elk van die steden: {len(rows)} kerncijfers over bevolking, huishoudens, "
            "inkomen en wonen. NPRZ is het hele programmagebied; de focuswijken zijn de zeven "
            "wijken waar de achterstand het grootst is."
        ),
        TableBlock(table, wide=True),
    )
    return section


def _short(name: str) -> str:
    return "NPRZ" if name.startswith("NPRZ") else name


def method_section(year: int, rows: list[TargetRow]) -> Section:
    """How a target and its traffic light are computed, with this year's numbers."""
    due = sorted({r.assessment.fraction_due for r in rows if r.assessment.fraction_due})
    due_text = " of ".join(format_share(d) for d in due) or "niet bekend"
    section = Section("werkwijze", "Hoe de doelen en het stoplicht werken", new_page=True)
    section.add(
        Text(
            "Voor elk doel ligt vast waar Zuid begon (de startwaarde) en welk niveau in 2031 "
            "bereikt moet zijn: meestal de waarde die de vier grote steden samen (G4) of "
            "Rotterdam nu hebben. Dat eindniveau beweegt dus mee met de referentie."
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
            "Zuid de referentie voorbij is."
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
        Figure(f"status-{year}", chart, chart_table(chart, f"grafiek-status-{year}", "")),
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
            local_links(table, links), ("pijler", "rol", "band", "start_periode")
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
    """The bands: counted now, beside what the report printed and its "was" figures."""
    counts = Counter((r.assessment.bucket, r.pillar) for r in rows if r.assessment.bucket)
    printed: dict[tuple[str, str], str] = {}
    was: dict[tuple[str, str], str] = {}
    for f in publication.printed(year, kind__in=("bucket-aantal", "bucket-aantal-was")):
        bucket, _, pillar = f.key.partition(":")
        (printed if f.kind == "bucket-aantal" else was)[bucket, pillar] = f.printed
    names = pillars()
    body = []
    for bucket in Bucket:
        for pillar in [p for p in names if any(r.pillar == p for r in rows)]:
            n = counts.get((bucket, pillar), 0)
            shown = printed.get((bucket.value, pillar))
            body.append(
                (
                    Cell(BUCKET_WORDS[bucket], bucket.value),
                    Cell(names[pillar], pillar),
                    Cell(format_number(n), n),
                    Cell(shown or "niet gedrukt", None),
                    Cell(was.get((bucket.value, pillar)) or "niet gedrukt", None),
                    Cell("ja" if shown is None or shown == str(n) else "nee — zie verschil"),
                )
            )
    table = Table(
        slug=f"banden-{year}",
        title=f"Doelen per band van het percentage ingelopen, {year}",
        caption="berekend; naast wat het rapport drukte en wat het vorige rapport telde (was)",
        columns=(
            Column("band", "Band"),
            Column("pijler", "Pijler"),
            Column("berekend", "Berekend", numeric=True),
            Column("gedrukt", "Gedrukt", numeric=True),
            Column("was", "Was", numeric=True),
            Column("gelijk", "Gelijk"),
        ),
        rows=tuple(body),
    )
    differ = sum(1 for row in body if row[5].text != "ja")
    section = Section("banden", "Samenvatting in banden", new_page=True)
    section.add(
        Text(
            f"Per pijler het aantal doelen en indicatoren in elke band. In {differ} "
            f"van de {len(body)} cellen komt de herberekening uit op een ander aantal dan het "
            "rapport drukte; beide staan in de tabel."
            if differ
            else "Per pijler het aantal doelen en indicatoren in elke band; de herberekening "
            "komt overal uit op wat het rapport drukte."
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
    chapter.add(
        Text(
            f"Per doel of indicator met een doel: de ontwikkeling in een grafiek (lijnen voor "
            f"de focuswijken, NPRZ, Rotterdam en de G4, met het doel voor {year} en het niveau "
            "voor 2031 als markering), de berekening in één zin en de cijfers in een tabel."
        )
    )
    for pillar, label in pillars().items():
        codes = [c for c in by_code if by_code[c][0].pillar == pillar]
        if not codes:
            continue
        group = Section(f"doelen-{pillar}", label)
        for code in codes:
            group.children.append(
                _indicator_section(indicators[code], by_code[code], report_year, names)
            )
        chapter.children.append(group)
    return chapter


def _indicator_section(
    indicator: m.Indicator,
    own: list[TargetRow],
    year: ReportYear,
    names: dict[str, str],
) -> Section:
    found = publication.values(year.value, indicator=indicator)
    chart = chart_for(indicator, found, own, year)
    status = own[0].assessment.status
    section = Section(
        indicator_anchor(indicator.code), indicator.name, new_page=True, status=status.value
    )
    for index, row in enumerate(own):
        sentence = explain(row, year.value, names)
        reason = row.assessment.reason
        missing = reason in (
            Reason.ONTBREEKT_START,
            Reason.ONTBREEKT_ACTUEEL,
            Reason.ONTBREEKT_REFERENTIE,
        )
        section.add(Text(sentence, emphasis="warning" if missing else ""))
        table = target_table(row, year, f"doel-{index + 1}", names)
        section.add(TableBlock(local_links(table, {})))
    for forecast in outlooks(year.value).rows:
        if forecast.code == indicator.code:
            section.add(
                Text(
                    "Prognose: waar de reeks uitkomt als het tempo van de laatste jaren "
                    "aanhoudt; een prognose, geen doel.",
                    "muted",
                ),
                Facts(outlook_facts(forecast, year.value)),
            )
    provisional = any(r.provisional for r in found)
    data = chart_table(chart, f"grafiek-{indicator.code}", "")
    section.add(Figure(f"indicator-{indicator.code}", chart, data, show_data=False))
    if provisional:
        section.add(Text("Open symbolen in de grafiek zijn voorlopige cijfers.", "muted"))
    facts = [
        ("Definitie", indicator.definition or "niet vastgelegd"),
        ("Bron", indicator.source_text or "niet vermeld"),
    ]
    for note in indicator.notes.all():
        facts.append((NOTE_KINDS.get(note.kind, note.kind.capitalize()), note.text))
    section.add(Facts(tuple(facts)))
    for finding in findings_for(year.value, indicator=indicator.code):
        section.add(
            Text(
                f"Afwijking van het gedrukte rapport — {finding.what} ({finding.where}): "
                f"gedrukt {finding.published}, herberekend {finding.recomputed}.",
                emphasis="warning",
            )
        )
    return section
