"""The path page /pad/bijstand/ and the report's chapter show the same rows, from the store."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.test import Client, RequestFactory

from nprz import programmes
from nprz.presenters.tables import Table
from nprz.programmes.schema import PathChapter
from nprz.reports.document import Figure, TableBlock, Text
from nprz.reports.programme import path_section
from nprz.web.pages import paths

pytestmark = pytest.mark.django_db
URL = "/pad/bijstand/"
# The letter as the dataset names it (dataset.yaml, documents).
LETTER = "Brief van de wethouder aan de raadscommissie over Samen voor Zuid (2025)"
# The public reads sources by the documents' names; the analyst keeps the lines.
REPORT = "Voortgangsrapportage Nationaal Programma Rotterdam Zuid 2024"


def spec() -> PathChapter:
    return next(
        c
        for c in programmes.definition().chapters
        if isinstance(c, PathChapter) and c.anchor == "bijstand"
    )


def visible(response_content: bytes) -> str:
    text = re.sub(r"<[^>]+>", " ", response_content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def rows_of(table: Table) -> dict[str, list[str]]:
    return {row[0].text: [cell.text for cell in row] for row in table.rows}


def csv_rows(client: Client, name: str) -> list[dict[str, str]]:
    response = client.get(f"{URL}{name}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_page_shows_2024_against_its_year_target(store, client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    text = visible(response.content)
    assert (
        f"Eind 2024 was de stand 12.794 in NPRZ (Rotterdam Zuid) ({REPORT}; {LETTER}); "
        "het doel van 12.750 is niet gehaald: 44 boven het doel (+0,3%)."
    ) in text
    per_year = {row["jaar"]: row for row in csv_rows(client, "per-jaar")}
    row = per_year["2024"]
    assert (row["stand"], row["pad"], row["verschil"], row["oordeel"]) == (
        "12794",
        "12750",
        "44",
        "niet gehaald",
    )
    assert row["bron"] == f"{REPORT}; {LETTER}"
    # The printed series, each with its document (the analyst sees its line); 2018 is a
    # 31 March count and is not judged.
    assert {y: (r["stand"], r["bron"]) for y, r in per_year.items() if int(y) < 2023} == {
        "2018": ("15200", REPORT),
        "2019": ("13507", REPORT),
        "2020": ("14567", REPORT),
        "2021": ("13973", REPORT),
        "2022": ("13291", REPORT),
    }
    assert per_year["2018"]["opmerking"] == "peildatum 31 maart 2018"
    assert per_year["2018"]["oordeel"] == "geen doel"


def test_the_path_between_milestones_is_a_straight_line(store, client: Client) -> None:
    per_year = {row["jaar"]: row for row in csv_rows(client, "per-jaar")}
    assert {y: (r["pad"], r["soort"]) for y, r in per_year.items() if int(y) >= 2023} == {
        "2023": ("13065", "start"),
        "2024": ("12750", "jaardoel"),
        "2025": ("12400", "jaardoel"),
        "2026": ("12000", "tussenwaarde"),
        "2027": ("11600", "tussenwaarde"),
        "2028": ("11200", "tussenwaarde"),
        "2029": ("10800", "tussenwaarde"),
        "2030": ("10400", "tussenwaarde"),
        "2031": ("10000", "jaardoel"),
    }
    # The letter's undated current count (12.947) is shown but not judged against 12.400.
    assert (per_year["2025"]["stand"], per_year["2025"]["verschil"]) == ("12947", "")
    assert per_year["2025"]["oordeel"].startswith("niet te beoordelen")
    text = visible(client.get(URL).content)
    assert "daalt het elk jaar met 400, tot 10.000 eind 2031" in text


def test_both_home_visit_realisations_with_their_sources(store, client: Client) -> None:
    rows = csv_rows(client, "activiteiten")
    visits = [
        (r["document"], r["periode"], r["doel"], r["realisatie"], r["verschil"], r["regel"])
        for r in rows
        if r["activiteit"] == "Huisbezoeken verzuimaanpak"
    ]
    assert visits == [
        ("voortgangsronde", "2024", "700", "1014", "314", REPORT),
        (LETTER, "2024", "700", "1086", "386", LETTER),
        (LETTER, "2025", "1200", "niet vermeld", "", LETTER),
    ]
    jobs = [r for r in rows if r["activiteit"].startswith("Jobhunters")]
    assert [(r["doel"], r["realisatie"], r["verschil"]) for r in jobs] == [("450", "353", "-97")]
    text = visible(client.get(URL).content)
    assert (
        f"Huisbezoeken verzuimaanpak 2024: voortgangsronde 1014 ({REPORT}), {LETTER} 1086 "
        f"({LETTER})." in text
    )


def test_outflow_as_printed_with_its_lines(store, client: Client) -> None:
    rows = {r["jaar"]: r for r in csv_rows(client, "uitstroom")}
    assert list(rows) == ["2019", "2020", "2021", "2022", "2023", "2024"]
    latest = rows["2024"]
    assert (latest["uitstroom_naar_werk"], latest["uitstroom_overig"]) == ("1350", "1379")
    assert rows["2024"]["uitstroom_overig__aandeel_van_rotterdam"] == "38.46"
    assert rows["2024"]["bron"] == REPORT
    text = visible(client.get(URL).content)
    # Dutch notation; that the print used a decimal point is the analyst's note, not the
    # public's.
    assert "1.350 40,27% 1.379 38,46% Voortgangsrapportage" in text
    assert "gedrukt 38.46%" not in text


def test_chart_and_link(store, client: Client) -> None:
    svg = client.get(f"{URL}grafiek.svg")
    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    page = client.get(URL).content.decode()
    assert re.search(r'<img src="/pad/bijstand/grafiek\.svg" alt="Lijndiagram: ', page)
    assert 'href="/pad/bijstand/"' in client.get("/interventies/").content.decode()


def test_the_report_section_has_the_pages_rows(store) -> None:
    request = RequestFactory().get(URL)
    page = paths.build(request, "bijstand")
    section = path_section(spec(), 2024)
    blocks = [p.table for p in section.parts if isinstance(p, TableBlock)]
    by_slug = {t.slug: t for t in blocks}
    for name, table in page.tables.items():
        if name == "grafiek-data":  # the figure's own table, compared via the spec
            continue
        assert rows_of(by_slug[table.slug]) == rows_of(table), name
    assert rows_of(by_slug["bijstand-per-jaar-2024"])["2024"][1:8] == [
        "12.794",
        f"{REPORT}; {LETTER}",
        "12.750",
        # The path is the letter's; the report prints the same year target.
        f"jaardoel (pad: {LETTER}; {REPORT})",
        "niet gehaald (44 boven het doel)",
        "+44",
        "+0,3%",
    ]
    figure = next(p for p in section.parts if isinstance(p, Figure))
    assert figure.chart.spec == page.charts["grafiek"].spec
    texts = " ".join(p.text for p in section.parts if isinstance(p, Text))
    assert "het doel van 12.750 is niet gehaald: 44 boven het doel (+0,3%)" in texts
    assert f"{LETTER} 1086 ({LETTER})" in texts


def test_projection_to_2031_from_the_year_end_stands(store, client: Client) -> None:
    # A straight line (OLS) through the year-end stands 2019-2024 (the 31 March 2018 count
    # is left out): slope -4.376,5 / 17,5 = -250,1 a year; 2031: 13.532,8 - 250,1 * 9,5.
    rows = {r["jaar"]: r for r in csv_rows(client, "prognose")}
    assert list(rows) == [str(y) for y in range(2025, 2032)]
    assert (rows["2031"]["prognose"], rows["2031"]["pad"]) == ("11157", "10000")
    assert int(rows["2031"]["laag"]) < 11157 < int(rows["2031"]["hoog"])
    text = visible(client.get(URL).content)
    assert "standen 2019-2024 (6 standen); backtest van deze methode" in text
    assert "In dit tempo wordt 10.000 niet in 2031 bereikt, maar pas in 2036." in text


def test_projection_shows_the_same_backtest_as_nprz_outlook(store, client: Client) -> None:
    """The method's record next to the projection is the one `nprz outlook` reports."""
    from nprz.core.projection import Method
    from nprz.monitor.outlook import backtest_text, outlook

    result = outlook(2024)
    record = backtest_text(result.backtest.summaries[Method.TREND_SINDS_BREUK])
    assert record.startswith("gemiddeld ")
    text = visible(client.get(URL).content)
    assert f"backtest van deze methode: {record}" in text
    row = next(r for r in result.rows if r.code == "bijstandsuitkeringen")
    assert row.projected_end is not None
    rows = {r["jaar"]: r for r in csv_rows(client, "prognose")}
    assert int(rows["2031"]["prognose"]) == round(row.projected_end.value)
