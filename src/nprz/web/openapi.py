"""The API described as an OpenAPI 3.1 document, built as a plain dict.

One description serves three readers: `/api/openapi.json` for tools, the Dutch `/api/` page
(rendered from this same dict, so page and document cannot drift apart) and the tests, which
validate every answer against these schemas. OpenAPI 3.1 schemas are JSON Schema 2020-12, so
"missing" is written as `"type": [..., "null"]` and every object lists all its fields as
required and forbids others: a field added to a view without documenting it fails the tests.
"""

from __future__ import annotations

from typing import Any

import nprz
from nprz.core.status import Bucket, Status
from nprz.monitor import models as m

Schema = dict[str, Any]

# What Django's `slug` path converter accepts; the codes in the store are slugs.
CODE_PATTERN = "^[-a-zA-Z0-9_]+$"
YEAR_PATTERN = "^[0-9]{4}$"
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _field(kind: str, description: str, nullable: bool = False, **extra: Any) -> Schema:
    return {"type": [kind, "null"] if nullable else kind, "description": description, **extra}


def _list(items: Schema, description: str) -> Schema:
    return {"type": "array", "items": items, "description": description}


def _object(description: str, properties: dict[str, Schema]) -> Schema:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _choices(choices: list[tuple[str, str]]) -> list[str]:
    return [value for value, _label in choices]


PATH = "pad op deze server, zonder schema en host"
INDICATOR = {
    "code": _field("string", "vaste code van de indicator"),
    "naam": _field("string", "naam zoals gedrukt in de voortgangsrapportage"),
    "pijler": _field("string", "pijler of thema uit de programmadefinitie"),
    "rol": _field("string", "doel, indicator of context", enum=_choices(m.Role.choices)),
    "eenheid": _field("string", "percent, euro, score, aantal of m2"),
    "decimalen": _field("integer", "aantal decimalen waarmee het rapport drukt", minimum=0),
    "richting": _field(
        "string",
        "of hoger of lager beter is; null als dat niet vastligt",
        nullable=True,
        enum=[*_choices(m.Direction.choices), None],
    ),
    "periodetype": _field("string", "soort periode, bijvoorbeeld 'jaar' of 'schooljaar'"),
    "url": _field("string", f"deze indicator in de API ({PATH})", format="uri-reference"),
    "pagina": _field("string", f"de pagina van de indicator ({PATH})", format="uri-reference"),
}
AREA = {
    "code": _field("string", "vaste code van het gebied"),
    "naam": _field("string", "naam van het gebied"),
    "soort": _field("string", "soort gebied", enum=_choices(m.AreaKind.choices)),
    "cbs_code": _field("string", "code van het CBS (GM…, WK…); null als die er niet is", True),
    "url": _field("string", f"dit gebied in de API ({PATH})", format="uri-reference"),
    "pagina": _field("string", f"de pagina van het gebied ({PATH})", format="uri-reference"),
}
GOAL_FIELDS = {
    "code": ("string", False, "code van de indicator"),
    "name": ("string", False, "naam zoals gedrukt"),
    "pillar": ("string", False, "pijler"),
    "role": ("string", False, "doel, indicator of context"),
    "unit": ("string", False, "eenheid"),
    "direction": ("string", False, "welke kant beter is; leeg als dat niet vastligt"),
    "reference_area": ("string", False, "referentie: gebiedscode, 'norm …', 'pad' of leeg"),
    "regime": ("string", False, "code van het plan waar het doel onder valt"),
    "start_period": ("string", False, "startperiode; leeg als er geen is"),
    "start_value": ("number", True, "startwaarde"),
    "reference_value": ("number", True, "waarde van de referentie"),
    "current_period": ("string", False, "periode van de huidige waarde; leeg als er geen is"),
    "current_value": ("number", True, "huidige waarde"),
    "fraction": ("number", True, "percentage van het verschil dat dit jaar ingelopen moet zijn"),
    "target_value": ("number", True, "doelwaarde voor dit jaar"),
    "pct_closed": ("number", True, "percentage van het verschil dat is ingelopen"),
    "status": ("string", False, "groen, oranje, rood of geen (geen oordeel)"),
    "bucket": ("string", True, "klasse van het ingelopen deel; null zonder oordeel"),
    "published_target": ("number", True, "doelwaarde zoals het rapport die drukte"),
    "published_pct_closed": ("number", True, "percentage ingelopen zoals het rapport drukte"),
}
ENUMS: dict[str, list[Any]] = {
    "status": [s.value for s in Status],
    "bucket": [*(b.value for b in Bucket), None],
    "direction": [*_choices(m.Direction.choices), ""],
}


def schemas() -> dict[str, Schema]:
    goal = {
        key: _field(kind, text, nullable, **({"enum": ENUMS[key]} if key in ENUMS else {}))
        for key, (kind, nullable, text) in GOAL_FIELDS.items()
    }
    return {
        "Indicator": _object("Een indicator van de monitor.", INDICATOR),
        "IndicatorDetail": _object(
            "Een indicator met definitie, bron, notities, doelen en gebieden.",
            {
                **INDICATOR,
                "definitie": _field("string", "definitie zoals in het rapport"),
                "bron": _field("string", "bron van de cijfers zoals in het rapport"),
                "notities": _list(_ref("Notitie"), "toelichtingen bij de indicator"),
                "doelen": _list(_ref("IndicatorDoel"), "de doelen, één per plan"),
                "gebieden": _list(
                    _field("string", "gebiedscode"), "codes van gebieden met waarnemingen"
                ),
            },
        ),
        "Notitie": _object(
            "Een toelichting bij een indicator.",
            {
                "soort": _field("string", "bijvoorbeeld definitie, bron, trendbreuk"),
                "tekst": _field("string", "de toelichting"),
                "bron": _field("string", "waar de toelichting staat; null als onbekend", True),
            },
        ),
        "IndicatorDoel": _object(
            "Hoe een doel is vastgelegd (de stand per jaar staat onder /api/doelen).",
            {
                "plan": _field("string", "code van het plan"),
                "soort": _field("string", "soort doel", enum=_choices(m.TargetKind.choices)),
                "startgebied": _field("string", "gebiedscode waar het doel voor geldt"),
                "startperiode": _field("string", "startperiode; null als er geen is", True),
                "referentiegebied": _field("string", "gebiedscode van de referentie", True),
                "referentie_indicator": _field(
                    "string", "andere indicator als referentie; null: dezelfde", True
                ),
                "norm": _field("number", "vaste norm", True),
                "niveau": _field("number", "vast niveau", True),
                "mijlpalen": _list(_ref("Mijlpaal"), "jaardoelen van een pad"),
                "tekst": _field("string", "omschrijving van een kwalitatief doel", True),
            },
        ),
        "Mijlpaal": _object(
            "Een jaardoel.",
            {"jaar": _field("integer", "jaar"), "waarde": _field("number", "doelwaarde")},
        ),
        "Gebied": _object("Een gebied: land, stad, programmagebied, wijk.", AREA),
        "GebiedDetail": _object(
            "Een gebied met de gebieden waar het uit bestaat en waar het onder valt.",
            {
                **AREA,
                "leden": _list(_field("string", "gebiedscode"), "gebieden die hiertoe horen"),
                "onderdeel_van": _list(
                    _field("string", "gebiedscode"), "gebieden waar dit gebied toe hoort"
                ),
            },
        ),
        "Waarneming": _object(
            "Eén cijfer: een indicator in een gebied over een periode, uit de voorkeurslevering.",
            {
                "indicator": _field("string", "code van de indicator"),
                "gebied": _field("string", "code van het gebied"),
                "periode": _field("string", "periode zoals gedrukt: 2024, 2023/24, 2016-2018"),
                "periode_jaar": _field("integer", "jaar waarin de periode eindigt"),
                "waarde": _field(
                    "number", "het cijfer; null als het ontbreekt of onderdrukt is", True
                ),
                "gedrukt": _field("string", "het cijfer zoals gedrukt, in Nederlandse notatie"),
                "resolutie": _field(
                    "number", "afrondingsstap van het gedrukte cijfer (0: exact)", True
                ),
                "status": _field(
                    "string", "voorlopig of definitief", enum=["voorlopig", "definitief"]
                ),
                "ontbreekt": _field("string", "waarom het cijfer ontbreekt; anders null", True),
                "onderdrukt": _field(
                    "boolean",
                    "true als het cijfer om privacy is weggelaten: een klein aantal, of een "
                    "cel waaruit een klein aantal terug te rekenen zou zijn",
                ),
                "openbaar": _field(
                    "boolean",
                    "false als het cijfer afgeschermd is en alleen een ingelogde analist het "
                    "ziet (gemarkeerd als niet openbaar)",
                ),
                "voetnoot": _field("string", "voetnoot bij het cijfer; anders null", True),
                "levering": _field("string", "code van de levering (tabel of bestand)"),
                "bron": _field("string", "vindplaats, bijvoorbeeld 'rapport r. 234'"),
            },
        ),
        "WaarnemingenPagina": _object(
            "Eén pagina waarnemingen.",
            {
                "aantal": _field("integer", "aantal waarnemingen voor deze vraag", minimum=0),
                "start": _field("integer", "positie van de eerste waarneming", minimum=0),
                "limiet": _field("integer", "maximaal aantal per pagina", minimum=1),
                "volgende": _field("string", f"volgende pagina ({PATH}); null op de laatste", True),
                "resultaten": _list(_ref("Waarneming"), "de waarnemingen"),
            },
        ),
        "Doel": _object(
            "De stand van één doel, met dezelfde kolommen als nprz targets --format csv.", goal
        ),
        "DoelenPagina": _object(
            "De stand van alle doelen in een rapportjaar.",
            {
                "jaar": _field("integer", "rapportjaar"),
                "doelen": _list(_ref("Doel"), "de doelen in de volgorde van het rapport"),
            },
        ),
        "Fout": _object(
            "Een foutmelding.",
            {
                "fout": _field("string", "wat er mis is, in het Nederlands"),
                "status": _field("integer", "de HTTP-status", enum=[400, 404, 500]),
            },
        ),
    }


def _param(where: str, name: str, description: str, schema: Schema, example: Any) -> Schema:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
        "example": example,
    }


CODE = {"type": "string", "pattern": CODE_PATTERN}
YEAR = {"type": "string", "pattern": YEAR_PATTERN}
LIMIT = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}
START = {"type": "integer", "minimum": 0, "default": 0}
PARAMETERS: dict[str, tuple[str, Schema, Any]] = {
    "jaar": ("rapportjaar; zonder: het laatste", YEAR, "2024"),
    "indicator": ("alleen deze indicator (code)", CODE, "bevolking"),
    "gebied": ("alleen dit gebied (code)", CODE, "nprz"),
    "limiet": ("maximaal aantal waarnemingen per pagina", LIMIT, 10),
    "start": ("positie van de eerste waarneming (begint bij 0)", START, 0),
}


def _query(name: str) -> Schema:
    return _param("query", name, *PARAMETERS[name])


def _code(what: str, example: str) -> Schema:
    return _param("path", "code", f"code van {what}", CODE, example)


def _get(
    operation: str, summary: str, description: str, answer: Schema, example: str, *params: Schema
) -> Schema:
    responses: dict[str, Schema] = {
        "200": {"description": "gelukt", "content": {"application/json": {"schema": answer}}},
        "400": {"$ref": "#/components/responses/OngeldigeVraag"},
    }
    if params:  # only a parameter can name an unknown code or year
        responses["404"] = {"$ref": "#/components/responses/NietGevonden"}
    # `x-voorbeeld` is the example address the /api/ page links to and the tests call.
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "description": description,
            "parameters": list(params),
            "responses": responses,
            "x-voorbeeld": example,
        }
    }


def _error(description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": _ref("Fout")}}}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "NPRZ-monitor API",
            "version": getattr(nprz, "__version__", "0.1.0"),
            "description": (
                "Open gegevens van de NPRZ-monitor: indicatoren, gebieden, waarnemingen en de "
                "stand van de doelen van het Nationaal Programma Rotterdam Zuid. Alleen lezen "
                "(GET), antwoorden in JSON (UTF-8), veldnamen in het Nederlands, getallen als "
                "JSON-getallen en ontbrekende waarden als null. Uitleg: /api/."
            ),
        },
        "paths": {
            "/api/indicatoren": _get(
                "indicatoren",
                "Alle indicatoren",
                "Alle indicatoren in de volgorde van het rapport.",
                _list(_ref("Indicator"), "de indicatoren"),
                "/api/indicatoren",
            ),
            "/api/indicatoren/{code}": _get(
                "indicator",
                "Eén indicator",
                "Een indicator met definitie, bron, notities, doelen en de gebieden met cijfers.",
                _ref("IndicatorDetail"),
                "/api/indicatoren/bevolking",
                _code("de indicator", "bevolking"),
            ),
            "/api/gebieden": _get(
                "gebieden",
                "Alle gebieden",
                "Alle gebieden: land, G4, steden, het programmagebied, focuswijken en wijken.",
                _list(_ref("Gebied"), "de gebieden"),
                "/api/gebieden",
            ),
            "/api/gebieden/{code}": _get(
                "gebied",
                "Eén gebied",
                "Een gebied met zijn leden en de gebieden waar het onder valt.",
                _ref("GebiedDetail"),
                "/api/gebieden/nprz",
                _code("het gebied", "nprz"),
            ),
            "/api/waarnemingen": _get(
                "waarnemingen",
                "Waarnemingen",
                "De cijfers zoals het rapport van het gevraagde jaar ze kende: per indicator, "
                "gebied en periode één rij, uit de levering met voorrang. Ook lege cellen "
                "(ontbrekend of onderdrukt) staan erin. Het antwoord komt in pagina's: volg "
                "volgende tot die null is.",
                _ref("WaarnemingenPagina"),
                "/api/waarnemingen?indicator=bevolking&gebied=nprz",
                *(_query(name) for name in ("indicator", "gebied", "jaar", "limiet", "start")),
            ),
            "/api/doelen": _get(
                "doelen",
                "Stand van de doelen",
                "Per doel de start-, huidige en referentiewaarde, het doel van dit jaar, het "
                "deel dat is ingelopen en de status, herberekend uit de cijfers.",
                _ref("DoelenPagina"),
                "/api/doelen?jaar=2024",
                _query("jaar"),
            ),
            "/api/openapi.json": _get(
                "openapi",
                "Deze beschrijving",
                "Dit document: de API als OpenAPI 3.1.",
                {"type": "object", "description": "een OpenAPI-document"},
                "/api/openapi.json",
            ),
        },
        "components": {
            "schemas": schemas(),
            "responses": {
                "OngeldigeVraag": _error("ongeldige of onbekende parameter"),
                "NietGevonden": _error("onbekende code, onbekend rapportjaar of adres"),
            },
        },
    }


# --- the same description for people: the /api/ page ----------------------------------------

TYPE_WORDS = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "true of false",
    "object": "object",
    "null": "null",
}
PATTERN_WORDS = {CODE_PATTERN: "code", YEAR_PATTERN: "jaartal van vier cijfers"}


def type_text(schema: Schema) -> tuple[str, str]:
    """A schema in Dutch words, and the anchor of the object it names ("" for none)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return name, f"#schema-{name}"
    if schema["type"] == "array":
        text, anchor = type_text(schema["items"])
        return f"lijst van {text}", anchor
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    words = [PATTERN_WORDS.get(schema.get("pattern", ""), TYPE_WORDS[kinds[0]])]
    if "enum" in schema:
        values = ["null" if v is None else str(v) or '""' for v in schema["enum"]]
        words = [f"{', '.join(values[:-1])} of {values[-1]}" if len(values) > 1 else values[0]]
    elif "null" in kinds:
        words.append("of null")
    if "minimum" in schema:
        words.append(f"vanaf {schema['minimum']}")
    if "maximum" in schema:
        words.append(f"tot en met {schema['maximum']}")
    if "default" in schema:
        words.append(f"(standaard {schema['default']})")
    return " ".join(words), ""


def endpoint_docs(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in document["paths"].items():
        operation = item["get"]
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        found.append(
            {
                "path": path,
                "anchor": f"eindpunt-{operation['operationId']}",
                "summary": operation["summary"],
                "description": operation["description"],
                "answer": type_text(answer),
                "errors": [code for code in operation["responses"] if code != "200"],
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
