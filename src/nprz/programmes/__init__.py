"""Area programmes as data: the definition schema and reader, and the bundled definitions.

A programme is a folder (`programme.yaml` and the files it names, see `schema`), never code:
another programme needs another folder and its data, nothing else. The bundled ones are in
`bundled/`; `nprz load <folder>` loads any folder of the same shape.
"""

from __future__ import annotations

from pathlib import Path

from nprz.programmes.schema import ProgrammeFile

BUNDLED = Path(__file__).parent / "bundled"


def available() -> list[str]:
    return sorted(p.name for p in BUNDLED.iterdir() if (p / "programme.yaml").exists())


def bundled_folder(code: str) -> Path:
    """The folder of a bundled programme; ValueError naming the known ones if there is none."""
    if code not in available():
        known = ", ".join(available()) or "geen"
        raise ValueError(f"onbekend programma {code!r}; gebundeld zijn: {known}")
    return BUNDLED / code


def definition() -> ProgrammeFile:
    """The definition of the programme being worked on (`nprz.monitor.scope`)."""
    from nprz.monitor import scope

    programme = scope.current()
    key = (programme.id, programme.sha256)
    found = _PARSED.get(key)
    if found is None:
        found = _PARSED[key] = ProgrammeFile.model_validate(programme.definition)
    return found


# Parsed definitions by (programme id, digest of its folder): a new load has a new digest.
_PARSED: dict[tuple[int, str], ProgrammeFile] = {}
