"""The query parameters of the API, declared once: how each is read, what the document says
about it, and the Dutch message when it is malformed.

They are read the way every page of the site reads its parameters (`nprz.web.params`): spaces
around a value are ignored, an empty value means the default, and only ASCII digits make a
number (so `?limiet=5_0`, `?limiet=5.0` or `?start=²` are refused, not read as 50, 5 or 2). A
malformed value raises a `PydanticCustomError` of type `parameter` whose message says what the
value must be; `nprz.web.api.endpoints` turns it into "limiet moet … zijn, niet 'abc'" (400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from ninja.params import functions as param
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, PydanticUseDefault, core_schema

MALFORMED = "parameter"  # the error type every declared parameter raises
# What Django's `slug` path converter accepts; the codes in the store are slugs.
CODE_PATTERN = "^[-a-zA-Z0-9_]+$"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_START = 999_999_999  # far beyond any real offset; keeps `start` a number a database takes


def _text(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise PydanticUseDefault()
    return text


@dataclass(frozen=True)
class Whole:
    """A whole number from `minimum` to `maximum`, written in ASCII digits (`digits` of
    them exactly, when set)."""

    minimum: int
    maximum: int
    must_be: str
    digits: int | None = None

    def parse(self, value: Any) -> int:
        text = _text(value)
        width_ok = len(text) == self.digits if self.digits else len(text) <= len(str(self.maximum))
        if not (text.isascii() and text.isdigit() and width_ok):
            raise PydanticCustomError(MALFORMED, self.must_be)
        number = int(text)
        if not self.minimum <= number <= self.maximum:
            raise PydanticCustomError(MALFORMED, self.must_be)
        return number

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.parse)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Code:
    """The code of an indicator or area: what a slug may hold."""

    must_be: str = "een code van letters, cijfers, - en _ zijn"

    def parse(self, value: Any) -> str:
        text = _text(value)
        if not re.fullmatch(CODE_PATTERN, text):
            raise PydanticCustomError(MALFORMED, self.must_be)
        return text

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.parse)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": CODE_PATTERN}


Jaar = Annotated[
    int | None, Whole(1000, 9999, "een jaartal van vier cijfers zijn (bijvoorbeeld 2024)", digits=4)
]
Limiet = Annotated[int, Whole(1, MAX_LIMIT, f"een geheel getal van 1 tot en met {MAX_LIMIT} zijn")]
Start = Annotated[int, Whole(0, MAX_START, "een geheel getal vanaf 0 zijn")]
CodeFilter = Annotated[str | None, Code()]

# Each parameter as an endpoint declares it: `def goals(request, jaar: Jaar = YEAR)`.
YEAR = param.Query(None, description="rapportjaar; zonder: het laatste", example=2024)
INDICATOR = param.Query(None, description="alleen deze indicator (code)", example="bevolking")
# Stands for the programme's own area in the examples; `endpoints.published` fills it in.
EXAMPLE_AREA = "{programmagebied}"
AREA = param.Query(None, description="alleen dit gebied (code)", example=EXAMPLE_AREA)
LIMIT = param.Query(DEFAULT_LIMIT, description="maximaal aantal per pagina", example=10)
START = param.Query(0, description="positie van de eerste (begint bij 0)", example=20)
INDICATOR_CODE = param.Path(
    ..., description="code van de indicator", pattern=CODE_PATTERN, example="bevolking"
)
AREA_CODE = param.Path(
    ..., description="code van het gebied", pattern=CODE_PATTERN, example=EXAMPLE_AREA
)
