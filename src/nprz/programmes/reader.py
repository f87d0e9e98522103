"""Read `programme.yaml` and check it against the programme's own areas and indicators.

Called by `nprz.datasets.reader` after the areas, plans, indicators and identities of the
folder are read, so every code the definition names can be checked, each problem naming the
file and the item (`programme.yaml, chapters.3.indicators`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from nprz.datasets.records import Dataset, ProgrammeRecord
from nprz.programmes.schema import (
    FlowsChapter,
    PathChapter,
    ProgrammeFile,
    TableChapter,
)

if TYPE_CHECKING:
    from nprz.datasets.reader import Reader

FILE = "programme.yaml"


def read_definition(reader: Reader, dataset: Dataset) -> ProgrammeRecord | None:
    data = reader.load_yaml(FILE)
    if data is None:
        return None
    spec = reader.validate(ProgrammeFile, data, FILE, None)
    if spec is None:
        return None
    _check(reader, spec, dataset)
    return ProgrammeRecord(
        code=spec.code,
        name=spec.name,
        short_name=spec.short_name,
        definition=spec.model_dump(mode="json"),
        sha256=folder_digest(reader),
        folder=str(reader.folder),
        map=_map(reader, spec.map, {a.cbs_code for a in dataset.areas if a.cbs_code}),
        logo=_logo(reader, spec.branding.logo),
    )


def _map(reader: Reader, name: str, codes: set[str]) -> dict[str, Any]:
    """The map's GeoJSON: each feature's CBS code (property `code`, or CBS's own `buurtcode`,
    `wijkcode`, `gemeentecode`, `statcode`, or the feature's id) and `naam`; other
    properties are left out."""
    path = reader.folder / name
    if not name or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"code": _code_of(f), "naam": f["properties"]["naam"]},
            }
            for f in data["features"]
        ]
    except (ValueError, KeyError, TypeError) as error:
        reader.problem("ongeldige-kaart", f"geen bruikbare GeoJSON: {error}", name)
        return {}
    return {"type": "FeatureCollection", "features": features}


CODE_KEYS = ("code", "buurtcode", "wijkcode", "gemeentecode", "statcode")


def _code_of(feature: dict[str, Any]) -> str:
    properties = feature["properties"]
    for key in CODE_KEYS:
        if properties.get(key):
            return str(properties[key]).strip()
    return str(feature["id"]).strip()


def _logo(reader: Reader, name: str) -> str:
    path = reader.folder / name
    if not name or not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    if "<svg" not in text or "<script" in text.lower():
        reader.problem("ongeldig-logo", "het logo moet een SVG zonder script zijn", name)
        return ""
    return text


def _check(reader: Reader, spec: ProgrammeFile, dataset: Dataset) -> None:
    areas = {a.code for a in dataset.areas}
    indicators = {i.code for i in dataset.indicators}

    def known(codes: Iterable[str], defined: set[str], what: str, where: str) -> None:
        for code in codes:
            if code not in defined:
                reader.problem(f"onbekend-{what}", f"onbekend {what} {code!r}", FILE, None, where)

    known([spec.area], areas, "gebied", "area")
    known(spec.compare, areas, "gebied", "compare")
    if spec.key_figures is not None:
        known(spec.key_figures.areas, areas, "gebied", "key_figures.areas")
        known(spec.key_figures.indicators, indicators, "indicator", "key_figures.indicators")
    known(spec.area_documents.compare, areas, "gebied", "area_documents.compare")
    known(spec.texts.rationale, indicators, "indicator", "texts.rationale")
    known(spec.texts.area_words, areas, "gebied", "texts.area_words")
    for number, chapter in enumerate(spec.chapters):
        where = f"chapters.{number}"
        if isinstance(chapter, FlowsChapter):
            parts = [*chapter.totals, *chapter.inflow, *chapter.outflow]
            known([p.indicator for p in parts], indicators, "indicator", where)
        elif isinstance(chapter, TableChapter):
            known(chapter.indicators, indicators, "indicator", f"{where}.indicators")
        elif isinstance(chapter, PathChapter):
            related = [r.indicator for r in chapter.related]
            known([chapter.indicator, *related], indicators, "indicator", where)
            known([chapter.area], areas, "gebied", f"{where}.area")
    pillars = {p.code for p in spec.pillars}
    for indicator in dataset.indicators:
        if indicator.pillar not in pillars:
            file, item = reader.origins.get(indicator.code, ("indicators.yaml", None))
            reader.problem(
                "onbekende-pijler",
                f"pijler {indicator.pillar!r} staat niet in programme.yaml "
                f"(pijlers: {', '.join(sorted(pillars))})",
                file,
                item,
                "pillar",
            )
    tables = {i.table for i in dataset.identities}
    for table in spec.disclosure.tables:
        if table not in tables:
            reader.problem(
                "onbekende-tabel",
                f"af te schermen tabel {table!r} heeft geen identiteiten in identities.yaml",
                FILE,
                None,
                "disclosure.tables",
            )
    for name, where in ((spec.map, "map"), (spec.branding.logo, "branding.logo")):
        if name and not (reader.folder / name).is_file():
            reader.problem("bestand-ontbreekt", f"bestand {name!r} ontbreekt", FILE, None, where)


def folder_digest(reader: Reader) -> str:
    """SHA-256 over the folder's files (names and bytes): a report edition keys on it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in reader.folder.iterdir() if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
