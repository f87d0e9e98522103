"""Every kind of chart read on a 390 px phone: measured on the rendered SVG.

On a phone 390 px wide the site gives an image `style.PHONE_WIDTH` px (site.css: 1rem padding
either side, a 1 px border), and the SVG scales with its viewBox. Measured here: each text's
font size at that width, and each text's box (DejaVu Sans, the font the layout is measured
with) against the view box, so no label is cut off. The charts are real: the 2024 status per
pillar, the indicator with the longest name, a converging target, the caseload, the map.
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from nprz.charts import style
from nprz.charts.maps import MapValue
from nprz.charts.specs import Chart, flows_chart
from nprz.monitor import models as m
from nprz.presenters import overview
from nprz.presenters import paths as path_presenter
from nprz.presenters.common import ReportYear
from nprz.publication import targets

from .conftest import caseload
from .test_indicator_charts import chart as indicator_chart_of
from .test_maps import zuid_choropleth, zuid_codes, zuid_map

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("store")]

FONTS = Path("/usr/share/fonts/truetype/dejavu")
SVG = "{http://www.w3.org/2000/svg}"
YEAR = ReportYear(2024, 2024)


@functools.cache
def advances(bold: bool) -> tuple[dict[int, int], int]:
    """Advance width per code point and units per em of DejaVu Sans (Bold)."""
    from fontTools.ttLib import TTFont

    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.exists():
        pytest.skip(f"{path} ontbreekt: de lay-out van de grafieken wordt ermee gemeten")
    font = TTFont(path)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] for code, glyph in cmap.items()}, font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool) -> float:
    widths, em = advances(bold)
    return sum(widths.get(ord(ch), em // 2) for ch in text) * size / em


@dataclass(frozen=True)
class Box:
    text: str
    size: float
    left: float
    top: float
    right: float
    bottom: float


def translate(transform: str) -> tuple[float, float, float]:
    """x, y and rotation (degrees) of a Vega transform: translate(x,y) [rotate(a)]."""
    move = re.search(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)", transform)
    turn = re.search(r"rotate\(([-\d.e]+)\)", transform)
    x, y = (float(move[1]), float(move[2])) if move else (0.0, 0.0)
    return x, y, float(turn[1]) if turn else 0.0


def boxes(svg: str) -> Iterator[Box]:
    """Each line of text in the SVG with the box it covers, in the SVG's coordinates."""

    def walk(node: ET.Element, dx: float, dy: float) -> Iterator[Box]:
        x, y, angle = translate(node.get("transform", ""))
        x, y = dx + x, dy + y
        if node.tag == f"{SVG}text":
            yield from text_boxes(node, x, y, angle)
            return
        for child in node:
            yield from walk(child, x, y)

    yield from walk(ET.fromstring(svg), 0.0, 0.0)


def text_boxes(node: ET.Element, x: float, y: float, angle: float) -> Iterator[Box]:
    size = float(node.get("font-size", "11px").removesuffix("px"))
    bold = node.get("font-weight") == "bold"
    anchor = node.get("text-anchor", "start")
    lines = [(0.0, node.text or "")] if not len(node) else []
    offset = 0.0
    for span in node:
        offset += float(span.get("dy", "0"))
        lines.append((offset, span.text or ""))
    for down, line in lines:
        width = text_width(line, size, bold)
        start = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
        # Along the text: start to start + width; across: ascent above, descent below; then
        # turned by the text's rotation (SVG: clockwise, y pointing down).
        corners = [
            (u, v) for u in (start, start + width) for v in (down - 0.93 * size, down + 0.24 * size)
        ]
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        xs = [x + u * cos - v * sin for u, v in corners]
        ys = [y + u * sin + v * cos for u, v in corners]
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
        yield Box(line, size, left, top, right, bottom)


def view_box(svg: str) -> tuple[float, float]:
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert found, "SVG zonder viewBox schaalt niet mee"
    return float(found[1]), float(found[2])


def real_charts() -> list[Chart]:
    rows = targets(2024)
    status = overview.status_figure(overview.pillar_summaries(rows, YEAR), YEAR)
    longest = max(m.Indicator.objects.filter(targets__isnull=False), key=lambda i: len(i.name))
    flows = flows_chart(
        title="Verhuizingen per buurt van Zuid (synthetische aantallen)",
        rows=[
            (name, 1000.0 + 10 * i, 990.0 + 11 * i) for i, name in enumerate(zuid_codes().values())
        ],
        category="Buurt",
    )
    return [
        status,
        indicator_chart_of(longest.code),
        indicator_chart_of("werkloosheid-jongeren"),
        indicator_chart_of("besteedbaar-inkomen"),
        indicator_chart_of("bevolking"),
        path_presenter.chart(caseload(2024)),
        zuid_map(title="Focuswijken", highlight={"BU05991079", "BU05991081", "BU05991082"}),
        flows,
        # The longest legend a choropleth gets: euro amounts in six digits, and both greys
        # (synthetic values).
        zuid_choropleth(
            {
                code: MapValue(
                    Fraction(188_000 + 19_000 * i) if i > 1 else None,
                    masked=i == 0,
                )
                for i, code in enumerate(zuid_codes())
            },
            unit="euro",
        ),
    ]


@pytest.fixture(scope="module")
def rendered(store: Any, render: Any, django_db_blocker: Any) -> list[tuple[str, str]]:
    with django_db_blocker.unblock():
        return [(c.title, render(c.spec)) for c in real_charts()]


def test_text_is_at_least_12_px_on_a_390_px_phone(rendered: list[tuple[str, str]]) -> None:
    for title, svg in rendered:
        width, _ = view_box(svg)
        scale = min(1.0, style.PHONE_WIDTH / width)
        smallest = min(box.size for box in boxes(svg))
        assert smallest * scale >= style.PHONE_FONT, (title, width, smallest)


def test_no_text_reaches_past_the_edge_of_the_image(rendered: list[tuple[str, str]]) -> None:
    for title, svg in rendered:
        width, height = view_box(svg)
        found = list(boxes(svg))
        assert found, title
        for box in found:
            inside = box.left >= 0 and box.right <= width and box.top >= 0 and box.bottom <= height
            assert inside, (title, box, (width, height))


def test_the_status_chart_names_every_pillar_in_full(rendered: list[tuple[str, str]]) -> None:
    _, svg = rendered[0]
    pillars = {s.label for s in overview.pillar_summaries(targets(2024), YEAR)}
    assert pillars == {"Thuisbasis op orde", "School", "Werk", "Wonen"}
    assert pillars <= {box.text for box in boxes(svg)}


def test_the_measuring_sees_a_label_cut_off() -> None:
    """The measuring itself: a label drawn past the left edge, as the status chart's
    "Thuisbasis op orde" was, is found."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50">'
        '<g transform="translate(10,0)"><text text-anchor="end" transform="translate(40,20)" '
        'font-size="12px">Thuisbasis op orde</text></g></svg>'
    )
    (box,) = boxes(svg)
    assert box.left < 0 < box.right == 50
    assert round(box.right - box.left) == round(text_width("Thuisbasis op orde", 12, False))
