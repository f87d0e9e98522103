"""`make bench`, last part: the whole report set, and WeasyPrint alone on the same HTML files.

Builds the annual report (HTML + PDF) and every area document from a throw-away SQLite
store with the bundled data, and prints the wall time; then renders the HTML files that
build wrote again, with nothing but WeasyPrint, in the same number of processes. The
difference is the pipeline's own cost: reading the store, building the documents, drawing
the charts, writing the HTML. Goal (issue 16): at most 20 s on two cores, at most 20% on top
of WeasyPrint alone.
Run it as `.venv/bin/python -m benchmarks.report` from the repository root.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

YEAR = 2024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NPRZ_DATA_DIR"] = folder
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nprz.site.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from nprz.datasets import folder as dataset_folder
        from nprz.datasets.reader import read_dataset
        from nprz.loading import load_dataset
        from nprz.reports.build import build_all, default_workers
        from nprz.reports.render import PdfQueue

        load_dataset(read_dataset(dataset_folder("nprz2024")))
        out = Path(folder) / "out"
        workers = default_workers()
        result = build_all(YEAR, out, workers=workers)
        documents = 1 + len(result.area_pdfs)
        pages = result.pages + result.area_pages
        print(f"Rapportset {YEAR}: {documents} documenten, {pages} pagina's, {workers} processen")
        print(f"  hele set (nprz report)           {result.seconds:7.1f} s")
        print(f"    waarvan documenten en HTML     {result.html_seconds:7.1f} s")
        bare = Path(folder) / "kaal"
        bare.mkdir()
        started = time.perf_counter()
        queue = PdfQueue(YEAR, workers)
        for index, html in enumerate([result.report_html, *result.area_htmls]):
            queue.submit(html, bare / f"{index}.pdf")
        summed = sum(seconds for _, _, seconds in queue.results())
        wall = time.perf_counter() - started
        print(f"  alleen WeasyPrint, zelfde HTML   {wall:7.1f} s", end="")
        print(f" (opgeteld per document {summed:.1f} s)")
        overhead = result.seconds / wall - 1
        extra = f"{overhead * 100:7.0f}%"
        print(f"  eigen kosten van de pijplijn     {extra} bovenop WeasyPrint alleen")
        goal = "gehaald" if result.seconds <= 20 and overhead <= 0.2 else "NIET gehaald"
        print(f"  doel (hoogstens 20 s, hoogstens 20% extra): {goal}")


if __name__ == "__main__":
    main()
