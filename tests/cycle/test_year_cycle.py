"""A year later: the 2025 report from a SYNTHETIC delivery, without a developer (issue 14).

The cycle runs once (`cycle` in conftest.py); each test reads one thing a reader or the
programme bureau would check in what it left behind.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import pytest

from nprz.core.printed import Printed, PrintedError, parse_printed

pytestmark = pytest.mark.django_db

YEAR = 2025
SYNTHETIC_SUMMARY = "SYNTHETISCH: voortgang 2025 voor de jaarcyclustest, geen echte tekst."
THRESHOLD = 5
SECTION = re.compile(r'<section id="(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</section>', re.S)
TABLE = re.compile(r"<table[^>]*>(?P<body>.*?)</table>", re.S)
CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
HEADING = re.compile(r"<(h[12])[^>]*>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def sections(page: str) -> dict[str, str]:
    return {match["id"]: match["body"] for match in SECTION.finditer(page)}


def tables(fragment: str) -> list[tuple[str, list[list[str]]]]:
    """(caption, rows of cell texts, the header first) of every table in `fragment`."""
    found = []
    for match in TABLE.finditer(fragment):
        caption = CAPTION.search(match["body"])
        rows = [[text_of(c) for c in CELL.findall(r)] for r in ROW.findall(match["body"])]
        found.append((text_of(caption[1]) if caption else "", rows))
    return found


def column(rows: list[list[str]], name: str) -> dict[str, str]:
    """First cell of each body row -> its cell in the column headed `name`."""
    index = rows[0].index(name)
    return {row[0]: row[index] for row in rows[1:]}


def number(text: str, plain: bool) -> Fraction | None:
    """A cell as a number: plain in a download ("1234", "26.4"), else in Dutch notation
    ("1.234", "26,4%", "7 (3,2)")."""
    text = re.sub(r"\s*\(.*\)$", "", text.strip())
    if plain:
        return Fraction(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
    try:
        token = parse_printed(text)
    except PrintedError:
        return None
    return token.exact if isinstance(token, Printed) else None


# --- the delivery ---------------------------------------------------------------------------


def test_the_delivery_is_filed_under_2025_through_the_command_line_and_the_upload_page(
    cycle: Any,
) -> None:
    cli = cycle.runs["import-cli"].out
    assert "Rapportjaar 2025 (voorstel: de meest recente periode in het bestand is 2025)" in cli
    assert "594 nieuw, 0 gewijzigd, 0 gelijk" in cli
    (page,) = cycle.uploads
    checked = text_of(page.checked)
    assert "Rapportjaar 2025 (voorstel: de meest recente periode in het bestand is" in checked
    assert 'name="rapportjaar" value="2025"' in page.checked
    assert page.status == 200
    assert "127 nieuw, 1 gewijzigd, 0 gelijk" in text_of(page.imported)
    assert "3 regels voor 2025" in cycle.runs["import-financien"].out


def test_the_fractions_due_are_those_of_2025(cycle: Any) -> None:
    rows = json.loads(cycle.runs["targets"].out)
    due = {(r["regime"], r["fraction"]) for r in rows if r["fraction"] is not None}
    # UP 2019: 25% in 2021, then linear to 100% in 2031; UP 2023: linear from 2022.
    assert due == {("up2019", 55.0), ("up2023", 33.3333), ("samen-voor-zuid", 21.6966)}
    table = cycle.runs["targets-table"].out
    assert "van 55,0%" in table
    assert "van 33,3%" in table


# --- the previous report is the final 2024 edition ------------------------------------------


def stoplight_closed(page: str, header: str) -> dict[tuple[str, str], str]:
    """(pillar section, goal name) -> its cell in column `header` of the stoplight tables
    (two pillars have a goal of the same name)."""
    found: dict[tuple[str, str], str] = {}
    for anchor, body in sections(page).items():
        if anchor.startswith("stoplicht-"):
            for _, rows in tables(body):
                found.update({(anchor, k): v for k, v in column(rows, header).items()})
    return found


def test_the_previous_report_column_is_what_the_final_2024_edition_published(
    cycle: Any,
) -> None:
    # The year's own column adds the change in the indicator's unit ("6,1% (+1,1
    # procentpunt)"); the previous report's column quotes the percentage alone.
    published = {
        key: re.sub(r" \(.*\)$", "", value)
        for key, value in stoplight_closed(cycle.report_2024, "% ingelopen 2024").items()
    }
    previous = stoplight_closed(cycle.report_2025, "% ingelopen vorig rapport")
    assert len(previous) == 46
    assert previous == published
    assert previous["stoplicht-werk", "% Huishoudens met een WWB of WW-uitkering"] == "43,6%"
    # The command line gives the same, as plain numbers, with the status published then.
    rows = {r["code"]: r for r in json.loads(cycle.runs["targets"].out)}
    edition = cycle.facts["final_2024"]
    for code, figure in edition.items():
        assert rows[code]["previous_status"] == figure["status"], code
        expected = figure["pct_closed"]
        got = rows[code]["previous_pct_closed"]
        if expected is None:
            assert got is None, code
        else:
            assert got == pytest.approx(float(Fraction(expected)), abs=1e-4), code
    assert rows["uitkering-wwb-ww"]["previous_status"] == "oranje"


def test_the_site_shows_the_previous_reports_figures_and_status(cycle: Any) -> None:
    goals = cycle.public.texts["/doelen/"]
    ((_, rows),) = [t for t in tables(goals) if t[0].startswith("Stand van de doelen 2025")]
    header = [re.sub(r"\s*[⇅↑↓▲▼]$", "", h) for h in rows[0]]  # the sort links' arrows
    found = next(r for r in rows if r[0].startswith("% Huishoudens met een WWB of WW"))
    row = dict(zip(header, found, strict=True))
    assert (row["% ingelopen vorig rapport"], row["Status vorig rapport"]) == ("43,6%", "oranje")
    assert (row["% ingelopen 2025"], row["Status"]) == ("41,3% (-3,3 procentpunt)", "oranje")
    page = cycle.public.texts["/indicatoren/uitkering-wwb-ww/"]
    ((_, target),) = [t for t in tables(page) if t[0].startswith("Doel 2025")]
    figures = {r[0]: r[1] for r in target[1:]}
    assert figures["Ingelopen volgens het vorige rapport"] == "43,6%"
    assert figures["Status volgens het vorige rapport"] == "oranje"


def bands(page: str) -> dict[tuple[str, str], list[str]]:
    ((_, rows),) = tables(sections(page)["banden"])
    return {(row[0], row[1]): row for row in rows[1:]}


def test_the_was_bands_are_the_2024_bands(cycle: Any) -> None:
    then, now = bands(cycle.report_2024), bands(cycle.report_2025)
    assert set(now) == set(then)
    for key, row in now.items():
        # "Vorig rapport" of 2025 is "Berekend" of the published 2024 edition, zeros included.
        assert row[3] == then[key][2], key
    assert now["op of boven doel", "School"][3] == "13"
    assert now["5% tot 15%", "Wonen"][3] == "0"
    assert "de definitieve editie rapport-2024-1 van het rapport over 2024" in text_of(
        sections(cycle.report_2025)["banden"]
    )


# --- every chapter is filled from the delivery ------------------------------------------------


def test_no_chapter_is_empty_or_misses_what_was_delivered(cycle: Any) -> None:
    page = cycle.report_2025
    assert "Geen rijen" not in page
    parts = sections(page)
    for anchor in ("algemeen", "verhuizingen", "verhuizingen-uitsplitsing", "thuiszitters"):
        assert "ontbreekt" not in text_of(parts[anchor]), anchor
    for anchor in ("financien", "verantwoording", "interventies"):
        assert anchor in parts
    assert len(cycle.area_documents) == 27
    for name, document in cycle.area_documents.items():
        assert "Geen rijen" not in document, name
        # The flows were delivered for every area; other wijk figures were not (and the
        # document says so in its "cijfers" section).
        flows = sections(document)["verhuizingen"]
        assert "2025" in text_of(flows), name
        assert "ontbreekt" not in text_of(flows), name


def test_the_key_figures_show_the_delivered_population(cycle: Any) -> None:
    ((caption, rows),) = tables(sections(cycle.report_2025)["algemeen"])
    assert caption.startswith("Algemeen beeld Rotterdam Zuid, 2025")
    population = next(r for r in rows if r[0].startswith("Stand bevolking 1 januari"))
    assert population[0].endswith("(2025)")
    assert dict(zip(rows[0], population, strict=True))["Focuswijken"] != "–"
    assert all(cell not in ("", "–") for cell in population)


def test_the_moving_flows_have_every_wijk_for_2025_with_computed_balances(cycle: Any) -> None:
    assert '<h2 class="heading-1">Verhuisbewegingen per wijk, 2025' in cycle.report_2025
    (_, rows), *_ = tables(sections(cycle.report_2025)["verhuizingen"])
    totals = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert len(totals) == 28  # 23 wijken, 3 gebieden, NPRZ and the focuswijken
    kop = totals["Kop van Zuid"]
    # Saldo is not in the delivery: vestigers - vertrekkers, computed by the monitor.
    assert (kop["vestigers"], kop["vertrekkers"], kop["saldo"]) == ("575", "649", "-74")
    for area, row in totals.items():
        for label, cell in row.items():
            assert cell not in ("", "–", "ontbreekt"), (area, label)


def test_thuiszitters_gain_the_delivered_school_year(cycle: Any) -> None:
    ((_, rows),) = tables(sections(cycle.report_2025)["thuiszitters"])
    assert rows[0][-1] == "2024/25"
    end = {(r[0], r[1]): r[-1] for r in rows[1:]}
    assert end["Totaal aantal thuiszitters einde schooljaar", "Rotterdam"] == "190"
    assert end["Thuiszitters bij aanvang schooljaar", "NPRZ (Rotterdam Zuid)"] == "51"


def test_finance_reads_the_delivered_lines(cycle: Any) -> None:
    ((caption, rows),) = tables(sections(cycle.report_2025)["financien"])
    assert caption.startswith(
        "Financiën programmabureau NPRZ, 2025 (bedragen zoals geleverd in "
        "Financiën programmabureau (synthetisch-2025-financien.csv);"
    ), caption
    assert rows[1:] == [
        ["Post 1 Personeelskosten", "€ 1.350.000", "€ 1.301.500", "€ 1.176.500", "€ 125.000"],
        ["Post 2 Werkbudget", "€ 100.000", "€ 92.250", "€ 88.250", "€ 4.000"],
        ["Totaal post 1 en 2", "€ 1.450.000", "€ 1.393.750", "€ 1.264.750", "€ 129.000"],
    ]


def test_the_account_names_the_deliveries_and_tables_it_used(cycle: Any) -> None:
    account = text_of(sections(cycle.report_2025)["verantwoording"])
    for name in (
        "synthetisch-2025-verhuizingen-thuiszitters.csv",
        "synthetisch-2025-doelen-bevolking-bijstand.csv",
        "synthetisch-2025-financien.csv",
    ):
        assert name in account
    assert re.search(r"tabellen (zijn )?gebruikt: \S", account), account[:500]


def test_the_interventions_show_the_published_round(cycle: Any) -> None:
    assert cycle.round.approved == 108
    parts = sections(cycle.report_2025)
    body = text_of(parts["interventies"])
    assert f"108 van de {cycle.round.opened} voortgangsrapporten waren goedgekeurd" in body
    (caption, rows), *kpis = tables(parts["interventies-thuisbasis"])
    assert caption.startswith("Interventies Thuisbasis op orde, 2025")
    assert kpis
    assert rows[0][-3:] == ["Kleur 2024", "Kleur 2025", "Beweging"]
    # The colours the bureau approved, in every pillar's table.
    assert {row[-2] for row in rows[1:]} == {"geel"}
    assert SYNTHETIC_SUMMARY in text_of(cycle.report_2025)


# --- the caseload and the year on every title -------------------------------------------------


def test_the_year_end_caseload_is_judged(cycle: Any) -> None:
    rows = {r["code"]: r for r in json.loads(cycle.runs["targets"].out)}
    caseload = rows["bijstandsuitkeringen"]
    assert (caseload["current_period"], caseload["current_value"]) == ("2025", 12510.0)
    assert (caseload["target_value"], caseload["status"]) == (12400.0, "oranje")
    for page in (
        text_of(sections(cycle.report_2025)["bijstand"]),
        text_of(cycle.public.texts["/pad/bijstand/"]),
    ):
        # The public reads the delivery by its name; its row is the analyst's.
        assert (
            "Eind 2025 was de stand 12.510 in NPRZ (Rotterdam Zuid) "
            "(synthetisch-2025-doelen-bevolking-bijstand.csv)"
        ) in page
        assert "rij 129" not in page
        assert "het doel van 12.400 is niet gehaald: 110 boven het doel" in page
        assert "niet te beoordelen" not in page


def test_2025_is_on_the_cover_and_in_the_titles(cycle: Any) -> None:
    page = cycle.report_2025
    assert "<title>Voortgangsrapportage 2025" in page
    cover = re.search(r'<h1 class="cover-title">(.*?)</h1>', page, re.S)
    assert cover is not None
    assert text_of(cover[1]) == "Voortgangsrapportage 2025"
    years_in_titles = {
        year
        for _, heading in HEADING.findall(page)
        for year in re.findall(r"\b(20\d\d)\b", text_of(heading))
    }
    assert years_in_titles == {"2025"}
    for name, document in cycle.area_documents.items():
        assert re.search(r"<title>[^<]* 2025</title>", document), name


# --- nothing small in public -----------------------------------------------------------------


def labels(cycle: Any) -> dict[str, str]:
    """What a reader can tell a protected count from: its code, its name and the labels the
    chapters and pages give it (only the protected counts are kept)."""
    protected = cycle.facts["protected"]
    found = {code: code for code in protected}
    found |= {name.casefold(): code for code, name in cycle.facts["names"].items()}
    found |= {label.casefold(): code for label, code in cycle.facts["labels"].items()}
    return {label: code for label, code in found.items() if code in protected}


def small_counts(grid: Any, known: dict[str, str], page_indicator: str) -> Iterator[str]:
    """Every cell of `grid` that shows a protected count below the threshold: the count is
    named by its column's header, its row's label or the page it is on."""
    plain = grid.where.endswith((".csv", ".xlsx")) or ".csv?" in grid.where
    plain = plain or ".xlsx?" in grid.where
    columns = [known.get(h.casefold(), "") for h in grid.header]
    for row in grid.rows:
        row_indicator = next((known[c.casefold()] for c in row if c.casefold() in known), "")
        for index, cell in enumerate(row):
            indicator = (columns[index] if index < len(columns) else "") or row_indicator
            indicator = indicator or page_indicator
            value = number(cell, plain)
            if indicator and value is not None and 0 <= value < THRESHOLD:
                yield f"{grid.where} [{grid.caption}] {indicator}: {cell!r} in {row}"


def page_indicator(where: str, protected: set[str]) -> str:
    found = re.match(r"^/indicatoren/([a-z0-9-]+)/", where)
    return found[1] if found and found[1] in protected else ""


def test_no_small_count_in_anything_public(cycle: Any) -> None:
    known = labels(cycle)
    protected = set(cycle.facts["protected"])
    shown: list[str] = []
    seen: dict[str, set[str]] = {"site": set(), "rapport": set()}
    for kind, grids in (("site", cycle.public.grids), ("rapport", cycle.report_grids)):
        for grid in grids:
            context = page_indicator(grid.where, protected)
            shown.extend(small_counts(grid, known, context))
            seen[kind] |= {known[h.casefold()] for h in grid.header if h.casefold() in known}
            firsts = [r[0].casefold() for r in grid.rows if r]
            seen[kind] |= {known[label] for label in firsts if label in known}
    for row in cycle.public.api_rows:
        value = row["waarde"]
        if row["indicator"] in protected and value is not None and 0 <= value < THRESHOLD:
            shown.append(f"API {row}")
    assert shown == []
    # The reader met every protected count, and met the hidden ones as hidden.
    assert seen["rapport"] == protected
    assert seen["site"] == protected
    api = {r["indicator"] for r in cycle.public.api_rows if r["onderdrukt"]}
    assert {"verhuis-in-7", "thuiszitters-verhuisd-5-12"} <= api
    assert cycle.public.pages["html"] > 150
    assert cycle.public.pages["csv"] > 400
    assert cycle.public.statuses == {}


# --- builds and editions -----------------------------------------------------------------------


def test_a_draft_rebuild_after_the_round_says_what_changed_and_exits_0(cycle: Any) -> None:
    draft, final = cycle.runs["draft-2025"], cycle.runs["report-2025"]
    assert draft.code == final.code == 0
    assert "Editie rapport-2025-1 (concept)" in draft.out
    assert "Editie rapport-2025-2 (definitief)" in final.out
    assert "sinds de vorige bouw (rapport-2025-1)" in final.out
    # What changed in its inputs: the draft was built before the round was opened.
    assert "is de invoer veranderd (voortgangsronde: geen ronde → gepubliceerd)" in final.out


@pytest.mark.parametrize("year", [2024, 2025])
def test_both_final_editions_verify(cycle: Any, year: int) -> None:
    run = cycle.runs[f"verify-{year}"]
    assert run.code == 0, run.text[-1500:]
    assert "byte voor byte gelijk" in run.out
    assert cycle.facts["finals"][year] in run.out


def test_check_without_a_printed_report_says_so_and_checks_the_delivery(cycle: Any) -> None:
    run = cycle.runs["check"]
    assert run.code == 0, run.text
    assert run.out.splitlines()[0] == (
        "Voor 2025 is geen gedrukt rapport geladen: alleen de leveringen voor 2025 worden "
        "gecontroleerd (sommen, saldi, voorraad en stroom, en aandelen (aantal ÷ totaal)); "
        "tabellen, bronnen, tekst gaan over een gedrukt rapport."
    )
    # The synthetic delivery keeps every identity: its sums were made to add up.
    assert "Controle leveringen 2025: 0 afwijking(en)" in run.out
