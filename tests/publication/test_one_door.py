"""No public output reads figures around the one door (`nprz.publication`).

Read from the source, not run: the website (pages, downloads, API), the presenters below it
and the report, and the charts they draw, must get every figure through `nprz.publication`,
where disclosure control, corrections and wording are applied. A module there that reads the
store's figures itself (an `Observation` or `PublishedFigure` query, the store's own row
builders, the checker's raw findings) would publish what the door hides. And the report does
not lean on the website: both stand on the presenters.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import nprz

PACKAGE = Path(nprz.__file__).parent
PUBLIC_OUTPUTS = ("web", "presenters", "reports", "charts")
# Models whose rows are figures (or findings about them): only the door queries them.
FIGURE_MODELS = {"Observation", "PublishedFigure"}
# Functions that build figures straight from the store, unmasked: the door's own inputs.
RAW_READERS = {"value_rows", "target_rows", "report_facts", "run_checks", "recompute"}


def modules(package: str) -> Iterator[Path]:
    yield from sorted((PACKAGE / package).rglob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def figure_queries(tree: ast.Module) -> list[str]:
    """`<Model>.objects` of a figure model, however the models module is named."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in FIGURE_MODELS:
                found.append(f"{name}.objects (line {node.lineno})")
    return found


def imported_names(tree: ast.Module) -> list[tuple[str, str, int]]:
    """(module, name, line) of every `from module import name`, and plain imports."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
    return found


@pytest.mark.parametrize("package", PUBLIC_OUTPUTS)
def test_public_outputs_query_no_figures_themselves(package: str) -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in modules(package)
        if (found := figure_queries(parsed(path)))
    }
    assert offenders == {}


@pytest.mark.parametrize("package", PUBLIC_OUTPUTS)
def test_public_outputs_use_no_raw_reader_of_the_store(package: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line} {module}.{name}"
        for path in modules(package)
        for module, name, line in imported_names(parsed(path))
        if name in RAW_READERS or module == "nprz.checks"
    ]
    assert offenders == []


@pytest.mark.parametrize("package", ["reports", "presenters", "charts"])
def test_the_report_and_the_presenters_import_nothing_from_the_website(package: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line} {module}"
        for path in modules(package)
        for module, _name, line in imported_names(parsed(path))
        if module == "nprz.web" or module.startswith("nprz.web.")
    ]
    assert offenders == []


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scans can fail: a module that queries observations and imports a raw reader."""
    tree = ast.parse(
        "from nprz.monitor import models as m\n"
        "from nprz.monitor.values import value_rows\n"
        "rows = m.Observation.objects.filter(period='2024')\n"
    )
    assert figure_queries(tree) == ["Observation.objects (line 3)"]
    assert ("nprz.monitor.values", "value_rows", 2) in imported_names(tree)
