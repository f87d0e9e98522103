"""The monitor stands below the interventions: no module under `nprz.monitor` imports
`nprz.interventions`.

Read from the source, not run. What joins the two (loading a dataset with its interventions,
the checks' facts with the progress texts, the count `nprz info` shows) lives above both, in
`nprz.loading` and `nprz.facts`, or is handed in by the caller.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import nprz

PACKAGE = Path(nprz.__file__).parent
FORBIDDEN = "nprz.interventions"


def imports_of(source: str, package: str) -> list[tuple[str, int]]:
    """(module, line) of every import in the source of a module of `package`, at any depth
    (also inside functions), with relative imports made absolute, and modules named to
    `importlib.import_module`."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found += [(base, node.lineno)]
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.lineno))
    return found


def reaches_interventions(module: str) -> bool:
    return module == FORBIDDEN or module.startswith(FORBIDDEN + ".")


MONITOR = sorted((PACKAGE / "monitor").rglob("*.py"))


def test_the_monitor_has_modules_to_check() -> None:
    names = {p.name for p in MONITOR}
    assert {"models.py", "loading.py", "facts.py", "presenters.py"} <= names


@pytest.mark.parametrize("path", MONITOR, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_monitor_module_imports_the_interventions(path: Path) -> None:
    package = ".".join(path.relative_to(PACKAGE.parent).parts[:-1])
    wrong = [
        f"{module} (line {line})"
        for module, line in imports_of(path.read_text(encoding="utf-8"), package)
        if reaches_interventions(module)
    ]
    assert wrong == [], f"{path.relative_to(PACKAGE)} imports {wrong}"


def test_the_check_sees_every_kind_of_import() -> None:
    """The reader of imports finds each way a module could reach the interventions."""
    source = (
        "import nprz.interventions.models\n"
        "from nprz.interventions import models\n"
        "from nprz import interventions\n"
        "def late():\n"
        "    from nprz.interventions.queries import base_number\n"
        "    importlib.import_module('nprz.interventions.loading')\n"
        "from ..interventions import pillars\n"
        "from nprz.monitor import scope\n"
    )
    found = [(m, n) for m, n in imports_of(source, "nprz.monitor") if reaches_interventions(m)]
    assert sorted({line for _, line in found}) == [1, 2, 3, 5, 6, 7]
