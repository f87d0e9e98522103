"""The page builders' pieces on the bundled 2024 data: links, the goals table (selection,
sorting, the previous report's % closed), the overview's counts, and value rows.

Expected numbers come from `nprz targets --year 2024` and the dataset's CSV files.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from nprz.charts.specs import Chart
from nprz.core.status import Status
from nprz.datasets.records import Dataset
from nprz.monitor import models as m
from nprz.monitor.targets import TargetRow
from nprz.monitor.values import ValueRow, value_rows
from nprz.presenters import goals, overview
from nprz.presenters.common import (
    CLOSED_NOTE,
    ReportYear,
    change_text,
    chart_table,
    share_cell,
    status_cell,
    value_cell,
)
from nprz.presenters.indicators import target_table
from nprz.presenters.tables import Cell, Table, to_csv
from nprz.publication import targets
from nprz.web.pages.common import page

pytestmark = pytest.mark.django_db  # most tests read the loaded store
LATEST = ReportYear(2024, 2024)
EARLIER = ReportYear(2023, 2024)

WERK = [
    "werkzame-jongeren",
    "werkloosheid-jongeren",
    "besteedbaar-inkomen",
    "huishoudens-minimum-110",
    "werk-kinderen-minimum",
    "uitkering-wwb-ao-ww",
    "uitkering-wwb-ww",
    "werkenden-12-uur",
    "niet-werkende-beroepsbevolking",
    "bedrijfsruimte-m2",
    "werkzamen-techniek",
    "werkzamen-zorg",
    "bijstandsuitkeringen",
]
# Targets without a % closed (start beyond the reference, a level, qualitative), report order.
NO_SHARE = [
    "werkzame-jongeren",
    "bedrijfsruimte-m2",
    "mph-ontruimingen",
    "werkzamen-techniek",
    "werkzamen-zorg",
]
# The goals proper (role "doel"), in report order.
HEADLINE = [
    "thuisbasis-kinderen-minimum",
    "ve-indicatie",
    "fundamenteel-niveau",
    "streefniveau",
    "diploma-havo-vwo",
    "mbo-uitstroom-techniek",
    "mbo-uitstroom-zorg",
    "middelbaar-hoger-opgeleid",
    "werkloosheid-jongeren",
    "midden-hoge-inkomens",
    "mph-ontruimingen",
    "bijstandsuitkeringen",
]


# --- pure: links, page context, cells, chart tables -----------------------------------------


def test_link_leaves_the_default_year_out():
    assert LATEST.link("/doelen/") == "/doelen/"
    assert LATEST.link("/doelen/", pijler="werk") == "/doelen/?pijler=werk"
    assert LATEST.link("") == ""


def test_link_keeps_another_year_first():
    assert EARLIER.link("/doelen/") == "/doelen/?jaar=2023"
    assert EARLIER.link("/doelen/", pijler="werk", sorteer="naam") == (
        "/doelen/?jaar=2023&pijler=werk&sorteer=naam"
    )
    assert EARLIER.link("") == "?jaar=2023"


def test_link_drops_empty_params_and_encodes_the_rest():
    assert LATEST.link("/doelen/", pijler="", status="rood", rol="") == "/doelen/?status=rood"
    assert EARLIER.link("/doelen/", pijler="", richting="") == "/doelen/?jaar=2023"
    assert LATEST.link("/x/", q="a b&c=é") == "/x/?q=a+b%26c%3D%C3%A9"


def test_indicator_and_area_links():
    assert LATEST.indicator("werkloosheid-jongeren") == "/indicatoren/werkloosheid-jongeren/"
    assert EARLIER.indicator("woz-waarde") == "/indicatoren/woz-waarde/?jaar=2023"
    assert LATEST.area("hillesluis") == "/gebieden/hillesluis/"
    assert EARLIER.area("hillesluis") == "/gebieden/hillesluis/?jaar=2023"


def test_page_context_marks_the_current_menu_item_and_carries_the_year():
    context = page("/indicatoren/werkloosheid-jongeren/", "Werkloosheid", EARLIER, extra=1)
    assert [(link.href, link.current) for link in context["menu"]] == [
        ("/?jaar=2023", False),
        ("/doelen/?jaar=2023", False),
        ("/indicatoren/?jaar=2023", True),
        ("/gebieden/?jaar=2023", False),
        ("/interventies/?jaar=2023", False),
        ("/downloads/?jaar=2023", False),
    ]
    assert context["title"] == "Werkloosheid"
    assert context["year"] == 2023
    assert context["report_year"] == EARLIER
    assert context["extra"] == 1


def test_page_context_on_the_home_page_without_a_year():
    context = page("/", "Overzicht", None)
    assert [(link.href, link.label, link.current) for link in context["menu"]] == [
        ("/", "Overzicht", True),
        ("/doelen/", "Stand van de doelen", False),
        ("/indicatoren/", "Indicatoren", False),
        ("/gebieden/", "Gebieden", False),
        ("/interventies/", "Interventies", False),
        ("/downloads/", "Downloads", False),
    ]
    assert context["year"] is None


def test_a_download_address_belongs_to_its_pages_menu_item():
    context = page("/doelen/tabel.csv", "Stand", LATEST)
    assert [link.label for link in context["menu"] if link.current] == ["Stand van de doelen"]


def test_cells_carry_dutch_text_and_the_plain_value():
    assert value_cell(Fraction(45, 10), "percent", 1) == Cell("4,5%", 4.5)
    assert value_cell(Fraction(19300), "euro", 0, note="2011") == Cell(
        "€ 19.300", 19300.0, note="2011"
    )
    assert value_cell(None, "percent", 1) == Cell("–", None)
    assert share_cell(Fraction(5, 21)) == Cell("23,8%", 23.8095)
    assert share_cell(None) == Cell("–", None)
    assert status_cell(Status.ORANJE) == Cell("oranje", "oranje", status="oranje")
    assert status_cell(Status.GEEN) == Cell("geen oordeel", "geen", status="geen")


@pytest.mark.parametrize(
    ("change", "unit", "decimals", "text"),
    [
        (Fraction(-46, 10), "percent", 1, "-4,6 procentpunt"),
        (Fraction(8, 10), "percent", 1, "+0,8 procentpunt"),
        (Fraction(1200), "euro", 0, "+€ 1.200"),
        (Fraction(-271), "aantal", 0, "-271"),
        (Fraction(-2262), "m2", 0, "-2.262 m²"),
        (Fraction(-7, 10), "score", 1, "-0,7"),
        (Fraction(1, 100), "percent", 1, "0,0 procentpunt"),  # no sign on what prints as 0
    ],
)
@pytest.mark.django_db(False)
def test_a_change_is_written_in_the_indicators_unit(change, unit, decimals, text):
    assert change_text(change, unit, decimals) == text


def test_chart_table_has_the_charts_columns_and_rows():
    chart = Chart(
        title="Vestigers en vertrekkers, Hillesluis",
        description="",
        spec={},
        columns=("Periode", "Vestigers", "Vertrekkers", "Saldo (netto)"),
        rows=(("2024", "1.511", "1.695", "-184"),),
    )
    table = chart_table(chart, "grafiek-verhuizingen-hillesluis", "/gebieden/hillesluis/x")
    assert table.title == "Gegevens bij de grafiek: Vestigers en vertrekkers, Hillesluis"
    assert [c.key for c in table.columns] == ["periode", "vestigers", "vertrekkers", "saldo__netto"]
    assert [c.numeric for c in table.columns] == [False, True, True, True]
    assert [c.text for c in table.rows[0]] == ["2024", "1.511", "1.695", "-184"]
    assert table.csv_href == "/gebieden/hillesluis/x.csv"


def test_selection_params_name_only_what_differs_from_the_default():
    assert goals.Selection().params() == {
        "pijler": "",
        "status": "",
        "rol": "",
        "sorteer": "",
        "richting": "",
    }
    chosen = goals.Selection(pillar="werk", sort="ingelopen", descending=True)
    assert chosen.params(sorteer="naam") == {
        "pijler": "werk",
        "status": "",
        "rol": "",
        "sorteer": "naam",
        "richting": "af",
    }


# --- on the loaded data -------------------------------------------------------------------


@pytest.fixture
def rows(store: Dataset, db: None) -> list[TargetRow]:
    return targets(2024)


@pytest.fixture
def previous(store: Dataset, db: None) -> dict[str, goals.Previous]:
    return goals.previous_closed(2024)


def codes(rows: list[TargetRow]) -> list[str]:
    return [r.code for r in rows]


def select(rows, previous, **selection: object) -> list[TargetRow]:
    return goals.select(rows, previous, goals.Selection(**selection))  # type: ignore[arg-type]


def column(table: Table, key: str) -> list[Cell]:
    index = [c.key for c in table.columns].index(key)
    return [row[index] for row in table.rows]


def test_default_order_is_the_reports(rows, previous):
    shown = select(rows, previous)
    assert len(shown) == 46
    assert shown[0].code == "thuisbasis-kinderen-minimum"
    assert shown[-1].code == "bijstandsuitkeringen"
    assert codes(shown) == codes(rows)


def test_order_descending_keeps_the_reports_order(rows, previous):
    # every row has the same key, and Python's sort is stable also when reversed
    assert codes(select(rows, previous, descending=True)) == codes(rows)


def test_sort_on_closed_descending_largest_first_missing_last(rows, previous):
    shown = select(rows, previous, sort="ingelopen", descending=True)
    assert codes(shown)[:3] == ["mbo-zorg", "vsv-nieuw", "zonder-startkwalificatie"]
    assert shown[0].assessment.share_closed == Fraction(96, 89)  # 107,9%: (17,7-8,1)/(17-8,1)
    assert codes(shown)[-5:] == NO_SHARE
    known = [r.assessment.share_closed for r in shown[:-5]]
    assert None not in known
    assert known == sorted([k for k in known if k is not None], reverse=True)


def test_sort_on_closed_ascending_smallest_first_missing_still_last(rows, previous):
    shown = select(rows, previous, sort="ingelopen")
    assert codes(shown)[:4] == [
        "tevredenheid-woonsituatie",
        "verhuisgeneigdheid",
        "problematische-schuld",
        "koopwoningen",
    ]
    assert codes(shown)[-5:] == NO_SHARE
    known = [r.assessment.share_closed for r in shown[:-5]]
    assert None not in known
    assert known == sorted(k for k in known if k is not None)


def test_sort_on_the_previous_report_puts_nvt_and_absent_last(rows, previous):
    shown = select(rows, previous, sort="vorig", descending=True)
    assert codes(shown)[:2] == ["mbo-zorg", "afstroom"]  # 121,3% and 92,2% as printed
    # "nvt" (no value) and no figure at all (bijstandsuitkeringen) sort last, report order
    assert codes(shown)[-7:] == [
        "werkzame-jongeren",
        "werkloosheid-jongeren",
        "bedrijfsruimte-m2",
        "mph-ontruimingen",
        "werkzamen-techniek",
        "werkzamen-zorg",
        "bijstandsuitkeringen",
    ]


def test_sort_on_name_and_status(rows, previous):
    by_name = select(rows, previous, sort="naam")
    names = [r.name.casefold() for r in by_name]
    assert names == sorted(names)
    by_status = select(rows, previous, sort="status")
    assert [r.assessment.status.value for r in by_status] == (
        ["groen"] * 22 + ["oranje"] * 15 + ["rood"] * 6 + ["geen"] * 3
    )


def test_filter_on_pillar_werk_gives_exactly_the_werk_rows(rows, previous):
    shown = select(rows, previous, pillar="werk")
    assert codes(shown) == WERK
    assert len(shown) == 13


def test_filters_combine(rows, previous):
    assert codes(select(rows, previous, pillar="werk", status="oranje")) == [
        "werkloosheid-jongeren",
        "huishoudens-minimum-110",
        "uitkering-wwb-ao-ww",
        "uitkering-wwb-ww",
        "niet-werkende-beroepsbevolking",
        "bijstandsuitkeringen",
    ]
    assert codes(select(rows, previous, status="geen")) == [
        "mph-ontruimingen",
        "werkzamen-techniek",
        "werkzamen-zorg",
    ]
    assert codes(select(rows, previous, role="doel")) == HEADLINE
    assert select(rows, previous, pillar="school", status="rood") == []


def test_previous_closed_as_the_report_printed_it(previous):
    assert previous["werkloosheid-jongeren"] == goals.Previous("nvt", None)
    assert previous["besteedbaar-inkomen"] == goals.Previous("53,0%", Fraction(53))
    assert previous["huishoudens-minimum-110"] == goals.Previous("29%", Fraction(29))
    assert previous["problematische-schuld"] == goals.Previous("-33,1%", Fraction(-331, 10))
    assert previous["huishoudens-kinderen-130"] == goals.Previous("0", Fraction(0))
    assert "bijstandsuitkeringen" not in previous  # a target the previous report did not have


def by_key(table: Table, code: str) -> dict[str, Cell]:
    """The row of `code` as {column key: cell}: independent of the order of the columns."""
    row = next(r for r in table.rows if r[0].export == code)
    return dict(zip([c.key for c in table.columns], row, strict=True))


def test_goals_table_row_of_youth_unemployment(rows, previous):
    table = goals.goals_table(rows, previous, goals.Selection(), LATEST)
    row = by_key(table, "werkloosheid-jongeren")
    assert {key: cell.text for key, cell in row.items()} == {
        "indicator": "% werkeloosheid jongeren 15 tot 27 jaar",
        "pijler": "Werk",
        "rol": "doel",
        "start_periode": "2021",
        "start": "4,5%",
        "actueel_periode": "2022",
        "actueel": "4,0%",
        "eindniveau": "2,4%",
        "doel": "3,5%",
        "ingelopen": "23,8%",
        "ingelopen_vorig": "nvt",
        "status_vorig": "–",  # a printed report quotes only the %
        "status": "oranje",
        "band": "15% tot doel",
    }
    assert {key: cell.export for key, cell in row.items()} == {
        "indicator": "werkloosheid-jongeren",
        "pijler": "werk",
        "rol": "doel",
        "start_periode": "2021",
        "start": 4.5,
        "actueel_periode": "2022",
        "actueel": 4.0,
        "eindniveau": 2.4,
        "doel": 3.5025,
        "ingelopen": 23.8095,
        "ingelopen_vorig": "nvt",
        "status_vorig": None,
        "status": "oranje",
        "band": "15-tot-doel",
    }
    assert row["indicator"].href == "/indicatoren/werkloosheid-jongeren/"
    assert row["status"].status == "oranje"
    assert table.columns[0].key == "indicator"  # the row header: the name, linked


def test_closed_share_shows_the_change_in_the_indicators_unit(rows, previous):
    table = goals.goals_table(rows, previous, goals.Selection(), LATEST)
    # werkloosheid-jongeren: 4,5% (2021) -> 4,0% (2022) closes 23,8% of the gap to G4.
    youth = by_key(table, "werkloosheid-jongeren")["ingelopen"]
    assert (youth.text, youth.note, youth.export) == ("23,8%", "-0,5 procentpunt", 23.8095)
    # tevredenheid-woonsituatie: 59,9% (2013) -> 55,3% (2023), Rotterdam 65,5%: the share
    # is negative because the value moved away from the target, not "82% worse".
    away = by_key(table, "tevredenheid-woonsituatie")["ingelopen"]
    assert (away.text, away.note) == ("-82,1%", "-4,6 procentpunt, weg van het doel")
    assert away.export == -82.1429  # the CSV column stays a number
    income = by_key(table, "besteedbaar-inkomen")["ingelopen"]
    assert (income.text, income.note) == ("57,9%", "+€ 9.900")
    benefits = by_key(table, "bijstandsuitkeringen")["ingelopen"]
    assert (benefits.text, benefits.note) == ("8,8%", "-271")
    assert CLOSED_NOTE in table.notes
    csv_row = next(line for line in to_csv(table).splitlines() if "tevredenheid" in line)
    assert ",-82.1429," in csv_row
    assert "procentpunt" not in csv_row


def test_the_target_table_and_the_headline_table_show_the_change_too(rows):
    youth = next(r for r in rows if r.code == "werkloosheid-jongeren")
    table = target_table(youth, LATEST, "doel", {})
    closed = {label.text: cell for label, cell in table.rows}["Ingelopen"]
    assert (closed.text, closed.note) == ("23,8%", "-0,5 procentpunt")
    headline = by_key(overview.headline_table(rows, LATEST), "werkloosheid-jongeren")
    assert (headline["ingelopen"].text, headline["ingelopen"].note) == ("23,8%", "-0,5 procentpunt")


def test_goals_table_missing_values_stay_missing(rows, previous):
    row = by_key(goals.goals_table(rows, previous, goals.Selection(), LATEST), "bedrijfsruimte-m2")
    missing = {key for key, cell in row.items() if cell.export is None}
    assert missing == {"start_periode", "start", "ingelopen", "status_vorig", "band"}
    assert row["start"].text == row["ingelopen"].text == row["band"].text == "–"
    assert row["ingelopen_vorig"].export == "nvt"
    assert row["doel"].export == 902688.0
    assert row["status"].text == "rood"


def test_goals_table_previous_column_shows_the_printed_text(rows, previous):
    table = goals.goals_table(rows, previous, goals.Selection(pillar="werk"), LATEST)
    printed = dict(zip(column(table, "indicator"), column(table, "ingelopen_vorig"), strict=True))
    by_code = {cell.export: prev for cell, prev in printed.items()}
    assert by_code["werkzame-jongeren"] == Cell("nvt")
    assert by_code["besteedbaar-inkomen"] == Cell("53,0%", 53.0)
    assert by_code["huishoudens-minimum-110"] == Cell("29%", 29.0)
    assert by_code["bijstandsuitkeringen"] == Cell("–")
    assert by_code["bijstandsuitkeringen"].export is None


def test_goals_table_status_cells_carry_the_status_word(rows, previous):
    table = goals.goals_table(rows, previous, goals.Selection(pillar="werk"), LATEST)
    statuses = column(table, "status")
    assert [(c.text, c.status) for c in statuses] == [
        ("groen", "groen"),
        ("oranje", "oranje"),
        ("groen", "groen"),
        ("oranje", "oranje"),
        ("groen", "groen"),
        ("oranje", "oranje"),
        ("oranje", "oranje"),
        ("groen", "groen"),
        ("oranje", "oranje"),
        ("rood", "rood"),
        ("geen oordeel", "geen"),
        ("geen oordeel", "geen"),
        ("oranje", "oranje"),
    ]


def test_goals_table_title_caption_and_download_keep_the_selection(rows, previous):
    selection = goals.Selection(pillar="werk", status="oranje", sort="ingelopen", descending=True)
    table = goals.goals_table(rows, previous, selection, EARLIER)
    assert table.slug == "doelen-2023"
    assert table.title == "Stand van de doelen 2023 — Werk, oranje"
    assert table.caption == "6 van 46 doelen en indicatoren"
    assert table.csv_href == (
        "/doelen/tabel.csv?jaar=2023&pijler=werk&status=oranje&sorteer=ingelopen&richting=af"
    )
    labels = {c.key: c.label for c in table.columns}
    assert labels["doel"] == "Doel 2023"
    assert labels["ingelopen"] == "% ingelopen 2023"
    assert labels["ingelopen_vorig"] == "% ingelopen vorig rapport"
    shown = select(
        rows, previous, pillar="werk", status="oranje", sort="ingelopen", descending=True
    )
    assert codes(shown) == [
        "uitkering-wwb-ww",  # 43,6%
        "huishoudens-minimum-110",  # 38,2%
        "niet-werkende-beroepsbevolking",  # 34,4%
        "werkloosheid-jongeren",  # 23,8%
        "uitkering-wwb-ao-ww",  # 21,5%
        "bijstandsuitkeringen",  # 8,8%
    ]
    assert [c.export for c in column(table, "indicator")] == codes(shown)


def test_goals_table_sort_links_toggle_only_the_current_column(rows, previous):
    selection = goals.Selection(pillar="werk", sort="ingelopen", descending=True)
    table = goals.goals_table(rows, previous, selection, LATEST)
    assert table.sorting is not None
    assert table.sorting.links == {
        "volgorde": "/doelen/?pijler=werk",
        "naam": "/doelen/?pijler=werk&sorteer=naam",
        "pijler": "/doelen/?pijler=werk&sorteer=pijler",
        "ingelopen": "/doelen/?pijler=werk&sorteer=ingelopen",  # now descending: next ascending
        "vorig": "/doelen/?pijler=werk&sorteer=vorig",
        "status": "/doelen/?pijler=werk&sorteer=status",
    }
    headers = {h.label: h for h in table.headers}
    assert headers["% ingelopen 2024"].aria_sort == "descending"
    assert headers["% ingelopen 2024"].mark == "▼"
    assert [h.label for h in table.headers if h.aria_sort] == ["% ingelopen 2024"]
    assert headers["Rol"].href == ""


def test_goals_table_ascending_sort_link_turns_descending(rows, previous):
    table = goals.goals_table(rows, previous, goals.Selection(sort="naam"), LATEST)
    assert table.sorting is not None
    assert table.sorting.links["naam"] == "/doelen/?sorteer=naam&richting=af"
    assert table.sorting.links["status"] == "/doelen/?sorteer=status"
    assert table.headers[0].aria_sort == "ascending"


# --- overview ---------------------------------------------------------------------------------


def test_pillar_summaries_count_every_target_once(rows):
    summaries = overview.pillar_summaries(rows, LATEST)
    assert [(p.code, p.label, p.counts, p.total) for p in summaries] == [
        ("thuisbasis", "Thuisbasis op orde", {"groen": 4, "oranje": 1, "rood": 1, "geen": 1}, 7),
        ("school", "School", {"groen": 13, "oranje": 7, "rood": 0, "geen": 0}, 20),
        ("werk", "Werk", {"groen": 4, "oranje": 6, "rood": 1, "geen": 2}, 13),
        ("wonen", "Wonen", {"groen": 1, "oranje": 1, "rood": 4, "geen": 0}, 6),
    ]
    assert sum(p.total for p in summaries) == 46
    assert all(sum(p.counts.values()) == p.total for p in summaries)


def test_pillar_summary_rows_and_links(rows):
    school = overview.pillar_summaries(rows, EARLIER)[1]
    assert school.rows == [
        ("groen", "groen", 13),
        ("oranje", "oranje", 7),
        ("rood", "rood", 0),
        ("geen", "geen oordeel", 0),
    ]
    assert school.href == "/doelen/?jaar=2023&pijler=school"


def test_status_count_table_ends_with_the_totals(rows):
    table = overview.status_count_table(overview.pillar_summaries(rows, LATEST), LATEST)
    assert [c.key for c in table.columns] == ["pijler", "groen", "oranje", "rood", "geen", "totaal"]
    assert [[c.export for c in row] for row in table.rows] == [
        ["thuisbasis", 4, 1, 1, 1, 7],
        ["school", 13, 7, 0, 0, 20],
        ["werk", 4, 6, 1, 2, 13],
        ["wonen", 1, 1, 4, 0, 6],
        ["totaal", 22, 15, 6, 3, 46],
    ]
    assert table.rows[-1][0].text == "Alle pijlers"
    assert table.csv_href == "/status.csv"


def test_headline_table_is_the_targets_with_role_doel(rows):
    table = overview.headline_table(rows, LATEST)
    assert [c.export for c in column(table, "doel")] == HEADLINE
    youth = by_key(table, "werkloosheid-jongeren")
    assert {key: cell.text for key, cell in youth.items()} == {
        "doel": "% werkeloosheid jongeren 15 tot 27 jaar",
        "pijler": "Werk",
        "actueel": "4,0%",
        "doel_waarde": "3,5%",
        "ingelopen": "23,8%",
        "status": "oranje",
    }
    assert youth["actueel"].note == "2022"
    qualitative = by_key(table, "mph-ontruimingen")
    assert {key: cell.text for key, cell in qualitative.items()} == {
        "doel": "Geëffectueerde ontruimingen",
        "pijler": "Thuisbasis op orde",
        "actueel": "26",
        "doel_waarde": "–",
        "ingelopen": "–",
        "status": "geen oordeel",
    }


def test_headline_table_exports_the_target_as_a_number(rows):
    table = overview.headline_table(rows, LATEST)
    targets_by_code = dict(
        zip([c.export for c in column(table, "doel")], column(table, "doel_waarde"), strict=True)
    )
    assert targets_by_code["werkloosheid-jongeren"].export == 3.5025
    assert targets_by_code["bijstandsuitkeringen"].export == 12750.0
    assert targets_by_code["bijstandsuitkeringen"].text == "12.750"
    assert targets_by_code["mph-ontruimingen"].export is None  # qualitative: no target


def test_bucket_table_counts_the_targets_with_a_bucket(rows):
    table = overview.bucket_table(rows, LATEST)
    assert [[c.export for c in row] for row in table.rows] == [
        ["boven-doel", 21],
        ["15-tot-doel", 11],
        ["5-tot-15", 3],
        ["onder-5", 6],
    ]
    assert [row[0].text for row in table.rows] == [
        "op of boven doel",
        "15% tot doel",
        "5% tot 15%",
        "onder 5%",
    ]
    assert sum(int(row[1].text) for row in table.rows) == 46 - len(NO_SHARE)


# --- value rows -----------------------------------------------------------------------------


@pytest.fixture
def hillesluis(store: Dataset, db: None) -> dict[str, ValueRow]:
    found = value_rows(2024, area=m.Area.objects.get(code="hillesluis"))
    assert len({r.indicator.code for r in found}) == len(found)  # one period (2024) each
    return {r.indicator.code: r for r in found}


def test_a_derived_figure_is_marked_afgeleid(hillesluis):
    row = hillesluis["verhuis-in"]
    assert (row.period, row.year, row.value, row.printed) == ("2024", 2024, Fraction(1511), "1.511")
    assert row.status == "afgeleid"
    assert row.remark == "door het rapport berekend"
    assert row.provisional is False
    assert hillesluis["verhuis-saldo"].value == Fraction(-184)
    assert hillesluis["verhuis-mobiliteit"].value == Fraction(278, 10)


def test_an_observation_keeps_its_own_status(hillesluis):
    row = hillesluis["verhuis-in-1"]
    assert (row.value, row.printed, row.status, row.remark) == (
        Fraction(350),
        "350",
        "definitief",
        "",
    )
    assert row.source == "rapport r. 120"
    assert row.table == "Verhuisbewegingen op Zuid in 2024"


def test_value_rows_of_an_area_in_indicator_order(hillesluis):
    assert list(hillesluis)[:3] == ["verhuis-binnen", "verhuis-in-1", "verhuis-in-2"]
    assert len(hillesluis) == 21  # 16 measured and 5 derived by the report


@pytest.mark.usefixtures("store")
def test_suppressed_cells_stay_with_no_value_and_say_so(db):
    found = value_rows(2024, indicator=m.Indicator.objects.get(code="verhuis-in-7"))
    suppressed = [(r.area.code, r.value, r.printed, r.remark) for r in found if r.value is None]
    assert suppressed == [
        ("kop-van-zuid", None, "<5", "onderdrukt (kleine aantallen)"),
        ("noordereiland", None, "<5", "onderdrukt (kleine aantallen)"),
        ("wielewaal", None, "<5", "onderdrukt (kleine aantallen)"),
        ("heijplaat", None, "<5", "onderdrukt (kleine aantallen)"),
    ]
    hillesluis = next(r for r in found if r.area.code == "hillesluis")
    assert hillesluis.value == Fraction(56)


@pytest.mark.usefixtures("store")
def test_value_rows_of_an_indicator_by_area_then_period(db):
    found = value_rows(2024, indicator=m.Indicator.objects.get(code="werkloosheid-jongeren"))
    assert [(r.area.code, r.period, r.value, r.printed) for r in found] == [
        ("g4", "2021", Fraction(29, 10), "2,9%"),
        ("g4", "2022", Fraction(24, 10), "2,4%"),
        ("rotterdam", "2021", Fraction(36, 10), "3,6%"),
        ("rotterdam", "2022", Fraction(32, 10), "3,2%"),
        ("nprz", "2021", Fraction(45, 10), "4,5%"),
        ("nprz", "2022", Fraction(4), "4,0%"),
    ]


@pytest.mark.usefixtures("store")
def test_value_rows_as_of_an_earlier_report_know_nothing_yet(db):
    assert value_rows(2023) == []
    assert len(value_rows(2024)) > 900
