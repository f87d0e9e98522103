"""The shape of each file of a bundled dataset, checked with pydantic.

Every model forbids unknown fields, so a typo in a column name is an error that names the
file and row, not a silently ignored column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Role(StrEnum):
    DOEL = "doel"
    INDICATOR = "indicator"
    CONTEXT = "context"


class UnitCode(StrEnum):
    PERCENT = "percent"
    EURO = "euro"
    AANTAL = "aantal"
    SCORE = "score"
    M2 = "m2"


class AreaKind(StrEnum):
    LAND = "land"
    STEDENGROEP = "stedengroep"
    GEMEENTE = "gemeente"
    PROGRAMMAGEBIED = "programmagebied"
    WIJKGROEP = "wijkgroep"
    GEBIED = "gebied"
    WIJK = "wijk"
    BUURT = "buurt"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DocumentFile(Strict):
    title: str
    file: str


class TableFile(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    title: str
    document: str
    lines: str
    priority: int = Field(ge=1)


AREA_COLUMN = r"^[a-z0-9][a-z0-9-]*(@[a-z0-9-]+)?$"  # an area code, or "<code>@<variant>"


class AreaColumns(Strict):
    """What the area columns of the printed tables stand for: the column names are the
    report's (as printed), the areas are the programme's."""

    # Prefix of the stoplight table's columns (`<prefix>_start`, `<prefix>_now` and the
    # optional `<prefix>_is`, another indicator@area that column holds) -> its area.
    stoplight: dict[str, Annotated[str, Field(pattern=CODE_PATTERN)]] = {}
    # Column of the general table -> its area, "<area>@<variant>" for a variant of a figure.
    general: dict[str, Annotated[str, Field(pattern=AREA_COLUMN)]] = {}


class DatasetFile(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    # The programme it reports on: a bundled programme's code, or a folder relative to this
    # one ("." when the definition sits in the same folder).
    programme: str = Field(min_length=1)
    title: str
    report_year: int = Field(ge=2000, le=2100)
    documents: dict[str, DocumentFile]
    tables: list[TableFile]
    area_columns: AreaColumns = AreaColumns()

    @model_validator(mode="after")
    def tables_name_documents(self) -> DatasetFile:
        for table in self.tables:
            if table.document not in self.documents:
                raise ValueError(
                    f"tabel {table.code} verwijst naar onbekend document {table.document}"
                )
        return self


class AreaRow(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    kind: AreaKind
    # CBS codes: a wijk is its gemeente's four digits and two characters, a buurt two more;
    # those characters are digits almost everywhere, letters in Amsterdam (WK0363AA).
    cbs_code: str = Field(
        default="", pattern=r"^(|NL\d\d|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$"
    )
    line: int | None = None
    note: str = ""


class MembershipRow(Strict):
    group: str
    member: str
    valid_from: int | None = None
    valid_to: int | None = None
    line: int | None = None
    basis: str


class PlanFile(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str
    description: str
    knots: list[tuple[int, str]]
    lines: str


class NoteSpec(Strict):
    kind: Literal["trendbreuk", "voorlopig", "definitie", "bron", "actualiteit", "decodering"]
    text: str
    line: int | None = None


class ReferenceSpec(Strict):
    area: str | None = None
    indicator: str | None = None
    norm: str | None = None
    line: int | None = None

    @model_validator(mode="after")
    def one_kind(self) -> ReferenceSpec:
        if (self.area is None) == (self.norm is None):
            raise ValueError(
                "een referentie is een gebied (area) of een vaste norm (norm), niet beide"
            )
        if self.indicator is not None and self.area is None:
            raise ValueError("een referentie-indicator hoort bij een gebied")
        return self


class MilestoneSpec(Strict):
    year: int
    printed: str
    line: int | None = None


class TargetSpec(Strict):
    kind: Literal["converge", "level", "path", "qualitative"]
    plan: str
    start_area: str | None = None  # default: the programme's own area
    reference: ReferenceSpec | None = None
    start_period: str | None = None
    level: str | None = None
    milestones: list[MilestoneSpec] = []
    text: str = ""
    line: int | None = None

    @model_validator(mode="after")
    def fields_for_kind(self) -> TargetSpec:
        needed = {
            "converge": ("reference", "start_period"),
            "level": ("level",),
            "path": ("milestones", "start_period"),
            "qualitative": ("text",),
        }[self.kind]
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(f"doel van soort {self.kind} mist: {', '.join(missing)}")
        return self


class IndicatorFile(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    measure: str | None = None
    pillar: str = Field(pattern=CODE_PATTERN)  # one of the programme's pillars
    pillar_printed: str = ""
    role: Role
    unit: UnitCode
    decimals: int = Field(ge=0, le=4)
    direction: Literal["hoger", "lager"] | None = None
    direction_line: int | None = None
    direction_basis: str = ""
    period_type: str
    source: str
    definition: str = Field(min_length=10)
    notes: list[NoteSpec] = []
    line: int | None = None
    document: str = "rapport"
    additive: bool = False
    target: TargetSpec | None = None

    @model_validator(mode="after")
    def direction_has_basis(self) -> IndicatorFile:
        if self.target is not None and self.direction is None:
            raise ValueError("een indicator met een doel heeft een richting nodig (hoger/lager)")
        if self.direction and not (self.direction_line or self.direction_basis):
            raise ValueError(
                "geef bij de richting een bronregel (direction_line) of een onderbouwing"
            )
        return self


PrintedCell = str


class AreaCellsRow(Strict):
    """A printed table's row with a column per area, named in dataset.yaml (`area_columns`):
    the report's columns, read without naming them in code. `with_columns` makes the model
    of one folder's file, so a mistyped column is still an unknown field."""

    AREA_COLUMNS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def with_columns(cls, columns: Iterable[str]) -> type[Self]:
        names = tuple(columns)
        fields: dict[str, Any] = dict.fromkeys(names, (PrintedCell, ""))
        model = create_model(cls.__name__, __base__=cls, **fields)
        model.AREA_COLUMNS = names
        return model

    def area_cells(self) -> dict[str, str]:
        """The area columns that have a cell, in the order dataset.yaml names them."""
        return {c: str(getattr(self, c)) for c in self.AREA_COLUMNS if getattr(self, c)}


class StoplightRow(AreaCellsRow):
    order: int
    indicator: str
    line: int
    name_lines: str
    current_period: str
    start_period: str = ""
    periods_printed: str
    current_status: Literal["", "voorlopig"] = ""
    pct_now: PrintedCell = ""
    pct_prev: PrintedCell = ""
    target: PrintedCell = ""
    target_end: PrintedCell = ""
    unplaced: str = ""
    # and per area column prefix: `<prefix>_start`, `<prefix>_now`, `<prefix>_is`


class GeneralRow(AreaCellsRow):
    indicator: str
    line: int
    name_lines: str
    period: str
    status: Literal["", "voorlopig"] = ""
    footnote: str = ""
    # and a column per area (dataset.yaml `area_columns.general`)


FLOW_COLUMNS = (
    ["binnen"]
    + [f"in_{i}" for i in range(1, 8)]
    + ["in_totaal"]
    + [f"uit_{i}" for i in range(1, 8)]
    + ["uit_totaal", "totaal", "saldo", "bevolking", "mobiliteit"]
)


class FlowRow(Strict):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    area: str
    line: int
    name_printed: str

    @model_validator(mode="after")
    def has_all_columns(self) -> FlowRow:
        extra = self.model_extra or {}
        if sorted(extra) != sorted(FLOW_COLUMNS):
            unknown = sorted(set(extra) - set(FLOW_COLUMNS))
            missing = sorted(set(FLOW_COLUMNS) - set(extra))
            raise ValueError(f"kolommen kloppen niet: onbekend {unknown}, ontbrekend {missing}")
        return self

    def cells(self) -> dict[str, str]:
        return {column: str((self.model_extra or {})[column]) for column in FLOW_COLUMNS}


class SideRow(Strict):
    table: str
    line: int
    indicator: str
    area: str
    period: str
    printed: PrintedCell
    # doel: a year target printed next to the series (e.g. the letter's home visits)
    role: Literal["invoer", "afgeleid", "doel", "eindniveau"]
    note: str = ""
    # The moment the figure describes when not the end of its period (a date or "huidig").
    reference: str = Field(default="", pattern=r"^(|huidig|\d{4}-\d{2}-\d{2})$")


class PageRow(Strict):
    indicator: str
    kind: Literal["eindniveau", "doel", "aandeel-doel", "start", "actueel", "ingelopen", "oordeel"]
    printed: str
    line: int
    note: str = ""


class BucketRow(Strict):
    kind: Literal["aantal", "lid"]
    bucket: Literal["boven-doel", "15-tot-doel", "5-tot-15", "onder-5"]
    pillar: str = ""
    indicator: str = ""
    printed: str
    was: str = ""
    line: int
    note: str = ""


_TERM = re.compile(r"^-?[a-z0-9-]+(@[a-z0-9-]+)?$")


class MembersSpec(Strict):
    groups: list[str]
    indicators: list[str]


class IdentityFile(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    what: str
    table: str
    total: str = ""
    sum: list[str] | None = None
    ratio: list[str] | None = None
    members: MembersSpec | None = None
    note: str = ""
    # Compute a missing total from its parts with this identity (a definition such as a sum
    # or a rate). False for an identity found to hold in the data but not true by definition
    # (a stock-flow balance that closes for one area and not for another).
    compute: bool = True

    @field_validator("sum", "ratio")
    @classmethod
    def terms_are_codes(cls, terms: list[str] | None) -> list[str] | None:
        for term in terms or []:
            if not _TERM.match(term):
                raise ValueError(f"term {term!r} is geen indicator of indicator@gebied")
        return terms

    @model_validator(mode="after")
    def one_form(self) -> IdentityFile:
        forms = [form for form in (self.sum, self.ratio, self.members) if form is not None]
        if len(forms) != 1:
            raise ValueError("een identiteit is precies één van: sum, ratio, members")
        if self.members is None and not self.total:
            raise ValueError("sum en ratio hebben een totaal (total) nodig")
        if self.ratio is not None and len(self.ratio) != 2:
            raise ValueError("ratio heeft precies twee termen: teller en noemer")
        return self


FINANCE_COLUMNS = ("begroot", "gerealiseerd", "gemeente", "overige_partners")
FinanceColumn = Literal["begroot", "gerealiseerd", "gemeente", "overige_partners"]


class FinanceRow(Strict):
    """One printed row of the programme bureau's finance table, or one amount of its text."""

    order: int = Field(ge=1)
    line: int = Field(ge=1)
    label_lines: str = Field(default="", pattern=r"^(|\d+(-\d+)?)$")
    post: str = ""
    label: str = Field(min_length=1)
    begroot: PrintedCell = ""
    gerealiseerd: PrintedCell = ""
    gemeente: PrintedCell = ""
    overige_partners: PrintedCell = ""
    bedrag: PrintedCell = ""
    kind: Literal["post", "bijdrage", "subtotaal", "totaal", "tekst"]
    sum_of: str = Field(default="", pattern=r"^(|\d+( \d+)*)$")
    sum_columns: str = ""
    split_of: Literal["", "begroot", "gerealiseerd"] = ""
    note: str = ""

    @field_validator("sum_columns")
    @classmethod
    def columns_are_known(cls, text: str) -> str:
        for column in text.split():
            if column not in FINANCE_COLUMNS:
                raise ValueError(f"{column!r} is geen kolom; kies uit {', '.join(FINANCE_COLUMNS)}")
        return text

    @model_validator(mode="after")
    def amounts_fit_kind(self) -> FinanceRow:
        cells = [getattr(self, column) for column in FINANCE_COLUMNS]
        if self.kind == "tekst":
            if any(cells) or not self.bedrag:
                raise ValueError(
                    "een bedrag uit de tekst staat in 'bedrag', niet in de tabelkolommen"
                )
        elif self.bedrag:
            raise ValueError("'bedrag' is alleen voor bedragen uit de tekst (kind tekst)")
        if self.sum_columns and not self.sum_of:
            raise ValueError("sum_columns zonder sum_of")
        return self

    def orders(self) -> list[int]:
        return [int(part) for part in self.sum_of.split()]


TextKind = Literal[
    "titel",
    "legenda",
    "planjaar",
    "startjaar",
    "actueel",
    "ingelopen",
    "referentie",
    "soort",
    "pijler",
    "geen-update",
    "schema",
    "einddoel",
    "getallen",
    "bron",
    "plan",
    "voorlopig",
]


class TextRow(Strict):
    """A phrase the report printed around its figures (teksten.csv): the words as printed,
    the line, and what we read them to say. The form of `reading` depends on `kind`:
    a year (titel, legenda, planjaar, einddoel), a period code (startjaar, actueel),
    two periods `start|end` (ingelopen), an area code or `indicator@area` (referentie),
    doel or indicator (soort), a pillar (pijler), nothing (geen-update), `year share`
    (schema), further contexts the numbers may come from (getallen), or
    `store-indicator table area,area` (bron), a plan code (plan: the plan a remark puts the
    indicator in), or a period code (voorlopig: the period a note calls provisional)."""

    kind: TextKind
    subject: str = Field(pattern=CODE_PATTERN)
    printed: str = Field(min_length=1)
    line: int = Field(ge=1)
    reading: str = ""
    note: str = ""
    document: str = "rapport"

    @model_validator(mode="after")
    def reading_fits_kind(self) -> TextRow:
        reading = self.reading
        if self.kind in ("titel", "legenda", "planjaar", "einddoel"):
            if not re.fullmatch(r"(19|20)\d\d", reading):
                raise ValueError(f"{self.kind}: reading is een jaartal, niet {reading!r}")
        elif self.kind == "schema":
            if not re.fullmatch(r"(19|20)\d\d \S+%", reading):
                raise ValueError(f"schema: reading is 'jaar aandeel' (2022 25%), niet {reading!r}")
        elif self.kind == "ingelopen":
            if reading.count("|") != 1:
                raise ValueError(f"ingelopen: reading is 'begin|einde', niet {reading!r}")
        elif self.kind == "soort":
            if reading not in ("doel", "indicator"):
                raise ValueError(f"soort: reading is doel of indicator, niet {reading!r}")
        elif self.kind == "pijler":
            # A pillar's code; whether the programme has it, the check says (against its
            # definition), not the reader.
            if not re.fullmatch(CODE_PATTERN, reading):
                raise ValueError(f"pijler: {reading!r} is geen pijlercode")
        elif self.kind == "bron":
            if len(reading.split()) != 3:
                raise ValueError(
                    f"bron: reading is 'indicator tabel gebied,gebied', niet {reading!r}"
                )
        elif (
            self.kind in ("startjaar", "actueel", "referentie", "plan", "voorlopig") and not reading
        ):
            raise ValueError(f"{self.kind}: reading ontbreekt")
        return self
