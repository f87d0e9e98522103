"""The interventions app knows no programme: NPRZ's name, places, end year and pillars come
from its definition, never from the code (issue 15).

Read from the source, not run. The words are read from the bundled NPRZ definition itself
(its names and pillars), with the places and the end year every NPRZ text names. Migrations
are history (they describe the rows as they were) and are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

import nprz
from nprz.programmes import bundled_folder

APP = Path(nprz.__file__).parent / "interventions"
SOURCES = sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)
# Pillar codes that are also ordinary words of the app's own messages and comments ("een
# initiatiefnemer hoort bij een organisatie", "context", an organisation's fallback slug):
# not checked.
ORDINARY = {"organisatie", "context"}


def definition() -> dict:
    return yaml.safe_load((bundled_folder("nprz") / "programme.yaml").read_text(encoding="utf-8"))


def programme_words() -> list[str]:
    found = definition()
    names = [found["name"], found["short_name"], *(p["name"] for p in found["pillars"])]
    codes = [p["code"] for p in found["pillars"] if p["code"] not in ORDINARY]
    return sorted({*names, *codes, "NPRZ", "Rotterdam", "Zuid", "2031"})


def test_the_words_are_read_from_the_definition() -> None:
    words = programme_words()
    assert {"Thuisbasis op orde", "werk", "thuisbasis", "Werk", "NPRZ", "2031"} <= set(words)
    assert len(SOURCES) >= 10


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_programme_word_in_the_source(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{word!r} (line {text.count(chr(10), 0, match.start()) + 1})"
        for word in programme_words()
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    ]
    assert found == [], f"{path.name}: {found}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_pillar_code_as_a_literal(path: Path) -> None:
    codes = {p["code"] for p in definition()["pillars"]} - ORDINARY
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{node.value!r} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in codes
    ]
    assert found == [], f"{path.name}: {found}"
