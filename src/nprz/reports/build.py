"""`nprz report`: the annual report (HTML and PDF) and the area documents, in one run.

First every document is built from the store and written as HTML (one process, it reads the
database); then the PDFs are rendered from those files, one process per core. The steps
report progress through a callback, so the command can draw bars while this module stays
free of terminal code. Times are kept for the summary and for `make bench`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nprz import publication
from nprz.monitor import models as m
from nprz.monitor import pinning, scope
from nprz.publication import audience, editions, published
from nprz.publication.audience import Audience
from nprz.publication.editions import Comparison
from nprz.reports import annual
from nprz.reports.areas import area_documents, documented_areas
from nprz.reports.document import Document, Section
from nprz.reports.render import PdfQueue, write_html

# (task, done, total): task names a bar ("Rapport", "Wijkdocumenten", "PDF").
Progress = Callable[[str, int, int], None]


def _quiet(task: str, done: int, total: int) -> None:
    return None


@dataclass
class BuildResult:
    report_html: Path
    report_pdf: Path
    area_pdfs: list[Path] = field(default_factory=list)
    area_htmls: list[Path] = field(default_factory=list)
    pages: int = 0  # of the main report
    area_pages: int = 0
    charts: int = 0
    seconds: float = 0.0  # wall time of the whole build
    html_seconds: float = 0.0  # building the documents from the store and writing HTML
    pdf_seconds: float = 0.0  # wall time after the last HTML file, waiting for the PDFs
    render_seconds: float = 0.0  # WeasyPrint's own time, summed over the processes
    hidden: dict[str, str] = field(default_factory=dict)  # table -> what the rule hid
    edition: str = ""  # the report edition: everything this build read
    deliveries: int = 0
    final: bool = False  # the edition is final (published)
    verifying: bool = False  # a rebuild of an earlier edition (--editie), checked
    # Against the edition's first build when rebuilding it, else against the previous build.
    comparison: Comparison | None = None
    # What the edition read that the build compared with did not (empty: the same inputs).
    changed_inputs: list[str] = field(default_factory=list)
    with_pdf: bool = True  # the PDFs were rendered (not with --alleen-html)
    # Each document with its title, for the copy a final edition keeps for the site.
    documents: list[published.Built] = field(default_factory=list)
    kept: Path | None = None  # where a final edition's files are kept for the site

    @property
    def files(self) -> list[Path]:
        """What the build wrote (the PDFs only when they were rendered)."""
        pdfs = [self.report_pdf, *self.area_pdfs] if self.with_pdf else []
        return [self.report_html, *self.area_htmls, *pdfs]


class NoData(ValueError):
    """The store has nothing to report on for that year."""


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def build_all(
    year: int,
    out: Path,
    *,
    threshold: int | None = None,
    progress: Progress = _quiet,
    areas: bool = True,
    workers: int | None = None,
    edition: str | None = None,
    final: bool = False,
    pdf: bool = True,
) -> BuildResult:
    """Build everything; with `edition`, read only the deliveries that edition read and check
    the result against it; with `final`, make the edition final (published); without `pdf`
    only the HTML (a quick draft to read, or a check of figures and HTML).

    A report is public: it reads the store as the public does (`nprz.publication`), whoever
    builds it."""
    with audience.reading_as(Audience.PUBLIC), audience.threshold(threshold), scope.held():
        if edition is None:
            return _build(year, out, progress, areas, workers, final=final, pdf=pdf)
        pinned = editions.find(edition)
        if pinned.report_year != year:
            raise NoData(f"rapporteditie {edition} is van {pinned.report_year}, niet van {year}")
        with pinning.pinned(pinned.vintages):
            return _build(year, out, progress, areas, workers, pinned=pinned, final=final, pdf=pdf)


def _build(
    year: int,
    out: Path,
    progress: Progress,
    areas: bool,
    workers: int | None,
    *,
    pinned: m.ReportEdition | None = None,
    final: bool = False,
    pdf: bool = True,
) -> BuildResult:
    from nprz.monitor.targets import known_years

    years = known_years()
    if year not in years:
        known = ", ".join(str(y) for y in years) or "geen (laad eerst data met nprz load)"
        raise NoData(f"geen gegevens voor rapportagejaar {year}; de database kent: {known}")
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    disclosure = publication.disclosure()
    recorded = pinned or editions.record(year, disclosure.record(year))
    doc = main_document(year, progress, recorded.code)
    html = write_html(doc, out)
    result = BuildResult(
        html,
        out / f"{doc.slug}.pdf",
        charts=len(doc.figures),
        hidden={t: disclosure.summary(t) for t in sorted(disclosure.protections)},
        with_pdf=pdf,
    )
    # The main report is the longest render: it starts while the area documents are built.
    queue = PdfQueue(year, workers or default_workers() if pdf else 1)
    if pdf:
        queue.submit(html, result.report_pdf)
    result.documents.append(
        published.Built(doc.title, published.MAIN, html, result.report_pdf if pdf else None)
    )
    if areas:
        folder = out / "wijken"
        total = len(documented_areas())
        progress("Wijkdocumenten", 0, total)
        for done, area_doc in enumerate(area_documents(year), start=1):
            area_html = write_html(area_doc, folder)
            result.area_htmls.append(area_html)
            result.area_pdfs.append(folder / f"{area_doc.slug}.pdf")
            result.documents.append(
                published.Built(
                    area_doc.title, published.AREA, area_html, result.area_pdfs[-1] if pdf else None
                )
            )
            result.charts += len(area_doc.figures)
            if pdf:
                queue.submit(area_html, result.area_pdfs[-1])
            progress("Wijkdocumenten", done, total)
    result.html_seconds = time.perf_counter() - started
    progress("PDF", 0, queue.count)
    for done, (written, pages, seconds) in enumerate(queue.results(), start=1):
        result.render_seconds += seconds
        if written == result.report_pdf:
            result.pages = pages
        else:
            result.area_pages += pages
        progress("PDF", done, queue.count)
    result.seconds = time.perf_counter() - started
    result.pdf_seconds = result.seconds - result.html_seconds
    result.edition, result.deliveries = recorded.code, len(recorded.vintages)
    built = editions.digests(out, result.files)
    if pinned is not None:
        result.verifying = True
        result.comparison = editions.compare(pinned, built)
    else:
        before = editions.previous_build(recorded) if not recorded.files else recorded
        result.comparison = editions.compare(before, built) if before is not None else None
        if before is not None and before != recorded:
            result.changed_inputs = editions.input_changes(before, recorded)
        editions.keep(recorded, built)
    if final:
        editions.make_final(recorded, publication.targets(year))
        result.final = True
        # The site offers what a final edition published (`/rapport/`): keep its files where
        # cleaning the build folder cannot remove them.
        result.kept = published.keep(recorded, out, result.documents)
    else:
        result.final = recorded.final
    return result


def main_document(year: int, progress: Progress = _quiet, edition: str = "") -> Document:
    chapters = list(annual.chapters(year))
    sections: list[Section] = []
    for done, chapter in enumerate(chapters):
        progress("Rapport", done, len(chapters))
        sections.extend(chapter.build())
    progress("Rapport", len(chapters), len(chapters))
    return annual.document(year, sections, edition)
