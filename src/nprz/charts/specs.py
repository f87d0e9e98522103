"""Chart specs for the monitor: an indicator over time, the traffic lights per pillar, moving flows.

Each function returns a `Chart`: a self-contained Vega-Lite spec (inline data, fixed size,
Dutch number notation) plus what a reader without the picture needs: a generated Dutch
description and the data as a table of printed values. The same spec serves the web page
and the PDF report; `nprz.charts.render.render_svg` turns it into SVG on the server.
How the charts look is in `nprz.charts.drawing`; this module decides what they say.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nprz.charts import axes, drawing, style
from nprz.charts.style import (
    capitalise,
    finish,
    first_seen,
    join_nl,
    named_chart,
    number_text,
)
from nprz.core.corrections import Correction
from nprz.core.formatting import MISSING_TEXT, format_number
from nprz.core.periods import Period, PeriodError


@dataclass(frozen=True)
class Point:
    """One observation on a line."""

    area: str  # the area's name, as the legend shows it
    period: str  # as printed: "2024", "2023/24", "2020-2023"
    year: int  # the year the period ends: the x position
    value: float
    provisional: bool  # voorlopig: drawn hollow and marked in the table
    # A known correction (decision 022): the printed value is still drawn, ringed, and the
    # description, the subtitle and the table say what the sums give instead.
    correction: Correction | None = None


@dataclass(frozen=True)
class Marker:
    """A target drawn as a black symbol, named in the legend, e.g. "doel 2024" or the end level."""

    label: str
    year: int
    value: float


@dataclass(frozen=True)
class TargetPath:
    """What a target asks year by year: its start value in its start year, the level due in
    each year the plan sets one, and its end level in its end year. A year the plan sets no
    level for is not in `points`, and the path is not drawn across it."""

    label: str  # "streefpad", "pad naar 10.000": named in the chart's subtitle and table
    points: tuple[tuple[int, float], ...]  # (year, level), by year


@dataclass(frozen=True)
class Chart:
    title: str
    description: str  # what a screen-reader user gets instead of the picture
    spec: dict[str, Any]  # Vega-Lite, JSON-able
    columns: tuple[str, ...]  # header of the table that goes with the chart
    rows: tuple[tuple[str, ...], ...]  # that table, values as printed in Dutch


Table = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]

STATUSES = ("groen", "oranje", "rood", "geen")
FLOW_COLUMNS = ("Periode", "Vestigers", "Vertrekkers", "Saldo")


def _known(value: float | None) -> float | None:
    """A number that can be drawn and printed; NaN and infinity count as missing."""
    return value if value is not None and math.isfinite(value) else None


def _empty(title: str, table: Table) -> Chart:
    return Chart(title, style.NO_DATA, style.empty_spec(title), *table)


# The store keeps values to 6 decimals (monitor.models.DECIMALS); a float below that is noise
# from a computation, and a range like [0, 2e-311] leaves Vega unable to draw axis ticks.
PLOTTED_DECIMALS = 6


def _plotted(value: float) -> float:
    """A value as the chart's data holds it: plain JSON (also for a Decimal), rounded to the
    precision the store has."""
    return round(float(value), PLOTTED_DECIMALS) + 0.0  # + 0.0: no "-0.0" in the data


def _first_year(p: Point) -> int:
    """The first year a period covers (2020 for 2020-2023, 2023 for 2023/24)."""
    try:
        return min(Period.parse(p.period).first_year, p.year)
    except PeriodError:
        return p.year


def _runs(points: Sequence[Point]) -> list[list[Point]]:
    """An area's points split where years go unmeasured: the next period must begin at the
    latest the year after the previous one ends. Only points within a run are joined by a
    line, so the chart draws no trend between two measurements years apart."""
    runs: list[list[Point]] = []
    for p in sorted(points, key=lambda p: (p.year, _first_year(p))):
        if runs and _first_year(p) <= runs[-1][-1].year + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _path_runs(path: TargetPath) -> list[list[tuple[int, float]]]:
    runs: list[list[tuple[int, float]]] = []
    for year, value in sorted(path.points):
        if runs and year <= runs[-1][-1][0] + 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def indicator_chart(
    *,
    title: str,
    unit: str,
    decimals: int,
    points: Sequence[Point],
    markers: Sequence[Marker],
    paths: Sequence[TargetPath] = (),
    report_year: int | None = None,
) -> Chart:
    """Lines per area over the years, each target's path as a grey band, its levels as black
    symbols. Axes by `nprz.charts.axes`: the years after `report_year` may share a shortened
    last quarter of the width."""
    # A value that is not a number cannot be drawn or printed: it is left out, as a gap.
    points = [p for p in points if math.isfinite(p.value)]
    markers = [m for m in markers if math.isfinite(m.value)]
    paths = [
        TargetPath(t.label, tuple((y, v) for y, v in t.points if math.isfinite(v))) for t in paths
    ]
    paths = [t for t in paths if t.points]
    areas = first_seen(p.area for p in points)
    table = _indicator_table(points, markers, paths, areas, unit, decimals)
    if not points:
        return _empty(title, table)

    def text(value: float) -> str:
        return number_text(value, unit, decimals)

    def at(p: Point) -> str:
        return f"{text(p.value)} ({p.period}{', voorlopig' if p.provisional else ''})"

    first = min(points, key=lambda p: p.year)
    last = max(points, key=lambda p: p.year)
    span = first.period if first.period == last.period else f"{first.period} tot {last.period}"
    sentences = [f"{named_chart('Lijndiagram', title)} voor {join_nl(areas)}, {span}."]
    by_area = {area: _runs([p for p in points if p.area == area]) for area in areas}
    # Told about: the area with the longest series (the first in the legend of equals).
    told = max(areas, key=lambda a: sum(len(run) for run in by_area[a]))
    own = [p for run in by_area[told] for p in run]
    if len(own) == 1:
        sentences.append(f"{told}: {at(own[0])}.")
    else:
        sentences.append(f"{told} ging van {at(own[0])} naar {at(own[-1])}.")
    gaps = [f"{a[-1].period} en {b[0].period}" for a, b in itertools.pairwise(by_area[told])]
    if gaps:
        sentences.append(
            f"Tussen {join_nl(gaps)} kent de monitor geen meting van {told}; daar is geen "
            "lijn getekend."
        )
    for path in paths:
        (y0, v0), (y1, v1) = path.points[0], path.points[-1]
        start, end = target_text(v0, unit, decimals), target_text(v1, unit, decimals)
        sentences.append(
            capitalise(f"{path.label}: {start} van {y0} tot {y1}.")
            if all(v == v0 for _, v in path.points)
            else capitalise(f"{path.label}: van {start} in {y0} naar {end} in {y1}.")
        )
    if markers:
        sentences.append(
            capitalise("; ".join(f"{m.label}: {text(m.value)}" for m in markers)) + "."
        )
    corrected = [p for p in points if p.correction is not None]
    sentences += [
        f"Omcirkeld: {p.area} in {p.period}. {p.correction.note}"
        for p in corrected
        if p.correction is not None
    ]
    description = " ".join(sentences)

    values = [
        {
            "gebied": p.area,
            "reeks": f"{p.area} {index}",
            "periode": p.period,
            "jaar": p.year,
            "waarde": _plotted(p.value),
            "voorlopig": p.provisional,
            # Only a corrected point carries the key: a chart without one stays as it was.
            **({"correctie": p.correction.note} if p.correction is not None else {}),
        }
        for area in areas
        for index, run in enumerate(by_area[area])
        for p in run
    ]
    path_rows = [
        {"reeks": f"{number} {index}", "jaar": year, "waarde": _plotted(value)}
        for number, path in enumerate(paths)
        for index, run in enumerate(_path_runs(path))
        for year, value in run
    ]
    targets = [
        {
            "gebied": f"{m.label}: {text(m.value)}",
            "jaar": m.year,
            "waarde": _plotted(m.value),
            # Doel: a diamond; the level to reach at the end of the plan or anything else: a cross.
            "symbool": "diamond" if m.label.lower().startswith("doel") else "cross",
        }
        for m in markers
    ]
    years = [p.year for p in points] + [m.year for m in markers]
    years += [y for t in paths for y, _ in t.points]
    now = max(p.year for p in points)
    if report_year is not None:
        now = max(now, report_year)
    x_axis = axes.year_axis(min(years), now, max(years), style.WIDTH, style.X_PADDING)
    levels = [p.value for p in points] + [m.value for m in markers]
    levels += [v for t in paths for _, v in t.points]
    y_axis = axes.value_axis(levels, unit, decimals)
    years_only = all(p.period == str(p.year) for p in points)
    notes = []
    if paths:
        notes.append(f"Grijze band: {join_nl(first_seen(t.label for t in paths))}.")
    if x_axis.shortened_from is not None:
        notes.append(f"Na {x_axis.shortened_from} is de tijdas ingekort (grijs vlak).")
    if any(p.provisional for p in points):
        notes.append("Open symbool: voorlopig cijfer.")
    if corrected:
        notes.append(corrected_note(len(corrected)))
    data = style.Datasets()
    chart = drawing.lines(
        values,
        targets,
        path_rows,
        title=style.title(title, " ".join(notes)),
        areas=areas,
        unit_title=style.UNIT_TITLES.get(unit, unit),
        x_title="Jaar" if years_only else "Jaar (einde van de periode)",
        x_axis=x_axis,
        y_axis=y_axis,
        data=data,
    )
    spec = finish(chart, description, data)
    return Chart(title, description, spec, *table)


def corrected_note(count: int) -> str:
    """The subtitle's line for the ringed points: what the ring means, where to read more."""
    if count == 1:
        return "Omcirkeld: 1 waarde die waarschijnlijk niet klopt; zie de voetnoot bij de tabel."
    return (
        f"Omcirkeld: {count} waarden die waarschijnlijk niet kloppen; zie de voetnoten bij "
        "de tabel."
    )


def _indicator_table(
    points: Sequence[Point],
    markers: Sequence[Marker],
    paths: Sequence[TargetPath],
    areas: list[str],
    unit: str,
    decimals: int,
) -> Table:
    """One row per period, one column per area, each path in a column, the targets last."""
    keys = {(p.year, p.period) for p in points}
    extra = {m.year for m in markers} | {y for t in paths for y, _ in t.points}
    keys |= {(year, str(year)) for year in extra if all(y != year for y, _ in keys)}
    cells = {}
    for p in points:
        flag = " (voorlopig)" if p.provisional else ""
        if p.correction is not None:
            flag += f" ({_correction_text(p.correction)})"
        cells[p.year, p.period, p.area] = number_text(p.value, unit, decimals) + flag
    path_names = _path_columns(paths)
    rows = []
    done: set[int] = set()
    for year, period in sorted(keys):
        row = [period, *(cells.get((year, period, area), MISSING_TEXT) for area in areas)]
        for path in paths:
            # A year's level goes on its first row only, as the targets do.
            level = dict(path.points).get(year) if year not in done else None
            row.append(MISSING_TEXT if level is None else target_text(level, unit, decimals))
        if markers:
            # A year's targets go on its first row only, so each target is printed once.
            own = [m for m in markers if m.year == year and year not in done]
            row.append("; ".join(f"{m.label}: {number_text(m.value, unit, decimals)}" for m in own))
        done.add(year)
        rows.append(tuple(row))
    return ("Periode", *areas, *path_names, *(("Doel",) if markers else ())), tuple(rows)


def _correction_text(correction: Correction) -> str:
    """The correction in a cell of the chart's table, after the printed value."""
    if not correction.likely:
        return correction.why
    if correction.derived:
        return f"{correction.why}; daarmee wordt het {correction.likely}"
    return f"{correction.why}; de optelling geeft {correction.likely}"


def _path_columns(paths: Sequence[TargetPath]) -> list[str]:
    names = [capitalise(t.label) for t in paths]
    return [n if names.count(n) == 1 else f"{n} ({i + 1})" for i, n in enumerate(names)]


def target_text(value: float, unit: str, decimals: int) -> str:
    """A level a target sets, one decimal finer for a whole percentage (41% -> 47,2%), as
    the target tables print it."""
    return number_text(value, unit, max(decimals, 1) if unit in ("percent", "%") else decimals)


def status_chart(*, title: str, counts: Sequence[tuple[str, str, int]]) -> Chart:
    """Per pillar one bar, stacked by traffic light, each segment labelled with its count."""
    pillars = first_seen(pillar for pillar, _, _ in counts)
    totals: dict[tuple[str, str], int] = {}
    for pillar, status, number in counts:
        if status not in STATUSES:
            raise ValueError(f"onbekend oordeel {status!r} bij {pillar!r}: {', '.join(STATUSES)}")
        if number < 0:
            raise ValueError(f"negatief aantal {number} bij {pillar!r}, {status}")
        totals[pillar, status] = totals.get((pillar, status), 0) + number
    labels = [drawing.STATUS_LABELS[s] for s in STATUSES]
    rows = tuple(
        (
            pillar,
            *(format_number(totals.get((pillar, s), 0)) for s in STATUSES),
            format_number(sum(totals.get((pillar, s), 0) for s in STATUSES)),
        )
        for pillar in pillars
    )
    table: Table = ("Pijler", *labels, "totaal"), rows
    if not any(totals.values()):
        return _empty(title, table)

    values = []
    parts = []
    for pillar in pillars:
        # Stacked here rather than by Vega, so the label of a segment sits at its middle.
        start = 0
        said = []
        for status in STATUSES:
            number = totals.get((pillar, status), 0)
            if number:
                label = drawing.STATUS_LABELS[status]
                values.append(
                    {
                        "pijler": pillar,
                        "oordeel": label,
                        "aantal": number,
                        "begin": start,
                        "eind": start + number,
                        "midden": start + number / 2,
                    }
                )
                said.append(f"{format_number(number)} {label}")
                start += number
        parts.append(f"{pillar}: {join_nl(said) if said else '0'}")
    description = (
        f"{named_chart('Gestapeld staafdiagram', title)}, per pijler het aantal per oordeel. "
        f"{'; '.join(parts)}."
    )
    data = style.Datasets()
    chart = drawing.status_bars(values, title=style.title(title), pillars=pillars, data=data)
    return Chart(title, description, finish(chart, description, data), *table)


def flows_chart(
    *,
    title: str,
    rows: Sequence[tuple[str, float | None, float | None]],
    category: str = "Periode",
) -> Chart:
    """Vestigers (in) and vertrekkers (out) per period (or per area: `category`) as grouped
    bars."""
    clean = [(period, _known(came), _known(left)) for period, came, left in rows]
    given = [v for _, came, left in clean for v in (came, left) if v is not None]
    # Flows are counts of people, printed whole; a derived average keeps one decimal.
    places = 0 if all(float(v).is_integer() for v in given) else 1

    def text(value: float | None) -> str:
        return number_text(value, "aantal", places)

    table_rows = tuple(
        (
            period,
            text(came),
            text(left),
            "onbekend" if came is None or left is None else text(came - left),
        )
        for period, came, left in clean
    )
    table: Table = (category, *FLOW_COLUMNS[1:]), table_rows
    values = [
        {"periode": period, "soort": kind, "aantal": float(value)}
        for period, came, left in clean
        for kind, value in zip(drawing.FLOW_KINDS, (came, left), strict=True)
        if value is not None
    ]
    if not values:
        return _empty(title, table)

    periods = first_seen(str(v["periode"]) for v in values)
    span = periods[0] if len(periods) == 1 else f"{periods[0]} tot {periods[-1]}"
    description = (
        f"{named_chart('Staafdiagram', title)}: vestigers en vertrekkers per "
        f"{category.lower()}, {span}."
    )
    complete = [(p, c, lft) for p, c, lft in clean if c is not None and lft is not None]
    if complete:
        period, came, left = complete[-1]
        description += (
            f" In {period}: {text(came)} vestigers en {text(left)} vertrekkers,"
            f" saldo {text(came - left)}."
        )
    data = style.Datasets()
    chart = drawing.flow_bars(
        values, title=style.title(title), periods=periods, category=category, data=data
    )
    return Chart(title, description, finish(chart, description, data), *table)
