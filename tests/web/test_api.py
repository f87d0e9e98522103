"""The JSON API on the bundled 2024 dataset: real values, errors as `{"fout", "status"}`,
pagination without gaps or overlap, and every answer valid against the OpenAPI document
that describes it (so the description cannot drift from what the views return)."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from nprz.datasets import folder
from nprz.datasets.records import Dataset
from nprz.monitor import models as m
from nprz.monitor.presenters import TARGET_COLUMNS
from nprz.web.openapi import document

pytestmark = pytest.mark.django_db
DOCUMENT_URI = "urn:nprz:openapi"


@pytest.fixture
def web(loaded: Dataset) -> Client:
    """A browser-less client on a database with the bundled 2024 dataset."""
    return Client()


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def validator(name: str) -> Draft202012Validator:
    """A validator for `components/schemas/<name>` with `$ref`s resolved in the document."""
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, DRAFT202012.create_resource(document())
    )
    schema = {"$ref": f"{DOCUMENT_URI}#/components/schemas/{name}"}
    return Draft202012Validator(schema, registry=registry)


def answer_schema(path: str) -> dict[str, Any]:
    responses = document()["paths"][path]["get"]["responses"]
    schema: dict[str, Any] = responses["200"]["content"]["application/json"]["schema"]
    return schema


def validate(path: str, data: Any) -> None:
    """Validate an answer of `path` (as written in the document) against its 200 schema."""
    schema = answer_schema(path)
    if schema.get("type") == "array":
        name = schema["items"]["$ref"].rsplit("/", 1)[1]
        for item in data:
            validator(name).validate(item)
    elif "$ref" in schema:
        validator(schema["$ref"].rsplit("/", 1)[1]).validate(data)


def test_indicator_list(web: Client, nprz2024: Dataset) -> None:
    data = get(web, "/api/indicatoren")
    assert len(data) == len(nprz2024.indicators) == m.Indicator.objects.count() == 132
    validate("/api/indicatoren", data)
    first = data[0]
    assert first["code"] == "bevolking"
    assert first["url"] == "/api/indicatoren/bevolking"
    assert first["pagina"] == "/indicatoren/bevolking/"
    assert first["decimalen"] == 0
    assert get(web, first["url"])["code"] == "bevolking"


def test_indicator_detail(web: Client) -> None:
    data = get(web, "/api/indicatoren/bevolking")
    validate("/api/indicatoren/{code}", data)
    assert data["naam"] == m.Indicator.objects.get(code="bevolking").name
    assert {"nprz", "rotterdam"} <= set(data["gebieden"])
    assert data["doelen"] == []


def test_indicator_goals(web: Client) -> None:
    converge = get(web, "/api/indicatoren/laagopgeleide-ouders")["doelen"]
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
    norm = get(web, "/api/indicatoren/mbo-techniek")["doelen"][0]
    assert (norm["norm"], norm["referentiegebied"]) == (38, None)
    path = get(web, "/api/indicatoren/bijstandsuitkeringen")["doelen"][0]
    assert path["mijlpalen"][-1] == {"jaar": 2031, "waarde": 10000}
    other = get(web, "/api/indicatoren/thuiszitters-aandeel")
    assert other["doelen"][0]["referentie_indicator"] == "leerlingen-aandeel-zuid"
    assert {n["soort"] for n in other["notities"]} >= {"definitie"}
    validate("/api/indicatoren/{code}", other)


def test_area_list_matches_the_dataset(web: Client) -> None:
    with (folder("nprz2024") / "areas.csv").open(encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    data = get(web, "/api/gebieden")
    validate("/api/gebieden", data)
    assert [a["code"] for a in data] == codes
    assert len(data) == m.Area.objects.count() == 34
    assert data[0]["cbs_code"] is not None


def test_area_detail(web: Client) -> None:
    g4 = get(web, "/api/gebieden/g4")
    validate("/api/gebieden/{code}", g4)
    assert g4["leden"] == ["amsterdam", "rotterdam", "den-haag", "utrecht"]
    bloemhof = get(web, "/api/gebieden/bloemhof")
    assert bloemhof["onderdeel_van"] == ["focuswijken", "gebied-feijenoord"]
    assert bloemhof["leden"] == []


def test_observations_of_one_series(web: Client) -> None:
    data = get(web, "/api/waarnemingen?indicator=bevolking&gebied=nprz")
    validate("/api/waarnemingen", data)
    rows = {row["periode"]: row for row in data["resultaten"]}
    # Two tables print the 2024 population; the stoplight table has priority.
    assert len(rows) == len(data["resultaten"]) == data["aantal"]
    assert rows["2024"]["waarde"] == 211548
    assert rows["2024"]["gedrukt"] == "211.548"
    assert rows["2024"]["levering"] == "nprz2024-stoplicht"
    assert rows["2024"]["bron"] == "rapport r. 234"
    assert data["volgende"] is None
    raw = web.get("/api/waarnemingen?indicator=bevolking&gebied=nprz").content.decode()
    assert '"waarde": 211548,' in raw  # a whole number, not 211548.0


def test_empty_cells_are_null_not_zero(web: Client) -> None:
    data = get(web, "/api/waarnemingen?indicator=ve-indicatie&gebied=g4")
    row = next(r for r in data["resultaten"] if r["periode"] == "2024")
    assert row["waarde"] is None
    assert row["ontbreekt"] == "niet beschikbaar (-)"
    suppressed = get(web, "/api/waarnemingen?indicator=verhuis-in-7&gebied=wielewaal")
    row = suppressed["resultaten"][0]
    # Printed "<5" in the report; every hidden cell has one mark, whatever hid it.
    assert (row["waarde"], row["onderdrukt"], row["gedrukt"]) == (None, True, "afgeschermd")
    assert row["openbaar"] is False


def test_one_row_per_cell_from_the_preferred_vintage(web: Client) -> None:
    data = get(web, "/api/waarnemingen?limiet=1000")
    expected: dict[tuple[str, str, str], str] = {}
    for obs in m.Observation.objects.known_in(2024).preferred_first():
        expected.setdefault((obs.indicator.code, obs.area.code, obs.period), obs.vintage.code)
    found = {(r["indicator"], r["gebied"], r["periode"]): r["levering"] for r in data["resultaten"]}
    assert data["aantal"] == len(data["resultaten"]) == len(expected)
    assert found == expected


def test_pagination_has_no_gaps_or_overlap(web: Client) -> None:
    url: str | None = "/api/waarnemingen?limiet=10&start=0"
    seen: list[tuple[str, str, str]] = []
    pages = []
    while url:
        page = get(web, url)
        validate("/api/waarnemingen", page)
        assert len(page["resultaten"]) <= 10
        pages.append(page)
        seen += [(r["indicator"], r["gebied"], r["periode"]) for r in page["resultaten"]]
        url = page["volgende"]
    assert pages[1]["start"] == 10
    assert "limiet=10" in pages[0]["volgende"]
    assert len(seen) == len(set(seen)) == pages[0]["aantal"]
    assert all(len(p["resultaten"]) == 10 for p in pages[:-1])
    beyond = get(web, f"/api/waarnemingen?start={pages[0]['aantal']}")
    assert (beyond["resultaten"], beyond["volgende"]) == ([], None)


def test_goals(web: Client) -> None:
    data = get(web, "/api/doelen?jaar=2024")
    validate("/api/doelen", data)
    assert data["jaar"] == 2024
    assert len(data["doelen"]) == m.Target.objects.count() == 46
    assert list(data["doelen"][0]) == [c.key for c in TARGET_COLUMNS]
    assert get(web, "/api/doelen") == data


# One test per status rather than one per address: each needs the whole dataset loaded.
BAD_REQUESTS = [
    "/api/waarnemingen?limiet=abc",
    "/api/waarnemingen?limiet=0",
    "/api/waarnemingen?limiet=1001",
    "/api/waarnemingen?start=-1",
    "/api/waarnemingen?start=²",
    "/api/waarnemingen?jaar=20x4",
    "/api/waarnemingen?onbekend=1",
    "/api/doelen?jaar=20x4",
    "/api/indicatoren?onbekend=1",
    "/api/gebieden/nprz?jaar=2024",
    "/api/?onbekend=1",
]
NOT_FOUND = [
    "/api/indicatoren/bestaat-niet",
    "/api/gebieden/bestaat-niet",
    "/api/waarnemingen?indicator=bestaat-niet",
    "/api/waarnemingen?gebied=bestaat-niet",
    "/api/waarnemingen?jaar=1999",
    "/api/doelen?jaar=1999",
    "/api/bestaat-niet",
    "/api/indicatoren/bevolking/extra",
]


def test_errors_are_json(web: Client) -> None:
    for status, urls in ((400, BAD_REQUESTS), (404, NOT_FOUND)):
        for url in urls:
            data = get(web, url, status)
            validator("Fout").validate(data)
            assert data["status"] == status, url
            assert data["fout"], url
    data = get(web, "/api/indicatoren/bestaat-niet", 404)
    assert data == {"fout": "Er is geen indicator met de code 'bestaat-niet'.", "status": 404}
    assert "1 tot en met 1000" in get(web, "/api/waarnemingen?limiet=0", 400)["fout"]


def test_trailing_slash_is_optional(web: Client) -> None:
    for path in ("/api/indicatoren", "/api/gebieden/nprz", "/api/waarnemingen", "/api/doelen"):
        assert get(web, f"{path}/") == get(web, path), path


def test_read_only(web: Client) -> None:
    assert web.post("/api/indicatoren").status_code == 405
    assert web.head("/api/indicatoren").status_code == 200


def test_openapi_document(web: Client) -> None:
    data = get(web, "/api/openapi.json")
    assert data == document()
    assert data["openapi"] == "3.1.0"
    assert data["info"]["title"] == "NPRZ-monitor API"
    for name, schema in data["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        assert schema["required"] == list(schema["properties"]), name
    expected = {"Indicator", "IndicatorDetail", "Gebied", "GebiedDetail", "Waarneming"}
    expected |= {"WaarnemingenPagina", "Doel", "DoelenPagina", "Fout"}
    assert expected <= set(data["components"]["schemas"])


def example_urls(path: str, operation: dict[str, Any]) -> list[str]:
    """The documented example, and the address built from every parameter's example."""
    url, query = path, []
    for parameter in operation["parameters"]:
        if parameter["in"] == "path":
            url = url.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
        else:
            query.append(f"{parameter['name']}={parameter['example']}")
    built = f"{url}?{'&'.join(query)}" if query else url
    return [operation["x-voorbeeld"], built]


def test_every_documented_example_answers(web: Client) -> None:
    for path, item in document()["paths"].items():
        for url in example_urls(path, item["get"]):
            validate(path, get(web, url))


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[int] = []
        self.header_cells: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.header_cells.append(found.get("scope"))


def test_documentation_page(web: Client) -> None:
    response = web.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = Page()
    parser.feed(html)
    for path in document()["paths"]:
        assert f"<code>GET {path}</code>" in html
    assert "/api/openapi.json" in parser.links
    assert parser.headings[0] == 1
    assert parser.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parser.headings, parser.headings[1:], strict=False))
    assert parser.header_cells
    assert all(scope in ("col", "row") for scope in parser.header_cells)
    api_links = {link for link in parser.links if link.startswith("/api/")}
    assert "/api/waarnemingen?indicator=bevolking&gebied=nprz" in api_links
    for link in sorted(api_links):
        assert web.get(link).status_code == 200, link
