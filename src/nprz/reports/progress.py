"""The terminal side of `nprz report`: a progress bar per part and a summary at the end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from nprz.core.formatting import format_number
from nprz.reports.build import BuildResult
from nprz.reports.build import Progress as ProgressCallback


@contextmanager
def progress_bars(console: Console) -> Iterator[ProgressCallback]:
    """A callback for `build_all` that keeps one bar per task name up to date."""
    with Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def update(task: str, done: int, total: int) -> None:
            if task not in tasks:
                tasks[task] = bars.add_task(task, total=total)
            bars.update(tasks[task], completed=done, total=total)

        yield update


def print_result(console: Console, result: BuildResult) -> None:
    seconds = _seconds(result.seconds)
    console.print(f"[bold]Voortgangsrapportage[/bold] {result.report_html}", highlight=False)
    console.print(
        f"                     {result.report_pdf} ({result.pages} pagina's)", highlight=False
    )
    if result.area_pdfs:
        folder = result.area_pdfs[0].parent
        console.print(
            f"[bold]Wijkdocumenten[/bold]       {len(result.area_pdfs)} in {folder}/ "
            f"({result.area_pages} pagina's)",
            highlight=False,
        )
    console.print(
        f"{result.charts} grafieken; klaar in {seconds} s: documenten en HTML "
        f"{_seconds(result.html_seconds)} s, PDF's {_seconds(result.pdf_seconds)} s",
        highlight=False,
    )
    for table, summary in result.hidden.items():
        console.print(f"Afgeschermd in {table}: {summary}", highlight=False)
    comparison = result.comparison
    if comparison is None:
        return
    line = f"Editie {result.edition}: gebouwd uit {result.deliveries} leveringen; "
    if comparison.different:
        console.print(
            line + f"[bold red]{len(comparison.different)} bestanden wijken af[/bold red] van "
            "de eerste bouw: " + ", ".join(comparison.different[:5]),
            highlight=False,
        )
    elif comparison.same:
        console.print(
            line + f"alle {len(comparison.same)} bestanden byte voor byte gelijk aan de "
            "eerste bouw",
            highlight=False,
        )
    else:
        console.print(
            line + f"nieuwe editie; opnieuw bouwen met --editie {result.edition}",
            highlight=False,
        )


def _seconds(value: float) -> str:
    return format_number(Decimal(str(round(value, 1))), 1)
