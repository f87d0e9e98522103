"""A generated document before rendering: sections holding text, tables and figures.

The annual report and the area documents are both a `Document`. One template renders it as
HTML and the same HTML, with the print stylesheet, becomes the PDF; the content is built once,
from the store, by `nprz.reports.annual` and `nprz.reports.areas`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import ClassVar

from nprz.charts.specs import Chart
from nprz.presenters.tables import Cell, Table


@dataclass(frozen=True)
class Text:
    """A paragraph in our own words, built from the numbers."""

    kind: ClassVar[str] = "text"
    text: str
    emphasis: str = ""  # "warning" (a contradiction, a gap) or "muted" (a note)


@dataclass(frozen=True)
class Figure:
    """A chart with the table of its data, for readers who cannot or will not see it."""

    kind: ClassVar[str] = "figure"
    key: str  # file name stem of the SVG
    chart: Chart
    data: Table
    show_data: bool = True


@dataclass(frozen=True)
class TableBlock:
    kind: ClassVar[str] = "table"
    table: Table
    wide: bool = False  # set in small type so that many columns fit the page


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (a definition list)."""

    kind: ClassVar[str] = "facts"
    items: tuple[tuple[str, str], ...]


Block = Text | Figure | TableBlock | Facts


@dataclass(frozen=True)
class Columns:
    """Columns side by side: a goal's chart beside its target table, so that the goal with
    its definition and source fits one printed page. On a narrow screen they stack."""

    kind: ClassVar[str] = "columns"
    columns: tuple[tuple[Block, ...], ...]


Part = Block | Columns


@dataclass
class Section:
    anchor: str
    title: str
    parts: list[Part] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    new_page: bool = False  # start on a fresh page in the PDF
    status: str = ""  # a status word drawn next to the title (groen, oranje, rood, geen)
    in_contents: bool = True

    def add(self, *parts: Part) -> Section:
        self.parts.extend(parts)
        return self

    @property
    def blocks(self) -> list[Block]:
        """The section's own parts in reading order, columns opened up (column by column)."""
        found: list[Block] = []
        for part in self.parts:
            if isinstance(part, Columns):
                found += [block for column in part.columns for block in column]
            else:
                found.append(part)
        return found

    @property
    def figures(self) -> list[Figure]:
        found = [p for p in self.blocks if isinstance(p, Figure)]
        for child in self.children:
            found.extend(child.figures)
        return found


@dataclass
class Document:
    slug: str  # file name stem, e.g. "voortgangsrapportage-2024"
    title: str
    subtitle: str
    year: int
    cover: tuple[str, ...]  # lines under the title on the cover
    sections: list[Section]
    header: str  # the running header of the PDF pages
    description: str = ""  # the PDF's subject
    author: str = ""  # the PDF's author: the programme, by its name in the definition
    compact: bool = False  # a short document: title block instead of cover, no contents
    key_message: tuple[str, ...] = ()  # the year at a glance, on the cover

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def contents(self) -> list[tuple[int, Section]]:
        """(depth, section) in reading order: the table of contents."""
        found: list[tuple[int, Section]] = []

        def walk(sections: list[Section], depth: int) -> None:
            for section in sections:
                if section.in_contents:
                    found.append((depth, section))
                if depth < 2:
                    walk(section.children, depth + 1)

        walk(self.sections, 1)
        return found


def slugify(text: str) -> str:
    """A file or anchor name: "Oud Noord - Haven" -> "oud-noord-haven"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def local_links(table: Table, anchors: dict[str, str]) -> Table:
    """The table with the site's links turned into links within the document (an indicator
    that has its own section) or dropped (a page of the website, not part of the file)."""
    rows = tuple(tuple(_local(cell, anchors) for cell in row) for row in table.rows)
    return Table(
        slug=table.slug,
        title=table.title,
        columns=table.columns,
        rows=rows,
        caption=table.caption,
        notes=table.notes,
    )


def _local(cell: Cell, anchors: dict[str, str]) -> Cell:
    if not cell.href:
        return cell
    path = cell.href.split("?")[0]
    return replace(cell, href=anchors.get(path, ""))
