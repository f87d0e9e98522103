"""The published reports: the files of final editions, kept and served to the public.

`nprz report --definitief` copies what it built (the annual report and the area documents,
HTML with their assets and PDF) into a folder of that edition under the data directory,
`$NPRZ_DATA_DIR/rapporten/<programme>/<edition>/`, with a list of what it holds
(`inhoud.json`). The build's output folder (`out/`) is a working folder anyone may clean;
this copy is what the site's `/rapport/` page offers.

Only final editions are public. A file is served only if the edition is final, belongs to
the programme being read, and the name is one the list holds: a name is never joined to
a path unchecked, so `../` or an absolute name cannot reach another file.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from nprz.monitor import models as m
from nprz.monitor import scope

CONTENTS = "inhoud.json"
MAIN = "rapport"  # the kind of the annual report in the list; area documents are "gebied"
AREA = "gebied"


@dataclass(frozen=True)
class Built:
    """One document a build wrote: its title for a reader, its kind and its files."""

    title: str
    kind: str  # MAIN or AREA
    html: Path
    pdf: Path | None  # None when the build made no PDF


@dataclass(frozen=True)
class KeptDocument:
    title: str
    kind: str
    html: str  # the name inside the edition's folder
    pdf: str | None


@dataclass(frozen=True)
class PublishedEdition:
    code: str
    year: int
    finalised: str  # ISO date-time the edition was made final
    documents: list[KeptDocument]
    kept: bool = True  # False: made final before its files were kept (nothing to offer)

    @property
    def report(self) -> KeptDocument | None:
        return next((d for d in self.documents if d.kind == MAIN), None)

    @property
    def areas(self) -> list[KeptDocument]:
        return [d for d in self.documents if d.kind == AREA]


def root() -> Path:
    """Where every programme's final editions are kept (read when asked: tests move it)."""
    return Path(settings.DATA_DIR) / "rapporten"


def folder(edition: m.ReportEdition) -> Path:
    return root() / edition.programme.code / edition.code


def keep(edition: m.ReportEdition, out: Path, documents: list[Built]) -> Path:
    """Copy a final edition's documents from the build folder `out` into its own folder,
    the HTML with its assets (`<slug>-bestanden/`), and write the list of what it holds.
    A new copy replaces an older one of the same edition whole."""
    target = folder(edition)
    staging = target.with_name(target.name + ".nieuw")
    if staging.exists():
        shutil.rmtree(staging)
    names: list[str] = []
    kept: list[dict[str, object]] = []

    def copy(path: Path) -> str:
        name = path.relative_to(out).as_posix()
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, staging / name)
        names.append(name)
        return name

    for document in documents:
        html = copy(document.html)
        assets = document.html.with_name(f"{document.html.stem}-bestanden")
        if assets.is_dir():
            for asset in sorted(p for p in assets.rglob("*") if p.is_file()):
                copy(asset)
        pdf = copy(document.pdf) if document.pdf is not None and document.pdf.exists() else None
        kept.append({"title": document.title, "kind": document.kind, "html": html, "pdf": pdf})
    contents = {"edition": edition.code, "year": edition.report_year, "documents": kept}
    contents["files"] = sorted(names)
    (staging / CONTENTS).write_text(json.dumps(contents, ensure_ascii=False, indent=1), "utf-8")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


def _contents(edition: m.ReportEdition) -> dict[str, object] | None:
    path = folder(edition) / CONTENTS
    if not path.is_file():
        return None
    found: dict[str, object] = json.loads(path.read_text("utf-8"))
    return found


def editions() -> list[PublishedEdition]:
    """The current programme's final editions, newest year first and within a year the
    last made final first; one whose files were not kept has no documents and says so
    (`kept`). A draft is never among them."""
    found = []
    finals = (
        m.ReportEdition.objects.filter(programme=scope.current(), final=True)
        .select_related("programme")
        .order_by("-report_year", "-finalised", "-id")
    )
    for edition in finals:
        contents = _contents(edition)
        finalised = edition.finalised.isoformat() if edition.finalised else ""
        if contents is None:
            found.append(PublishedEdition(edition.code, edition.report_year, finalised, [], False))
            continue
        documents = [
            KeptDocument(str(d["title"]), str(d["kind"]), str(d["html"]), d.get("pdf"))
            for d in contents.get("documents", [])  # type: ignore[attr-defined]
        ]
        found.append(PublishedEdition(edition.code, edition.report_year, finalised, documents))
    return found


def file(code: str, name: str) -> Path | None:
    """The kept file `name` of the final edition `code` of the current programme, or None:
    for a draft, an unknown edition, a name the edition's list does not hold, or a name that
    would lead outside its folder."""
    edition = (
        m.ReportEdition.objects.filter(programme=scope.current(), code=code, final=True)
        .select_related("programme")
        .first()
    )
    if edition is None:
        return None
    contents = _contents(edition)
    if contents is None or name not in contents.get("files", []):  # type: ignore[operator]
        return None
    base = folder(edition).resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    return path
