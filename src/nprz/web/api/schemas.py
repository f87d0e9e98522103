"""Every answer of the API, declared once as a pydantic model.

The views build these models and django-ninja validates each answer against them before it
is sent; the OpenAPI document (`/api/openapi.json`) and the Dutch page `/api/` are derived
from the same models, so what is documented is what is answered.

The class names are the names of the objects in the public document and on the Dutch page
(`Waarneming`, `Fout`), so they are Dutch, like the field names. Every field is required and
no other field is allowed (`additionalProperties: false`): what is missing is `null`, never
left out, and a field added to a view without declaring it here fails before it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, WithJsonSchema
from pydantic_core import CoreSchema, core_schema

from nprz.core.status import Bucket, Reason, Status
from nprz.monitor import models as m


@dataclass(frozen=True)
class OneOf:
    """A text that must be one of a fixed set (the store's or the core's choices): checked
    when an answer is built, listed as `enum` in the document."""

    values: tuple[str, ...]

    @classmethod
    def of(cls, values: Iterable[str]) -> OneOf:
        return cls(tuple(values))

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.literal_schema(list(self.values))


# JSON has one kind of number; whole numbers are written without ".0" (211548, 44.2857).
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]
PATH = "pad op deze server, zonder schema en host"
Link = Annotated[str, Field(json_schema_extra={"format": "uri-reference"})]
# A pillar or theme of the programme's definition: each programme names its own.
Pijler = str
Rol = Annotated[str, OneOf.of(m.Role.values)]
Richting = Annotated[str, OneOf.of(m.Direction.values)]


def _without_titles(schema: dict[str, Any]) -> None:
    """The document describes each field in Dutch; pydantic's English titles ("Periode
    Jaar") would only be noise beside that."""
    schema.pop("title", None)
    for field in schema.get("properties", {}).values():
        field.pop("title", None)


class Answer(BaseModel):
    """An object in an answer: strict, every field required, no others allowed."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_without_titles)


class Indicator(Answer):
    """Een indicator van de monitor."""

    code: str = Field(description="vaste code van de indicator")
    naam: str = Field(description="naam zoals gedrukt in de voortgangsrapportage")
    pijler: Pijler = Field(description="pijler van het programma")
    rol: Rol = Field(description="doel, indicator of context")
    eenheid: str = Field(description="percent, euro, score, aantal of m2")
    decimalen: int = Field(ge=0, description="aantal decimalen waarmee het rapport drukt")
    richting: Richting | None = Field(
        description="of hoger of lager beter is; null als dat niet vastligt"
    )
    periodetype: str = Field(description="soort periode, bijvoorbeeld 'jaar' of 'schooljaar'")
    url: Link = Field(description=f"deze indicator in de API ({PATH})")
    pagina: Link = Field(description=f"de pagina van de indicator ({PATH})")


class Notitie(Answer):
    """Een toelichting bij een indicator."""

    soort: str = Field(description="bijvoorbeeld definitie, bron, trendbreuk")
    tekst: str = Field(description="de toelichting")
    bron: str | None = Field(description="waar de toelichting staat; null als onbekend")


class Mijlpaal(Answer):
    """Een jaardoel."""

    jaar: int = Field(description="jaar")
    waarde: Number = Field(description="doelwaarde")


class IndicatorDoel(Answer):
    """Hoe een doel is vastgelegd (de stand per jaar staat onder /api/v1/doelen)."""

    plan: str = Field(description="code van het plan")
    soort: Annotated[str, OneOf.of(m.TargetKind.values)] = Field(description="soort doel")
    startgebied: str = Field(description="gebiedscode waar het doel voor geldt")
    startperiode: str | None = Field(description="startperiode; null als er geen is")
    referentiegebied: str | None = Field(description="gebiedscode van de referentie")
    referentie_indicator: str | None = Field(
        description="andere indicator als referentie; null: dezelfde"
    )
    norm: Number | None = Field(description="vaste norm")
    niveau: Number | None = Field(description="vast niveau")
    mijlpalen: list[Mijlpaal] = Field(description="jaardoelen van een pad")
    tekst: str | None = Field(description="omschrijving van een kwalitatief doel")


class IndicatorDetail(Indicator):
    """Een indicator met definitie, bron, notities, doelen en gebieden."""

    definitie: str = Field(description="definitie zoals in het rapport")
    bron: str = Field(description="bron van de cijfers zoals in het rapport")
    notities: list[Notitie] = Field(description="toelichtingen bij de indicator")
    doelen: list[IndicatorDoel] = Field(description="de doelen, één per plan")
    gebieden: list[str] = Field(description="codes van gebieden met waarnemingen")


class Gebied(Answer):
    """Een gebied: land, stad, programmagebied, wijk."""

    code: str = Field(description="vaste code van het gebied")
    naam: str = Field(description="naam van het gebied")
    soort: Annotated[str, OneOf.of(m.AreaKind.values)] = Field(description="soort gebied")
    cbs_code: str | None = Field(description="code van het CBS (GM…, WK…); null als die er niet is")
    url: Link = Field(description=f"dit gebied in de API ({PATH})")
    pagina: Link = Field(description=f"de pagina van het gebied ({PATH})")


class GebiedDetail(Gebied):
    """Een gebied met de gebieden waar het uit bestaat en waar het onder valt."""

    leden: list[str] = Field(description="codes van de gebieden die hiertoe horen")
    onderdeel_van: list[str] = Field(description="codes van de gebieden waar dit gebied toe hoort")


class Correctie(Answer):
    """Een bekende correctie: het gedrukte cijfer klopt niet met de optelling van de eigen
    tabel (waarschijnlijk een tikfout), of is berekend uit zo'n cijfer. Het gedrukte cijfer
    blijft staan; de correctie staat ernaast."""

    gedrukt: str = Field(description="het cijfer zoals gedrukt, in Nederlandse notatie")
    waarschijnlijk: str | None = Field(
        description="het waarschijnlijk juiste cijfer, in Nederlandse notatie; null als het "
        "niet exact te geven is of iets over een afgeschermd cijfer zou zeggen"
    )
    reden: str = Field(
        description="waarom: 'waarschijnlijk een tikfout' of 'berekend uit een "
        "waarschijnlijk onjuist gedrukt aantal'"
    )
    afgeleid_van: str | None = Field(
        description="het onjuist gedrukte aantal waaruit dit cijfer berekend is, als "
        "indicator@gebied@periode; null voor het onjuist gedrukte cijfer zelf"
    )
    toelichting: str = Field(description="de voetnoot zoals de website en het rapport haar tonen")


class Waarneming(Answer):
    """Eén cijfer: een indicator in een gebied over een periode, uit de voorkeurslevering."""

    indicator: str = Field(description="code van de indicator")
    gebied: str = Field(description="code van het gebied")
    periode: str = Field(description="periode zoals gedrukt: 2024, 2023/24, 2016-2018")
    periode_jaar: int = Field(description="jaar waarin de periode eindigt")
    waarde: Number | None = Field(
        description="het cijfer; null als het ontbreekt, onderdrukt of afgeschermd is"
    )
    gedrukt: str = Field(
        description="het cijfer zoals gedrukt, in Nederlandse notatie; 'afgeschermd' als "
        "het niet openbaar is"
    )
    resolutie: Number | None = Field(
        description="afrondingsstap van het gedrukte cijfer (0: exact); null als het afgeschermd is"
    )
    status: Annotated[str, OneOf.of(m.ValueStatus.values)] = Field(
        description="voorlopig of definitief"
    )
    ontbreekt: str | None = Field(description="waarom het cijfer ontbreekt; anders null")
    onderdrukt: bool = Field(
        description="true als het cijfer om privacy is weggelaten: een klein aantal, of een "
        "cel waaruit een klein aantal terug te rekenen zou zijn"
    )
    voetnoot: str | None = Field(description="voetnoot bij het cijfer; anders null")
    levering: str = Field(description="code van de levering (tabel of bestand)")
    bron: str = Field(
        description="bron: het document en de tabel (voor ingelogde analisten de regel, "
        "bijvoorbeeld 'rapport r. 234')"
    )
    openbaar: bool = Field(
        description="false als het cijfer afgeschermd is: de openbaarheid ziet dan geen "
        "waarde, alleen een ingelogde analist ziet haar (gemarkeerd als niet openbaar)"
    )
    correctie: Correctie | None = Field(
        description="een bekende correctie van het gedrukte cijfer; anders null"
    )


class WaarnemingenPagina(Answer):
    """Eén pagina waarnemingen."""

    aantal: int = Field(ge=0, description="aantal waarnemingen voor deze vraag")
    start: int = Field(ge=0, description="positie van de eerste waarneming")
    limiet: int = Field(ge=1, description="maximaal aantal per pagina")
    volgende: Link | None = Field(description=f"volgende pagina ({PATH}); null op de laatste")
    resultaten: list[Waarneming] = Field(description="de waarnemingen")


class Doel(Answer):
    """De stand van één doel in een rapportjaar, herberekend uit de cijfers."""

    code: str = Field(description="code van de indicator")
    naam: str = Field(description="naam zoals gedrukt")
    pijler: Pijler = Field(description="pijler van het programma")
    rol: Rol = Field(description="doel, indicator of context")
    eenheid: str = Field(description="percent, euro, score, aantal of m2")
    richting: Richting | None = Field(
        description="of hoger of lager beter is; null als dat niet vastligt"
    )
    gebied: str = Field(description="code van het gebied waarvan de cijfers beoordeeld worden")
    plan: str = Field(description="code van het plan waar het doel onder valt")
    referentie: str | None = Field(
        description="waar het doel naartoe loopt: een gebiedscode, een vaste "
        "norm ('norm 38%'), 'vast niveau', 'pad' (jaardoelen), een andere indicator "
        "(indicator@gebied); null als er geen is"
    )
    startperiode: str | None = Field(description="periode van de startwaarde; null als er geen is")
    startwaarde: Number | None = Field(
        description="de waarde bij de start; null als die ontbreekt of afgeschermd is"
    )
    referentiewaarde: Number | None = Field(
        description="de actuele waarde van de referentie (of de norm)"
    )
    actuele_periode: str | None = Field(
        description="periode van de actuele waarde; null als er geen is"
    )
    actuele_waarde: Number | None = Field(
        description="de laatste waarde; null als die ontbreekt of afgeschermd is"
    )
    in_te_lopen: Number | None = Field(
        description="percentage van het verschil tussen start en referentie dat dit jaar "
        "ingelopen moet zijn"
    )
    doelwaarde: Number | None = Field(description="de waarde die dit jaar het doel is")
    ingelopen: Number | None = Field(
        description="percentage van het verschil tussen start en referentie dat is ingelopen"
    )
    status: Annotated[str, OneOf.of(s.value for s in Status)] = Field(
        description="groen, oranje, rood of geen (geen oordeel; de reden staat in reden)"
    )
    reden: Annotated[str, OneOf.of(r.value for r in Reason)] = Field(
        description="waarom het doel deze status heeft, bijvoorbeeld 'positief' of "
        "'afgeschermd' (een oordeel zou een afgeschermde waarde prijsgeven)"
    )
    band: Annotated[str, OneOf.of(b.value for b in Bucket)] | None = Field(
        description="klasse van het ingelopen deel zoals in het rapport; null zonder oordeel"
    )
    gedrukt_doel: Number | None = Field(description="de doelwaarde zoals het rapport die drukte")
    gedrukt_ingelopen: Number | None = Field(
        description="het percentage ingelopen zoals het rapport dat drukte"
    )
    vorig_ingelopen: Number | None = Field(
        description="het percentage ingelopen zoals het vorige rapport het publiceerde (de "
        "definitieve editie van het jaar ervoor, of wat een gedrukt rapport daarvan aanhaalt)"
    )
    vorige_status: Annotated[str, OneOf.of(s.value for s in Status)] | None = Field(
        description="de status zoals het vorige rapport die publiceerde; null als die niet "
        "bekend is (een gedrukt rapport haalt alleen het percentage aan)"
    )
    openbaar: bool = Field(
        description="false als de start- of laatste waarde afgeschermd is: de openbaarheid "
        "ziet dan geen cijfers van dit doel, alleen een ingelogde analist"
    )
    url: Link = Field(description=f"de indicator in de API ({PATH})")
    pagina: Link = Field(description=f"de pagina van de indicator ({PATH})")


class DoelenPagina(Answer):
    """De stand van alle doelen in een rapportjaar."""

    jaar: int = Field(description="rapportjaar")
    doelen: list[Doel] = Field(description="de doelen in de volgorde van het rapport")


class Fout(Answer):
    """Een foutmelding."""

    fout: str = Field(description="wat er mis is, in het Nederlands")
    status: int = Field(description="de HTTP-status (400 of 404)")
