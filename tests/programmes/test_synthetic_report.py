"""The synthetic programme Lindeveld alone in the database: its annual report carries its own
name, draws its own areas, judges its targets on its own plan (2022-2030), and says nothing
of NPRZ. The HTML is built once for the module; the PDF once, by one test.

Expected figures (the delivery synthetisch-levering-2022-2024.csv, plan 2022-2030, so 2/8 =
25% of each gap is due in 2024):
- overgewicht-jeugd (lower is better): start 19,5% (2022), 17,6% (2024), Lindestad 13,7%;
  doel 19,5 + 0,25 x (13,7 - 19,5) = 18,05 -> 18,1%; closed 1,9 / 5,8 = 32,8%: groen.
- tevreden-groen: start 58,0%, now 60,1%, Lindestad 72,0%; doel 61,5%; closed 15,0%: oranje.
- vrijwilligers: start 21,0%, now 23,3%, norm 30%; doel 23,25 -> 23,3%; closed 25,6%: groen.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from nprz.reports.document import Document, Figure

YEAR = 2024
GOALS = {
    "overgewicht-jeugd": "Kinderen met overgewicht in % (synthetisch)",
    "tevreden-groen": "Bewoners tevreden over het groen in % (synthetisch)",
    "vrijwilligers": "Inwoners die vrijwilligerswerk doen in % (synthetisch)",
}
HARFBUZZ = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Built:
    document: Document
    html: Path
    text: str  # what a reader sees of the HTML
    charts: str  # every chart's SVG, one after another


@pytest.fixture(scope="module")
def built(alone, django_db_blocker, tmp_path_factory, words) -> Built:
    from nprz.reports.build import main_document
    from nprz.reports.render import write_html

    with django_db_blocker.unblock():
        document = main_document(YEAR)
        html = write_html(document, tmp_path_factory.mktemp("lindeveld"))
    svgs = sorted((html.parent / f"{document.slug}-bestanden").glob("*.svg"))
    charts = "\n".join(svg.read_text("utf-8") for svg in svgs)
    return Built(document, html, words.visible(html.read_text("utf-8")), charts)


def figures(document: Document) -> list[Figure]:
    return list(document.figures)


def test_the_report_carries_its_own_name(built: Built) -> None:
    doc = built.document
    assert doc.title == "Wijkmonitor 2024"
    assert doc.subtitle == "Wijkprogramma Lindeveld (synthetisch)"
    assert doc.header == "Lindeveld — Wijkmonitor 2024"
    assert doc.slug == "wijkmonitor-2024"
    page = built.html.read_text("utf-8")
    assert "<title>Wijkmonitor 2024 — Wijkprogramma Lindeveld (synthetisch)</title>" in page
    assert (
        '<div class="running-header" aria-hidden="true">Lindeveld — Wijkmonitor 2024</div>' in page
    )
    assert '<p class="cover-kicker">Wijkprogramma Lindeveld (synthetisch)</p>' in page
    # the document's author is the programme, by its name in the definition
    assert '<meta name="author" content="Wijkprogramma Lindeveld (synthetisch)">' in page
    assert "Voorbeeld: het plan en de doelen zijn verzonnen" in page  # example: true


def test_no_nprz_word_in_the_report(built: Built, words) -> None:
    assert words.found(built.text, words.nprz) == []
    assert words.found(built.charts, words.nprz) == []


def test_its_chapters_are_the_ones_it_names(built: Built) -> None:
    titles = [s.title for s in built.document.sections]
    assert titles[:3] == [
        "Samenvatting 2024",
        "Lindeveld in cijfers",
        "Hoe de doelen en het stoplicht werken",
    ]
    assert titles[-1] == "Verantwoording"
    assert not any("Interventies" in t or "Financiën" in t for t in titles)


def test_every_goal_chart_draws_its_areas(built: Built) -> None:
    drawn = {f.chart.title: f.chart for f in figures(built.document)}
    for name in GOALS.values():
        chart = drawn[name]
        assert chart.columns[:3] == ("Periode", "Lindeveld", "Lindestad"), chart.columns
        years = [row[0] for row in chart.rows]
        assert years[:3] == ["2022", "2023", "2024"]
        # The last column is the markers: this year's target and the plan's end level.
        assert chart.rows[-1][0] == "2030"
        assert chart.rows[-1][-1].startswith("niveau 2030: ")
    overweight = drawn[GOALS["overgewicht-jeugd"]]
    assert [row[1] for row in overweight.rows[:3]] == ["19,5%", "18,6%", "17,6%"]
    assert [row[2] for row in overweight.rows[:3]] == ["14,0%", "13,8%", "13,7%"]
    assert "Er zijn geen gegevens" not in built.charts
    assert "Lindeveld" in built.charts
    assert "Lindestad" in built.charts


def test_the_key_figures_table_has_its_areas(built: Built) -> None:
    assert (
        "Indicator Lindestad Lindeveld Beekhoek Molenakker Vlietkamp "
        "Inwoners op 1 januari (synthetisch) (2024) 153.900 21.610 7.290 8.140 6.180"
    ) in built.text


def test_the_judgements_run_on_its_plan_to_2030(built: Built) -> None:
    text = built.text
    assert (
        "Van de start, 19,5% (2022), naar het niveau voor 2030, 13,7% (de waarde van Lindestad "
        "nu), moest in 2024 25,0% van het verschil zijn ingelopen, een doel van 18,1%; met 17,6% "
        "in 2024 is 32,8% ingelopen (-1,9 procentpunt sinds de start), dus groen."
    ) in text
    assert (
        "Van de start, 58,0% (2022), naar het niveau voor 2030, 72,0% (de waarde van Lindestad "
        "nu), moest in 2024 25,0% van het verschil zijn ingelopen, een doel van 61,5%; met 60,1% "
        "in 2024 is 15,0% ingelopen (+2,1 procentpunt sinds de start), dus oranje."
    ) in text
    assert "naar het niveau voor 2030, 30,0% (de vaste norm van 30%)" in text
    assert "welk niveau aan het eind van het plan (2030) bereikt moet zijn" in text
    assert "Niveau 2030: de actuele waarde van het referentiegebied" in text
    assert (
        "Van de 3 doelen en indicatoren met een doel zijn er in 2024 2 groen, 1 oranje, 0 rood"
        in (text)
    )


def test_the_stoplight_table_names_its_end_year(built: Built, words) -> None:
    page = built.html.read_text("utf-8")
    [row] = words.table(page, "Stand van de doelen 2024 — Gezond opgroeien")
    assert row["Niveau 2030"] == "13,7%"
    assert row["Status"] == "groen"
    assert row["% ingelopen 2024"] == "32,8% (-1,9 procentpunt)"
    assert row["Doel 2024"] == "18,1%"
    assert "Niveau 2031" not in page


@HARFBUZZ
def test_the_report_renders_as_a_pdf_with_its_name_on_every_page(built: Built, tmp_path) -> None:
    """The one PDF build of these tests (a few seconds: the report is short)."""
    from nprz.reports.render import write_pdf

    if connection.vendor != "sqlite":
        pytest.skip("de PDF-opmaak hangt niet van de database af; getest op SQLite")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) ontbreekt om de tekst van de PDF te lezen")
    target = tmp_path / "wijkmonitor-2024.pdf"
    pages = write_pdf(built.html, target, YEAR)
    assert pages > 5
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    per_page = text.split("\f")[:pages]
    assert "Wijkprogramma Lindeveld (synthetisch)" in per_page[0]
    assert "Wijkmonitor 2024" in per_page[0]
    # Every page after the cover has the running header.
    assert all("Lindeveld — Wijkmonitor 2024" in page for page in per_page[1:])
    for word in ("NPRZ", "Rotterdam", "Zuid", "2031"):
        assert word not in text
