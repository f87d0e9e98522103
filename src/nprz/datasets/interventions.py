"""The shape of the interventions files (`interventies-<pijler>.yaml`), checked with pydantic.

The report prints the interventions as loose text with small KPI tables; a file holds them as
transcribed: every fact with the line it stands on, the printed token next to the reading of
it (the report writes both 35,1% and 35.1%), and descriptions in our own words. Colours of
2023 and 2024 were cell colours in the PDF and are not in its text: they are recorded as
"niet-vastgelegd", never guessed (a colour import can fill them later, with who and when).

`kleuren-samenvatting.csv` holds what the report counted per pillar and colour, as printed;
see `read_colour_counts`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from nprz.datasets import yamltext
from nprz.datasets.problems import DatasetError, Problem

if TYPE_CHECKING:
    from nprz.datasets.reader import Reader
    from nprz.datasets.records import Dataset

NUMBER_PATTERN = r"^[a-z0-9]+$"
# Where a KPI counts: an area of the programme's definition ("gebied:<code>", "wijk:<code>"
# or the bare code), the share of an area ("aandeel-<code>"), or a place that is no area
# (NON_AREA_SCOPES). The reader checks every area code against the definition.
SCOPE_PATTERN = r"^((gebied|wijk):[a-z0-9-]+|[a-z0-9][a-z0-9-]*)$"
NON_AREA_SCOPES = frozenset({"school", "scholen", "anders"})
SHARE_PREFIX = "aandeel-"


def scope_area(scope: str) -> str | None:
    """The area code a KPI's scope names, or None for a place that is no area."""
    if ":" in scope:
        return scope.split(":", 1)[1]
    if scope in NON_AREA_SCOPES:
        return None
    return scope.removeprefix(SHARE_PREFIX)


# A pillar is a code of the programme's definition (`programme.yaml`, pillars); the reader
# checks it there (`nprz.datasets.reader`), so a programme with other pillars needs no code.
PILLAR_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class KpiUnit(StrEnum):
    PERCENT = "percent"
    AANTAL = "aantal"
    EURO = "euro"
    SCORE = "score"
    DAGEN = "dagen"
    TEKST = "tekst"  # a realisation printed as words ("gerealiseerd", "nb")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class KpiValueRow(Strict):
    period: str = Field(min_length=1, max_length=40)  # as printed: "2024", "2023/24", "dec 2024"
    kind: Literal["realisatie", "doel", "was"]
    printed: str = Field(min_length=1, max_length=80)
    # The reading of `printed` as a plain number (decimal point, no grouping); null where
    # the token is not a number ("nb", "gerealiseerd").
    value: str | None = None
    line: int = Field(gt=0)

    @field_validator("value")
    @classmethod
    def _plain_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            Decimal(value)
        except InvalidOperation:
            raise ValueError(f"value {value!r} is geen getal met een decimale punt") from None
        return value

    @model_validator(mode="after")
    def _same_digits(self) -> KpiValueRow:
        # The reading must use the printed digits, in order: a check against typos.
        if self.value is not None:
            printed = re.sub(r"\D", "", self.printed).lstrip("0")
            read = re.sub(r"\D", "", self.value).lstrip("0")
            if printed.rstrip("0") != read.rstrip("0"):
                raise ValueError(f"value {self.value} past niet bij gedrukt {self.printed!r}")
        return self


class KpiRow(Strict):
    label: str = Field(min_length=1, max_length=300)  # as printed
    unit: KpiUnit
    scope: str = Field(pattern=SCOPE_PATTERN)
    line: int = Field(gt=0)
    values: list[KpiValueRow] = Field(default_factory=list)
    note: str = ""  # our own words


class InterventionRow(Strict):
    pillar: str = Field(pattern=PILLAR_PATTERN)
    theme: str = ""  # the heading the report groups it under, as printed
    number: str = Field(pattern=NUMBER_PATTERN)  # as printed: "1", "2a", "17b"
    name: str = Field(min_length=1, max_length=300)  # as printed
    line: int = Field(gt=0)
    description: str = Field(min_length=1)  # our own words
    initiators: list[str] = Field(default_factory=list)  # organisations as printed
    initiators_line: int | None = None
    funding: str = ""  # as printed
    funding_line: int | None = None
    colour_2023: Literal["niet-vastgelegd"] = "niet-vastgelegd"
    colour_2024: Literal["niet-vastgelegd"] = "niet-vastgelegd"
    stopped: bool = False  # the text says the intervention has stopped
    stopped_line: int | None = None
    areas: list[str] = Field(default_factory=list)  # codes of areas.csv the text names
    progress_lines: str = Field(pattern=r"^\d+(-\d+)?$")  # where the progress text stands
    progress_summary: str = Field(min_length=1)  # our own words
    kpis: list[KpiRow] = Field(default_factory=list)
    note: str = ""  # decoding decisions, in our own words

    @model_validator(mode="after")
    def _stopped_has_a_line(self) -> InterventionRow:
        if self.stopped and self.stopped_line is None:
            raise ValueError("stopped: true vraagt stopped_line (waar staat dat?)")
        return self


class InterventionFile(Strict):
    pillar: str = Field(pattern=PILLAR_PATTERN)
    lines: str = Field(pattern=r"^\d+-\d+$")  # the part of the report this file covers
    interventions: list[InterventionRow]
    note: str = ""


def read_interventions(path: Path) -> InterventionFile:
    """One file, or a DatasetError listing every problem with its place."""
    try:
        raw = yamltext.parse(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problem = Problem.at("yaml", f"geen geldige YAML: {error}", path.name)
        raise DatasetError(path.parent.name, [problem]) from error
    try:
        parsed = InterventionFile.model_validate(raw)
    except ValidationError as error:
        problems = [
            Problem.at("schema", e["msg"], path.name, None, ".".join(map(str, e["loc"])))
            for e in error.errors()
        ]
        raise DatasetError(path.parent.name, problems) from error
    seen: set[tuple[str, str]] = set()
    problems = []
    for index, item in enumerate(parsed.interventions):
        key = (item.pillar, item.number)
        if key in seen:
            message = f"nummer {item.number} staat twee keer in pijler {item.pillar}"
            problems.append(Problem.at("dubbel", message, path.name, index + 1, "number"))
        seen.add(key)
    if problems:
        raise DatasetError(path.parent.name, problems)
    return parsed


COLOUR_COUNTS = "kleuren-samenvatting.csv"
# The colours a summary row can be read as: the report's legend, in its order.
LEGEND_COLOURS = ("groen", "geel", "rood", "niet-gestart")


class ColourCountRow(Strict):
    """A row of a printed summary of colours per pillar: a colour's subtotal, or a total.

    `movements` are the numbers printed before the subtotal, in printed order; the text lost
    their columns (nieuw ... gestopt), so they are kept only to check the subtotal."""

    pillar: str = Field(pattern=PILLAR_PATTERN)  # a pillar of the definition, or "alle"
    kind: Literal["kleur", "totaal"]
    row: int | None = Field(default=None, gt=0)
    colour: Literal["groen", "geel", "rood", "niet-gestart"] | None = None
    movements: str = Field(default="", pattern=r"^(\d+( \d+)*)?$")
    count: int = Field(ge=0)
    line: int = Field(gt=0)
    note: str = ""

    @model_validator(mode="after")
    def _shape(self) -> ColourCountRow:
        if self.kind == "kleur":
            if self.row is None or self.colour is None or self.pillar == "alle":
                raise ValueError("een kleurrij heeft een pijler, een rijnummer en een kleur")
            if sum(int(n) for n in self.movements.split()) != self.count:
                raise ValueError(
                    f"de getallen {self.movements or '(geen)'} tellen niet op tot {self.count}"
                )
        elif self.row is not None or self.colour is not None or self.movements:
            raise ValueError("een totaal heeft geen rij, kleur of bewegingen")
        return self


def read_colour_counts(reader: Reader, dataset: Dataset) -> None:
    """The printed colour counts, when the dataset has them; every sum is checked (a row's
    numbers make its subtotal, the colours a pillar's total, the pillars the grand total)."""
    if not (reader.folder / COLOUR_COUNTS).exists():
        return
    rows = list(reader.csv_rows(COLOUR_COUNTS, ColourCountRow))
    colours: dict[str, int] = defaultdict(int)
    totals: dict[str, tuple[int, int]] = {}  # pillar -> (count, spreadsheet row)
    seen: set[tuple[str, str, int | None]] = set()
    programme = dataset.programme
    pillars = {p["code"] for p in programme.definition["pillars"]} if programme else set()
    for number, row in rows:
        if programme is not None and row.pillar not in pillars | {"alle"}:
            reader.problem(
                "onbekende-pijler",
                f"pijler {row.pillar!r} staat niet in programme.yaml "
                f"(pijlers: {', '.join(sorted(pillars))}, of alle)",
                COLOUR_COUNTS,
                number,
                "pillar",
            )
        key = (row.pillar, row.kind, row.row)
        if key in seen:
            reader.problem("dubbel", "deze rij staat er twee keer", COLOUR_COUNTS, number)
        seen.add(key)
        if row.kind == "kleur":
            colours[row.pillar] += row.count
        else:
            totals[row.pillar] = (row.count, number)
    for pillar, (count, number) in totals.items():
        if pillar == "alle":
            parts = sum(c for p, (c, _) in totals.items() if p != "alle")
        else:
            parts = colours.get(pillar, 0)
        if parts != count:
            reader.problem(
                "som", f"de delen tellen op tot {parts}, niet tot {count}", COLOUR_COUNTS, number
            )
    dataset.colour_counts.extend(row for _, row in rows)
