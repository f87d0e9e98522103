"""What the annual report says, checked against the store.

The report is built once (`built`, see conftest.py); every expected value here is computed
from the store with the functions the website uses (`targets`, `intervention_rows`,
`finance_lines`) and formatted with `nprz.core.formatting`, so a chapter that shows another
number, drops a row or prints a missing figure as 0 fails.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from nprz.core.formatting import format_share, format_value
from nprz.core.movement import Movement
from nprz.core.status import Reason, Status
from nprz.interventions import pillars
from nprz.interventions.queries import counts_per_pillar, intervention_rows, movement_summary
from nprz.monitor.finance import finance_lines
from nprz.presenters.common import STATUS_WORDS, closed_note, target_text
from nprz.publication import stamp, targets

YEAR = 2024
TABLE = re.compile(r"<table.*?</table>", re.S)
KPI_TABLE = '<table class="data wide">\n<caption>KPI&#x27;s '
MISSING_REASONS = (Reason.ONTBREEKT_START, Reason.ONTBREEKT_ACTUEEL, Reason.ONTBREEKT_REFERENTIE)
pytestmark = pytest.mark.django_db


def target_tables(read, body: str):
    return [t for t in read.tables(body) if t.caption.startswith(f"Doel {YEAR} (")]


# --- goals and indicators ---------------------------------------------------------------


def test_every_target_has_its_section_with_the_stores_numbers(store, built, read) -> None:
    rows = targets(YEAR)
    by_code = defaultdict(list)
    for row in rows:
        by_code[row.code].append(row)
    found = read.sections(built.html)
    own = {anchor for anchor in found if anchor.startswith("indicator-")}
    assert own == {f"indicator-{code}" for code in by_code}
    assert len(own) == 46
    for code, mine in by_code.items():
        shown = target_tables(read, found[f"indicator-{code}"])
        assert len(shown) == len(mine), code
        for row, table in zip(mine, shown, strict=True):
            cells = {line[0]: line[1] for line in table.rows}
            a = row.assessment
            assert cells[f"Doel {YEAR}"] == target_text(a.target_value, row.unit, row.decimals)
            closed = format_share(a.share_closed)
            note = closed_note(row)  # the change since the start, in the indicator's unit
            assert cells["Ingelopen"] == (f"{closed} ({note})" if note else closed), code
            current = format_value(row.current_value, row.unit, row.decimals)
            assert cells["Laatste meting"].startswith(current), code
            assert cells["Status"] == STATUS_WORDS[a.status], code


def test_a_known_target_as_the_report_printed_it(store, built, read) -> None:
    """Children in a low-income household: 21,9% -> 18,8% towards 14,9%, doel 20,3%,
    44,3% ingelopen (as `nprz targets` gives it, tests/cli/test_cli.py)."""
    body = read.sections(built.html)["indicator-thuisbasis-kinderen-minimum"]
    cells = {line[0]: line[1] for line in target_tables(read, body)[0].rows}
    assert cells["Startwaarde"] == "21,9% (2020)"
    assert cells["Laatste meting"] == "18,8% (2023)"
    assert cells["Niveau 2031"] == "14,9% (Rotterdam)"
    assert cells[f"Doel {YEAR}"] == "20,3%"
    assert cells["Ingelopen"] == "44,3% (-3,1 procentpunt)"
    assert "groen" in read.text_of(body.split("</h4>")[0])
    assert "moest in 2024 22,2% van het verschil zijn ingelopen, een doel van 20,3%" in body


def test_stoplight_counts_are_those_of_the_targets(store, built, read) -> None:
    rows = targets(YEAR)
    counts = Counter(row.assessment.status for row in rows)
    order = (Status.GROEN, Status.ORANJE, Status.ROOD, Status.GEEN)
    body = read.sections(built.html)["stoplicht"]
    sentence = (
        f"Van de {len(rows)} doelen en indicatoren met een doel zijn er "
        + ", ".join(f"{counts[s]} {STATUS_WORDS[s]}" for s in order)
        + "."
    )
    assert sentence in read.text_of(body)
    assert sentence == (
        "Van de 46 doelen en indicatoren met een doel zijn er "
        "22 groen, 15 oranje, 6 rood, 3 geen oordeel."
    )
    total = read.table(body, f"Status per pijler, {YEAR}").by_first()["Alle pijlers"]
    assert total[1:] == [str(counts[s]) for s in order] + [str(len(rows))]
    # The headings of the indicator sections carry the same status words.
    found = read.sections(built.html)
    heads = Counter()
    for row in {r.code: r for r in rows}.values():
        head = found[f"indicator-{row.code}"].split("</h4>")[0]
        word = re.search(r'class="status status-(\w+)"', head)
        heads[Status(word[1])] += 1
    assert heads == Counter({r.code: r.assessment.status for r in rows}.values())


def test_no_target_of_2024_lacks_a_figure(store) -> None:
    """The bundled 2024 data has every start, current and reference value, so the test below
    takes one away; the three without a judgement are qualitative."""
    rows = targets(YEAR)
    assert not [r.code for r in rows if r.assessment.reason in MISSING_REASONS]
    qualitative = sorted(r.code for r in rows if r.assessment.reason is Reason.KWALITATIEF)
    assert qualitative == ["mph-ontruimingen", "werkzamen-techniek", "werkzamen-zorg"]


def test_a_qualitative_goal_shows_no_numbers_as_0(store, built, read) -> None:
    body = read.sections(built.html)["indicator-mph-ontruimingen"]
    cells = {line[0]: line[1] for line in target_tables(read, body)[0].rows}
    assert cells[f"Doel {YEAR}"] == "–"
    assert cells["Ingelopen"] == "–"
    assert cells["Status"] == "geen oordeel"
    assert "Dit is een kwalitatief doel" in body


def test_a_missing_current_value_is_said_to_be_missing_never_shown_as_0(
    store, read, tmp_path
) -> None:
    """Take the measurements after the start away (inside this test's transaction): the
    section says what is missing and its table shows "–", not 0 or 0%."""
    from nprz.monitor import models as m
    from nprz.reports import goals
    from nprz.reports.document import Document
    from nprz.reports.render import write_html

    code = "thuisbasis-kinderen-minimum"
    (before,) = [r for r in targets(YEAR) if r.code == code]
    target = m.Target.objects.get(indicator__code=code)
    later = m.Observation.objects.filter(
        indicator__code=code, area_id=target.start_area_id
    ).exclude(period=before.start_period)
    assert later.exists()
    later.delete()
    stamp.forget()  # the store never loses single observations; the stamp does not see it
    (row,) = [r for r in targets(YEAR) if r.code == code]
    assert row.current_value is None
    assert row.assessment.reason in MISSING_REASONS
    assert row.assessment.status is Status.GEEN
    chapter = goals.indicator_sections(YEAR, [row])
    doc = Document("proef", "Proef", "", YEAR, (), [chapter], "")
    page = write_html(doc, tmp_path).read_text("utf-8")
    body = read.sections(page)[f"indicator-{code}"]
    assert f">Geen oordeel: {row.assessment.reason.label}.</p>" in body
    (table,) = [t for t in read.tables(body) if t.caption.startswith(f"Doel {YEAR}")]
    cells = {line[0]: line[1] for line in table.rows}
    assert cells["Startwaarde"] == "21,9% (2020)"
    assert cells["Laatste meting"] == "–"
    assert cells["Ingelopen"] == "–"
    assert cells["Status"] == "geen oordeel"
    assert "0%" not in cells.values()
    assert "0,0%" not in cells.values()
    assert "geen oordeel" in read.text_of(body.split("</h4>")[0])


def test_a_missing_current_value_is_named_as_such(store) -> None:
    from nprz.monitor import models as m

    code = "thuisbasis-kinderen-minimum"
    target = m.Target.objects.get(indicator__code=code)
    m.Observation.objects.filter(indicator__code=code, area_id=target.start_area_id).exclude(
        period=target.start_period
    ).delete()
    stamp.forget()
    (row,) = [r for r in targets(YEAR) if r.code == code]
    assert row.assessment.reason is Reason.ONTBREEKT_ACTUEEL


# --- interventions ------------------------------------------------------------------------


def test_every_published_intervention_is_listed_with_number_and_name(store, built, read) -> None:
    rows = intervention_rows(YEAR, published_only=True)
    assert len(rows) == 134
    found = read.sections(built.html)
    for pillar in {r.pillar for r in rows}:
        body = found[f"interventies-{pillar}"]
        overview = read.table(body, "Interventies ")
        listed = [(line[0], line[1]) for line in overview.rows]
        assert listed == [(r.number, r.name) for r in rows if r.pillar == pillar]
        for row in (r for r in rows if r.pillar == pillar):
            assert f"<dt>{row.number}. " in body, row.number


def test_intervention_counts_per_pillar(store, built, read) -> None:
    rows = intervention_rows(YEAR, published_only=True)
    counts = counts_per_pillar(rows)
    # The counted pillars and their names are the definition's (programme.yaml).
    assert [counts[p] for p in ("thuisbasis", "school", "werk", "wonen", "veilig")] == [
        19,
        29,
        35,
        20,
        18,
    ]
    text = read.text_of(read.sections(built.html)["interventies"])
    assert (
        "Het programma telt 121 interventies in de vijf pijlers (Thuisbasis op orde 19, "
        "School 29, Werk 35, Wonen 20, Veilig 18); onderdelen als 2a en 2b tellen als één. "
        "Daarnaast staan de acties onder Bewoners bondgenoten en Organisatie en leren."
    ) in text


def test_movement_summary_equals_the_computed_one(store, built, read) -> None:
    rows = intervention_rows(YEAR, published_only=True)
    summary = movement_summary(rows)
    numbers = counts_per_pillar(rows)
    labels = pillars.names()
    table = read.table(read.sections(built.html)["samenvatting-voortgang"], "Samenvatting")
    assert table.header[1:] == [mv.value for mv in Movement] + [
        "Regels",
        "Interventies (a/b/c als één)",
    ]
    shown = table.by_first()
    assert list(shown) == [labels[p] for p in summary]
    for pillar, counts in summary.items():
        line = shown[labels[pillar]]
        assert line[1:] == [
            *(str(counts.get(mv, 0)) for mv in Movement),
            str(sum(counts.values())),
            str(numbers[pillar]),
        ]
    # The 2024 data: Werk has 6 stopped interventions; Wonen 23 rows are 20 interventions.
    assert shown["Werk"][1 + list(Movement).index(Movement.GESTOPT)] == "6"
    assert shown["Wonen"][-2:] == ["23", "20"]


# --- finances -----------------------------------------------------------------------------


def test_finance_table_prints_the_amounts_as_printed(store, built, read) -> None:
    lines = finance_lines(YEAR)
    assert lines
    table = read.table(read.sections(built.html)["financien"], "Financiën programmabureau NPRZ")
    assert len(table.rows) == len(lines)
    for line, shown in zip(lines, table.rows, strict=True):
        assert shown[0] == " ".join(t for t in (line.post, line.label) if t)
        for key, cell in zip(
            ("begroot", "gerealiseerd", "gemeente", "overige_partners"), shown[1:], strict=True
        ):
            printed = getattr(line, f"{key}_printed")
            assert cell == (printed or "–"), (line.label, key)
            if getattr(line, key) is None:
                assert cell == "–", "an empty cell is left empty, not 0"
    first = table.rows[0]
    assert first[0].startswith("Post 1 Personeelskosten")
    assert first[1:] == ["€ 1.325.000", "€ 1.284.023", "€ 1.159.023", "€ 125.000"]
    assert table.by_first()["TOTAAL GEREALISEERD"][1:] == [
        "–",
        "€ 1.536.540",
        "€ 731.540",
        "€ 805.000",
    ]


# --- the document as a whole --------------------------------------------------------------


def test_dutch_typography_language_and_title(built) -> None:
    page = built.html
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    title = re.search(r"<title>(.*?)</title>", page)
    assert title is not None
    assert title[1] == "Voortgangsrapportage 2024 — Nationaal Programma Rotterdam Zuid"
    assert '<td class="num">€ 1.325.000</td>' in page
    assert '<td class="num">44,3%</td>' in page
    # Numbers in table cells: thousands with a dot, decimals with a comma, never the reverse.
    cells = [
        cell
        for t in TABLE.finditer(page)
        if not t[0].startswith(KPI_TABLE)
        for cell in re.findall(r'<td class="num">([^<]*)</td>', t[0])
    ]
    assert len(cells) > 1500
    for cell in cells:
        assert not re.fullmatch(r"-?\d+\.\d{1,2}%?", cell), cell
        assert not re.fullmatch(r"-?\d{1,3}(,\d{3})+", cell), cell


def test_kpi_values_use_dutch_notation(built) -> None:
    kpi = [t[0] for t in TABLE.finditer(built.html) if t[0].startswith(KPI_TABLE)]
    assert kpi
    cells = [c for t in kpi for c in re.findall(r'<td class="num">([^<]*)</td>', t)]
    assert [c for c in cells if re.fullmatch(r"-?\d+\.\d{1,2}%?", c)] == []


def test_every_image_has_alt_text_and_a_caption(built, read) -> None:
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', built.html, re.S)
    assert len(figures) == len(built.document.figures) == len(re.findall("<img ", built.html))
    assert len(figures) >= 48
    for figure in figures:
        alt = re.search(r'<img src="([^"]+)" alt="([^"]*)">', figure)
        assert alt is not None, figure
        assert alt[2].strip(), figure
        assert (built.html_path.parent / alt[1]).is_file()
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
        assert caption is not None, figure
        assert read.text_of(caption[1]), figure


def test_contents_link_to_sections_that_exist(built, read) -> None:
    found = read.sections(built.html)
    links = re.findall(r'<li class="toc-\d"><a href="#([^"]+)">', built.html)
    assert links
    assert set(links) <= set(found)
    # Links inside tables point to sections of this document, never to the website.
    for href in re.findall(r'<a href="([^"]+)"', built.html):
        assert href.startswith("#"), href
        assert href[1:] in found, href


def test_a_known_correction_is_a_footnote_under_its_table(store, built, read) -> None:
    """The report printed 1123 thuiszitters aged 13 to 17 in Rotterdam (2023/24) where its
    own sum asks 112, and a share of 4,0% computed from it (decision 022): the figures stay
    as printed, each with a numbered footnote giving both numbers."""
    text = read.text_of(built.html)
    assert "Gedrukt 1.123; de optelling geeft 112 (waarschijnlijk een tikfout)." in text
    assert (
        "Gedrukt 4,0%; berekend uit een waarschijnlijk onjuist gedrukt aantal "
        "(1.123 waar de optelling 112 geeft); daarmee wordt het 40,2%."
    ) in text
    # the mark is the footnote's number, right after the printed figure (the footnote sits
    # right under the table, so the document needs no link to it)
    assert '1.123<sup class="footnote-mark" title="voetnoot 1">1</sup>' in built.html
    assert '4,0%<sup class="footnote-mark" title="voetnoot 2">2</sup>' in built.html
