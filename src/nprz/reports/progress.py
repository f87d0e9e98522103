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
from nprz.publication.editions import Comparison
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
    console.print(f"[bold]Rapport[/bold]              {result.report_html}", highlight=False)
    if result.with_pdf:
        console.print(
            f"                     {result.report_pdf} ({result.pages} pagina's)",
            highlight=False,
        )
    if result.area_pdfs:
        folder = result.area_pdfs[0].parent
        console.print(
            f"[bold]Gebiedsdocumenten[/bold]    {len(result.area_pdfs)} in {folder}/ "
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
    if result.kept is not None:
        console.print(
            f"Gepubliceerd op de website (/rapport/): bewaard in {result.kept}/", highlight=False
        )
    state = "definitief" if result.final else "concept"
    line = f"Editie {result.edition} ({state}): gebouwd uit {result.deliveries} leveringen"
    comparison = result.comparison
    if comparison is None:
        hints = [] if result.final else ["definitief maken: --definitief"]
        hints.append(f"opnieuw bouwen en controleren: --editie {result.edition}")
        text = "; ".join(hints)
        console.print(
            f"{line}; de eerste bouw van dit jaar. {text[:1].upper()}{text[1:]}",
            highlight=False,
        )
        return
    if result.verifying:
        _print_verification(console, line, comparison)
        return
    if comparison.against == result.edition:
        what = "dezelfde invoer als een eerdere bouw van deze editie"
    else:
        what = f"sinds de vorige bouw ({comparison.against}) is de invoer veranderd"
        if result.changed_inputs:
            what += f" ({'; '.join(result.changed_inputs)})"
    changed = comparison.different
    console.print(
        f"{line}; {what}: "
        + (
            f"{_files(len(changed))} anders ({', '.join(changed[:5])})"
            if changed
            else f"{_all_files(len(comparison.same))} gelijk"
        )
        + ".",
        highlight=False,
    )


def _files(count: int) -> str:
    return "1 bestand" if count == 1 else f"{count} bestanden"


def _all_files(count: int) -> str:
    return "1 bestand" if count == 1 else f"alle {count} bestanden"


def _print_verification(console: Console, line: str, comparison: Comparison) -> None:
    if comparison.verified and not comparison.different:
        console.print(
            f"{line}; {_all_files(len(comparison.same))} byte voor byte gelijk",
            highlight=False,
        )
        return
    if comparison.html_different:
        console.print(
            f"{line}; [bold red]{len(comparison.html_different)} HTML-bestanden wijken af"
            "[/bold red]: " + ", ".join(comparison.html_different[:5]),
            highlight=False,
        )
        return
    renderer = ", ".join(f"{k} {a} → {b}" for k, (a, b) in comparison.renderer_changed.items())
    console.print(
        f"{line}; cijfers en HTML gelijk; {len(comparison.pdf_different)} PDF's anders"
        + (
            f", omdat de opmaakbibliotheken anders zijn ({renderer})"
            if renderer
            else " [bold red]met dezelfde opmaakbibliotheken[/bold red]"
        ),
        highlight=False,
    )


def _seconds(value: float) -> str:
    return format_number(Decimal(str(round(value, 1))), 1)
