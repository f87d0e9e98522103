"""A wijk's moving flows: the totals first, the breakdown by origin and destination folded
away under them with what the source says about its columns (issue 16). Numbers are
Hillesluis 2024 from the dataset's verhuizingen.csv."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def section(page: str, heading: str) -> str:
    """The HTML from the <h2> `heading` to the next <h2>."""
    start = page.index(f"<h2>{heading}</h2>")
    end = page.find("<h2>", start + 1)
    return page[start : end if end > 0 else None]


def test_the_breakdown_is_folded_away_under_the_totals(store: object) -> None:
    response = Client().get("/gebieden/hillesluis/")
    assert response.status_code == 200
    page = response.content.decode()
    # The area's other figures no longer list the fourteen columns.
    figures = section(page, "Cijfers van de monitor")
    assert "herkomstkolom" not in figures
    assert "bestemmingskolom" not in figures
    assert "Verhuizingen binnen het gebied" in figures
    flows = section(page, "Verhuisbewegingen per wijk")
    folded = flows[flows.index("<details>") : flows.index("</details>")]
    assert "Uitsplitsing naar herkomst en bestemming (14 cijfers)" in folded
    assert "de kolomkoppen van de gedrukte tabel staan niet in" in re.sub(r"\s+", " ", folded)
    assert re.search(r"Vestigers, herkomstkolom 1</a></th>.*?>350<", folded, re.S)
    assert re.search(r"Vertrekkers, bestemmingskolom 7</a></th>.*?>125<", folded, re.S)
    # The totals come before it, outside the fold.
    totals = flows[: flows.index("<details>")]
    assert ">1.511<" in totals
    assert ">1.695<" in totals


def test_the_breakdown_downloads_as_its_own_table(store: object) -> None:
    response = Client().get("/gebieden/hillesluis/verhuizingen-uitsplitsing.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 14
    by_name = {row["indicator"]: row["waarde"] for row in rows}
    assert by_name["verhuis-in-1"] == "350"
    assert by_name["verhuis-uit-7"] == "125"
