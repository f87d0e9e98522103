"""The API's description: one OpenAPI document derived from the declarations (no schema kept
by hand), valid JSON Schema for every object, an example for every endpoint that answers as
described, every declared error reachable and answered as described, and the Dutch page
/api/ rendered from the same document."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

from nprz.monitor.presenters import TARGET_COLUMNS
from nprz.web.api import schemas
from nprz.web.api.endpoints import published

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/indicatoren",
    "/api/v1/indicatoren/{code}",
    "/api/v1/gebieden",
    "/api/v1/gebieden/{code}",
    "/api/v1/waarnemingen",
    "/api/v1/doelen",
}


def test_the_document_is_derived_from_the_declarations(api) -> None:
    data = api.document
    assert data == published()
    assert importlib.util.find_spec("nprz.web.openapi") is None  # no schema kept by hand
    assert (data["openapi"], data["info"]["title"]) == ("3.1.0", "NPRZ-monitor API")
    assert set(data["paths"]) == ENDPOINTS
    components = data["components"]["schemas"]
    declared = {
        name: model
        for name, model in vars(schemas).items()
        if isinstance(model, type) and issubclass(model, schemas.Answer) and name != "Answer"
    }
    assert set(components) == set(declared)
    for name, model in declared.items():
        fields = {key: field.description for key, field in model.model_fields.items()}
        described = {
            key: spec["description"] for key, spec in components[name]["properties"].items()
        }
        assert described == fields, name
    for name, schema in components.items():
        Draft202012Validator.check_schema(schema)
        assert schema["required"] == list(schema["properties"]), name
        assert schema["additionalProperties"] is False, name
        assert all(spec.get("description") for spec in schema["properties"].values()), name


def test_goals_have_dutch_names_only(api) -> None:
    goal = api.document["components"]["schemas"]["Doel"]["properties"]
    english = {c.key for c in TARGET_COLUMNS} - {"code", "status", "openbaar"}
    assert english & set(goal) == set()
    assert {"naam", "startwaarde", "actuele_waarde", "doelwaarde", "ingelopen", "band"} <= set(goal)
    assert goal["band"]["anyOf"][0]["enum"] == ["boven-doel", "15-tot-doel", "5-tot-15", "onder-5"]


def test_the_readme_names_every_field_of_a_goal_in_order() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("A target in `/api/v1/doelen` has, in this order:", 1)[1]
    paragraph = paragraph.split("\n\n", 1)[0]
    named = re.findall(r"(?<![(\w])`([a-z_]+)`", paragraph)
    assert [n for n in named if n in schemas.Doel.model_fields] == list(schemas.Doel.model_fields)


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


def test_every_documented_example_answers_as_described(api) -> None:
    for path, item in api.document["paths"].items():
        for url in example_urls(path, item["get"]):
            assert api.get(url), url  # validated against the path's 200 schema


def test_every_declared_error_answers_as_described(api) -> None:
    """An unknown parameter on every endpoint (400), and an unknown code or year on every
    endpoint that declares a 404."""
    for path, item in api.document["paths"].items():
        responses = item["get"]["responses"]
        url = path.replace("{code}", "bevolking" if "indicatoren" in path else "nprz")
        assert api.get(f"{url}?onbekend=1", 400)["status"] == 400, path
        if "404" in responses:
            if "{code}" in path:
                missing = path.replace("{code}", "bestaat-niet")
            else:
                missing = f"{path}?jaar=1999"
            assert api.get(missing, 404)["status"] == 404, path


def test_an_answer_that_differs_from_its_declaration_fails_validation(api) -> None:
    """The check in every API test can fail: a field renamed, left out or of the wrong kind."""
    url = "/api/v1/waarnemingen?indicator=bevolking&gebied=nprz&limiet=1"
    answer = api.get(url)
    row = answer["resultaten"][0]
    for wrong in (
        {k: v for k, v in row.items() if k != "openbaar"},
        {**row, "value": row["waarde"]},
        {**row, "waarde": str(row["waarde"])},
        {**row, "status": "geschat"},
    ):
        with pytest.raises(ValidationError):
            api.validate(url, 200, {**answer, "resultaten": [wrong]})
    goals = api.get("/api/v1/doelen?jaar=2024")
    english = {"code": "x", "name": "y", **goals["doelen"][0]}
    with pytest.raises(ValidationError):
        api.validate("/api/v1/doelen", 200, {**goals, "doelen": [english]})


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


def test_documentation_page(api) -> None:
    response = api.client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = Page()
    parser.feed(html)
    for path in ENDPOINTS:
        assert f"<code>GET {path}</code>" in html
    for name in api.document["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    # Types and constraints in Dutch words, from the derived document.
    assert '<a href="#schema-Indicator">lijst van Indicator</a>' in html
    assert "geheel getal van 1 tot en met 1000 (standaard 100)" in html
    assert "getal of null" in html
    assert "hoger, lager of null" in html
    assert "boven-doel, 15-tot-doel, 5-tot-15, onder-5 of null" in html
    assert "/api/openapi.json" in parser.links
    assert parser.headings[0] == 1
    assert parser.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parser.headings, parser.headings[1:], strict=False))
    assert parser.header_cells
    assert all(scope in ("col", "row") for scope in parser.header_cells)
    api_links = {link for link in parser.links if link.startswith("/api/")}
    assert "/api/v1/waarnemingen?indicator=bevolking&gebied=nprz" in api_links
    examples = sorted(link for link in api_links if link.startswith("/api/v1/"))
    assert len(examples) == len(ENDPOINTS)
    for link in examples:
        assert api.get(link), link
