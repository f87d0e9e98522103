"""The shape of `programme.yaml`: what makes a programme, as data.

A programme folder holds `programme.yaml` (this file's model), the areas and their groups
(`areas.csv`, `memberships.csv`), the plans (`plans.yaml`), the indicators with their targets
(`indicators*.yaml`), optionally the identities between figures (`identities.yaml`), the
interventions (`interventies-*.yaml`), a map (`kaart.geojson`) and a logo. A printed report
of a year may sit beside it (a dataset folder of its tables) but is never required.

Every model forbids unknown fields, so a typo is an error that names the file and the item.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CODE = r"^[a-z0-9][a-z0-9-]*$"
COLOUR = r"^#[0-9a-fA-F]{6}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class PillarSpec(Strict):
    """A pillar or theme: indicators belong to one, and so do interventions."""

    code: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    # Interventions of this pillar count towards the programme's number of interventions;
    # a group of actions beside the pillars (e.g. the residents' own) does not.
    counted: bool = True


class KeyFigures(Strict):
    """The general figures chapter: these indicators, for these areas (in column order)."""

    areas: list[str] = Field(min_length=1)
    indicators: list[str] = Field(min_length=1)
    title: str = "Algemeen beeld"


class FlowPart(Strict):
    indicator: str
    label: str


class FlowsChapter(Strict):
    """Movements in and out per area (moving flows, inflow and outflow of a caseload): the
    totals first, the breakdown by origin and destination folded away."""

    kind: Literal["stromen"]
    anchor: str = Field(pattern=CODE)
    title: str
    text: str = ""
    totals: list[FlowPart] = Field(min_length=1)
    inflow: list[FlowPart] = []
    outflow: list[FlowPart] = []
    inflow_title: str = "Instroom naar herkomst"
    outflow_title: str = "Uitstroom naar bestemming"
    breakdown_note: str = ""  # what the breakdown's columns are (or that the source does not say)
    chart_in: str = ""  # indicator drawn as arrivals per area
    chart_out: str = ""  # indicator drawn as departures per area

    def breakdown(self) -> list[tuple[str, str, list[FlowPart]]]:
        """(slug, title, parts) of the inflow and outflow tables that have parts."""
        found = [("in", self.inflow_title, self.inflow), ("uit", self.outflow_title, self.outflow)]
        return [(slug, title, parts) for slug, title, parts in found if parts]

    def indicators(self) -> set[str]:
        return {p.indicator for p in (*self.totals, *self.inflow, *self.outflow)}


class TableChapter(Strict):
    """A side table: counts and shares per area and period (e.g. under disclosure control)."""

    kind: Literal["tabel"]
    anchor: str = Field(pattern=CODE)
    title: str
    text: str = ""
    indicators: list[str] = Field(min_length=1)


class PathKpi(Strict):
    """A KPI of an intervention shown with a path: its outflow or an activity behind it."""

    intervention: str = Field(pattern=r"^[a-z0-9-]+:[a-z0-9]+$")  # "<pillar>:<number>"
    label: str  # the KPI's label as stored
    name: str  # what the chapter's tables call it
    role: Literal["pad", "uitstroom", "activiteit"]
    unit: Literal["aantal", "percent"] = "aantal"


class RelatedIndicator(Strict):
    """An indicator that is another source for an activity (the same `name`)."""

    indicator: str
    name: str


class PathChapter(Strict):
    """A count on its way to a goal through yearly milestones (a path target)."""

    kind: Literal["pad"]
    anchor: str = Field(pattern=CODE)
    title: str
    text: str = ""
    indicator: str
    area: str
    kpis: list[PathKpi] = []
    related: list[RelatedIndicator] = []

    def kpis_of(self, role: str) -> list[PathKpi]:
        return [k for k in self.kpis if k.role == role]


class SimpleChapter(Strict):
    kind: Literal[
        "samenvatting",
        "algemeen",
        "werkwijze",
        "stoplicht",
        "banden",
        "doelen",
        "interventies",
        "financien",
        "verantwoording",
    ]
    title: str = ""


# Told apart by `kind`, so a mistyped kind is one problem that lists the kinds there are, not
# one problem per kind of chapter.
Chapter = Annotated[
    SimpleChapter | FlowsChapter | TableChapter | PathChapter, Field(discriminator="kind")
]


class Disclosure(Strict):
    threshold: int = Field(default=5, ge=1)
    # Tables (as named in identities.yaml) whose counts are hidden below the threshold.
    tables: list[str] = []


class AreaDocuments(Strict):
    """One document per area of these kinds, its figures beside the areas compared."""

    kinds: list[str] = []
    compare: list[str] = []


class Texts(Strict):
    introduction: str = ""  # the foreword of the report and the lead of the home page
    method: str = ""  # how targets are set, in the programme's own words
    rationale: dict[str, str] = {}  # indicator code -> why this goal matters
    # area code -> the word the programme's texts use for it, where that is not the area's
    # name (a report that calls its programme area by a short name): the proofreader's messages
    # quote the report in its own words.
    area_words: dict[str, str] = {}


class Branding(Strict):
    title: str = "Voortgangsrapportage"
    primary: str = Field(default="#1f3a5f", pattern=COLOUR)
    accent: str = Field(default="#c4511a", pattern=COLOUR)
    logo: str = ""  # a file in the folder (SVG)


class ProgrammeFile(Strict):
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1, max_length=40)
    example: bool = False  # an example with made-up targets: every page says so
    area: str  # the programme's own area: its targets are judged there
    compare: list[str] = Field(min_length=1)  # areas the charts draw, in legend order
    pillars: list[PillarSpec] = Field(min_length=1)
    key_figures: KeyFigures | None = None
    chapters: list[Chapter] = Field(min_length=1)
    disclosure: Disclosure = Disclosure()
    area_documents: AreaDocuments = AreaDocuments()
    texts: Texts = Texts()
    branding: Branding = Branding()
    map: str = ""  # a GeoJSON file in the folder: the smallest areas, by CBS code
    map_source: str = ""  # where the shapes come from, as a reader knows it

    @model_validator(mode="after")
    def unique_codes(self) -> ProgrammeFile:
        pillars = [p.code for p in self.pillars]
        if len(pillars) != len(set(pillars)):
            raise ValueError("een pijler staat er twee keer in")
        anchors = [c.anchor for c in self.chapters if not isinstance(c, SimpleChapter)]
        if len(anchors) != len(set(anchors)):
            raise ValueError("twee hoofdstukken hebben hetzelfde anker")
        return self
