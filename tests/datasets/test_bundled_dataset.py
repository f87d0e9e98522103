"""The bundled dataset nprz2024 reads into the figures the 2024 progress report prints."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from nprz.core.printed import Missing, Printed
from nprz.core.trajectory import Regime
from nprz.datasets.records import Dataset, ObservationRecord, PublishedRecord


def codes(text: str) -> set[str]:
    return set(text.split())


FOCUSWIJKEN = codes(
    "bloemhof hillesluis afrikaanderwijk feijenoord tarwewijk carnisse oud-charlois"
)
GEBIEDEN = {
    "gebied-feijenoord": codes(
        "kop-van-zuid kop-van-zuid-entrepot vreewijk bloemhof hillesluis katendrecht"
        " afrikaanderwijk feijenoord noordereiland"
    ),
    "gebied-ijsselmonde": codes("oud-ijsselmonde lombardijen groot-ijsselmonde beverwaard"),
    "gebied-charlois": codes(
        "charlois-zuidrand tarwewijk carnisse zuidwijk oud-charlois wielewaal zuidplein"
        " pendrecht zuiderpark heijplaat"
    ),
}


def observation(
    data: Dataset, vintage: str, indicator: str, area: str, period: str, variant: str = ""
) -> ObservationRecord:
    found = [
        o
        for o in data.observations
        if (o.vintage, o.indicator, o.area, o.period, o.variant)
        == (vintage, indicator, area, period, variant)
    ]
    assert len(found) == 1, (vintage, indicator, area, period, variant, found)
    return found[0]


def published(data: Dataset, vintage: str, kind: str, **match: str) -> PublishedRecord:
    found = [
        p
        for p in data.published
        if (p.vintage, p.kind) == (vintage, kind)
        and all(getattr(p, name) == value for name, value in match.items())
    ]
    assert len(found) == 1, (vintage, kind, match, found)
    return found[0]


def members(data: Dataset, group: str) -> set[str]:
    return {m.member for m in data.memberships if m.group == group}


def test_dataset_header_names_report_and_documents(nprz2024: Dataset) -> None:
    assert (nprz2024.code, nprz2024.report_year) == ("nprz2024", 2024)
    assert set(nprz2024.documents) == {"rapport", "brief"}
    vintages = {v.code: v for v in nprz2024.vintages}
    assert (vintages["stoplicht"].lines, vintages["stoplicht"].priority) == ("227-456", 1)
    assert vintages["brief"].document == "brief"


def test_stoplight_has_46_rows_in_report_order(nprz2024: Dataset) -> None:
    rows = [p for p in nprz2024.published if (p.vintage, p.kind) == ("stoplicht", "periode")]
    assert len(rows) == 46
    lines = [p.source.line or 0 for p in rows]
    assert lines == sorted(lines)
    assert (lines[0], lines[-1]) == (234, 455)
    order = [p.indicator for p in rows]
    assert order[:4] == [
        "bevolking",
        "jongeren-tot-27",
        "eenoudergezinnen",
        "thuisbasis-kinderen-minimum",
    ]
    assert order[-1] == "verhuisgeneigdheid"
    # indicators-stoplicht.yaml defines the same 46 indicators in the same order
    assert [i.code for i in nprz2024.indicators[:46]] == order


def test_areas_and_memberships(nprz2024: Dataset) -> None:
    kinds = [a.kind for a in nprz2024.areas]
    assert kinds.count("wijk") == 23
    assert kinds.count("gebied") == 3
    assert members(nprz2024, "focuswijken") == FOCUSWIJKEN
    assert members(nprz2024, "nprz") == set(GEBIEDEN)
    assert members(nprz2024, "g4") == {"amsterdam", "rotterdam", "den-haag", "utrecht"}
    for gebied, wijken in GEBIEDEN.items():
        assert members(nprz2024, gebied) == wijken, gebied
    wijken = {a.code for a in nprz2024.areas if a.kind == "wijk"}
    assert set().union(*GEBIEDEN.values()) == wijken
    cbs = {a.code: a.cbs_code for a in nprz2024.areas}
    assert (cbs["rotterdam"], cbs["nl"], cbs["carnisse"]) == ("GM0599", "NL01", "BU05991572")


@pytest.mark.parametrize(
    ("plan", "due_2024", "first_year"),
    [("up2019", Fraction(475, 1000), 2021), ("up2023", Fraction(2, 9), 2022)],
)
def test_plans_give_the_report_share_due_in_2024(
    nprz2024: Dataset, plan: str, due_2024: Fraction, first_year: int
) -> None:
    record = next(p for p in nprz2024.plans if p.code == plan)
    regime = Regime(record.code, record.knots)
    assert regime.fraction_due(2024) == due_2024
    assert (regime.first_year, regime.end_year) == (first_year, 2031)
    assert regime.fraction_due(2031) == 1


def test_stoplight_observations(nprz2024: Dataset) -> None:
    zuid = observation(nprz2024, "stoplicht", "thuisbasis-kinderen-minimum", "nprz", "2023")
    assert (zuid.value, zuid.source.line, zuid.status) == (Decimal("18.8"), 253, "voorlopig")
    g4 = observation(nprz2024, "stoplicht", "thuisbasis-kinderen-minimum", "g4", "2023")
    assert g4.value == Decimal("12.6")
    start = observation(nprz2024, "stoplicht", "thuisbasis-kinderen-minimum", "nprz", "2020")
    assert (start.value, start.status) == (Decimal("21.9"), "definitief")
    school = observation(nprz2024, "stoplicht", "schoolgewicht", "g4", "2016-2018")
    assert (school.value, school.token_text) == (Decimal("30.7"), "30,7")


def test_income_differs_between_stoplight_and_general_table(nprz2024: Dataset) -> None:
    stoplight = observation(nprz2024, "stoplicht", "besteedbaar-inkomen", "rotterdam", "2022")
    general = observation(nprz2024, "algemeen", "besteedbaar-inkomen", "rotterdam", "2022")
    local = observation(
        nprz2024, "algemeen", "besteedbaar-inkomen", "rotterdam", "2022", variant="lokaal"
    )
    assert (stoplight.value, stoplight.source.line) == (Decimal(31100), 395)
    assert (general.value, general.source.line) == (Decimal(33100), 87)
    assert (local.value, local.token_text) == (Decimal(33100), "€ 33.100")


def test_thuiszitters_reference_is_the_pupil_share_of_zuid(nprz2024: Dataset) -> None:
    start = observation(nprz2024, "stoplicht", "leerlingen-aandeel-zuid", "nprz", "2021/22")
    now = observation(nprz2024, "stoplicht", "leerlingen-aandeel-zuid", "nprz", "2023/24")
    assert (start.value, now.value) == (Decimal("34.9"), Decimal("35.0"))
    assert now.source.line == 282
    stoplight = [o for o in nprz2024.observations if o.vintage == "stoplicht"]
    # the Rotterdam columns of this row hold the reference, not thuiszitters-aandeel@rotterdam
    assert {o.area for o in stoplight if o.indicator == "thuiszitters-aandeel"} == {"g4", "nprz"}
    indicator = next(i for i in nprz2024.indicators if i.code == "thuiszitters-aandeel")
    assert indicator.target is not None
    assert (indicator.target.reference_indicator, indicator.target.reference_area) == (
        "leerlingen-aandeel-zuid",
        "nprz",
    )


def test_suppressed_moving_counts(nprz2024: Dataset) -> None:
    cell = observation(nprz2024, "verhuizingen", "verhuis-in-7", "kop-van-zuid", "2024")
    assert (cell.suppressed, cell.value, cell.token_text) == (True, None, "<5")
    assert cell.source.line == 115
    suppressed = [o for o in nprz2024.observations if o.suppressed]
    # kop-van-zuid, noordereiland, and two each in wielewaal, charlois-zuidrand, heijplaat
    assert len(suppressed) == 8
    assert all(o.vintage == "verhuizingen" and o.value is None for o in suppressed)
    total = published(nprz2024, "verhuizingen", "afgeleid", indicator="verhuis-in", area="nprz")
    assert (total.value, total.source.line) == (Decimal(27551), 146)


@pytest.mark.parametrize(
    ("vintage", "indicator", "area", "period", "token", "reason"),
    [
        ("stoplicht", "met-startkwalificatie", "g4", "2011", "nb", "niet beschikbaar (nb)"),
        ("stoplicht", "ve-indicatie", "g4", "2024", "-", "niet beschikbaar (-)"),
        ("algemeen", "kwetsbare-meergezinswoningen", "nl", "2024", "x", "geen cijfer (x)"),
    ],
)
def test_missing_tokens_keep_no_value_and_a_dutch_reason(
    nprz2024: Dataset, vintage: str, indicator: str, area: str, period: str, token: str, reason: str
) -> None:
    cell = observation(nprz2024, vintage, indicator, area, period)
    assert (cell.value, cell.token_text, cell.missing_reason) == (None, token, reason)
    assert not cell.suppressed


def test_nvt_in_the_stoplight_is_a_missing_published_figure(nprz2024: Dataset) -> None:
    figure = published(nprz2024, "stoplicht", "doel", indicator="bevolking")
    assert isinstance(figure.token, Missing)
    assert (figure.value, figure.token.reason) == (None, "niet van toepassing (nvt)")


@pytest.mark.parametrize(
    ("kind", "printed", "value", "period"),
    [
        ("doel", "26,0%", Decimal("26.0"), "2024"),
        ("ingelopen", "38,4%", Decimal("38.4"), "2024"),
        ("ingelopen-vorig", "0", Decimal(0), "2023"),
        ("eindniveau", "20,8%", Decimal("20.8"), "2024"),
    ],
)
def test_stoplight_published_figures(
    nprz2024: Dataset, kind: str, printed: str, value: Decimal, period: str
) -> None:
    figure = published(nprz2024, "stoplicht", kind, indicator="huishoudens-kinderen-130")
    assert (figure.printed, figure.value, figure.period) == (printed, value, period)
    assert (figure.area, figure.source.line) == ("nprz", 257)


def test_bucket_counts_and_members(nprz2024: Dataset) -> None:
    now = published(nprz2024, "buckets", "bucket-aantal", key="boven-doel:school")
    was = published(nprz2024, "buckets", "bucket-aantal-was", key="boven-doel:school")
    assert (now.printed, now.period, now.source.line) == ("13", "2024", 470)
    assert (was.printed, was.period, was.value) == ("13", "2023", Decimal(13))
    werk = published(nprz2024, "buckets", "bucket-aantal-was", key="15-tot-doel:werk")
    assert werk.value == Decimal(2)
    member = published(nprz2024, "buckets", "bucket-lid", indicator="mbo-zorg")
    assert (member.key, member.value) == ("boven-doel", Decimal("108.0"))


def test_side_table_and_letter_figures(nprz2024: Dataset) -> None:
    pupils = observation(nprz2024, "thuiszitters", "leerplichtigen", "nprz", "2021/22")
    assert (pupils.value, pupils.source.line) == (Decimal(29668), 648)
    letter = observation(nprz2024, "brief", "bijstandsuitkeringen", "nprz", "2024")
    assert (letter.value, str(letter.source)) == (Decimal(12794), "brief r. 38")
    target = next(i.target for i in nprz2024.indicators if i.code == "bijstandsuitkeringen")
    assert target is not None
    assert [(m.year, m.value) for m in target.milestones] == [
        (2024, Decimal(12750)),
        (2025, Decimal(12400)),
        (2031, Decimal(10000)),
    ]


def test_every_figure_has_a_source_line(nprz2024: Dataset) -> None:
    assert len(nprz2024.observations) > 900
    assert [o for o in nprz2024.observations if o.source.line is None] == []
    assert [p for p in nprz2024.published if p.source.line is None] == []
    documents = {o.source.document for o in nprz2024.observations}
    assert documents == {"rapport", "brief"}


def test_every_indicator_with_a_target_has_a_direction(nprz2024: Dataset) -> None:
    with_target = [i for i in nprz2024.indicators if i.target is not None]
    assert len(with_target) >= 40
    assert [i.code for i in with_target if i.direction not in ("hoger", "lager")] == []
    assert [i.code for i in with_target if not i.direction_basis] == []
    lower = next(i for i in with_target if i.code == "thuisbasis-kinderen-minimum")
    assert (lower.direction, lower.direction_basis.endswith("(rapport r. 543)")) == ("lager", True)
    printed = [p for p in nprz2024.published if isinstance(p.token, Printed)]
    assert all(p.value is not None for p in printed)
