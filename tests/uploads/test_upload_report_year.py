"""The upload page asks which report year a delivery is for, and warns before it changes what a
recorded report edition read (issue 14).

Test deliveries, named as such: problematic debt 2024 for NPRZ, which the 2024 report printed
as 22,9% (stoplight, r. 262), delivered again as 23,1%; the stand on 1 January 2026 of the m²
business space (an indicator counted on 1 January), 900.000 m² (synthetic)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nprz.monitor import models as m
from nprz.publication import editions

pytestmark = pytest.mark.django_db

URL = "/gegevens/importeren/"
CSV = (
    b"indicator;area;period;value\r\n"
    b"problematische-schuld;nprz;2024;23,1%\r\n"
    b"problematische-schuld;hillesluis;2024;20,0%\r\n"
)
M2_2026 = b"indicator,area,period,value\nbedrijfsruimte-m2,nprz,2026,900.000\n"


def upload(
    client: Client,
    data: bytes,
    name: str,
    action: str = "controleren",
    year: int | None = None,
    **fields: str,
) -> Any:
    """Post the form; `year` is what the report-year field holds (None: left empty)."""
    form: dict[str, Any] = {"bestand": SimpleUploadedFile(name, data), "actie": action, **fields}
    if year is not None:
        form["rapportjaar"] = str(year)
    return client.post(URL, form)


def counts() -> tuple[int, int]:
    return m.Vintage.objects.count(), m.Observation.objects.count()


def record_edition(year: int) -> None:
    """An edition as `nprz report` records it before building: the deliveries it reads."""
    # Only a published (final) edition warns: a draft is nobody's reference yet.
    editions.make_final(editions.record(year), [])


def test_a_check_shows_the_proposed_year_with_its_reason_and_fills_it_in(
    clients: dict[str, Client],
) -> None:
    html = upload(clients["bea"], M2_2026, "m2.csv", year=None).content.decode()
    assert (
        "Rapportjaar 2025 (voorstel: de meest recente periode in het bestand is 2025: de stand "
        "op 1 januari 2026 (bedrijfsruimte-m2) beschrijft het eind van 2025; het rapport over "
        "2026 leest die ook)." in html
    )
    assert 'name="rapportjaar" value="2025"' in html


def test_stands_on_1_january_describe_the_year_before(clients: dict[str, Client]) -> None:
    data = b"indicator,area,period,value\nbevolking,nprz,2025,212.000\nwoz-waarde,nprz,2023,1\n"
    html = upload(clients["bea"], data, "x.csv", year=None).content.decode()
    # bevolking is a stand on 1 January too: 2025 describes 2024; woz-waarde 2023 -> 2022
    assert "Rapportjaar 2024 (voorstel: de meest recente periode in het bestand is 2024" in html


def test_importing_without_a_year_writes_nothing_and_asks_for_one(
    clients: dict[str, Client],
) -> None:
    before = counts()
    response = upload(clients["bea"], CSV, "levering.csv", "importeren", year=None)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is niets opgeslagen: kies eerst het rapportjaar." in html
    assert 'name="rapportjaar" value="2023"' in html  # stand on 1-1-2024: end of 2023
    assert counts() == before


def test_the_chosen_year_files_the_delivery_and_is_said_back(clients: dict[str, Client]) -> None:
    html = upload(clients["bea"], M2_2026, "m2.csv", year=2026).content.decode()
    assert (
        "Rapportjaar 2026, door u gekozen; het voorstel was 2025: de meest recente periode in "
        "het bestand is 2025" in html
    )
    response = upload(clients["bea"], M2_2026, "m2.csv", "importeren", year=2026)
    assert response.status_code == 302
    vintage = m.Vintage.objects.get(kind="bestand")
    assert (vintage.report_year, vintage.observations.get().period) == (2026, "2026")


def test_a_year_before_the_latest_period_is_flagged(clients: dict[str, Client]) -> None:
    html = upload(clients["bea"], M2_2026, "m2.csv", year=2024).content.decode()
    assert (
        "Let op: 1 waarde beschrijft een later jaar dan 2024; in het rapport over 2024 staan ze "
        "dan als nieuwste cijfers." in html
    )


def test_a_year_outside_the_bounds_is_a_bad_request(clients: dict[str, Client]) -> None:
    response = upload(clients["bea"], CSV, "levering.csv", year=1800)
    assert response.status_code == 400
    assert "Kies een rapportjaar vanaf 2000." in response.content.decode()


def test_changing_a_figure_a_recorded_edition_read_is_named_and_needs_a_yes(
    clients: dict[str, Client],
) -> None:
    record_edition(2024)
    html = upload(clients["bea"], CSV, "levering.csv", year=2024).content.decode()
    assert (
        "<strong>Let op:</strong> deze levering verandert 1 cijfer die rapporteditie "
        "rapport-2024-1 (rapportjaar 2024) heeft gelezen. De editie zelf blijft zoals ze was"
        in html
    )
    assert (
        '<tr><th scope="row">problematische-schuld</th><td>nprz</td><td>2024</td>'
        '<td class="num">22,9%</td><td class="num">23,1%</td></tr>' in html
    )
    assert 'name="bevestig"' in html
    before = counts()
    unconfirmed = upload(clients["bea"], CSV, "levering.csv", "importeren", year=2024)
    assert "Er is niets opgeslagen: deze levering verandert cijfers" in unconfirmed.content.decode()
    assert counts() == before
    confirmed = upload(clients["bea"], CSV, "levering.csv", "importeren", year=2024, bevestig="on")
    assert confirmed.status_code == 302
    assert counts() == (before[0] + 1, before[1] + 2)


def test_filed_under_a_later_year_the_recorded_edition_is_not_touched(
    clients: dict[str, Client],
) -> None:
    record_edition(2024)
    html = upload(clients["bea"], CSV, "levering.csv", year=2025).content.decode()
    assert "Let op:" not in html
    assert 'name="bevestig"' not in html
    response = upload(clients["bea"], CSV, "levering.csv", "importeren", year=2025)
    assert response.status_code == 302


def test_a_new_period_in_a_series_the_edition_read_is_named_too(
    clients: dict[str, Client],
) -> None:
    record_edition(2024)
    data = b"indicator,area,period,value\nproblematische-schuld,nprz,2025,21,0%\n".replace(
        b"21,0%", b'"21,0%"'
    )
    html = upload(clients["bea"], data, "x.csv", year=2024).content.decode()
    assert (
        "deze levering voegt 1 cijfer toe aan reeksen die rapporteditie rapport-2024-1 "
        "(rapportjaar 2024) heeft gelezen." in html
    )
    assert '<td class="num">–</td><td class="num">21,0%</td>' in html
