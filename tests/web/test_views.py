"""The public pages through Django's test client: downloads with the right type and file
name, Dutch error pages with the right code (400, 404, 405, never 500), and the page cache
serving a page from memory.
"""

from __future__ import annotations

import csv
import html
import io
import re
import string
from html.parser import HTMLParser

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.publication.stamp import data_stamp
from nprz.web import pagecache, views
from nprz.web.pages import overview
from nprz.web.pages.common import Page

pytestmark = pytest.mark.django_db

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SVG = "image/svg+xml"
GOALS_PARAMETERS = ("jaar", "pijler", "status", "rol", "sorteer", "richting")


@pytest.fixture
def web(store: Dataset, db: None) -> Client:
    return Client()


@pytest.fixture
def empty(db: None) -> Client:
    """A store with nothing loaded, whether or not this module's `store` is active."""
    m.Vintage.objects.all().delete()
    m.Target.objects.all().delete()
    for model in (iv.Intervention, iv.ProgressRound, iv.Organisation):
        model.objects.all().delete()
    # Deleting writes history rows of its own; the empty store has no history either.
    for history in (iv.ProgressReport.history.model, iv.KpiValue.history.model):
        history.objects.all().delete()
    m.Programme.objects.all().delete()  # and with it everything of the programme
    assert set(data_stamp()) == {0}
    return Client()


def text(response) -> str:
    """The page as a reader sees it: entities resolved, tags and runs of spaces collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(without_tags).split())


class TableCells(HTMLParser):
    """The first <table> of a page as rows of cell texts (<th> and <td>), header row first."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables += 1
        elif self.tables == 1 and tag == "tr":
            self.rows.append([])
        elif self.tables == 1 and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(response) -> list[dict[str, str]]:
    """The rows of a page's first table as {header label: cell text}, sort marks left out."""
    parser = TableCells()
    parser.feed(response.content.decode())
    header = [label.rstrip(" ▲▼⇅") for label in parser.rows[0]]
    return [dict(zip(header, row, strict=True)) for row in parser.rows[1:]]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "NPRZ in 2024: de stand van het programma"),
        ("/doelen/", "Stand van de doelen 2024"),
        ("/indicatoren/", "Indicatoren"),
        ("/indicatoren/werkloosheid-jongeren/", "% werkeloosheid jongeren 15 tot 27 jaar"),
        ("/gebieden/", "Gebieden"),
        ("/gebieden/hillesluis/", "Hillesluis"),
        ("/downloads/", "Downloads"),
        ("/?jaar=2024", "NPRZ in 2024: de stand van het programma"),
    ],
)
def test_pages_answer_with_their_dutch_title(web, url, title):
    response = web.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f"<title>{html.escape(title, quote=False)} · NPRZ-monitor</title>" in (
        response.content.decode()
    )


def test_the_menu_marks_the_current_section(web):
    body = web.get("/indicatoren/werkloosheid-jongeren/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', body) == ["/indicatoren/"]


def test_goals_page_filtered_on_werk(web):
    response = web.get("/doelen/?pijler=werk")
    assert "Stand van de doelen 2024 — Werk 13 van 46 doelen en indicatoren" in text(response)
    rows = table_rows(response)
    assert len(rows) == 13
    assert {r["Pijler"] for r in rows} == {"Werk"}
    youth = next(r for r in rows if r["Doel of indicator"].startswith("% werkeloosheid"))
    assert youth == {
        "Doel of indicator": "% werkeloosheid jongeren 15 tot 27 jaar",
        "Pijler": "Werk",
        "Rol": "doel",
        "Start": "2021",
        "Startwaarde": "4,5%",
        "Periode": "2022",
        "Laatste waarde": "4,0%",
        "Niveau 2031": "2,4%",
        "Doel 2024": "3,5%",
        "% ingelopen 2024": "23,8% (-0,5 procentpunt)",
        "% ingelopen vorig rapport": "nvt",
        "Status vorig rapport": "–",
        "Status": "oranje",
        "Band": "15% tot doel",
    }


def test_goals_page_sorted_marks_one_column_for_screen_readers(web):
    body = web.get("/doelen/?sorteer=ingelopen&richting=af").content.decode()
    assert body.count('aria-sort="descending"') == 1
    assert 'aria-sort="ascending"' not in body
    first_row = re.search(r"<tbody>\s*<tr><th scope=\"row\"><a href=\"([^\"]+)\"", body)
    assert first_row is not None
    assert first_row.group(1) == "/indicatoren/mbo-zorg/"
    assert 'href="/doelen/tabel.csv?sorteer=ingelopen&amp;richting=af"' in body


def test_overview_shows_the_counts_per_pillar(web):
    page = text(web.get("/"))
    assert "School 13 7 0 0 20" in page
    assert "Alle pijlers 22 15 6 3 46" in page


# --- downloads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "content_type", "filename"),
    [
        ("/status.csv", CSV, "status-2024.csv"),
        ("/status.xlsx", XLSX, "status-2024.xlsx"),
        ("/hoofddoelen.csv", CSV, "hoofddoelen-2024.csv"),
        ("/banden.xlsx", XLSX, "banden-2024.xlsx"),
        ("/status-grafiek.csv", CSV, "grafiek-status-2024.csv"),
        ("/status.svg", SVG, None),
        ("/doelen/tabel.csv", CSV, "doelen-2024.csv"),
        ("/doelen/tabel.xlsx?pijler=werk", XLSX, "doelen-2024.xlsx"),
        ("/indicatoren/tabel.csv", CSV, "indicatoren.csv"),
        (
            "/indicatoren/werkloosheid-jongeren/waarden.csv",
            CSV,
            "waarden-werkloosheid-jongeren.csv",
        ),
        (
            "/indicatoren/werkloosheid-jongeren/doel.xlsx",
            XLSX,
            "doel-werkloosheid-jongeren-2024.xlsx",
        ),
        (
            "/indicatoren/werkloosheid-jongeren/rapport.csv",
            CSV,
            "rapport-werkloosheid-jongeren-2024.csv",
        ),
        (
            "/indicatoren/werkloosheid-jongeren/grafiek.csv",
            CSV,
            "grafiek-werkloosheid-jongeren.csv",
        ),
        ("/indicatoren/werkloosheid-jongeren/grafiek.svg", SVG, None),
        ("/gebieden/tabel.xlsx", XLSX, "gebieden.xlsx"),
        ("/gebieden/kaart.svg", SVG, None),
        ("/gebieden/hillesluis/cijfers.csv", CSV, "cijfers-hillesluis-2024.csv"),
        ("/gebieden/hillesluis/verhuizingen.xlsx", XLSX, "verhuizingen-hillesluis-2024.xlsx"),
        (
            "/gebieden/hillesluis/verhuizingen-grafiek.csv",
            CSV,
            "grafiek-verhuizingen-hillesluis.csv",
        ),
        ("/gebieden/hillesluis/verhuizingen.svg", SVG, None),
        ("/gebieden/hillesluis/kaart.csv", CSV, "kaart-hillesluis.csv"),
    ],
)
def test_every_asset_route_answers_with_type_and_file_name(web, url, content_type, filename):
    response = web.get(url)
    assert response.status_code == 200, text(response)[:200]
    assert response["Content-Type"] == content_type
    if filename is None:
        assert "Content-Disposition" not in response
        assert response.content.lstrip().startswith(b"<svg")
    else:
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    if content_type == XLSX:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.title == filename.removesuffix(".xlsx")[:31]


def test_goals_csv_keeps_the_selection_of_the_page(web):
    rows = list(csv.DictReader(io.StringIO(web.get("/doelen/tabel.csv?pijler=werk").text)))
    assert len(rows) == 13
    assert {r["pijler"] for r in rows} == {"werk"}
    youth = next(r for r in rows if r["indicator"] == "werkloosheid-jongeren")
    assert youth == {
        "indicator": "werkloosheid-jongeren",
        "pijler": "werk",
        "rol": "doel",
        "start_periode": "2021",
        "start": "4.5",
        "actueel_periode": "2022",
        "actueel": "4",
        "eindniveau": "2.4",
        "doel": "3.5025",
        "ingelopen": "23.8095",
        "ingelopen_vorig": "nvt",
        "status_vorig": "",
        "status": "oranje",
        "band": "15-tot-doel",
    }
    space = next(r for r in rows if r["indicator"] == "bedrijfsruimte-m2")
    assert (space["start_periode"], space["start"]) == ("", "")  # no start: empty, never 0
    assert (space["ingelopen"], space["ingelopen_vorig"]) == ("", "nvt")


def test_goals_xlsx_holds_the_same_rows_as_numbers(web):
    sheet = load_workbook(io.BytesIO(web.get("/doelen/tabel.xlsx?pijler=werk").content)).active
    values = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert values[0][0] == "Stand van de doelen 2024 — Werk"
    assert values[1][0] == "13 van 46 doelen en indicatoren"
    header = next(i for i, v in enumerate(values) if v[0] == "Doel of indicator")
    body = [dict(zip(values[header], v, strict=True)) for v in values[header + 1 :]]
    assert len(body) == 13
    youth = next(r for r in body if r["Doel of indicator"] == "werkloosheid-jongeren")
    assert youth["Startwaarde"] == 4.5
    assert youth["Doel 2024"] == 3.5025
    assert youth["% ingelopen 2024"] == 23.8095
    assert youth["% ingelopen vorig rapport"] == "nvt"
    assert youth["Niveau 2031"] == 2.4
    assert isinstance(youth["Startwaarde"], float)
    space = next(r for r in body if r["Doel of indicator"] == "bedrijfsruimte-m2")
    assert space["Startwaarde"] is None
    assert space["% ingelopen 2024"] is None


def test_status_csv_counts(web):
    assert csv_rows(web.get("/status.csv")) == [
        ["pijler", "groen", "oranje", "rood", "geen", "totaal"],
        ["thuisbasis", "4", "1", "1", "1", "7"],
        ["school", "13", "7", "0", "0", "20"],
        ["werk", "4", "6", "1", "2", "13"],
        ["wonen", "1", "1", "4", "0", "6"],
        ["totaal", "22", "15", "6", "3", "46"],
    ]


def test_values_csv_shows_a_hidden_cell_with_one_mark_and_no_value(web):
    # Kop van Zuid's in_7 was printed "<5"; every hidden cell has the one mark "afgeschermd"
    # (a separate mark for the printed "<5" would tell which hidden cells are small).
    rows = csv_rows(web.get("/indicatoren/verhuis-in-7/waarden.csv"))
    assert rows[0] == ["gebied", "periode", "waarde", "status", "opmerking", "bron"]
    by_area = {r[0]: r for r in rows[1:]}
    assert by_area["kop-van-zuid"][:5] == [
        "kop-van-zuid",
        "2024",
        "afgeschermd",
        "definitief",
        "afgeschermd: kleine aantallen en cellen waaruit ze terug te rekenen zijn",
    ]
    assert by_area["hillesluis"][:5] == ["hillesluis", "2024", "56", "definitief", ""]


def test_area_flows_csv_holds_the_derived_totals(web):
    assert csv_rows(web.get("/gebieden/hillesluis/verhuizingen.csv")) == [
        [
            "periode",
            "verhuis-in",
            "verhuis-uit",
            "verhuis-saldo",
            "verhuis-binnen",
            "verhuis-totaal",
            "verhuis-bevolking",
            "verhuis-mobiliteit",
        ],
        # all moves = in + out + within; mobility = 3384 / 12174 = 27,8%
        ["2024", "1511", "1695", "-184", "178", "3384", "12174", "27.8"],
    ]


def test_area_figures_csv_hides_a_small_count_and_the_total_it_follows_from(web):
    rows = {r[0]: r for r in csv_rows(web.get("/gebieden/charlois-zuidrand/cijfers.csv"))}
    hidden = ["wonen", "2024", "afgeschermd"]
    assert rows["verhuis-binnen"] == ["verhuis-binnen", *hidden, "definitief"]
    # 235 moves = within + 125 + 108: with the total shown, "<5" within would be 2.
    assert rows["verhuis-totaal"] == ["verhuis-totaal", *hidden, "afgeleid"]
    assert rows["verhuis-in"] == ["verhuis-in", "wonen", "2024", "125", "afgeleid"]


def test_area_flows_hide_a_small_count_and_the_mobility_that_narrows_it(web):
    # Charlois Zuidrand, 2024: 125 in, 108 out, saldo 17, "<5" within the area. Mobility
    # 37,1% of 633 inhabitants puts the moves at 235, so within = 2: it is withheld too.
    assert csv_rows(web.get("/gebieden/charlois-zuidrand/verhuizingen.csv"))[1] == [
        "2024",
        "125",
        "108",
        "17",
        "afgeschermd",
        "afgeschermd",
        "633",
        "afgeschermd",
    ]


def test_chart_data_csv_holds_plain_numbers(web):
    rows = csv_rows(web.get("/gebieden/hillesluis/verhuizingen-grafiek.csv"))
    assert rows[0] == ["periode", "vestigers", "vertrekkers", "saldo"]
    assert [float(v) for v in rows[1][1:]] == [1511, 1695, -184]


def test_target_csv_holds_the_target_as_a_number(web):
    assert csv_rows(web.get("/indicatoren/bijstandsuitkeringen/doel.csv")) == [
        ["grootheid", "waarde"],
        ["Startwaarde", "13065"],
        ["Laatste meting", "12794"],
        ["Niveau 2031", "10000"],
        ["Deel van het verschil dat in 2024 ingelopen moest zijn", "10.2773"],  # 315 / 3065
        ["Doel 2024", "12750"],  # not the Dutch "12.750", which reads as 12.75
        ["Ingelopen", "8.8418"],  # 271 / 3065
        ["Status", "oranje"],
        ["Band", "5-tot-15"],
    ]


def test_downloads_page_links_answer(web):
    body = web.get("/downloads/").content.decode()
    links = re.findall(r'href="(/[^"]*\.(?:csv|xlsx))"', body)
    general = links[:12]
    assert general[:2] == ["/doelen/tabel.csv", "/doelen/tabel.xlsx"]
    assert "/indicatoren/werkloosheid-jongeren/waarden.csv" in links
    assert "/gebieden/hillesluis/cijfers.xlsx" in links
    for url in [*general, "/indicatoren/werkloosheid-jongeren/waarden.xlsx"]:
        assert web.get(url).status_code == 200, url


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/doelen/onzin.csv", "Deze pagina heeft geen tabel 'onzin'."),
        ("/doelen/onzin.xlsx", "Deze pagina heeft geen tabel 'onzin'."),
        ("/doelen/tabel.svg", "Deze pagina heeft geen grafiek 'tabel'."),
        ("/downloads/tabel.csv", "Deze pagina heeft geen tabel 'tabel'."),
        ("/gebieden/onzin.csv", "Deze pagina heeft geen tabel 'onzin'."),
        ("/indicatoren/woz-waarde/doel-2.csv", "Deze pagina heeft geen tabel 'doel-2'."),
    ],
)
def test_unknown_table_or_chart_is_a_dutch_404(web, url, message):
    response = web.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = text(response)
    assert "Niet gevonden (foutcode 404)" in page
    assert message in page


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/indicatoren/bestaat-niet/", "Er is geen indicator met de code 'bestaat-niet'."),
        (
            "/indicatoren/bestaat-niet/waarden.csv",
            "Er is geen indicator met de code 'bestaat-niet'.",
        ),
        ("/gebieden/bestaat-niet/", "Er is geen gebied met de code 'bestaat-niet'."),
        ("/?jaar=1999", "Voor rapportjaar 1999 zijn geen gegevens; beschikbaar: 2024."),
        (
            "/doelen/tabel.csv?jaar=2019",
            "Voor rapportjaar 2019 zijn geen gegevens; beschikbaar: 2024.",
        ),
        ("/nergens/", "De pagina /nergens/ bestaat niet."),
        ("/doelen/Tabel.csv", "De pagina /doelen/Tabel.csv bestaat niet."),
        ("/doelen/tabel.pdf", "De pagina /doelen/tabel.pdf bestaat niet."),
    ],
)
def test_unknown_codes_years_and_addresses_are_dutch_404s(web, url, message):
    response = web.get(url)
    assert response.status_code == 404
    assert message in text(response)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "/doelen/?sorteer=onzin",
            "ongeldige waarde voor sorteer: 'onzin'; kies uit: volgorde, naam, pijler, "
            "ingelopen, vorig, status",
        ),
        (
            "/doelen/tabel.csv?richting=omhoog",
            "ongeldige waarde voor richting: 'omhoog'; kies uit: op, af",
        ),
        (
            "/doelen/?pilar=werk",
            "onbekende parameter 'pilar'; deze pagina kent: jaar, pijler, status, rol, sorteer, "
            "richting",
        ),
        (
            "/?jaar=20x4",
            "jaar moet een jaartal van vier cijfers zijn (bijvoorbeeld 2024), niet '20x4'",
        ),
        ("/gebieden/?sorteer=naam", "onbekende parameter 'sorteer'; deze pagina kent: jaar"),
    ],
)
def test_malformed_parameters_are_a_dutch_400_naming_the_parameter(web, url, message):
    response = web.get(url)
    assert response.status_code == 400
    page = text(response)
    assert "Ongeldige vraag (foutcode 400)" in page
    assert message in page


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("url", ["/doelen/", "/doelen/tabel.csv", "/"])
def test_only_get_and_head_are_allowed(web, method, url):
    response = getattr(web, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_head_answers_without_a_body(web):
    response = web.head("/doelen/")
    assert response.status_code == 200
    assert response.content == b""


def test_empty_store_home_page_says_no_data_are_loaded(empty):
    response = empty.get("/")
    assert response.status_code == 404
    assert "Er zijn nog geen gegevens geladen (nprz load nprz2024)." in text(response)


@pytest.mark.parametrize("url", ["/doelen/", "/doelen/tabel.csv", "/indicatoren/", "/downloads/"])
def test_empty_store_other_pages_are_404_too(empty, url):
    response = empty.get(url)
    assert response.status_code == 404
    assert "Er zijn nog geen gegevens geladen" in text(response)


# --- the page cache behind the views --------------------------------------------------------


@pytest.fixture
def fresh_pages():
    """No finished pages from other tests (a stamp can recur after a rollback), none left."""
    pagecache.pages.clear()
    yield
    pagecache.pages.clear()


@pytest.mark.usefixtures("fresh_pages")
def test_a_page_is_built_once_for_its_html_and_downloads(web):
    calls: list[str] = []

    def counting(request: HttpRequest) -> Page:
        calls.append(request.get_full_path())
        return overview.build(request)

    view = views.page_view(counting)
    factory = RequestFactory()
    first = view(factory.get("/"))
    again = view(factory.get("/"))
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert calls == ["/"]
    download = view(factory.get("/status.csv"), name="status", ext="csv")
    assert download.content.decode().endswith("totaal,22,15,6,3,46\r\n")
    assert len(calls) == 1  # the download reuses the page's build
    m.Area.objects.create(code="nieuw", name="Nieuw", kind="wijk")
    view(factory.get("/"))
    assert len(calls) == 2  # the store changed: built again


# --- no query string makes a 500 ------------------------------------------------------------

names = st.one_of(
    st.sampled_from(GOALS_PARAMETERS),
    st.text(alphabet=string.ascii_letters + "_-[]", min_size=1, max_size=8),
)
values = st.one_of(
    st.sampled_from(["", "werk", "groen", "geen", "doel", "ingelopen", "af", "op", "2024"]),
    st.text(max_size=12),
    st.from_regex(r"\A[0-9]{1,6}\Z"),
)


# Half the queries use only the page's own parameters (so some are valid and build a page),
# half mix in unknown names.
queries = st.one_of(
    st.dictionaries(st.sampled_from(GOALS_PARAMETERS), values, max_size=4),
    st.dictionaries(names, values, max_size=4),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_no_query_on_the_goals_page_gives_a_server_error(web, query):
    response = web.get("/doelen/", query)
    event(f"HTTP {response.status_code}")  # shown by --hypothesis-show-statistics
    assert response.status_code in (200, 400, 404), (query, response.status_code)
    if response.status_code == 400:
        assert "Ongeldige vraag (foutcode 400)" in text(response)
