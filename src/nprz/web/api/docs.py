"""The API's description for people and tools: `/api/` and `/api/openapi.json`.

Both come from the one OpenAPI document that django-ninja derives from the declarations
(`nprz.web.api.endpoints.document`): the Dutch page turns each endpoint, parameter and
object of that document into words and tables, so page, document and answers cannot drift
apart.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nprz.web import params
from nprz.web.api.endpoints import published
from nprz.web.pagecache import cached_page
from nprz.web.pages.common import page

Schema = dict[str, Any]
TYPE_WORDS = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "true of false",
    "object": "object",
    "null": "null",
}
FORMAT_WORDS = {"uri-reference": "pad"}


def _one_of(values: list[Any]) -> str:
    words = [str(v) for v in values]
    return f"{', '.join(words[:-1])} of {words[-1]}" if len(words) > 1 else words[0]


def type_text(schema: Schema) -> tuple[str, str]:
    """A schema in Dutch words, and the anchor of the object it names ("" for none)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return name, f"#schema-{name}"
    if "anyOf" in schema:
        kinds = [k for k in schema["anyOf"] if k.get("type") != "null"]
        if len(kinds) == 1 and "enum" in kinds[0]:
            return _one_of([*kinds[0]["enum"], "null"]), ""
        text, anchor = type_text(kinds[0]) if len(kinds) == 1 else ("waarde", "")
        return f"{text} of null", anchor
    if schema.get("type") == "array":
        text, anchor = type_text(schema["items"])
        return f"lijst van {text}", anchor
    if "enum" in schema:
        return _one_of(schema["enum"]), ""
    words = [TYPE_WORDS.get(schema.get("type", ""), "waarde")]
    if "pattern" in schema:
        words = ["code"]
    if "format" in schema:
        words = [FORMAT_WORDS.get(schema["format"], words[0])]
    if "minimum" in schema:
        words.append(f"van {schema['minimum']}")
    if "maximum" in schema:
        words.append(f"tot en met {schema['maximum']}")
    if "default" in schema and schema["default"] is not None:
        words.append(f"(standaard {schema['default']})")
    return " ".join(words), ""


def endpoint_docs(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in document["paths"].items():
        operation = item["get"]
        responses = operation["responses"]
        answer = responses["200"]["content"]["application/json"]["schema"]
        found.append(
            {
                "path": path,
                "anchor": f"eindpunt-{operation['operationId']}",
                "summary": operation["summary"],
                "description": operation["description"],
                "answer": type_text(answer),
                "errors": [code for code in responses if code != "200"],
                "example": operation["x-voorbeeld"],
                "parameters": [
                    {
                        "name": p["name"],
                        "where": "pad" if p["in"] == "path" else "query",
                        "required": "ja" if p["required"] else "nee",
                        "type": type_text(p["schema"])[0],
                        "description": p["description"],
                        "example": p["example"],
                    }
                    for p in operation["parameters"]
                ],
            }
        )
    return found


def schema_docs(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "anchor": f"schema-{name}",
            "description": schema["description"],
            "fields": [
                {"name": field, "type": type_text(spec), "description": spec["description"]}
                for field, spec in schema["properties"].items()
            ],
        }
        for name, schema in document["components"]["schemas"].items()
    ]


@require_safe
@cached_page
def openapi_document(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ())
    return JsonResponse(published(), json_dumps_params={"ensure_ascii": False})


@require_safe
@cached_page
def documentation(request: HttpRequest) -> HttpResponse:
    params.reject_unknown(request, ())
    described = published()
    context = page(
        request.path,
        "API voor ontwikkelaars",
        None,
        crumbs=[{"href": "/", "label": "Overzicht"}, {"label": "API"}],
        endpoints=endpoint_docs(described),
        schemas=schema_docs(described),
    )
    return render(request, "web/api.html", context)
