"""A `Document` to files: HTML with its assets, and the PDF made from that same HTML.

Determinism: the HTML holds nothing from the clock; charts are SVG from vl-convert (same spec,
same bytes); WeasyPrint writes no dates of its own, but fontTools stamps the embedded font
subsets with "now" unless SOURCE_DATE_EPOCH is set, so the PDF is written with that set to a
moment taken from the data (the end of the report year).
"""

from __future__ import annotations

import calendar
import datetime
import multiprocessing
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.template.loader import render_to_string

from nprz.charts.render import render_svg
from nprz.reports.document import Document, Section

STYLESHEET = "rapport.css"


@dataclass(frozen=True)
class Flat:
    level: int
    section: Section
    new_page: bool

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def parts(self) -> list[object]:
        return list(self.section.parts)

    @property
    def status(self) -> str:
        return self.section.status


def flatten(sections: list[Section], level: int = 1) -> list[Flat]:
    """Sections in reading order with their heading level. A section without text of its own
    (a pillar heading over its goals) does not let its first child start a new page, so the
    heading never stands alone at the foot of a page."""
    found: list[Flat] = []
    for section in sections:
        found.append(Flat(min(level, 4), section, section.new_page))
        children = flatten(section.children, level + 1)
        if children and not section.parts:
            first = children[0]
            children[0] = Flat(first.level, first.section, False)
        found.extend(children)
    return found


def asset_folder(doc: Document) -> str:
    return f"{doc.slug}-bestanden"


def write_html(doc: Document, folder: Path, *, charts: bool = True) -> Path:
    """`folder/<slug>.html` and its assets in `folder/<slug>-bestanden/`; returns the HTML.
    Without `charts` the SVG files are left out (a reader of the HTML's text and tables, such
    as a test, needs no pictures; rendering them is most of the time)."""
    assets = folder / asset_folder(doc)
    assets.mkdir(parents=True, exist_ok=True)
    css = resources.files("nprz.reports").joinpath("static", STYLESHEET)
    shutil.copyfile(str(css), assets / STYLESHEET)
    for figure in doc.figures if charts else ():
        (assets / f"{figure.key}.svg").write_text(render_svg(figure.chart.spec), "utf-8")
    html = render_to_string(
        "reports/document.html",
        {"doc": doc, "flat": flatten(doc.sections), "assets": asset_folder(doc)},
    )
    target = folder / f"{doc.slug}.html"
    target.write_text(html, "utf-8")
    return target


def write_pdf(html: Path, target: Path, year: int) -> int:
    """Render `html` (with its assets beside it) to a tagged PDF; returns the page count."""
    import weasyprint  # imported here: it takes a moment, and only this step needs it

    with _source_date(year):
        document = weasyprint.HTML(filename=str(html), base_url=str(html.parent)).render()
        document.write_pdf(target, pdf_variant="pdf/ua-1")
    return len(document.pages)


class PdfQueue:
    """Render (html, pdf) pairs in `workers` separate processes while the caller goes on
    building the next documents (WeasyPrint is single-threaded Python; processes use every
    core). The processes only read the HTML files: no database, no Django. With one worker
    everything is rendered in this process, at `results()`."""

    def __init__(self, year: int, workers: int) -> None:
        self.year = year
        self.waiting: list[tuple[Path, Path]] = []
        self.futures: list[Future[tuple[Path, int, float]]] = []
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            # spawn, not fork: this process holds database connections and threads.
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def submit(self, html: Path, pdf: Path) -> None:
        if self.pool is None:
            self.waiting.append((html, pdf))
        else:
            self.futures.append(self.pool.submit(_timed_render, html, pdf, self.year))

    @property
    def count(self) -> int:
        return len(self.waiting) + len(self.futures)

    def results(self) -> Iterator[tuple[Path, int, float]]:
        """(pdf, pages, seconds) for each document, as each one finishes."""
        try:
            for html, pdf in self.waiting:
                yield _timed_render(html, pdf, self.year)
            for future in as_completed(self.futures):
                yield future.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)


def _timed_render(html: Path, pdf: Path, year: int) -> tuple[Path, int, float]:
    started = time.perf_counter()
    pages = write_pdf(html, pdf, year)
    return pdf, pages, time.perf_counter() - started


@contextmanager
def _source_date(year: int) -> Iterator[None]:
    moment = calendar.timegm(datetime.datetime(year, 12, 31, 12, 0).timetuple())
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(moment)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
