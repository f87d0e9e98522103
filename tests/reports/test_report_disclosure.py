"""Small counts in the report stay hidden, also against a reader who does the sums.

Two attacks: the module's own (`nprz.core.disclosure.recoverable`, on the grid it decided
on) and an independent one on the RENDERED HTML: the moving-flows tables are read back from
the page, the identities between their columns (and between a gebied and its wijken) are
written out here again, and a hidden cell must not be the only unknown of an equation, nor
be fixed by the equations together (exact linear algebra over fractions). The same attack on
the table as the 2024 report printed it must find every "<5", so the attack is shown to bite.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.test import override_settings

from nprz import programmes
from nprz.core.disclosure import as_printed, describe, recoverable
from nprz.monitor import models as m
from nprz.programmes.schema import FlowsChapter
from nprz.publication import MASKED as HIDDEN
from nprz.publication.disclosure import cell_name, configured_rule
from nprz.reports.flows import flows_section

YEAR = 2024
THRESHOLD = 5
PROTECTED = ("thuiszitters", "verhuizingen")
# The columns of the three flows tables, in the order of the chapter's definition
# (programme.yaml: totals first, then the breakdown by origin and by destination), written
# out here rather than taken from the code under test.
COLUMNS = {
    "Totalen": (
        "verhuis-in",
        "verhuis-uit",
        "verhuis-saldo",
        "verhuis-binnen",
        "verhuis-totaal",
        "verhuis-bevolking",
        "verhuis-mobiliteit",
    ),
    "Vestigers": tuple(f"verhuis-in-{i}" for i in range(1, 8)),
    "Vertrekkers": tuple(f"verhuis-uit-{i}" for i in range(1, 8)),
}
COUNTS = {code for codes in COLUMNS.values() for code in codes} - {
    "verhuis-saldo",
    "verhuis-mobiliteit",
}
GROUPS = ("gebied-feijenoord", "gebied-ijsselmonde", "gebied-charlois", "nprz", "focuswijken")
# The cells the 2024 report printed as "<5", with what its own totals give for them.
PRINTED_SMALL = {
    ("kop-van-zuid", "verhuis-in-7"),
    ("noordereiland", "verhuis-in-7"),
    ("wielewaal", "verhuis-in-7"),
    ("wielewaal", "verhuis-uit-6"),
    ("charlois-zuidrand", "verhuis-binnen"),
    ("charlois-zuidrand", "verhuis-uit-4"),
    ("heijplaat", "verhuis-in-7"),
    ("heijplaat", "verhuis-uit-7"),
}
pytestmark = pytest.mark.django_db

Cell = tuple[str, str]  # (area code, indicator code)


# --- reading the flows tables back from a page --------------------------------------------


def area_codes() -> dict[str, str]:
    names = {a.name: a.code for a in m.Area.objects.all()}
    return names | {"NPRZ": "nprz"}


def flows_cells(read, page: str) -> dict[Cell, Fraction | None]:
    """(area, indicator) -> the published count, None where the page says 'afgeschermd'.
    The totals are in the section "verhuizingen", the breakdown in its child section."""
    sections = read.sections(page)
    bodies = [b for name, b in sections.items() if name.startswith("verhuizingen")]
    codes = area_codes()
    found: dict[Cell, Fraction | None] = {}
    for table in [t for body in bodies for t in read.tables(body)]:
        if table.caption.startswith("Gegevens bij de grafiek"):
            continue
        (kind,) = [k for k in COLUMNS if table.caption.startswith(k)]
        columns = COLUMNS[kind]
        assert len(table.header) == 1 + len(columns), table.header
        for row in table.rows:
            area = codes[row[0]]
            for code, text in zip(columns, row[1:], strict=True):
                # Unprotected, a cell the source printed as "<5" shows that.
                value = None if text in (HIDDEN, "<5") else parse(text)
                if (area, code) in found:
                    assert found[area, code] == value, (area, code)
                found[area, code] = value
    return found


def parse(text: str) -> Fraction:
    assert text not in ("", "–", "ontbreekt"), text
    if text.endswith("%"):
        return Fraction(text[:-1].replace(".", "").replace(",", ".")) / 100
    return Fraction(text.replace(".", ""))


# --- the reader's equations, written out independently of the code under test -------------

Equation = dict[Cell, int]  # cell -> coefficient; sum(coefficient * value) == 0


def equations(cells: dict[Cell, Fraction | None]) -> list[Equation]:
    areas = {area for area, _ in cells}
    found: list[Equation] = []
    for area in areas:
        rows = [
            {(area, "verhuis-in"): -1} | {(area, f"verhuis-in-{i}"): 1 for i in range(1, 8)},
            {(area, "verhuis-uit"): -1} | {(area, f"verhuis-uit-{i}"): 1 for i in range(1, 8)},
            {
                (area, "verhuis-totaal"): -1,
                (area, "verhuis-binnen"): 1,
                (area, "verhuis-in"): 1,
                (area, "verhuis-uit"): 1,
            },
            {(area, "verhuis-saldo"): -1, (area, "verhuis-in"): 1, (area, "verhuis-uit"): -1},
        ]
        found += [eq for eq in rows if all(cell in cells for cell in eq)]
    members: dict[str, list[str]] = {}
    for link in m.AreaMembership.objects.filter(group__code__in=GROUPS).select_related(
        "group", "member"
    ):
        members.setdefault(link.group.code, []).append(link.member.code)
    for group, parts in members.items():
        if group not in areas or not set(parts) <= areas:
            continue
        for code in {c for _, c in cells} - {"verhuis-mobiliteit", "verhuis-bevolking"}:
            found.append({(group, code): -1} | {(part, code): 1 for part in parts})
    return found


def single_equation_leaks(cells: dict[Cell, Fraction | None]) -> dict[Cell, Fraction]:
    """Hidden cells that are the only unknown of an equation, with the value it gives."""
    leaks: dict[Cell, Fraction] = {}
    for eq in equations(cells):
        unknown = [cell for cell in eq if cells[cell] is None]
        if len(unknown) == 1:
            (cell,) = unknown
            rest = sum(coef * cells[c] for c, coef in eq.items() if c != cell)
            leaks[cell] = -rest / eq[cell]
    return leaks


def determined(cells: dict[Cell, Fraction | None]) -> set[Cell]:
    """Hidden cells whose value the equations fix together: e_cell in the row space of the
    equations over the hidden cells (reduced row echelon form, exact)."""
    hidden = sorted(cell for cell, value in cells.items() if value is None)
    index = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for eq in equations(cells):
        row = [Fraction(0)] * len(hidden)
        for cell, coef in eq.items():
            if cell in index:
                row[index[cell]] += coef
        if any(row):
            rows.append(row)
    pivot_row = 0
    for col in range(len(hidden)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col]), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col]:
                factor = rows[r][col]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return {hidden[row.index(1)] for row in rows[:pivot_row] if sum(1 for x in row if x) == 1}


# --- the fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(built, read, django_db_blocker, store) -> dict[Cell, Fraction | None]:
    with django_db_blocker.unblock():
        return flows_cells(read, built.html)


@pytest.fixture(scope="module")
def printed(store, read, django_db_blocker, tmp_path_factory) -> dict[Cell, Fraction | None]:
    """The flows tables rendered with no protection: what the 2024 report printed."""
    from nprz.reports.document import Document
    from nprz.reports.render import write_html

    with django_db_blocker.unblock(), override_settings(NPRZ_DISCLOSURE_TABLES=()):
        spec = next(c for c in programmes.definition().chapters if isinstance(c, FlowsChapter))
        section = flows_section(spec, YEAR)
        doc = Document("zoals-gedrukt", "Zoals gedrukt", "", YEAR, (), [section], "")
        page = write_html(doc, tmp_path_factory.mktemp("gedrukt")).read_text("utf-8")
        return flows_cells(read, page)


# --- the rule's own attack ----------------------------------------------------------------


@pytest.mark.parametrize("table", PROTECTED)
def test_nothing_is_recoverable_after_protection(built, table: str) -> None:
    protection = built.disclosure.protections[table]
    assert protection.rule.threshold == THRESHOLD
    assert protection.primary
    assert recoverable(protection) == []


@pytest.mark.parametrize("table", PROTECTED)
def test_every_count_below_the_threshold_is_hidden(built, table: str) -> None:
    protection = built.disclosure.protections[table]
    grid = protection.grid
    small = {
        cell
        for cell, value in grid.values.items()
        if value is None or (cell not in grid.signed and value < THRESHOLD)
    }
    assert small
    assert small <= protection.primary
    for cell, value in protection.published.items():
        if value is not None and cell not in grid.signed:
            assert value >= THRESHOLD, cell


def test_the_printed_tables_gave_the_small_counts_away(built, store) -> None:
    """The rule's own attack on the tables as printed finds the "<5" cells of the flows."""
    grid = built.disclosure.protections["verhuizingen"].grid
    found = {r.cell for r in recoverable(as_printed(grid, configured_rule()))}
    expected = {cell_name(code, area, str(YEAR)) for area, code in PRINTED_SMALL}
    assert expected <= found


def test_the_summary_in_the_report(built, read) -> None:
    protection = built.disclosure.protections["verhuizingen"]
    assert len(protection.primary) == len(PRINTED_SMALL) == 8
    secondary = len(protection.secondary)
    assert secondary > 0  # a "<5" alone is the only unknown of its row
    assert describe(protection) == (
        f"8 cellen onder 5 verborgen, {secondary} extra cellen verborgen zodat ze niet terug "
        f"te rekenen zijn; {len(protection.withheld_derived)} afgeleide cijfers weggelaten"
    )
    assert f"Kleine aantallen zijn afgeschermd. {describe(protection)}." in read.text_of(
        read.sections(built.html)["verhuizingen"]
    )


# --- an independent attack on the rendered HTML -------------------------------------------


def test_the_flows_tables_hide_the_cells_the_rule_hid(built, published) -> None:
    protection = built.disclosure.protections["verhuizingen"]
    hidden = protection.hidden | protection.withheld_derived
    assert len({area for area, _ in published}) == 28  # the printed table's rows
    assert len(published) == 28 * 21
    for (area, code), value in published.items():
        name = cell_name(code, area, str(YEAR))
        assert (value is None) == (name in hidden), name
    assert sum(1 for v in published.values() if v is None) == len(hidden)


def test_no_small_count_is_published_in_the_flows_tables(published) -> None:
    for (area, code), value in published.items():
        if code in COUNTS and value is not None:
            assert value >= THRESHOLD, (area, code, value)


def test_no_hidden_flow_is_the_only_unknown_of_an_equation(published) -> None:
    hidden = {cell for cell, value in published.items() if value is None}
    assert hidden
    eqs = equations(published)
    assert len(eqs) > 100
    for eq in eqs:
        unknown = [cell for cell in eq if cell in hidden]
        assert len(unknown) != 1, f"{unknown[0]} follows from {sorted(eq)}"
    assert single_equation_leaks(published) == {}


def test_no_hidden_flow_follows_from_the_equations_together(published) -> None:
    assert determined(published) == set()


def test_mobility_is_withheld_when_its_total_is_hidden(published) -> None:
    """Mobiliteit = totaal / bevolking, printed to 0,1%: beside a published population it
    narrows a hidden total to a few values."""
    for area, code in published:
        if code == "verhuis-totaal" and published[area, code] is None:
            assert published[area, "verhuis-mobiliteit"] is None, area


def test_as_printed_the_same_attack_recovers_every_small_count(printed) -> None:
    """The test can fail: on the table as the 2024 report printed it, every "<5" is the only
    unknown of one of its equations."""
    hidden = {cell for cell, value in printed.items() if value is None}
    assert hidden == PRINTED_SMALL
    leaks = single_equation_leaks(printed)
    assert set(leaks) == PRINTED_SMALL
    assert all(0 <= value < THRESHOLD for value in leaks.values()), leaks
    # Charlois Zuidrand: totaal 235 = binnen + vestigers 125 + vertrekkers 108.
    assert leaks["charlois-zuidrand", "verhuis-binnen"] == 2
    assert determined(printed) == PRINTED_SMALL


# --- the area documents hide the same cells -----------------------------------------------


@pytest.mark.parametrize("code", ["charlois-zuidrand", "kop-van-zuid"])
def test_an_area_document_hides_what_the_report_hides(
    built, published, read, tmp_path, code: str
) -> None:
    from nprz.reports.areas import area_document
    from nprz.reports.render import write_html

    area = m.Area.objects.get(code=code)
    doc = area_document(area, YEAR)
    mine = flows_cells(read, write_html(doc, tmp_path).read_text("utf-8"))
    assert {a for a, _ in mine} >= {code, "nprz"}
    assert any(value is None for (a, _), value in mine.items() if a == code)
    for cell, value in mine.items():
        assert published[cell] == value, cell


# --- the thuiszitters table ---------------------------------------------------------------


def test_the_thuiszitters_table_hides_what_the_rule_hid(built, read, store) -> None:
    protection = built.disclosure.protections["thuiszitters"]
    grid = protection.grid
    withheld = protection.hidden | protection.withheld_derived
    indicators = {i.name: i.code for i in m.Indicator.objects.all()}
    areas = area_codes()
    body = read.sections(built.html)["thuiszitters"]
    table = read.table(body, "Thuiszitters")
    periods = table.header[2:]
    seen = set()
    for row in table.rows:
        indicator, area = indicators[row[0]], areas[row[1]]
        for period, text in zip(periods, row[2:], strict=True):
            name = cell_name(indicator, area, period)
            seen.add(name)
            assert (text == HIDDEN) == (name in withheld), (name, text)
            if name in grid.values and name not in withheld:
                assert parse(text) >= THRESHOLD or name in grid.signed, (name, text)
    assert set(grid.values) <= seen
    shown = sum(row.count(HIDDEN) for row in table.rows)
    assert shown == len(withheld) > 0
    assert f"{shown} cellen afgeschermd" in read.text_of(body)


# --- the rest of the document must not give a hidden cell away ---------------------------


def test_the_accountability_chapter_does_not_print_a_hidden_cell(built, read) -> None:
    """The table of differences between the printed report and the recomputation (chapter
    Verantwoording) comes from `nprz check`, which recomputes every "<5" from the totals.
    Printing that recomputed value undoes the protection of the flows table."""
    body = read.sections(built.html)["verantwoording"]
    table = read.table(body, "Waar het gedrukte rapport afwijkt")
    leaks = []
    for table_code in PROTECTED:
        protection = built.disclosure.protections[table_code]
        for name in sorted(protection.hidden):
            indicator, area, period = name.split("@")
            for what, _where, _printed, recomputed in table.rows:
                if f"({indicator}, {area}, {period})" in what and any(
                    ch.isdigit() for ch in recomputed
                ):
                    leaks.append((name, what, recomputed))
    assert leaks == []
