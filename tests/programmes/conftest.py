"""Fixtures of the programme tests: any programme works from its definition and deliveries.

The cast:
- Lindeveld (`data/lindeveld-synthetisch/`) is a made-up programme, all of it synthetic: the
  city Lindestad, three wijken, four indicators (one where lower is better), pillars of its
  own, a plan 2022-2030 and three years of figures in the import template. It has no side
  tables and no printed report.
- NPRZ is the bundled programme it must never be mixed up with: its name, areas, pillars
  and end year (2031) are the words that may not appear in Lindeveld's report or pages.

`alone` is Lindeveld in an otherwise empty database, `beside` is Lindeveld loaded after
NPRZ's 2024 dataset; each is loaded once per module, in a transaction that is rolled back.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from django.db import transaction

from nprz.datasets.reader import read_dataset
from nprz.datasets.records import Dataset
from nprz.loading import load_dataset
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.programmes import bundled_folder

FOLDER = Path(__file__).parent / "data" / "lindeveld-synthetisch"
DELIVERY = FOLDER / "synthetisch-levering-2022-2024.csv"
CODE = "lindeveld"
YEAR = 2024


def load_lindeveld() -> m.Programme:
    """The definition, then its one delivery through the import pipeline, as a user would
    (`nprz load`, then `nprz --programma lindeveld import file`)."""
    from nprz.imports import pipeline

    load_dataset(read_dataset(FOLDER))
    programme = m.Programme.objects.get(code=CODE)
    with scope.working_on(programme):
        examination = pipeline.examine_file(DELIVERY)
        assert examination.ok, [str(p) for p in examination.problems]
        pipeline.apply(examination, user="test")
    return programme


@pytest.fixture(scope="module")
def alone(django_db_setup, django_db_blocker) -> Iterator[m.Programme]:
    with django_db_blocker.unblock(), transaction.atomic():
        programme = load_lindeveld()
        yield programme
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def beside(
    django_db_setup, django_db_blocker, nprz2024: Dataset, loaded_rows
) -> Iterator[m.Programme]:
    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        programme = load_lindeveld()
        yield programme
        transaction.set_rollback(True)


def nprz_words() -> list[str]:
    """What only NPRZ says, read from its own definition: its names, the names of its own
    areas (the programme area, its gebieden, wijken and groups; not the Netherlands or the
    cities every programme may compare with), its pillars, its plans' end year; and the
    words of its reports that name it."""
    folder = bundled_folder("nprz")
    definition = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
    with (folder / "areas.csv").open(encoding="utf-8", newline="") as handle:
        own = [
            row["name"] for row in csv.DictReader(handle) if row["kind"] not in ("land", "gemeente")
        ]
    plans = yaml.safe_load((folder / "plans.yaml").read_text(encoding="utf-8"))
    ends = {str(plan["knots"][-1][0]) for plan in plans if plan["knots"]}
    pillars = [p["name"] for p in definition["pillars"]]
    return sorted(
        {definition["name"], definition["short_name"], *own, *pillars, *ends}
        | {"Rotterdam", "Zuid", "focuswijk", "Focuswijk"}
    )


def visible_text(page: str) -> str:
    """The text a reader sees (no style, script or tags), whitespace folded."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def found_words(text: str, words: list[str]) -> list[str]:
    """Each word of `words` that occurs in `text` as a whole word, with what surrounds it."""
    found = []
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            found.append(f"{word}: …{text[max(0, match.start() - 60) : match.end() + 40]}…")
    return found


TABLE = re.compile(r"<table[^>]*>(.*?)</table>", re.S)
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)


def table_rows(page: str, caption_start: str) -> list[dict[str, str]]:
    """The rows of the one table whose caption starts so, each as header -> visible text."""
    found = []
    for body in TABLE.findall(page):
        caption = CAPTION.search(body)
        if caption and visible_text(caption[1]).startswith(caption_start):
            found.append([[visible_text(c) for c in CELL.findall(r)] for r in ROW.findall(body)])
    assert len(found) == 1, f"{len(found)} tables start with {caption_start!r}"
    header, *rows = found[0]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture(scope="session")
def words() -> SimpleNamespace:
    """The NPRZ words and the helpers that read pages (the tests folder is no package)."""
    return SimpleNamespace(
        nprz=nprz_words(), visible=visible_text, found=found_words, table=table_rows
    )
