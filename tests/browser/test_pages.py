"""What a reader sees in chromium: every page type, real values from the bundled 2024 data,
sorting and filtering the goals, the charts and maps as loaded images, downloads, keyboard use.

The expected values are the published figures (src/nprz/datasets/nprz2024) and what the
monitor recomputes from them; the comments say where each comes from.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

# path, HTTP status, <h1> as the reader sees it
PAGE_TYPES = {
    "overzicht": ("/", 200, "NPRZ in 2024: de stand van het programma"),
    "doelen": ("/doelen/", 200, "Stand van de doelen 2024"),
    "indicatoren": ("/indicatoren/", 200, "Indicatoren"),
    "indicator": (
        "/indicatoren/werkloosheid-jongeren/",
        200,
        "% werkeloosheid jongeren 15 tot 27 jaar",  # spelled as in the report
    ),
    "indicator-pad": (
        "/indicatoren/bijstandsuitkeringen/",
        200,
        "Aantal bijstandsuitkeringen in het NPRZ-gebied",
    ),
    "gebieden": ("/gebieden/", 200, "Gebieden"),
    "gebied-nprz": ("/gebieden/nprz/", 200, "NPRZ (Rotterdam Zuid)"),
    "gebied": ("/gebieden/gebied-charlois/", 200, "Charlois (gebied)"),
    "wijk": ("/gebieden/hillesluis/", 200, "Hillesluis"),
    "downloads": ("/downloads/", 200, "Downloads"),
    "api": ("/api/", 200, "API voor ontwikkelaars"),
    "404": ("/indicatoren/bestaat-niet/", 404, "Niet gevonden (foutcode 404)"),
    "400": ("/doelen/?sorteer=onzin", 400, "Ongeldige vraag (foutcode 400)"),
}

# The cells of a table (found by the start of its caption) as the reader sees them.
TABLE_JS = """caption => {
  const table = [...document.querySelectorAll('table')].find(
    t => t.caption && t.caption.innerText.trim().startsWith(caption));
  if (!table) return null;
  return [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()));
}"""
HEADERS_JS = """caption => {
  const table = [...document.querySelectorAll('table')].find(
    t => t.caption && t.caption.innerText.trim().startsWith(caption));
  return [...table.tHead.rows[0].cells].map(c => c.innerText.replace(/[⇅▲▼]/g, '').trim());
}"""


def table(page: Any, caption: str) -> list[list[str]]:
    rows: list[list[str]] | None = page.evaluate(TABLE_JS, caption)
    assert rows is not None, f"no table with a caption starting {caption!r} on {page.url}"
    return rows


def column(page: Any, caption: str, header: str) -> list[str]:
    headers = page.evaluate(HEADERS_JS, caption)
    index = headers.index(header)
    return [row[index] for row in table(page, caption)]


def row_of(rows: list[list[str]], *first: str) -> list[str]:
    """The row whose first cells are `first`."""
    for row in rows:
        if tuple(row[: len(first)]) == first:
            return row
    raise AssertionError(f"no row starting {first!r} in {rows!r}")


def number(text: str) -> float | None:
    """A Dutch number as printed on the site ("1.511", "-82,1%"), without a note after it
    ("-82,1% (-4,6 procentpunt, weg van het doel)"); None for "–"."""
    text = text.split(" (")[0]
    if text in ("–", "nvt", ""):
        return None
    return float(text.replace(".", "").replace(",", ".").rstrip("%"))


def assert_image_loaded(page: Any, selector: str) -> str:
    """The image is there, was decoded, and has alternative text; returns the alt text."""
    image = page.locator(selector)
    assert image.count() == 1, f"{selector} on {page.url}"
    loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded, f"{image.get_attribute('src')} did not load on {page.url}"
    alt = (image.get_attribute("alt") or "").strip()
    assert alt, f"{image.get_attribute('src')} has no alt text"
    return alt


def focused(page: Any) -> dict[str, Any]:
    """The focused element and the focus ring it shows."""
    state: dict[str, Any] = page.evaluate(
        """() => {
      const e = document.activeElement, s = getComputedStyle(e);
      return {tag: e.tagName.toLowerCase(), id: e.id, text: e.innerText.trim().slice(0, 60),
              cls: e.className, href: e.getAttribute('href'), role: e.getAttribute('role'),
              outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth),
              shadow: s.boxShadow,
              visible: e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().left >= 0};
    }"""
    )
    return state


def has_focus_style(state: dict[str, Any]) -> bool:
    return bool(state["outline"] > 0 or state["shadow"] != "none")


# ---------------------------------------------------------------- every page type


@pytest.fixture(params=list(PAGE_TYPES), ids=list(PAGE_TYPES))
def page_type(request: pytest.FixtureRequest) -> tuple[str, int, str]:
    return PAGE_TYPES[request.param]


def test_page_opens_with_its_heading(page: Any, page_type: tuple[str, int, str]) -> None:
    path, status, heading = page_type
    response = page.goto(path)
    assert response.status == status
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    headings = page.locator("h1")
    assert headings.count() == 1
    assert " ".join(headings.inner_text().split()) == heading
    assert page.title().endswith(" · NPRZ-monitor")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_not_found_page_says_what_is_missing(page: Any) -> None:
    response = page.goto("/indicatoren/bestaat-niet/")
    assert response.status == 404
    assert page.title().startswith("Niet gevonden")
    assert page.locator("p.lead").inner_text() == "Er is geen indicator met de code 'bestaat-niet'."
    # The way back is offered, and the site's menu is still there.
    assert page.get_by_role("link", name="Naar het overzicht").get_attribute("href") == "/"
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()


def test_bad_request_page_names_the_parameter(page: Any) -> None:
    response = page.goto("/doelen/?sorteer=onzin")
    assert response.status == 400
    message = page.locator("p.lead").inner_text()
    assert message.startswith("ongeldige waarde voor sorteer: 'onzin'")
    assert "ingelopen" in message  # the valid choices are listed


# ---------------------------------------------------------------- overview


def test_overview_counts_status_per_pillar(page: Any) -> None:
    page.goto("/")
    cards = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.card')].map(card => [
        card.querySelector('h3').innerText.trim(),
        Object.fromEntries([...card.querySelectorAll('ul li')].map(li => [
          li.querySelector('.status').innerText.trim(),
          Number(li.querySelector('.count').innerText)]))]))"""
    )
    # Recomputed statuses; School's 13 groen is also the report's "boven doel" count
    # (buckets.csv r. 470).
    assert cards == {
        "Thuisbasis op orde": {"groen": 4, "oranje": 1, "rood": 1, "geen oordeel": 1},
        "School": {"groen": 13, "oranje": 7, "rood": 0, "geen oordeel": 0},
        "Werk": {"groen": 4, "oranje": 6, "rood": 1, "geen oordeel": 2},
        "Wonen": {"groen": 1, "oranje": 1, "rood": 4, "geen oordeel": 0},
    }
    # The totals once, in the summary's first sentence (not again as a list).
    summary = " ".join(page.locator("section.glance p").first.inner_text().split())
    assert summary.startswith(
        "Van de 46 doelen en indicatoren met een doel zijn er in 2024 22 groen, 15 oranje, "
        "6 rood, 3 geen oordeel."
    )
    assert page.locator("ul.totals").count() == 0
    # The same numbers as a table, folded away under the chart, with a row for all pillars.
    page.locator("summary", has_text="De aantallen bij de grafiek als tabel").first.click()
    counts = table(page, "Status per pijler, 2024")
    assert row_of(counts, "School") == ["School", "13", "7", "0", "0", "20"]
    assert row_of(counts, "Alle pijlers") == ["Alle pijlers", "22", "15", "6", "3", "46"]


def test_overview_headline_goals_and_chart(page: Any) -> None:
    page.goto("/")
    headline = table(page, "De doelen van het programma, 2024")
    # The letter "Samen voor Zuid": 12.794 welfare benefits at the end of 2024, path 12.750.
    welfare = row_of(headline, "Aantal bijstandsuitkeringen in het NPRZ-gebied")
    # % closed with the change since the start beside it: 271 benefits fewer than 13.065.
    assert welfare[1:] == ["Werk", "12.794 (2024)", "12.750", "8,8% (-271)", "oranje"]
    youth = row_of(headline, "% werkeloosheid jongeren 15 tot 27 jaar")
    assert youth[1:] == ["Werk", "4,0% (2022)", "3,5%", "23,8% (-0,5 procentpunt)", "oranje"]

    # The alt text names the chart; the caption next to it describes it from the data.
    alt = assert_image_loaded(page, "img[src='/status.svg']")
    assert alt == "Status van de doelen per pijler, 2024"
    caption = page.locator("figure:has(img[src='/status.svg']) figcaption").inner_text()
    assert caption.startswith("Status van de doelen per pijler, 2024.")
    assert "School: 13 groen en 7 oranje" in caption


# ---------------------------------------------------------------- goals: sort and filter

INGELOPEN = "% ingelopen 2024"


def test_goals_sort_by_percentage_caught_up(page: Any) -> None:
    page.goto("/doelen/")
    header = page.locator("thead th").filter(has=page.get_by_role("link", name=INGELOPEN))
    assert header.get_attribute("aria-sort") is None  # the default order is the report's

    page.get_by_role("link", name=INGELOPEN, exact=True).click()
    page.wait_for_url("**/doelen/?sorteer=ingelopen")
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("thead th[aria-sort]").count() == 1
    values = [number(v) for v in column(page, "Stand van de doelen 2024", INGELOPEN)]
    known = [v for v in values if v is not None]
    assert len(values) == 46
    assert known == sorted(known)
    names = column(page, "Stand van de doelen 2024", "Doel of indicator")
    assert (names[0], values[0]) == ("% (zeer) tevreden met de huidige woonsituatie", -82.1)
    assert values[len(known) :] == [None] * (46 - len(known))  # missing values go last

    page.get_by_role("link", name=INGELOPEN, exact=True).click()
    page.wait_for_url("**/doelen/?sorteer=ingelopen&richting=af")
    assert header.get_attribute("aria-sort") == "descending"
    values = [number(v) for v in column(page, "Stand van de doelen 2024", INGELOPEN)]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True)
    names = column(page, "Stand van de doelen 2024", "Doel of indicator")
    assert values[0] == max(known) == 107.9
    assert names[0] == "% MBO studenten in de richting Zorg (alle niveau's en alle leerjaren)"
    assert values[len(known) :] == [None] * (46 - len(known))


def test_goals_filter_by_pillar_with_the_keyboard(page: Any) -> None:
    page.goto("/doelen/")
    page.get_by_label("Pijler").select_option(label="Werk")
    page.get_by_role("button", name="Toon").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/doelen/?pijler=werk*")

    caption = page.locator("caption").first.inner_text()
    assert " ".join(caption.split()) == (
        "Stand van de doelen 2024 — Werk 13 van 46 doelen en indicatoren"
    )
    pillars = column(page, "Stand van de doelen 2024", "Pijler")
    assert pillars == ["Werk"] * 13
    # The form shows what is chosen, and offers the way back.
    assert page.get_by_label("Pijler").input_value() == "werk"
    assert page.get_by_role("link", name="Alle doelen tonen").is_visible()


# ---------------------------------------------------------------- indicator pages


def test_indicator_explains_its_target(page: Any) -> None:
    page.goto("/indicatoren/werkloosheid-jongeren/")
    assert_image_loaded(page, "figure.chart img")

    # Plan up2019: start 4,5% (2021), G4 level 2,4%; 47,5% of the gap by 2024 → 3,5%;
    # 4,0% in 2022 is (4,5 - 4,0) / (4,5 - 2,4) = 23,8% caught up.
    sentence = page.locator("p.explain").inner_text()
    assert sentence.startswith("oranje ")
    target = table(page, "Doel 2024 (Uitvoeringsplan 2019-2022)")
    assert row_of(target, "Startwaarde") == ["Startwaarde", "4,5% (2021)"]
    assert row_of(target, "Niveau 2031") == ["Niveau 2031", "2,4% (G4)"]
    for name, value in [
        ("Deel van het verschil dat in 2024 ingelopen moest zijn", "47,5%"),
        ("Doel 2024", "3,5%"),
        ("Ingelopen", "23,8% (-0,5 procentpunt)"),
    ]:
        assert row_of(target, name) == [name, value]
        assert value.split(" (")[0] in sentence
    assert "23,8% ingelopen (-0,5 procentpunt sinds de start)" in sentence
    assert "4,5% (2021)" in sentence
    assert "4,0% in 2022" in sentence

    values = table(page, "Alle waarden: % werkeloosheid jongeren")
    assert row_of(values, "NPRZ (Rotterdam Zuid)", "2021")[2:4] == ["4,5%", "definitief"]
    assert row_of(values, "G4", "2022")[2] == "2,4%"


def test_indicator_on_a_path_of_yearly_targets(page: Any) -> None:
    page.goto("/indicatoren/bijstandsuitkeringen/")
    assert_image_loaded(page, "figure.chart img")
    # From 13.065 (2023) to 10.000 (2031): 12.750 in 2024 is 10,3% of the way; 12.794 is 8,8%.
    sentence = page.locator("p.explain").inner_text()
    for value in ["13.065", "10.000", "12.750", "10,3%", "12.794", "8,8%"]:
        assert value in sentence
    values = table(page, "Alle waarden: Aantal bijstandsuitkeringen")
    # The report's series (r. 4187-4193) with the letter's counts for 2023-2025 (brief r. 16, 38).
    assert [row[1:3] for row in values] == [
        ["2018", "15.200"],
        ["2019", "13.507"],
        ["2020", "14.567"],
        ["2021", "13.973"],
        ["2022", "13.291"],
        ["2023", "13.065"],
        ["2024", "12.794"],
        ["2025", "12.947"],
    ]


def test_indicator_marks_provisional_values(page: Any) -> None:
    # stoplicht.csv r. 253: the 2023 figures are printed as "(2023 voorlopig)".
    page.goto("/indicatoren/thuisbasis-kinderen-minimum/")
    values = table(page, "Alle waarden: Kinderen tot 18 jaar")
    assert row_of(values, "NPRZ (Rotterdam Zuid)", "2023")[2:4] == ["18,8%", "voorlopig"]
    assert row_of(values, "NPRZ (Rotterdam Zuid)", "2020")[2:4] == ["21,9%", "definitief"]


# ---------------------------------------------------------------- area pages


def test_neighbourhood_map_and_moving_flows(page: Any) -> None:
    page.goto("/gebieden/hillesluis/")
    alt = assert_image_loaded(page, "img[src='/gebieden/hillesluis/kaart.svg']")
    assert alt == "Hillesluis in NPRZ (Rotterdam Zuid)"
    caption = page.locator("figure:has(img[src$='kaart.svg']) figcaption").inner_text()
    assert "Gemarkeerd: Hillesluis" in caption
    assert_image_loaded(page, "img[src='/gebieden/hillesluis/verhuizingen.svg']")

    # verhuizingen.csv r. 120: in 1.511, out 1.695, saldo -184, 178 within, mobility 27,8%.
    flows = table(page, "Verhuisbewegingen per wijk: Hillesluis")
    # The totals the definition's flows chapter names: all moves (1.511 + 1.695 + 178) and
    # the population they are a share of.
    assert flows == [["2024", "1.511", "1.695", "-184", "178", "3.384", "12.174", "27,8%"]]
    assert page.evaluate(HEADERS_JS, "Verhuisbewegingen per wijk: Hillesluis") == [
        "Periode",
        "Vestigers",
        "Vertrekkers",
        "Saldo",
        "Binnen de wijk",
        "Verhuizingen",
        "Bevolking",
        "Mobiliteit",
    ]


def test_area_list_links_to_every_area(page: Any) -> None:
    page.goto("/gebieden/")
    assert_image_loaded(page, "figure.chart img")
    page.get_by_role("link", name="Hillesluis", exact=True).click()
    page.wait_for_url("**/gebieden/hillesluis/")
    assert page.locator("h1").inner_text() == "Hillesluis"


def test_a_wijk_on_the_map_is_a_link_to_its_page(page: Any) -> None:
    page.goto("/gebieden/")
    page.get_by_role("link", name="Vergelijk de wijken op de kaart").click()
    page.wait_for_url("**/gebieden/kaart/")
    page.select_option("#f-indicator", "verhuis-in-7")
    page.get_by_role("button", name="Toon op de kaart").click()
    page.wait_for_url("**/gebieden/kaart/?indicator=verhuis-in-7")
    # verhuizingen.csv: 60 vestigers from the seventh column in Tarwewijk, the most of all.
    assert table(page, "Vestigers, herkomstkolom 7 per gebied, 2024")[0] == ["Tarwewijk", "60"]
    page.locator('figure.map a[*|href="/gebieden/tarwewijk/"] path').click()
    page.wait_for_url("**/gebieden/tarwewijk/")
    assert page.locator("h1").inner_text() == "Tarwewijk"


# ---------------------------------------------------------------- downloads


def test_csv_link_under_a_table(page: Any) -> None:
    page.goto("/gebieden/hillesluis/")
    downloads = page.locator("p.downloads", has_text="Verhuisbewegingen per wijk: Hillesluis")
    link = downloads.get_by_role("link", name="CSV")
    assert link.get_attribute("href") == "/gebieden/hillesluis/verhuizingen.csv"
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text().splitlines()
    assert (
        lines[0] == "periode,verhuis-in,verhuis-uit,verhuis-saldo,verhuis-binnen,verhuis-totaal,"
        "verhuis-bevolking,verhuis-mobiliteit"
    )
    period, *values = lines[1].split(",")
    assert period == "2024"
    assert [float(v) for v in values] == [1511, 1695, -184, 178, 3384, 12174, 27.8]


def test_downloads_page_offers_the_goals_table(page: Any) -> None:
    page.goto("/downloads/")
    # The visually hidden words make the link's name unique for screen readers.
    link = page.get_by_role("link", name="CSV van Stand van de doelen")
    assert link.get_attribute("href") == "/doelen/tabel.csv"
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text().splitlines()
    keys = lines[0].split(",")
    assert all(re.fullmatch(r"[a-z0-9_]+", key) for key in keys), keys  # keys, not labels
    assert keys[0] == "indicator"
    assert {"pijler", "status", "ingelopen", "doel", "actueel"} <= set(keys)
    rows = list(csv.DictReader(lines))
    assert len(rows) == 46
    welfare = next(r for r in rows if r["indicator"] == "bijstandsuitkeringen")
    assert (welfare["pijler"], welfare["status"]) == ("werk", "oranje")
    assert (float(welfare["actueel"]), float(welfare["doel"])) == (12794, 12750)


# ---------------------------------------------------------------- keyboard


def test_skip_link_is_the_first_tab_stop(page: Any) -> None:
    page.goto("/doelen/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["tag"], skip["text"], skip["href"]) == ("a", "Naar de inhoud", "#inhoud")
    assert skip["visible"], "the skip link stays off-screen when focused"
    assert has_focus_style(skip)

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud"
    assert focused(page)["tag"] == "main"
    # The next Tab goes into the content, past the site's menu.
    page.keyboard.press("Tab")
    after = focused(page)
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert after["text"] == "Overzicht"  # the first crumb


def test_every_tab_stop_shows_focus(page: Any) -> None:
    page.goto("/doelen/")
    seen: list[dict[str, Any]] = []
    for _ in range(300):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] == "body" or (seen and state == seen[0]):
            break
        seen.append(state)
    else:
        pytest.fail("Tab never left the page")
    invisible = [s for s in seen if not has_focus_style(s)]
    assert not invisible, f"no visible focus style on {invisible}"

    texts = [s["text"] for s in seen]
    assert texts[0] == "Naar de inhoud"
    assert "Indicatoren" in texts  # a link in the site's menu
    assert any(s["href"] == "/doelen/?sorteer=ingelopen" for s in seen)  # a sort header
    assert any(s["tag"] == "select" for s in seen)
    assert any(s["tag"] == "button" for s in seen)
    assert any(s["role"] == "region" for s in seen)  # the scrollable table
    assert len(seen) > 50


def test_focus_style_of_menu_and_sort_links(page: Any) -> None:
    page.goto("/doelen/")
    for _ in range(40):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["href"] == "/indicatoren/" and state["cls"] == "":
            assert has_focus_style(state), state
            break
    else:
        pytest.fail("the menu link Indicatoren was never focused")
    sort_link = page.get_by_role("link", name=INGELOPEN, exact=True)
    outline = sort_link.evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline == "none"  # not focused: no ring
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["href"] == "/doelen/?sorteer=ingelopen":
            break
    state = focused(page)
    assert state["href"] == "/doelen/?sorteer=ingelopen"
    assert state["outline"] >= 2
    assert state["shadow"] != "none"
    # Enter on the focused header sorts, as a click does.
    page.keyboard.press("Enter")
    page.wait_for_url("**/doelen/?sorteer=ingelopen")
    assert page.locator("th[aria-sort]").inner_text().startswith(INGELOPEN)


def test_goals_table_fits_1366_pixels_without_scrolling(page: Any) -> None:
    """A council member's laptop: every column of the goals table is in view at 1366 px,
    the table and the page scroll no wider than the window."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/doelen/")
    table = page.locator("table").filter(
        has=page.locator("caption", has_text="Stand van de doelen")
    )
    sizes = table.evaluate(
        """t => {
            const box = t.parentElement;
            const right = Math.max(...[...t.querySelectorAll('thead th')].map(
                th => th.getBoundingClientRect().right));
            return {table: t.scrollWidth, box: box.clientWidth, boxScroll: box.scrollWidth,
                    page: document.documentElement.scrollWidth, right: right,
                    window: window.innerWidth, columns: t.querySelectorAll('thead th').length,
                    widths: [...t.querySelectorAll('thead th')].map(
                        th => th.innerText.trim().slice(0, 14) + ':' + Math.round(
                            th.getBoundingClientRect().width))};
        }"""
    )
    assert sizes["columns"] >= 10, sizes
    assert sizes["boxScroll"] <= sizes["box"], str(sizes)  # the wrapper does not scroll sideways
    assert sizes["page"] <= sizes["window"], sizes
    assert sizes["right"] <= sizes["window"], sizes  # the last column head is in view
