"""Lindeveld loaded beside NPRZ in one database: the command line keeps to the programme it
is given (`--programma`), the site serves Lindeveld in its own section
(`/programma/lindeveld/`) with its own figures, and its report reads nothing of NPRZ.

Figures as in test_synthetic_report.py: the plan runs 2022-2030, so 25% of each gap is due
in 2024 (with NPRZ's 2031 it would be 2/9 = 22,2%).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from typer.testing import CliRunner

from nprz import cli
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.presenters.tables import Table
from nprz.reports.document import Document, Figure, Section, TableBlock

pytestmark = pytest.mark.django_db
YEAR = "2024"
SECTION = "/programma/lindeveld"
PAGES = ["/", "/doelen/", "/indicatoren/overgewicht-jeugd/", "/gebieden/beekhoek/"]


def invoke(*args: str) -> str:
    """The command in this process; the programme it chose does not outlast it."""
    with scope.working_on(None):
        try:
            result = CliRunner().invoke(cli.app, list(args))
        finally:
            scope.request(None)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_both_programmes_are_loaded(beside) -> None:
    assert list(m.Programme.objects.order_by("position").values_list("code", flat=True)) == [
        "nprz",
        "lindeveld",
    ]


@pytest.mark.usefixtures("beside")
def test_targets_keep_to_the_chosen_programme() -> None:
    mine = json.loads(invoke("--programma", "lindeveld", "targets", "--year", YEAR, "-f", "json"))
    assert [r["code"] for r in mine] == ["overgewicht-jeugd", "tevreden-groen", "vrijwilligers"]
    assert {r["fraction"] for r in mine} == {25.0}  # 2 of the 8 years from 2022 to 2030
    assert [r["status"] for r in mine] == ["groen", "oranje", "groen"]
    assert [r["pct_closed"] for r in mine] == [32.7586, 15.0, 25.5556]
    theirs = json.loads(invoke("--programma", "nprz", "targets", "--year", YEAR, "-f", "json"))
    assert len(theirs) == 46
    assert not {r["code"] for r in mine} & {r["code"] for r in theirs}


@pytest.mark.usefixtures("beside")
def test_the_targets_table_says_nothing_of_nprz(words) -> None:
    table = invoke("--programma", "lindeveld", "targets", "--year", YEAR)
    assert table.startswith("Doelen 2024 — Lindeveld")
    for pillar in ("Gezond opgroeien", "Groene leefomgeving", "Meedoen in de buurt"):
        assert pillar in table
    assert words.found(table, words.nprz) == []


@pytest.mark.usefixtures("beside")
def test_the_outlook_runs_to_its_plans_end(words) -> None:
    rows = json.loads(invoke("--programma", "lindeveld", "outlook", "--year", YEAR, "-f", "json"))
    assert [(r["code"], r["eindjaar"], r["eindniveau"]) for r in rows] == [
        ("overgewicht-jeugd", 2030, 13.7),
        ("tevreden-groen", 2030, 72.0),
        ("vrijwilligers", 2030, 30.0),
    ]
    table = invoke("--programma", "lindeveld", "outlook", "--year", YEAR)
    assert "Prognose 2030" in table
    assert "Niveau 2030" in table
    assert "2031" not in table


@pytest.fixture(scope="module")
def report(beside: m.Programme, django_db_blocker) -> Document:
    """Lindeveld's report, built while NPRZ is in the same database."""
    from nprz.reports.build import main_document

    with django_db_blocker.unblock(), scope.working_on(beside):
        return main_document(int(YEAR))


def test_the_report_reads_its_own_goals(report: Document) -> None:
    assert report.subtitle == "Wijkprogramma Lindeveld (synthetisch)"
    [stoplight] = [s for s in report.sections if s.anchor == "stoplicht"]
    pillars = [s for s in stoplight.children if s.anchor.startswith("stoplicht-")]
    names = [row[0].text for s in pillars for t in _tables(s) for row in t.rows]
    assert names == [
        "Kinderen met overgewicht in % (synthetisch)",
        "Bewoners tevreden over het groen in % (synthetisch)",
        "Inwoners die vrijwilligerswerk doen in % (synthetisch)",
    ]


def test_the_report_says_nothing_of_nprz_beside_it(report: Document, words) -> None:
    tables = [t for s in report.sections for t in _tables(s)]
    shown = " ".join(str(cell.text) for table in tables for row in table.rows for cell in row)
    assert "17,6%" in shown
    assert words.found(shown, words.nprz) == []


def _tables(section: Section) -> Iterator[Table]:
    for block in section.parts:
        if isinstance(block, TableBlock):
            yield block.table
        elif isinstance(block, Figure):
            yield block.data
    for child in section.children:
        yield from _tables(child)


# --- the site -----------------------------------------------------------------------------


def main_of(page: str) -> str:
    """The page's own content: what lies between <main> and </main>."""
    found = re.search(r"<main\b.*?>(.*)</main>", page, re.S)
    assert found, "no <main>"
    return found[1]


@pytest.fixture
def pages(beside) -> dict[str, str]:
    client = Client()
    found = {}
    for path in PAGES:
        response = client.get(SECTION + path)
        assert response.status_code == 200, path
        found[path] = response.content.decode()
    return found


def test_its_pages_show_its_figures(pages: dict[str, str], words) -> None:
    goals = words.visible(main_of(pages["/doelen/"]))
    assert "Stand van de doelen 2024" in goals
    for pillar in ("Gezond opgroeien", "Groene leefomgeving", "Meedoen in de buurt"):
        assert pillar in goals
    rows = {
        r["Doel of indicator ⇅"]: r
        for r in words.table(pages["/doelen/"], "Stand van de doelen 2024")
    }
    overweight = rows["Kinderen met overgewicht in % (synthetisch)"]
    assert (overweight["Status ⇅"], overweight["Laatste waarde"], overweight["Niveau 2030"]) == (
        "groen",
        "17,6%",
        "13,7%",
    )
    indicator = words.visible(main_of(pages["/indicatoren/overgewicht-jeugd/"]))
    assert "naar het niveau voor 2030, 13,7% (de waarde van Lindestad nu)" in indicator
    area = words.visible(main_of(pages["/gebieden/beekhoek/"]))
    assert "Beekhoek" in area
    assert "Lindeveld" in area
    assert "19,1%" in area  # Beekhoek's overweight in 2024
    overview = words.visible(main_of(pages["/"]))
    assert "Gezond opgroeien" in overview
    assert "17,6%" in overview


def test_its_links_stay_in_its_section(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        links = re.findall(r'href="(/[^"]*)"', main_of(page))
        assert links, path
        outside = [link for link in links if not link.startswith((SECTION + "/", "/static/"))]
        assert outside == [], (path, outside)


def test_its_pages_content_says_nothing_of_nprz(pages: dict[str, str], words) -> None:
    for path in ("/doelen/", "/indicatoren/overgewicht-jeugd/", "/gebieden/beekhoek/"):
        text = words.visible(main_of(pages[path]))
        assert words.found(text, words.nprz) == [], path


def test_no_nprz_word_anywhere_on_its_pages(pages: dict[str, str], words) -> None:
    # The footer's list of the installation's programmes names the others, by design: it is
    # how a visitor reaches them. Nothing else on the page may.
    others = re.compile(r'<nav aria-label="Programma\'s">.*?</nav>', re.S)
    for path, page in pages.items():
        assert 'aria-label="Programma\'s"' in page, path
        assert words.found(words.visible(others.sub("", page)), words.nprz) == [], path


def test_nprz_stays_the_default_at_the_root(beside) -> None:
    response = Client().get("/doelen/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kinderen met overgewicht in % (synthetisch)" not in page
    assert "Niveau 2031" in page


def test_a_final_report_is_published_in_its_own_section(beside, settings, tmp_path) -> None:
    """`nprz report --definitief` keeps the files under the data directory; the programme's
    /rapport/ page offers them, NPRZ's does not."""
    settings.DATA_DIR = tmp_path / "data"
    out = invoke(
        "--programma", "lindeveld", "report", "--year", YEAR, "--definitief", "--alleen-html",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert "Gepubliceerd op de website (/rapport/)" in out
    with scope.working_on(beside):
        edition = m.ReportEdition.objects.get(final=True)
    kept = tmp_path / "data" / "rapporten" / "lindeveld" / edition.code
    assert (kept / "inhoud.json").is_file()
    client = Client()
    page = client.get(SECTION + "/rapport/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<h2 id="rapport-2024">Rapportagejaar 2024</h2>' in text
    links = re.findall(rf'href="({SECTION}/rapport/{edition.code}/[^"]+)"', text)
    html_links = [link for link in links if link.endswith(".html")]
    assert html_links, text
    assert not [link for link in links if link.endswith(".pdf")]  # built without PDF
    for link in html_links:
        answer = client.get(link)
        assert (answer.status_code, answer["Content-Type"]) == (200, "text/html; charset=utf-8")
        assert "Lindeveld" in b"".join(answer.streaming_content).decode()
    # The edition is Lindeveld's: not on NPRZ's page, not served in NPRZ's section.
    nprz = client.get("/rapport/")
    assert nprz.status_code == 200
    assert "Er is nog geen definitief rapport gepubliceerd." in nprz.content.decode()
    assert client.get(html_links[0].removeprefix(SECTION)).status_code == 404


def test_logging_in_within_a_section_lands_on_its_round(beside) -> None:
    from django.contrib.auth.models import User

    from nprz.interventions import models as iv

    user = User.objects.create_user("bureau-test", password="een-lang-wachtwoord-synthetisch")
    iv.StaffRole.objects.create(user=user, role="programmabureau")
    client = Client()
    answer = client.post(
        SECTION + "/inloggen/",
        {"username": "bureau-test", "password": "een-lang-wachtwoord-synthetisch"},
        follow=True,
    )
    assert answer.redirect_chain == [(SECTION + "/ronde/", 302)]
    assert answer.status_code == 200
