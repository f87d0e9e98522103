"""Known corrections (issue 16, decision 022): the 2024 report printed the thuiszitters
count aged 13 to 17 of Rotterdam, 2023/24, as 1123 where its own sum asks 112; the share of
Zuid computed from it (4,0%) is wrong too. Every output shows the printed figure with a
footnote that gives both numbers; when a delivery brings the right count, the footnote goes.
"""

from __future__ import annotations

import csv
import html
import io
import re
import time
from pathlib import Path

import pytest
from django.test import Client
from tests.web.conftest import Api
from typer.testing import CliRunner

from nprz import cli, publication
from nprz.checks.findings import Likely
from nprz.checks.identities import check_identities
from nprz.core.corrections import Correction
from nprz.facts import report_facts
from nprz.publication import audience
from nprz.publication.corrections import DERIVED, TYPO, Found, for_public, with_note
from nprz.publication.stamp import forget

pytestmark = pytest.mark.django_db

COUNT = ("thuiszitters-einde-13-17", "rotterdam", "2023/24")
SHARE = ("thuiszitters-einde-13-17-aandeel-zuid", "nprz", "2023/24")
COUNT_NOTE = "Gedrukt 1.123; de optelling geeft 112 (waarschijnlijk een tikfout)."
SHARE_NOTE = (
    "Gedrukt 4,0%; berekend uit een waarschijnlijk onjuist gedrukt aantal "
    "(1.123 waar de optelling 112 geeft); daarmee wordt het 40,2%."
)


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker, nprz2024):
    from django.db import transaction

    from nprz.loading import load_dataset

    with django_db_blocker.unblock(), transaction.atomic():
        load_dataset(nprz2024)
        yield nprz2024
        transaction.set_rollback(True)


def text_of(page: str) -> str:
    """The page's text as a reader reads it: tags gone, entities read, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# --- the check carries the cell --------------------------------------------------------------


def test_the_typo_finding_names_its_cell_in_structured_form(store) -> None:
    findings = [f for f in check_identities(report_facts(2024)) if f.likely_value is not None]
    assert len(findings) == 1
    likely = findings[0].likely_value
    assert likely is not None
    assert findings[0].likely is Likely.HERBEREKENING
    assert (likely.indicator, likely.area, likely.period) == COUNT
    assert (likely.printed, likely.expected) == ("1123", 112)
    # the equation it closes: total 193 = 81 (5 t/m 12) + 112 (13 t/m 17)
    assert set(likely.cells) == {
        ("thuiszitters-einde", "rotterdam", "2023/24"),
        ("thuiszitters-einde-5-12", "rotterdam", "2023/24"),
        COUNT,
    }
    # the machine form of `nprz check` is unchanged
    assert "likely_value" not in findings[0].as_dict()


# --- the door ---------------------------------------------------------------------------------


def test_the_2024_data_give_the_count_and_its_share(store) -> None:
    found = publication.corrections(2024)
    assert set(found) == {COUNT, SHARE}
    assert found[COUNT] == Correction(
        "1.123", "112", "waarschijnlijk een tikfout", derived_from=None, note=COUNT_NOTE
    )
    share = found[SHARE]
    assert (share.printed, share.likely, share.derived_from) == ("4,0%", "40,2%", COUNT)
    assert share.why == "berekend uit een waarschijnlijk onjuist gedrukt aantal"
    assert share.note == SHARE_NOTE


def test_values_rows_carry_the_correction_and_keep_the_printed_figure(store) -> None:
    rows = {
        (r.indicator.code, r.area.code, r.period): r
        for r in publication.values(2024)
        if r.correction is not None
    }
    assert set(rows) == {COUNT, SHARE}
    assert rows[COUNT].value == 1123  # what was printed stays
    assert rows[COUNT].correction == publication.corrections(2024)[COUNT]
    assert str(rows[SHARE].printed) == "4,0%"


def test_the_analyst_sees_the_same_note(store) -> None:
    with audience.reading_as(audience.Audience.ANALYST):
        found = publication.corrections(2024)
    assert found[COUNT].note == COUNT_NOTE
    assert found[SHARE].note == SHARE_NOTE


def test_corrections_are_cheap_and_remembered(store) -> None:
    publication.view(2024)
    publication.disclosure()
    forget()
    publication.view(2024)
    publication.disclosure()
    started = time.perf_counter()
    publication.corrections(2024)
    own = time.perf_counter() - started
    started = time.perf_counter()
    publication.corrections(2024)
    again = time.perf_counter() - started
    assert own < 2.0, own  # ~0.1 s on the 2024 data; the whole `nprz check` takes seconds
    assert again < own


# --- every output -----------------------------------------------------------------------------


def test_the_indicator_page_shows_the_footnote(store) -> None:
    response = Client().get("/indicatoren/thuiszitters-einde-13-17/?jaar=2024")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-label="voetnoot 1"' in page
    assert COUNT_NOTE in text_of(page)


def test_the_area_page_shows_the_footnote_of_the_share(store) -> None:
    response = Client().get("/gebieden/nprz/?jaar=2024")
    assert response.status_code == 200
    assert SHARE_NOTE in text_of(response.content.decode())


def test_the_csv_download_carries_the_note(store) -> None:
    response = Client().get("/indicatoren/thuiszitters-einde-13-17/waarden.csv?jaar=2024")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    corrected = [r for r in rows if r["correctie"]]
    assert [(r["gebied"], r["periode"], r["waarde"]) for r in corrected] == [
        ("rotterdam", "2023/24", "1123")
    ]
    assert corrected[0]["correctie"] == COUNT_NOTE
    assert len(rows) > len(corrected)


def test_the_api_answer_has_the_field_and_fits_its_schema(store) -> None:
    api = Api(Client())
    data = api.get(
        "/api/v1/waarnemingen?indicator=thuiszitters-einde-13-17&gebied=rotterdam&jaar=2024"
    )
    by_period = {r["periode"]: r for r in data["resultaten"]}
    assert by_period["2023/24"]["correctie"] == {
        "gedrukt": "1.123",
        "waarschijnlijk": "112",
        "reden": "waarschijnlijk een tikfout",
        "afgeleid_van": None,
        "toelichting": COUNT_NOTE,
    }
    assert by_period["2022/23"]["correctie"] is None
    assert by_period["2022/23"]["waarde"] == 78


# --- when the data are right ------------------------------------------------------------------


def test_a_delivery_with_the_right_count_removes_the_footnote(store, tmp_path: Path) -> None:
    delivery = tmp_path / "synthetisch-thuiszitters-2024.csv"
    delivery.write_text(
        "indicator,area,period,value,status,note\n"
        "thuiszitters-einde-13-17,rotterdam,2023/24,112,definitief,"
        '"SYNTHETISCH testcijfer, geen echte waarneming"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli.app, ["import", "file", str(delivery), "--rapportjaar", "2024", "--beknopt"]
    )
    assert result.exit_code == 0, result.output
    assert publication.corrections(2024) == {}
    page = Client().get("/indicatoren/thuiszitters-einde-13-17/?jaar=2024").content.decode()
    assert "waarschijnlijk een tikfout" not in page
    assert "voetnoot 1" not in page


# --- disclosure wins (synthetic cells, no database) --------------------------------------------


class Hiding:
    """A disclosure decision that hides the given cells (synthetic)."""

    def __init__(self, *cells: tuple[str, str, str]) -> None:
        self.cells = set(cells)

    def hides(self, indicator: str, area: str, period: str) -> bool:
        return (indicator, area, period) in self.cells


def synthetic_found() -> list[Found]:
    count = with_note(Correction("1.123", "112", TYPO))
    share = with_note(Correction("4,0%", "40,2%", DERIVED, COUNT), count)
    total = ("thuiszitters-einde", "rotterdam", "2023/24")
    part = ("thuiszitters-einde-5-12", "rotterdam", "2023/24")
    return [
        Found(COUNT, count, frozenset({COUNT, total, part})),
        Found(SHARE, share, frozenset({COUNT, total, part, SHARE})),
    ]


def test_a_hidden_cell_gets_no_correction_for_the_public() -> None:
    assert for_public(synthetic_found(), Hiding(COUNT, SHARE)) == {}


def test_a_likely_value_pinned_through_a_hidden_cell_is_not_shown() -> None:
    found = for_public(
        synthetic_found(), Hiding(("thuiszitters-einde-5-12", "rotterdam", "2023/24"))
    )
    assert found[COUNT].likely == ""
    assert found[COUNT].note == (
        "Gedrukt 1.123; de optelling klopt niet (waarschijnlijk een tikfout)."
    )
    assert found[SHARE].likely == ""
    assert found[SHARE].note == (
        "Gedrukt 4,0%; berekend uit een waarschijnlijk onjuist gedrukt aantal."
    )
    assert "112" not in found[COUNT].note + found[SHARE].note


def test_without_hidden_cells_the_public_sees_both_numbers() -> None:
    found = for_public(synthetic_found(), Hiding())
    assert found[COUNT].note == COUNT_NOTE
    assert found[SHARE].note == SHARE_NOTE
