"""The JSON API on the bundled 2024 dataset: real values under Dutch names, hidden cells
masked for the public, errors as `{"fout", "status"}`, paging without gaps or overlap, and
the addresses of before the version redirecting to /api/v1/. Every answer is validated
against the OpenAPI document the server derives from its declarations (the `api` fixture)."""

from __future__ import annotations

import csv
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from typer.testing import CliRunner

from nprz import cli, publication
from nprz.datasets.records import Dataset
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor.presenters import TARGET_COLUMNS
from nprz.programmes import bundled_folder

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_indicator_list(api, nprz2024: Dataset) -> None:
    data = api.get(f"{V1}/indicatoren")
    assert len(data) == len(nprz2024.indicators) == m.Indicator.objects.count() == 132
    first = data[0]
    assert first["code"] == "bevolking"
    assert first["url"] == "/api/v1/indicatoren/bevolking"
    assert first["pagina"] == "/indicatoren/bevolking/"
    assert first["decimalen"] == 0
    assert api.get(first["url"])["code"] == "bevolking"


def test_indicator_detail(api) -> None:
    data = api.get(f"{V1}/indicatoren/bevolking")
    assert data["naam"] == m.Indicator.objects.get(code="bevolking").name
    assert {"nprz", "rotterdam"} <= set(data["gebieden"])
    assert data["doelen"] == []


def test_indicator_goals(api) -> None:
    converge = api.get(f"{V1}/indicatoren/laagopgeleide-ouders")["doelen"]
    assert converge == [
        {
            "plan": "up2019",
            "soort": "converge",
            "startgebied": "nprz",
            "startperiode": "2011",
            "referentiegebied": "g4",
            "referentie_indicator": None,
            "norm": None,
            "niveau": None,
            "mijlpalen": [],
            "tekst": None,
        }
    ]
    norm = api.get(f"{V1}/indicatoren/mbo-techniek")["doelen"][0]
    assert (norm["norm"], norm["referentiegebied"]) == (38, None)
    path = api.get(f"{V1}/indicatoren/bijstandsuitkeringen")["doelen"][0]
    assert path["mijlpalen"][-1] == {"jaar": 2031, "waarde": 10000}
    other = api.get(f"{V1}/indicatoren/thuiszitters-aandeel")
    assert other["doelen"][0]["referentie_indicator"] == "leerlingen-aandeel-zuid"
    assert {n["soort"] for n in other["notities"]} >= {"definitie"}


def test_area_list_matches_the_dataset(api) -> None:
    with (bundled_folder("nprz") / "areas.csv").open(encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    data = api.get(f"{V1}/gebieden")
    assert [a["code"] for a in data] == codes
    assert len(data) == m.Area.objects.count() == 34
    assert data[0]["cbs_code"] is not None


def test_area_detail(api) -> None:
    g4 = api.get(f"{V1}/gebieden/g4")
    assert g4["leden"] == ["amsterdam", "rotterdam", "den-haag", "utrecht"]
    bloemhof = api.get(f"{V1}/gebieden/bloemhof")
    assert bloemhof["onderdeel_van"] == ["focuswijken", "gebied-feijenoord"]
    assert bloemhof["leden"] == []


REPORT = "Voortgangsrapportage Nationaal Programma Rotterdam Zuid 2024"


def test_observations_of_one_series(api) -> None:
    url = f"{V1}/waarnemingen?indicator=bevolking&gebied=nprz"
    data = api.get(url)
    rows = {row["periode"]: row for row in data["resultaten"]}
    # Two tables print the 2024 population; the stoplight table has priority.
    assert len(rows) == len(data["resultaten"]) == data["aantal"]
    assert rows["2024"]["waarde"] == 211548
    assert rows["2024"]["gedrukt"] == "211.548"
    assert rows["2024"]["levering"] == "nprz2024-stoplicht"
    # The public reads the document and its table; the analyst the line (below).
    assert rows["2024"]["bron"] == f"{REPORT}, Stand t.a.v. doelstelling 2024"
    assert rows["2024"]["openbaar"] is True
    assert data["volgende"] is None
    raw = api.client.get(url).content.decode()
    assert '"waarde": 211548,' in raw  # a whole number, not 211548.0


def test_empty_cells_are_null_not_zero(api) -> None:
    data = api.get(f"{V1}/waarnemingen?indicator=ve-indicatie&gebied=g4")
    row = next(r for r in data["resultaten"] if r["periode"] == "2024")
    assert row["waarde"] is None
    assert row["ontbreekt"] == "niet beschikbaar (-)"


def test_a_hidden_cell_has_no_value_for_the_public(api) -> None:
    # Kop van Zuid's vestigers from origin column 7 in 2024: printed "<5" in the report, and
    # recoverable from the row's total and the other six columns were it not hidden.
    data = api.get(f"{V1}/waarnemingen?indicator=verhuis-in-7&gebied=kop-van-zuid&jaar=2024")
    (row,) = data["resultaten"]
    assert (row["waarde"], row["gedrukt"], row["resolutie"]) == (None, "afgeschermd", None)
    assert (row["onderdrukt"], row["openbaar"]) == (True, False)
    assert (row["levering"], row["bron"]) == (
        "nprz2024-verhuizingen",
        f"{REPORT}, Verhuisbewegingen op Zuid in 2024",
    )
    # Every hidden mark is the same, whatever hid the cell: "<5" would say it is small.
    wielewaal = api.get(f"{V1}/waarnemingen?indicator=verhuis-in-7&gebied=wielewaal")
    assert wielewaal["resultaten"][0]["gedrukt"] == "afgeschermd"


def _analyst() -> Client:
    user = User.objects.create_user("api-analist")
    iv.StaffRole.objects.create(user=user, role="analist")
    client = Client()
    client.force_login(user)
    return client


def test_an_analyst_sees_a_hidden_value_marked_not_public(api, api_for) -> None:
    """A cell hidden to protect another (complementary suppression) has a value in the
    store: the public gets null, a signed-in analyst the value with `openbaar` false."""
    decision = publication.disclosure()
    hidden = next(
        o
        for o in m.Observation.objects.known_in(2024)
        .filter(value__isnull=False, indicator__code__startswith="verhuis-in-")
        .select_related("indicator", "area")
        .order_by("id")
        if decision.hides(o.indicator.code, o.area.code, o.period)
    )
    url = f"{V1}/waarnemingen?indicator={hidden.indicator.code}&gebied={hidden.area.code}"
    public = next(r for r in api.get(url)["resultaten"] if r["periode"] == hidden.period)
    assert (public["waarde"], public["gedrukt"], public["openbaar"]) == (None, "afgeschermd", False)
    analyst = api_for(_analyst())
    seen = next(r for r in analyst.get(url)["resultaten"] if r["periode"] == hidden.period)
    assert seen["bron"].startswith("rapport r. ")  # the analyst keeps the source line
    assert seen["waarde"] == int(hidden.value) > 0
    assert (seen["gedrukt"], seen["openbaar"]) == (hidden.printed, False)
    # The public's cached answer is still the masked one.
    assert next(r for r in api.get(url)["resultaten"] if r["periode"] == hidden.period) == public


def test_one_row_per_cell_from_the_preferred_vintage(api) -> None:
    data = api.get(f"{V1}/waarnemingen?limiet=1000")
    expected: dict[tuple[str, str, str], str] = {}
    for obs in m.Observation.objects.known_in(2024).preferred_first():
        expected.setdefault((obs.indicator.code, obs.area.code, obs.period), obs.vintage.code)
    found = {(r["indicator"], r["gebied"], r["periode"]): r["levering"] for r in data["resultaten"]}
    assert data["aantal"] == len(data["resultaten"]) == len(expected)
    assert found == expected


def test_paging_has_no_gaps_or_overlap(api) -> None:
    url: str | None = f"{V1}/waarnemingen?limiet=100&start=0"
    seen: list[tuple[str, str, str]] = []
    pages = []
    while url:
        page = api.get(url)  # every page validated
        assert len(page["resultaten"]) <= 100
        pages.append(page)
        seen += [(r["indicator"], r["gebied"], r["periode"]) for r in page["resultaten"]]
        url = page["volgende"]
    assert pages[0]["volgende"] == "/api/v1/waarnemingen?limiet=100&start=100"
    assert [p["start"] for p in pages[:3]] == [0, 100, 200]
    assert len(seen) == len(set(seen)) == pages[0]["aantal"] == 927
    assert all(len(p["resultaten"]) == 100 for p in pages[:-1])
    assert len(pages[-1]["resultaten"]) == 27
    beyond = api.get(f"{V1}/waarnemingen?start={pages[0]['aantal']}")
    assert (beyond["resultaten"], beyond["volgende"]) == ([], None)
    # Filters and paging together: the link keeps the filters.
    first = api.get(f"{V1}/waarnemingen?indicator=bevolking&limiet=2")
    assert first["volgende"] == "/api/v1/waarnemingen?indicator=bevolking&limiet=2&start=2"
    assert api.get(first["volgende"])["start"] == 2


# The CLI's English columns and the API's Dutch names for the same figures.
DUTCH = {
    "code": "code",
    "name": "naam",
    "pillar": "pijler",
    "role": "rol",
    "unit": "eenheid",
    "direction": "richting",
    "reference_area": "referentie",
    "regime": "plan",
    "start_period": "startperiode",
    "start_value": "startwaarde",
    "reference_value": "referentiewaarde",
    "current_period": "actuele_periode",
    "current_value": "actuele_waarde",
    "fraction": "in_te_lopen",
    "target_value": "doelwaarde",
    "pct_closed": "ingelopen",
    "status": "status",
    "bucket": "band",
    "published_target": "gedrukt_doel",
    "published_pct_closed": "gedrukt_ingelopen",
    "previous_pct_closed": "vorig_ingelopen",
    "previous_status": "vorige_status",
    "openbaar": "openbaar",
}


def test_goals_answer_in_dutch_with_the_figures_of_nprz_targets(api) -> None:
    data = api.get(f"{V1}/doelen?jaar=2024")
    assert data["jaar"] == 2024
    assert len(data["doelen"]) == m.Target.objects.count() == 46
    assert list(data["doelen"][0]) == [
        "code", "naam", "pijler", "rol", "eenheid", "richting", "gebied", "plan", "referentie",
        "startperiode", "startwaarde", "referentiewaarde", "actuele_periode", "actuele_waarde",
        "in_te_lopen", "doelwaarde", "ingelopen", "status", "reden", "band", "gedrukt_doel",
        "gedrukt_ingelopen", "vorig_ingelopen", "vorige_status", "openbaar", "url", "pagina",
    ]  # fmt: skip
    assert {c.key for c in TARGET_COLUMNS} == set(DUTCH)
    goal = next(d for d in data["doelen"] if d["code"] == "werkloosheid-jongeren")
    # 4,5% (2021) -> 4,0% (2022) towards the G4's 2,4%: 47,5% of the gap due, 23,8% closed.
    assert goal == {
        "code": "werkloosheid-jongeren",
        "naam": "% werkeloosheid jongeren 15 tot 27 jaar",
        "pijler": "werk",
        "rol": "doel",
        "eenheid": "percent",
        "richting": "lager",
        "gebied": "nprz",
        "plan": "up2019",
        "referentie": "g4",
        "startperiode": "2021",
        "startwaarde": 4.5,
        "referentiewaarde": 2.4,
        "actuele_periode": "2022",
        "actuele_waarde": 4,
        "in_te_lopen": 47.5,
        "doelwaarde": 3.5025,
        "ingelopen": 23.8095,
        "status": "oranje",
        "reden": "positief",
        "band": "15-tot-doel",
        "gedrukt_doel": 3.5,
        "gedrukt_ingelopen": 23.4,
        # The 2024 report quotes the 2023 one as "nvt" (a new goal), and no status.
        "vorig_ingelopen": None,
        "vorige_status": None,
        "openbaar": True,
        "url": "/api/v1/indicatoren/werkloosheid-jongeren",
        "pagina": "/indicatoren/werkloosheid-jongeren/",
    }
    # The same figures as `nprz targets --year 2024 --format json`, every target.
    result = CliRunner().invoke(cli.app, ["targets", "--year", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = {row["code"]: row for row in json.loads(result.stdout)}
    assert set(printed) == {d["code"] for d in data["doelen"]}
    for answer in data["doelen"]:
        row = printed[answer["code"]]
        assert {DUTCH[k]: v if v != "" else None for k, v in row.items()} == {
            name: answer[name] for name in DUTCH.values()
        }, answer["code"]
    assert api.get(f"{V1}/doelen") == data


# One test per status rather than one per address: each needs the whole dataset loaded.
BAD_REQUESTS = {
    f"{V1}/waarnemingen?limiet=abc": "limiet moet een geheel getal van 1 tot en met 1000 "
    "zijn, niet 'abc'",
    f"{V1}/waarnemingen?limiet=0": "limiet moet een geheel getal van 1 tot en met 1000 zijn, "
    "niet '0'",
    f"{V1}/waarnemingen?limiet=1001": "limiet moet een geheel getal van 1 tot en met 1000 "
    "zijn, niet '1001'",
    f"{V1}/waarnemingen?limiet=5_0": "limiet moet een geheel getal van 1 tot en met 1000 "
    "zijn, niet '5_0'",
    f"{V1}/waarnemingen?start=-1": "start moet een geheel getal vanaf 0 zijn, niet '-1'",
    f"{V1}/waarnemingen?start=²": "start moet een geheel getal vanaf 0 zijn, niet '²'",
    f"{V1}/waarnemingen?start=1.0": "start moet een geheel getal vanaf 0 zijn, niet '1.0'",
    f"{V1}/waarnemingen?jaar=20x4": "jaar moet een jaartal van vier cijfers zijn (bijvoorbeeld "
    "2024), niet '20x4'",
    f"{V1}/waarnemingen?jaar=%2B2024": "jaar moet een jaartal van vier cijfers zijn "
    "(bijvoorbeeld 2024), niet '+2024'",
    f"{V1}/waarnemingen?indicator=a%20b": "indicator moet een code van letters, cijfers, - en "
    "_ zijn, niet 'a b'",
    f"{V1}/waarnemingen?onbekend=1": "onbekende parameter 'onbekend'; deze pagina kent: "
    "indicator, gebied, jaar, limiet, start",
    f"{V1}/doelen?jaar=20x4": "jaar moet een jaartal van vier cijfers zijn (bijvoorbeeld "
    "2024), niet '20x4'",
    f"{V1}/indicatoren?onbekend=1": "onbekende parameter 'onbekend'; deze pagina kent: geen",
    f"{V1}/gebieden/nprz?jaar=2024": "onbekende parameter 'jaar'; deze pagina kent: geen",
    "/api/?onbekend=1": "onbekende parameter 'onbekend'; deze pagina kent: geen",
    "/api/openapi.json?onbekend=1": "onbekende parameter 'onbekend'; deze pagina kent: geen",
}
NOT_FOUND = {
    f"{V1}/indicatoren/bestaat-niet": "Er is geen indicator met de code 'bestaat-niet'.",
    f"{V1}/gebieden/bestaat-niet": "Er is geen gebied met de code 'bestaat-niet'.",
    f"{V1}/waarnemingen?indicator=bestaat-niet": "Er is geen indicator met de code 'bestaat-niet'.",
    f"{V1}/waarnemingen?gebied=bestaat-niet": "Er is geen gebied met de code 'bestaat-niet'.",
    f"{V1}/waarnemingen?jaar=1999": "Voor rapportjaar 1999 zijn geen gegevens; beschikbaar: 2024.",
    f"{V1}/doelen?jaar=1999": "Voor rapportjaar 1999 zijn geen gegevens; beschikbaar: 2024.",
    f"{V1}/bestaat-niet": "De pagina /api/v1/bestaat-niet bestaat niet.",
    f"{V1}/indicatoren/bevolking/extra": "De pagina /api/v1/indicatoren/bevolking/extra "
    "bestaat niet.",
    "/api/bestaat-niet": "De pagina /api/bestaat-niet bestaat niet.",
}


@pytest.mark.parametrize(("status", "errors"), [(400, BAD_REQUESTS), (404, NOT_FOUND)])
def test_errors_are_a_fout_in_dutch(api, status: int, errors: dict[str, str]) -> None:
    for url, message in errors.items():
        assert api.get(url, status) == {"fout": message, "status": status}, url


def test_a_blank_parameter_is_its_default(api) -> None:
    blank = api.get(f"{V1}/waarnemingen?indicator=&jaar=&limiet=&start=")
    assert (blank["aantal"], blank["start"], blank["limiet"]) == (927, 0, 100)
    padded = api.get(f"{V1}/waarnemingen?jaar=%202024%20&limiet=%205")
    assert (padded["aantal"], padded["limiet"]) == (927, 5)


# An address of before the version, and the status of the answer at its new address.
OLD_ADDRESSES = {
    "/api/indicatoren": 200,
    "/api/indicatoren/": 200,
    "/api/indicatoren/bevolking": 200,
    "/api/gebieden": 200,
    "/api/gebieden/nprz/": 200,
    "/api/waarnemingen?indicator=bevolking&gebied=nprz&limiet=2": 200,
    "/api/waarnemingen/?jaar=%202024&start=1": 200,
    "/api/doelen?jaar=2024": 200,
    "/api/doelen?jaar=1999": 404,
    "/api/waarnemingen?limiet=abc": 400,
}


def test_the_addresses_of_before_the_version_redirect_to_v1(api) -> None:
    for old, status in OLD_ADDRESSES.items():
        response = api.client.get(old)
        assert response.status_code == 308, old
        assert response["Location"] == old.replace("/api/", "/api/v1/", 1), old
        # Followed by hand: Django's test client drops the query string on a 308 itself.
        api.get(response["Location"], status)
    moved = api.client.get("/api/waarnemingen?indicator=bevolking&gebied=nprz&limiet=2")
    assert api.get(moved["Location"])["limiet"] == 2
    assert api.client.head("/api/indicatoren").status_code == 308
    assert api.client.get("/api/v1/")["Location"] == "/api/"


def test_trailing_slash_is_optional(api) -> None:
    for path in ("indicatoren", "gebieden/nprz", "waarnemingen", "doelen"):
        assert api.get(f"{V1}/{path}/") == api.get(f"{V1}/{path}"), path


def test_read_only(api) -> None:
    assert api.client.post(f"{V1}/indicatoren").status_code == 405
    head = api.client.head(f"{V1}/indicatoren")
    assert (head.status_code, head.content) == (200, b"")
    assert head["Content-Type"] == "application/json; charset=utf-8"
