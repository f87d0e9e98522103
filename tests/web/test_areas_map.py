"""The map comparing the wijken on a figure (/gebieden/kaart/): the indicators to choose
from, the map with a link per wijk, the table of values with their real numbers, the downloads,
and the same page in the example programme's section.

NPRZ's own 2024 dataset has a figure per buurt for the moving flows (its table
"verhuizingen"); the numbers asserted here are those of the printed report. Delft en
Westland's are from its bundled CBS delivery.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from nprz.datasets.reader import read_dataset
from nprz.loading import load_dataset
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.programmes import bundled_folder

pytestmark = pytest.mark.django_db
MAP = "/gebieden/kaart/"
DELFT = "/programma/delft-westland"


def main_of(page: str) -> str:
    found = re.search(r"<main\b.*?>(.*)</main>", page, re.S)
    assert found, "no <main>"
    return found[1]


def table_rows(page: str) -> list[tuple[str, str, str]]:
    """(link, name, value) of each row of the values table."""
    body = page.split('<table class="data">')[1].split("</tbody>")[0]
    return re.findall(
        r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td class="num">([^<]+)', body
    )


def test_the_map_page_shows_the_values_of_a_figure_per_wijk(store: Any, client: Client) -> None:
    response = client.get(MAP + "?indicator=verhuis-in-7")
    assert response.status_code == 200
    page = response.content.decode()
    rows = table_rows(page)
    assert len(rows) == 23
    # Highest first; the hidden cells last, as "afgeschermd", never as a number.
    assert rows[:2] == [
        ("/gebieden/tarwewijk/", "Tarwewijk", "60"),
        ("/gebieden/carnisse/", "Carnisse", "59"),
    ]
    masked = {name for _, name, value in rows if value == "afgeschermd"}
    assert masked == {
        "Charlois Zuidrand",
        "Heijplaat",
        "Katendrecht",
        "Kop van Zuid",
        "Noordereiland",
        "Wielewaal",
    }
    assert "17 van 23 gebieden met een cijfer" in page
    # The form offers the figures with values, the chosen one selected.
    assert '<option value="verhuis-in-7" selected>Vestigers, herkomstkolom 7</option>' in page
    assert '<option value="verhuis-saldo">Verhuissaldo</option>' in page


def test_every_wijk_on_the_map_links_to_its_page(store: Any, client: Client) -> None:
    page = client.get(MAP + "?indicator=verhuis-in-7").content.decode()
    links = re.findall(r'<a tabindex="-1" xlink:href="([^"]+)"><title>([^<]+)</title>', page)
    assert len(links) == 23
    titles = dict(links)
    assert titles["/gebieden/tarwewijk/"] == "Tarwewijk: 60"
    assert titles["/gebieden/heijplaat/"] == "Heijplaat: afgeschermd"
    assert "Hoogste: Tarwewijk (60)" in page


def test_the_downloads_hold_the_tables_numbers(store: Any, client: Client) -> None:
    response = client.get(MAP + "waarden.csv?indicator=verhuis-in-7")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["gebied", "waarde"]
    assert rows[1:3] == [["tarwewijk", "60"], ["carnisse", "59"]]
    assert ["heijplaat", "afgeschermd"] in rows  # as every download says it
    svg = client.get(MAP + "kaart.svg?indicator=verhuis-in-7")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.decode().count('<a xlink:href="/gebieden/') == 23


def test_an_unknown_indicator_is_a_dutch_404(store: Any, client: Client) -> None:
    response = client.get(MAP + "?indicator=bestaat-niet")
    assert response.status_code == 404
    assert "Er is geen indicator met de code &#x27;bestaat-niet&#x27;." in response.content.decode()


def test_an_indicator_without_wijk_values_says_so(store: Any, client: Client) -> None:
    response = client.get(MAP + "?indicator=schoolgewicht")
    assert response.status_code == 200
    page = main_of(response.content.decode())
    assert "zijn geen cijfers per gebied van de kaart" in page
    assert "<svg" not in page


def test_the_areas_list_and_a_wijk_page_link_to_the_map(store: Any, client: Client) -> None:
    for path in ("/gebieden/", "/gebieden/hillesluis/"):
        page = client.get(path).content.decode()
        assert '<a href="/gebieden/kaart/">Vergelijk de wijken op de kaart</a>' in page, path


# --- the example programme, in its own section -----------------------------------------


@pytest.fixture(scope="module")
def delft(store: Any, django_db_blocker: Any) -> Iterator[m.Programme]:
    """Delft en Westland beside NPRZ, with its bundled CBS delivery, as `make run` loads it."""
    from nprz.imports import pipeline

    folder = bundled_folder("delft-westland")
    with django_db_blocker.unblock(), transaction.atomic():
        load_dataset(read_dataset(folder))
        programme = m.Programme.objects.get(code="delft-westland")
        with scope.working_on(programme):
            examination = pipeline.examine_file(folder / "levering-cbs-2012-2024.csv")
            assert examination.ok, [str(p) for p in examination.problems]
            pipeline.apply(examination, user="test")
        yield programme
        transaction.set_rollback(True)


def test_the_map_works_in_the_example_programmes_section(delft: Any, client: Client) -> None:
    response = client.get(f"{DELFT}{MAP}?indicator=woz-waarde")
    assert response.status_code == 200
    page = response.content.decode()
    rows = table_rows(page)
    assert len(rows) == 25
    assert rows[0] == (f"{DELFT}/gebieden/delftse-hout/", "Delftse Hout", "€ 829.000")
    assert rows[-1] == (f"{DELFT}/gebieden/abtswoude/", "Abtswoude", "nb")
    links = re.findall(r'xlink:href="([^"]+)"><title>([^<]+)</title>', page)
    assert len(links) == 25
    assert all(href.startswith(f"{DELFT}/gebieden/") for href, _ in links)
    assert f'action="{DELFT}/gebieden/kaart/"' in page
    assert f'href="{DELFT}/gebieden/kaart/waarden.csv?indicator=woz-waarde"' in page
    # The root stays NPRZ's: its map has its own buurten, none of Delft's values.
    root = client.get(MAP + "?indicator=verhuis-in-7")
    assert root.status_code == 200
    assert table_rows(root.content.decode())[0] == ("/gebieden/tarwewijk/", "Tarwewijk", "60")
    assert "Delftse Hout" not in root.content.decode()


# --- the wijk page's Kerncijfers link to the map; the area document does not ------------------

WOZ = "Gemiddelde WOZ-waarde van woningen"


def delivered_block(page: str) -> str:
    """The "Kerncijfers, vergeleken" section of an area page, up to the next heading."""
    return page.split("<h2>Kerncijfers, vergeleken</h2>")[1].split("<h2>")[0]


def test_a_wijks_kerncijfers_link_to_the_map_on_that_figure(delft: Any, client: Client) -> None:
    response = client.get(f"{DELFT}/gebieden/delftse-hout/")
    assert response.status_code == 200
    block = delivered_block(response.content.decode())
    link = f'<a href="{DELFT}/gebieden/kaart/?indicator=woz-waarde">{WOZ}</a>'
    assert f'<th scope="row">{link}</th>' in block
    assert "€ 829.000" in block
    assert "De naam van een cijfer opent de kaart die de wijken erop vergelijkt." in block
    # the link leads to the map of that figure, with Delftse Hout's value in its table
    target = client.get(f"{DELFT}/gebieden/kaart/?indicator=woz-waarde")
    assert target.status_code == 200
    assert (f"{DELFT}/gebieden/delftse-hout/", "Delftse Hout", "€ 829.000") in table_rows(
        target.content.decode()
    )


def test_a_gemeente_is_not_on_the_wijk_map_and_its_kerncijfers_stay_plain(
    delft: Any, client: Client
) -> None:
    response = client.get(f"{DELFT}/gebieden/delft/")
    assert response.status_code == 200
    block = delivered_block(response.content.decode())
    assert f'<th scope="row">{WOZ}</th>' in block
    assert "/gebieden/kaart/?indicator=" not in block


def test_the_area_document_names_the_figures_without_links(delft: Any, tmp_path: Any) -> None:
    from nprz.reports.areas import area_document
    from nprz.reports.render import write_html

    with scope.working_on(delft):
        document = area_document(m.Area.objects.get(code="delftse-hout"), 2024)
        html = write_html(document, tmp_path, charts=False).read_text("utf-8")
    delivered = html.split("Kerncijfers uit leveringen: Delftse Hout vergeleken")[1]
    delivered = delivered.split("</table>")[0]
    assert f'<th scope="row">{WOZ}</th>' in delivered
    assert "€ 829.000" in delivered
    assert "kaart/?indicator=" not in html
    assert "opent de kaart" not in html
