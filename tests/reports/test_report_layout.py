"""The printed annual report, read page by page from its PDF (issue 16).

A council member found each goal spread over two half-empty pages with its chart away from
its heading, pages holding only "Definitie" and "Bron", stray lines at the top of pages, a
pillar starting mid-page, a caption split from its table, two identical tables on a page and
a bare cover. These tests render the 2024 report once (`annual_pdf`), take each page's text
with pdftotext, and check what a reader would see.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from django.db import connection
from tests.reports.test_report_files import pdf_text

from nprz.reports.document import Figure, Section, TableBlock
from nprz.reports.render import flatten

pytestmark = [
    pytest.mark.slow,
    # WeasyPrint warns at import that a future version will need HarfBuzz-Subset.
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
    pytest.mark.django_db,
]

# Fewer lines of text than this (running header and page number not counted) is a nearly
# empty page: a goal's last paragraph or a table's note pushed over on its own. A full page
# holds 45-60 lines; a third of a page is about 17.
MIN_LINES = 6
THIRD_OF_A_PAGE = 17
STATUS_HEADINGS = {"groen": "groen", "oranje": "oranje", "rood": "rood", "geen": "geen oordeel"}
PAGE_NUMBER = re.compile(r"^pagina \d+ van \d+$")


def norm(text: str) -> str:
    return " ".join(text.split())


def key(text: str) -> str:
    """Text to search a page for: pdftotext joins a word broken at a hyphen ("NPRZ-" at the
    end of a line and "gebied" on the next become "NPRZgebied"), so hyphens are left out."""
    return norm(text).replace("-", "")


@dataclass(frozen=True)
class Page:
    number: int
    lines: list[str]  # the body, line by line as laid out (columns side by side)
    text: str  # the body in reading order, whitespace normalised

    @property
    def first(self) -> str:
        return norm(self.lines[0]) if self.lines else ""


def pdftotext(path: object, *layout: str) -> list[str]:
    result = subprocess.run(
        ["pdftotext", *layout, str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout.split("\f")


@pytest.fixture(scope="module")
def pages(annual_pdf, built) -> list[Page]:
    if connection.vendor != "sqlite":
        pytest.skip("de PDF-opmaak hangt niet van de database af; getest op SQLite")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) ontbreekt: de pagina's worden ermee gelezen")
    header = built.document.header
    laid_out = pdftotext(annual_pdf.path, "-layout")
    flowing = pdftotext(annual_pdf.path)
    found = []
    for number, (layout, raw) in enumerate(zip(laid_out, flowing, strict=True), start=1):
        if number > annual_pdf.pages:
            break  # pdftotext ends with a form feed: an empty last piece

        def body(text: str) -> list[str]:
            lines = [line for line in text.splitlines() if line.strip()]
            return [
                line
                for line in lines
                if not norm(line).startswith(header) and not PAGE_NUMBER.match(norm(line))
            ]

        found.append(Page(number, body(layout), key(" ".join(body(raw)))))
    assert len(found) == annual_pdf.pages
    return found


def goals(document) -> list[Section]:
    return [
        item.section for item in flatten(document.sections) if item.anchor.startswith("indicator-")
    ]


def figure_of(section: Section) -> Figure:
    (figure,) = [block for block in section.blocks if isinstance(block, Figure)]
    return figure


def test_every_goal_has_its_heading_chart_definition_and_source_on_one_page(built, pages):
    sections = goals(built.document)
    assert len(sections) == 46
    cursor = 0
    for section in sections:
        # The chart's caption (its description) is unique per goal; two goals share a name.
        caption = key(figure_of(section).chart.description)[:90]
        page = next((p for p in pages[cursor:] if caption in p.text), None)
        assert page is not None, (section.title, caption)
        heading = f"{STATUS_HEADINGS[section.status]} {norm(section.title)}"
        assert key(heading) in page.text, (page.number, heading)
        assert "Definitie" in page.text, (page.number, heading)
        assert "Bron" in page.text, (page.number, heading)
        # And the goal's page opens with its heading (or its pillar's, just above it).
        assert heading.startswith(page.first) or (
            page.lines[1:] and heading.startswith(norm(page.lines[1]))
        ), (page.number, page.first, heading)
        cursor = page.number


def chapter_titles(document) -> set[str]:
    return {norm(item.title) for item in flatten(document.sections) if item.level == 1}


def headings_on_a_new_page(document) -> list[str]:
    found = []
    for item in flatten(document.sections):
        if item.new_page or item.level == 1:
            status = STATUS_HEADINGS.get(item.status, "")
            found.append(norm(f"{status} {item.title}"))
    return found


def starts_a_section(page: Page, headings: list[str]) -> bool:
    first = page.first
    return any(h.startswith(first) or first.startswith(h) for h in headings if first)


def test_no_page_is_nearly_empty(built, pages):
    """Fewer than MIN_LINES lines: never, except on the cover and a chapter's opening page.
    Less than a third of a page: only the last page of a chapter (the next page starts a new
    section) or a chapter's opening page."""
    openers = chapter_titles(built.document)
    headings = headings_on_a_new_page(built.document)
    for page, following in itertools.zip_longest(pages[1:], pages[2:]):
        opener = page.first in openers
        if len(page.lines) < MIN_LINES:
            assert opener, (page.number, page.lines)
        if len(page.lines) < THIRD_OF_A_PAGE:
            last = following is None or starts_a_section(following, headings)
            assert opener or last, (page.number, len(page.lines), page.lines[:3])


def test_every_pillar_starts_at_the_top_of_a_page(built, pages):
    pillars = [
        item
        for item in flatten(built.document.sections)
        if re.match(r"(doelen|stoplicht|interventies)-", item.anchor)
    ]
    assert {p.title for p in pillars} >= {"School", "Werk", "Wonen", "Stoplicht Wonen"}
    firsts = [p.first for p in pages]
    for pillar in pillars:
        assert norm(pillar.title) in firsts, pillar.title


def tables_of(section: Section) -> list[list[tuple[str, ...]]]:
    found = []
    for block in section.blocks:
        if isinstance(block, TableBlock):
            found.append([tuple(c.text for c in row) for row in block.table.rows])
        elif isinstance(block, Figure) and block.show_data:
            found.append([tuple(c.text for c in row) for row in block.data.rows])
    return found


def printed_in(row: tuple[str, ...], other: list[tuple[str, ...]]) -> bool:
    """The row's label with its figures, in order, in a row of `other` (which may have more
    columns: the totals table holds the flows chart's vestigers, vertrekkers and saldo)."""

    def subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        rest = iter(long)
        return all(any(cell == later for later in rest) for cell in short)

    return any(o[0] == row[0] and subsequence(row[1:], o[1:]) for o in other)


def test_no_section_prints_the_same_figures_twice(built):
    """The stoplight printed the status counts as the chart's data and again as the count
    table; the moving flows printed the chart's data under the totals table."""
    for item in flatten(built.document.sections):
        found = tables_of(item.section)
        for one, other in itertools.permutations(found, 2):
            if len(one) >= 2:
                again = [row for row in one if printed_in(row, other)]
                assert again != one, (item.title, one[:2])


def test_a_caption_never_ends_a_page(built, pages):
    captions = {
        norm(block.table.title)[:40]
        for item in flatten(built.document.sections)
        for block in item.section.blocks
        if isinstance(block, TableBlock)
    }
    for page in pages:
        last = norm(page.lines[-1]) if page.lines else ""
        assert not any(c.startswith(last) and len(last) > 12 for c in captions), (page.number, last)


def test_the_cover_carries_the_key_message(built, pages):
    cover = pages[0].text
    assert "Kernboodschap 2024" in cover
    for line in built.document.key_message:
        assert key(line) in cover, line
    # The numbers of 2024, from the store: the status counts, the comparison with the report
    # over 2023 and the caseload against its path.
    assert (
        key(
            "Van de 46 doelen en indicatoren met een doel zijn er in 2024 22 groen, 15 oranje, "
            "6 rood, 3 geen oordeel."
        )
        in cover
    )
    assert key("Vergeleken met het rapport over 2023") in cover
    assert key("Eind 2024 was de stand 12.794") in cover
    assert key("het doel van 12.750 is niet gehaald: 44 boven het doel (+0,3%)") in cover
    assert key("Streefnviveau (2F en S): 39,0% → 21,6% ingelopen (−17,4 procentpunt)") in cover


# --- the file itself ------------------------------------------------------------------------


def test_the_annual_report_renders_as_pdf(annual_pdf) -> None:
    """The whole report as a tagged Dutch PDF. Here, beside the layout tests: `annual_pdf` is
    made once per test process, and a module stays on one process (decision 021), so the
    report is rendered once, not once for this test and once for the layout."""
    if connection.vendor != "sqlite":
        pytest.skip("de PDF-opmaak hangt niet van de database af; getest op SQLite")
    pages = annual_pdf.pages
    data = annual_pdf.path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert pages > 50
    text = pdf_text(data)
    assert re.search(rb"/Lang\s*\(nl", text)
    assert b"Voortgangsrapportage 2024" in text
    assert len(re.findall(rb"/Type\s*/Page\b", text)) == pages
