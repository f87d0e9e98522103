"""Bundled datasets: folders of CSV/YAML files next to this module, found by name."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def available() -> list[str]:
    return sorted(p.name for p in HERE.iterdir() if (p / "dataset.yaml").exists())


def folder(code: str) -> Path:
    """The folder of a bundled dataset; ValueError with the known names if there is none."""
    if code not in available():
        known = ", ".join(available()) or "geen"
        raise ValueError(f"onbekende dataset {code!r}; beschikbaar: {known}")
    return HERE / code


# Real CBS deliveries for the demo (`make run` imports them after nprz2024): not a dataset
# to load but files to import, see cbs2024/PROVENANCE.md.
CBS2024 = HERE / "cbs2024"
