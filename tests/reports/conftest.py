"""Fixtures of the report tests.

The dataset is loaded once per module (as in tests/web/conftest.py); the main report is
built once per run: its `Document`, the disclosure decision and its HTML. Building the
HTML renders every chart (a few seconds); the PDF of the main report is rendered once
(`annual_pdf`, for the tests marked `slow`), the PDFs of area documents take a few seconds
each.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction

from nprz.datasets.records import Dataset

YEAR = 2024


@dataclass(frozen=True)
class Built:
    """The main report of YEAR as built from the store."""

    disclosure: object  # nprz.publication.disclosure.Disclosure
    document: object  # nprz.reports.document.Document
    html_path: Path
    html: str


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker, nprz2024: Dataset, loaded_rows):
    """The bundled dataset, loaded once for this module; each test still runs in its own
    transaction, a savepoint inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        yield nprz2024
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def built(
    django_db_setup,
    django_db_blocker,
    loaded_rows,
    tmp_path_factory: pytest.TempPathFactory,
) -> Built:
    """The main report built once for the whole run (~20 s: every chart is rendered). It
    loads the dataset itself in a transaction that is rolled back (or uses the module's
    `store` when that is already loaded); what it keeps holds no database objects."""
    from nprz import publication
    from nprz.monitor import models as m
    from nprz.reports.build import main_document
    from nprz.reports.render import write_html

    with django_db_blocker.unblock(), transaction.atomic():
        if not m.Vintage.objects.filter(report_year=YEAR).exists():
            loaded_rows.write()
        disclosure = publication.disclosure()
        document = main_document(YEAR)
        html_path = write_html(document, tmp_path_factory.mktemp("rapport"))
        transaction.set_rollback(True)
    return Built(disclosure, document, html_path, html_path.read_text("utf-8"))


@dataclass(frozen=True)
class AnnualPdf:
    path: Path
    pages: int


@pytest.fixture(scope="session")
def annual_pdf(built: Built, tmp_path_factory: pytest.TempPathFactory) -> AnnualPdf:
    """The main report rendered as PDF once per test process (~25-40 s): the layout tests
    and the file test, in one module (test_report_layout) so that it is made once.
    Rendering reads only the HTML, no database."""
    from nprz.reports.render import write_pdf

    target = tmp_path_factory.mktemp("rapport-pdf") / "voortgangsrapportage-2024.pdf"
    return AnnualPdf(target, write_pdf(built.html_path, target, YEAR))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: renders the whole annual report as PDF (~60-100 s); -m 'not slow'"
    )


# --- reading the rendered HTML ------------------------------------------------------------

SECTION = re.compile(r'<section id="(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</section>', re.S)
TABLE = re.compile(r"<table[^>]*>(?P<body>.*?)</table>", re.S)
CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities resolved)."""
    return html.unescape(TAG.sub("", fragment)).strip()


def sections(page: str) -> dict[str, str]:
    """Section id -> its HTML; the template writes the sections flat, never nested."""
    found: dict[str, str] = {}
    for match in SECTION.finditer(page):
        assert match["id"] not in found, f"anchor {match['id']} twice"
        found[match["id"]] = match["body"]
    return found


@dataclass(frozen=True)
class HtmlTable:
    caption: str
    header: list[str]
    rows: list[list[str]]

    def by_first(self) -> dict[str, list[str]]:
        return {row[0]: row for row in self.rows}


def tables(fragment: str) -> list[HtmlTable]:
    found = []
    for match in TABLE.finditer(fragment):
        body = match["body"]
        caption = CAPTION.search(body)
        rows = [[text_of(c) for c in CELL.findall(r)] for r in ROW.findall(body)]
        found.append(HtmlTable(text_of(caption[1]) if caption else "", rows[0], rows[1:]))
    return found


def table(fragment: str, caption_start: str) -> HtmlTable:
    matching = [t for t in tables(fragment) if t.caption.startswith(caption_start)]
    assert len(matching) == 1, [t.caption for t in tables(fragment)]
    return matching[0]


@pytest.fixture(scope="session")
def read() -> SimpleNamespace:
    """The HTML readers above, for the test modules (the tests folder is not a package)."""
    return SimpleNamespace(text_of=text_of, sections=sections, tables=tables, table=table)
