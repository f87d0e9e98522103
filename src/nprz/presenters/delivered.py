"""Delivered context figures of an area beside those of the areas it is compared with.

The report's own tables hold few figures per wijk; the deliveries (CBS Kerncijfers wijken en
buurten, the map file) hold many. For a wijk this table puts its figures beside its gebied
and the areas the programme compares with (its definition's `area_documents.compare`: the
city), and, for counts, the number per 1.000 inhabitants of the same delivery year: a ratio
the monitor computes from the delivered (for CBS: rounded) counts and says so. One presenter
for the area page and the area document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from nprz import programmes, publication
from nprz.core.formatting import format_number
from nprz.monitor import models as m
from nprz.monitor.values import ValueRow
from nprz.presenters.common import value_cell
from nprz.presenters.tables import Cell, Column, Table, number

# The inhabitants are the indicator that measures "inwoners" (CBS's AantalInwoners, or a
# programme's own population count with that measure).
INHABITANTS = "inwoners"
PER = 1000
MAP_NOTE = "De naam van een cijfer opent de kaart die de wijken erop vergelijkt."


@dataclass(frozen=True)
class Delivered:
    table: Table
    sources: tuple[str, ...]  # as a reader knows them: "CBS 85984NED Kerncijfers wijken …"


def compared_areas(area: m.Area) -> list[m.Area]:
    """The area, the groups it lies in, and the areas the programme compares every area
    with (its definition's `area_documents.compare`), in that order; a city beside the other
    cities. Areas without delivered figures drop out in `delivered_figures`."""
    found = [area]
    for link in area.group_links.select_related("group"):
        if link.group not in found:
            found.append(link.group)
    codes = programmes.definition().area_documents.compare
    by_code = {a.code: a for a in m.Area.objects.filter(code__in=codes)}
    found += [by_code[c] for c in codes if c in by_code and by_code[c] not in found]
    if area.kind == m.AreaKind.GEMEENTE:
        found += [a for a in m.Area.objects.filter(kind=m.AreaKind.GEMEENTE) if a not in found]
    return found


def delivered_figures(
    area: m.Area,
    year: int,
    query: str = "",
    map_link: Callable[[str], str] | None = None,
) -> Delivered | None:
    """None when no delivery has figures for this area; `query` selects the year in the
    download links. With `map_link` (indicator code -> the address of the wijken's map on
    that figure; the website's, the area documents print no links), each indicator whose
    value for the area the reader sees is named by a link to that map: the map then shows
    at least this area's figure."""
    candidates = compared_areas(area)
    rows_by_area = {a.code: _imported(publication.values(year, area=a)) for a in candidates}
    own = rows_by_area[area.code]
    if not own:
        return None
    areas = [a for a in candidates if a == area or rows_by_area[a.code]]
    inhabitants = {
        code: next((r for i, r in rows.items() if i.measure == INHABITANTS), None)
        for code, rows in rows_by_area.items()
    }
    table_rows = []
    sources: dict[str, str] = {}
    rates = False
    for indicator, row in own.items():
        shown = row.value is not None and not row.masked
        href = map_link(indicator.code) if map_link is not None and shown else ""
        cells = [Cell(indicator.name, indicator.code, href=href), Cell(row.period)]
        for a in areas:
            other = rows_by_area[a.code].get(indicator)
            rate = _per_inhabitants(other, indicator, inhabitants.get(a.code))
            rates = rates or rate is not None
            cells.append(_cell(other, indicator, rate))
            if other is not None:
                sources[other.table_code] = other.table
        table_rows.append(tuple(cells))
    rate_text = (
        f"Tussen haakjes: per {format_number(PER)} inwoners, door de monitor berekend uit de "
        "door CBS afgeronde aantallen; "
        if rates
        else ""
    )
    columns = (
        Column("indicator", "Indicator"),
        Column("periode", "Periode"),
        *(Column(a.code, a.name, numeric=True) for a in areas),
    )
    table = Table(
        slug=f"geleverd-{area.code}-{year}",
        title=f"Kerncijfers uit leveringen: {area.name} vergeleken",
        caption=f"{len(table_rows)} cijfers. {rate_text}– = geen waarde geleverd",
        columns=columns,
        rows=tuple(table_rows),
        download_path=f"/gebieden/{area.code}/geleverd",
        download_query=query,
        notes=(MAP_NOTE,) if any(row[0].href for row in table_rows) else (),
    )
    return Delivered(table, tuple(sorted(set(sources.values()))))


def _imported(rows: list[ValueRow]) -> dict[m.Indicator, ValueRow]:
    """The area's latest value per indicator, for indicators only deliveries bring."""
    found: dict[m.Indicator, ValueRow] = {}
    for row in rows:
        if row.delivered_context:
            found[row.indicator] = row  # rows come oldest first: the last one stays
    return found


def _cell(row: ValueRow | None, indicator: m.Indicator, rate: Fraction | None) -> Cell:
    if row is None:
        return Cell("–")
    if row.value is None:
        return Cell(row.printed or "–", note=row.remark)
    cell = value_cell(row.value, indicator.unit, indicator.decimals)
    if rate is None:
        return cell
    return Cell(f"{cell.text} ({format_number(rate, 1)})", number(row.value))


def _per_inhabitants(
    row: ValueRow | None, indicator: m.Indicator, inhabitants: ValueRow | None
) -> Fraction | None:
    counted = indicator.unit == "aantal" and indicator.additive
    if not counted or indicator.measure == INHABITANTS or inhabitants is None:
        return None
    if row is None or row.value is None:
        return None
    if inhabitants.value is None or inhabitants.period != row.period or not inhabitants.value:
        return None
    return row.value / inhabitants.value * PER
