"""Reading CBS StatLine deliveries: real files (data/PROVENANCE.md) and the facts they hold.

Variants of the real files (another key suffix, a quarter instead of a year) are made in the
test itself from a copy, so each test shows the one thing it changes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from nprz.imports.cbs import (
    MISSING_REASON,
    FetchError,
    Mapping,
    PeriodSpec,
    fetch,
    load_mapping,
    mapping_for,
    read_delivery,
)
from nprz.imports.delivery import Codes, Delivery, IncomingValue, Location, Severity

DATA = Path(__file__).parent / "data"
EXTRACT = DATA / "kwb2024-extract"
TYPED = DATA / "kwb2024-typed"
POPULATION = DATA / "population-37259ENG"
WOONPLAATSEN = DATA / "84489NED-TypedDataSet-first-records.json"


def value(delivery: Delivery, indicator: str, area: str, period: str) -> IncomingValue:
    found = [v for v in delivery.values if v.key == (indicator, area, period)]
    assert len(found) == 1, f"{indicator} {area} {period}: {len(found)} waarden"
    return found[0]


def codes_of(delivery: Delivery) -> list[str]:
    return [p.code for p in delivery.problems]


def copy_of(source: Path, into: Path) -> Path:
    target = into / source.name
    shutil.copytree(source, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def write_records(folder: Path, records: Any) -> Path:
    """A data file in the shape cbsodata writes (a bare list), made in the test."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "TypedDataSet.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    return folder


# --- KWB 2024 extract: the facts of the shared PROVENANCE ---------------------------------


@pytest.fixture(scope="module")
def extract(kwb: Mapping, codes: Codes) -> Delivery:
    return read_delivery(EXTRACT, kwb, codes)


def test_rotterdam_has_670_610_inhabitants(extract: Delivery) -> None:
    rotterdam = value(extract, "cbs-inwoners", "rotterdam", "2024")
    assert rotterdam.value == Decimal(670610)
    assert rotterdam.printed == "670.610"
    assert rotterdam.resolution == Decimal(0)  # a gemeente count is exact
    assert rotterdam.status == "definitief"
    assert rotterdam.location == Location(
        "stripped_filtered_data_2024.json", row=5, column="AantalInwoners_5"
    )


def test_the_three_gebieden_of_zuid(extract: Delivery) -> None:
    feijenoord = value(extract, "cbs-inwoners", "gebied-feijenoord", "2024")
    assert feijenoord.value == Decimal(79440)
    # CBS rounds wijk counts to multiples of 5: the interval says so
    assert feijenoord.resolution == Decimal(5)
    total = sum(
        value(extract, "cbs-inwoners", area, "2024").value or 0
        for area in ("gebied-feijenoord", "gebied-ijsselmonde", "gebied-charlois")
    )
    assert total == 212635


def test_the_g4_and_the_stock_of_homes(extract: Delivery) -> None:
    assert value(extract, "cbs-inwoners", "amsterdam", "2024").value == 931298
    assert value(extract, "cbs-inwoners", "den-haag", "2024").value == 566221
    assert value(extract, "cbs-inwoners", "utrecht", "2024").value == 374238
    homes = value(extract, "cbs-woningvoorraad", "gebied-feijenoord", "2024")
    assert (homes.value, homes.printed) == (Decimal(37391), "37.391")
    density = value(extract, "cbs-bevolkingsdichtheid", "gebied-feijenoord", "2024")
    assert (density.value, density.resolution) == (Decimal(11994), Decimal(1))


def test_wijken_do_not_add_up_to_the_gemeente(kwb: Mapping, codes: Codes) -> None:
    """Give every Rotterdam wijk an area: their sum is 670.595, the gemeente 670.610."""
    wijken = [f"WK0599{n:02d}" for n in (1, 3, 4, 5, 6, 8, 10, 12, 13, 14, 15, 16, 17, 18, 19)]
    wijken += [f"WK0599{n:02d}" for n in (21, 22, 23, 24, 25, 27)]
    every = replace(
        codes,
        areas={**codes.areas, **{w.lower(): w for w in wijken}},
        areas_by_cbs={**codes.areas_by_cbs, **{w: w.lower() for w in wijken}},
    )
    delivery = read_delivery(EXTRACT, kwb, every)
    inhabitants = [
        v.value
        for v in delivery.values
        if v.indicator == "cbs-inwoners" and v.area.startswith("wk")
    ]
    assert len(inhabitants) == 21
    assert sum(v or 0 for v in inhabitants) == 670595
    assert value(delivery, "cbs-inwoners", "rotterdam", "2024").value == 670610
    # Vondelingenplaat (the port) has nobody living there and therefore no density:
    # CBS's null stays a missing value, while its 0 inhabitants stay 0.
    density = value(delivery, "cbs-bevolkingsdichtheid", "wk059922", "2024")
    assert density.value is None
    assert density.printed == "nb"
    assert density.missing_reason == MISSING_REASON == "CBS: geen waarde"
    assert density.resolution is None
    assert value(delivery, "cbs-inwoners", "wk059922", "2024").value == Decimal(0)


def test_regions_without_an_area_are_skipped_not_errors(extract: Delivery) -> None:
    # 27 regions in the cut: the G4, Rotterdam's 21 wijken, GM1680 and WK168000; the monitor
    # knows 4 gemeenten and 3 wijken of them.
    assert extract.skipped == ("20 regio's zonder gebied in de monitor overgeslagen",)
    assert extract.ok


def test_topics_the_extract_lacks_are_warnings(extract: Delivery) -> None:
    missing = [p for p in extract.problems if p.code == "cbs-onderwerp-ontbreekt"]
    assert {p.severity for p in missing} == {Severity.WAARSCHUWING}
    assert len(missing) == 8  # the extract kept 3 of the 11 mapped topics
    assert codes_of(extract) == ["cbs-onderwerp-ontbreekt"] * 8
    assert missing[4].message == (
        "onderwerp PersonenPerSoortUitkeringBijstand (cbs-bijstand) staat niet in de levering"
    )


def test_the_delivery_brings_every_mapped_indicator(extract: Delivery) -> None:
    """Also those the extract has no column for, so a later delivery of them finds them."""
    assert [i.code for i in extract.indicators] == [
        t.indicator.code for t in mapping_for("85984NED").topics
    ]
    assert {v.indicator for v in extract.values} == {
        "cbs-inwoners",
        "cbs-bevolkingsdichtheid",
        "cbs-woningvoorraad",
    }
    inhabitants = extract.indicators[0]
    assert inhabitants.source_text == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    assert (inhabitants.unit, inhabitants.decimals, inhabitants.additive) == ("aantal", 0, True)
    assert inhabitants.pillar == "context"
    assert extract.kind == "cbs"
    assert extract.title == "CBS 85984NED Kerncijfers wijken en buurten 2024"
    assert extract.document == "https://opendata.cbs.nl/ODataApi/odata/85984NED/"
    assert extract.report_year == 2024  # TableInfos.Period
    assert len(extract.sha256) == 64


def test_the_same_files_give_the_same_fingerprint(kwb: Mapping, codes: Codes) -> None:
    assert read_delivery(EXTRACT, kwb, codes).sha256 == read_delivery(EXTRACT, kwb, codes).sha256
    assert read_delivery(TYPED, kwb, codes).sha256 != read_delivery(EXTRACT, kwb, codes).sha256


# --- cbsodata's bare list with padded keys ------------------------------------------------


@pytest.fixture(scope="module")
def typed(kwb: Mapping, codes: Codes) -> Delivery:
    return read_delivery(TYPED, kwb, codes)


def test_padded_region_keys_are_read(typed: Delivery) -> None:
    raw = json.loads((TYPED / "TypedDataSet.json").read_text(encoding="utf-8"))
    assert raw[1]["WijkenEnBuurten"] == "GM0599    "
    assert value(typed, "cbs-inwoners", "rotterdam", "2024").value == 670610
    assert value(typed, "cbs-inwoners", "gebied-charlois", "2024").value == 70525


def test_bijstand_is_provisional_and_counted_in_tens(typed: Delivery) -> None:
    bijstand = value(typed, "cbs-bijstand", "rotterdam", "2024")
    assert (bijstand.value, bijstand.printed) == (Decimal(33630), "33.630")
    assert bijstand.resolution == Decimal(10)
    assert bijstand.status == "voorlopig"
    assert value(typed, "cbs-bijstand", "gebied-feijenoord", "2024").value == 5830
    assert value(typed, "cbs-bijstand", "amsterdam", "2024").value == 35620


def suffix_variant(tmp_path: Path, new_key: str) -> Path:
    """The typed folder as a later KWB would have it: bijstand in another column."""
    folder = copy_of(TYPED, tmp_path)
    for name in ("DataProperties.json", "TypedDataSet.json"):
        rewrite(folder / name, '"PersonenPerSoortUitkeringBijstand_94"', f'"{new_key}"')
    return folder


def test_a_new_suffix_is_the_same_topic(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    delivery = read_delivery(
        suffix_variant(tmp_path, "PersonenPerSoortUitkeringBijstand_52"), kwb, codes
    )
    assert value(delivery, "cbs-bijstand", "rotterdam", "2024").value == 33630
    assert value(delivery, "cbs-bijstand", "rotterdam", "2024").location.column == (
        "PersonenPerSoortUitkeringBijstand_52"
    )


def test_a_renamed_key_is_found_by_its_title(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    delivery = read_delivery(suffix_variant(tmp_path, "BijstandsuitkeringenTotaal_52"), kwb, codes)
    assert value(delivery, "cbs-bijstand", "gebied-ijsselmonde", "2024").value == 3620


def test_without_data_properties_keys_match_by_stem(
    tmp_path: Path, kwb: Mapping, codes: Codes
) -> None:
    alone = tmp_path / "TypedDataSet.json"
    shutil.copyfile(TYPED / "TypedDataSet.json", alone)
    rewrite(alone, "_94", "_52")
    delivery = read_delivery(alone, kwb, codes)
    assert value(delivery, "cbs-bijstand", "rotterdam", "2024").value == 33630
    assert delivery.report_year == 2024  # the mapping's periods.default, without TableInfos


def test_a_changed_unit_stops_the_import(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    folder = copy_of(TYPED, tmp_path)
    rewrite(folder / "DataProperties.json", '"Unit": "x 1 000 euro"', '"Unit": "euro"')
    delivery = read_delivery(folder, kwb, codes)
    [changed] = [p for p in delivery.problems if p.code == "cbs-eenheid-gewijzigd"]
    assert "GemiddeldeWOZWaardeVanWoningen_39" in changed.message
    assert changed.location.file == "DataProperties.json"
    assert changed.location.column == "Unit"
    assert not delivery.ok


def test_scale_and_decimals(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    """Made-up figures in KWB's shape: WOZ in thousands becomes euros, doubles keep decimals."""
    folder = write_records(
        tmp_path / "kwb",
        [
            {
                "ID": 0,
                "WijkenEnBuurten": "BU05991082",
                "GemiddeldeWOZWaardeVanWoningen_39": 187,
                "Koopwoningen_47": 17.5,
                "HuurwoningenTotaal_48": "  82 ",
            }
        ],
    )
    delivery = read_delivery(folder, kwb, codes)
    woz = value(delivery, "cbs-woz-waarde", "hillesluis", "2024")
    assert (woz.value, woz.printed, woz.resolution) == (Decimal(187000), "187.000", Decimal(1000))
    owned = value(delivery, "cbs-koopwoningen", "hillesluis", "2024")
    assert (owned.value, owned.printed, owned.resolution) == (
        Decimal("17.5"),
        "17,5",
        Decimal("0.1"),
    )
    rented = value(delivery, "cbs-huurwoningen", "hillesluis", "2024")
    assert (rented.value, rented.printed) == (Decimal(82), "82")
    units = {i.code: i.unit for i in delivery.indicators}
    assert [units[c] for c in ("cbs-woz-waarde", "cbs-koopwoningen", "cbs-huurwoningen")] == [
        "euro",
        "percent",
        "percent",
    ]


# --- NL00 and NL01 ------------------------------------------------------------------------


def test_nl00_is_the_netherlands_by_override(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    folder = write_records(
        tmp_path / "nl", [{"ID": 0, "WijkenEnBuurten": "NL00      ", "AantalInwoners_5": 17942942}]
    )
    delivery = read_delivery(folder, kwb, codes)
    assert value(delivery, "cbs-inwoners", "nl", "2024").printed == "17.942.942"


def test_nl00_and_nl01_together_are_a_double(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    folder = write_records(
        tmp_path / "nl",
        [
            {"WijkenEnBuurten": "NL00      ", "AantalInwoners_5": 17942942},
            {"WijkenEnBuurten": "NL01      ", "AantalInwoners_5": 17942942},
        ],
    )
    delivery = read_delivery(folder, kwb, codes)
    [double] = [p for p in delivery.problems if p.code == "cbs-dubbele-waarde"]
    assert double.location == Location("TypedDataSet.json", row=2, column="AantalInwoners_5")
    assert "NL01" in double.message


def test_an_override_to_an_unknown_area(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    mapping = kwb.model_copy(update={"region_overrides": {"NL00": "nederland"}})
    folder = write_records(
        tmp_path / "nl", [{"WijkenEnBuurten": "NL00      ", "AantalInwoners_5": 17942942}]
    )
    delivery = read_delivery(folder, mapping, codes)
    assert "cbs-onbekend-gebied" in codes_of(delivery)
    assert delivery.values == ()


# --- the OData wrapper (84489NED) ---------------------------------------------------------


def test_the_odata_wrapper_and_padded_strings(codes: Codes) -> None:
    raw = json.loads(WOONPLAATSEN.read_text(encoding="utf-8"))
    assert raw["odata.metadata"].endswith("#Cbs.OData.WebAPI.TypedDataSet")
    mapping = load_mapping(DATA / "mapping-84489NED-woonplaatsen.yaml")
    delivery = read_delivery(WOONPLAATSEN, mapping, codes)
    # The padded "GM0599    " is Rotterdam; its woonplaatscode is text, which is no figure.
    [text] = delivery.problems
    assert text.code == "cbs-geen-getal"
    assert text.location == Location(WOONPLAATSEN.name, row=9, column="Woonplaatscode_1")
    assert "'WP3080'" in text.message
    assert "GM0599" in text.message
    assert delivery.skipped == ("8 regio's zonder gebied in de monitor overgeslagen",)
    assert delivery.values == ()


def test_the_wrong_mapping_is_one_problem_not_one_per_record(kwb: Mapping, codes: Codes) -> None:
    delivery = read_delivery(WOONPLAATSEN, kwb, codes)
    [no_region] = delivery.errors
    assert no_region.code == "cbs-geen-regio"
    assert no_region.location == Location(WOONPLAATSEN.name, row=1, column="WijkenEnBuurten")
    assert no_region.message.startswith("record 1 heeft geen kolom WijkenEnBuurten;")


# --- periods (population dynamics, with a Periods dimension) ------------------------------


def test_year_periods_and_padded_nl01(population: Mapping, codes: Codes) -> None:
    delivery = read_delivery(POPULATION, population, codes)
    raw = json.loads((POPULATION / "TypedDataSet.json").read_text(encoding="utf-8"))
    assert raw[0]["Regions"] == "NL01  "
    assert value(delivery, "cbs-inwoners-31-december", "nl", "2023").value == 17942942
    assert value(delivery, "cbs-inwoners-31-december", "rotterdam", "2023").value == 670610
    assert value(delivery, "cbs-inwoners-31-december", "rotterdam", "2022").value == 663900
    assert value(delivery, "cbs-inwoners-31-december", "amsterdam", "2023").value == 931298
    assert delivery.report_year == 2023
    assert delivery.skipped == ("1 regio zonder gebied in de monitor overgeslagen",)  # GM0014
    assert delivery.ok


def test_an_earlier_report_year_can_be_given(population: Mapping, codes: Codes) -> None:
    assert read_delivery(POPULATION, population, codes, report_year=2024).report_year == 2024


def with_periods(tmp_path: Path, *periods: str) -> Path:
    """Rotterdam's 2023 record again, once per period code given."""
    raw = json.loads((POPULATION / "TypedDataSet.json").read_text(encoding="utf-8"))
    rotterdam = raw[-1]
    assert rotterdam["Periods"] == "2023JJ00"
    return write_records(tmp_path / "periods", [{**rotterdam, "Periods": p} for p in periods])


@pytest.mark.parametrize(
    ("code", "period"),
    [("2023JJ00", "2023"), ("2023JJ00  ", "2023"), ("2021JJ00", "2021")],
)
def test_jj_is_a_year(
    tmp_path: Path, population: Mapping, codes: Codes, code: str, period: str
) -> None:
    delivery = read_delivery(with_periods(tmp_path, code), population, codes)
    assert [v.period for v in delivery.values] == [period]


def test_quarters_and_months_are_skipped(tmp_path: Path, population: Mapping, codes: Codes) -> None:
    folder = with_periods(tmp_path, "2023JJ00", "2024KW01", "2024KW02", "2024MM03")
    delivery = read_delivery(folder, population, codes)
    assert [v.period for v in delivery.values] == ["2023"]
    assert delivery.skipped == (
        "2 records met kwartaalcijfers overgeslagen (de monitor kent alleen jaarcijfers)",
        "1 record met maandcijfers overgeslagen (de monitor kent alleen jaarcijfers)",
    )
    assert delivery.ok


def test_quarters_can_be_refused(tmp_path: Path, population: Mapping, codes: Codes) -> None:
    strict = population.model_copy(
        update={"periods": PeriodSpec(dimension="Periods", quarters_and_months="fout")}
    )
    delivery = read_delivery(with_periods(tmp_path, "2024KW01"), strict, codes)
    [refused] = delivery.problems
    assert refused.code == "cbs-periode-geen-jaar"
    assert refused.location == Location("TypedDataSet.json", row=1, column="Periods")
    assert "2024KW01" in refused.message


@pytest.mark.parametrize("code", ["2024", "2024XX01", "", "2023JJ0"])
def test_unknown_period_codes(tmp_path: Path, population: Mapping, codes: Codes, code: str) -> None:
    delivery = read_delivery(with_periods(tmp_path, code), population, codes)
    assert codes_of(delivery) == ["cbs-onbekende-periode"]


# --- broken input is a problem, never an exception ----------------------------------------


def test_broken_json_is_a_problem(kwb: Mapping, codes: Codes) -> None:
    broken = DATA / "broken-json-truncated-TypedDataSet.json"
    delivery = read_delivery(broken, kwb, codes)
    [problem] = delivery.problems
    assert problem.code == "cbs-onleesbaar-bestand"
    assert problem.location == Location(broken.name)
    assert problem.message.startswith(f"{broken.name} is geen leesbare JSON: ")
    assert not delivery.ok
    assert delivery.values == ()


def test_an_empty_folder(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    delivery = read_delivery(tmp_path, kwb, codes)
    assert codes_of(delivery) == ["cbs-geen-gegevens"]
    assert delivery.sha256 == ""


def test_a_broken_table_info_is_reported(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    folder = copy_of(TYPED, tmp_path)
    (folder / "TableInfos.json").write_text("[{", encoding="utf-8")
    delivery = read_delivery(folder, kwb, codes)
    assert [(p.code, p.location.file) for p in delivery.errors] == [
        ("cbs-onleesbaar-bestand", "TableInfos.json")
    ]
    assert value(delivery, "cbs-inwoners", "rotterdam", "2024").value == 670610


def test_another_table_than_the_mapping(population: Mapping, codes: Codes) -> None:
    delivery = read_delivery(TYPED, population, codes)
    assert "cbs-andere-tabel" in codes_of(delivery)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (42, "cbs-onverwachte-vorm"),
        ({"odata.metadata": "x", "value": 3}, "cbs-onverwachte-vorm"),
        (["GM0599"], "cbs-geen-record"),
        ([{"AantalInwoners_5": 5}], "cbs-geen-regio"),
        ([{"WijkenEnBuurten": 599, "AantalInwoners_5": 5}], "cbs-geen-regio"),
        ([{"WijkenEnBuurten": "GM0599", "AantalInwoners_5": "veel"}], "cbs-geen-getal"),
        ([{"WijkenEnBuurten": "GM0599", "AantalInwoners_5": True}], "cbs-geen-getal"),
        ([{"WijkenEnBuurten": "GM0599", "AantalInwoners_5": [1]}], "cbs-geen-getal"),
        ([{"WijkenEnBuurten": "GM0599", "AantalInwoners_5": "NaN"}], "cbs-geen-getal"),
        ([{"WijkenEnBuurten": "GM0599", "AantalInwoners_5": "1e30"}], "getal-te-groot"),
        ([{"WijkenEnBuurten": "GM0599", "AantalInwoners_5": 1e-9}], "te-veel-decimalen"),
        ([], "cbs-geen-waarden"),
        ([{"WijkenEnBuurten": "GM9999", "AantalInwoners_5": 5}], "cbs-geen-waarden"),
    ],
)
def test_one_defect_one_problem(
    tmp_path: Path, kwb: Mapping, codes: Codes, content: Any, code: str
) -> None:
    delivery = read_delivery(write_records(tmp_path / "d", content), kwb, codes)
    assert [p.code for p in delivery.errors] == [code]


def test_the_untyped_missing_mark(tmp_path: Path, kwb: Mapping, codes: Codes) -> None:
    folder = write_records(
        tmp_path / "u", [{"WijkenEnBuurten": "GM0599    ", "AantalInwoners_5": "       ."}]
    )
    (folder / "TypedDataSet.json").rename(folder / "UntypedDataSet.json")
    delivery = read_delivery(folder, kwb, codes)
    assert value(delivery, "cbs-inwoners", "rotterdam", "2024").value is None


# --- fetch (cbsodata replaced: there is no network in the tests) --------------------------


def test_fetch_writes_a_folder_per_table_and_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cbsodata

    calls: list[dict[str, Any]] = []

    def download_data(table_id: str, **kwargs: Any) -> dict[str, Any]:
        calls.append({"table_id": table_id, **kwargs})
        return {}

    monkeypatch.setattr(cbsodata, "download_data", download_data)
    folder = fetch(
        "85984NED", tmp_path, filters="WijkenEnBuurten eq 'GM0599    '", on=date(2025, 4, 1)
    )
    assert folder == tmp_path / "85984NED" / "2025-04-01"
    assert calls == [
        {
            "table_id": "85984NED",
            "dir": str(folder),
            "typed": True,
            "filters": "WijkenEnBuurten eq 'GM0599    '",
            "select": None,
        }
    ]


def test_fetch_failure_is_one_dutch_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cbsodata

    def offline(table_id: str, **kwargs: Any) -> None:
        raise OSError("HTTPSConnectionPool(host='opendata.cbs.nl', port=443):\nMax retries")

    monkeypatch.setattr(cbsodata, "download_data", offline)
    with pytest.raises(FetchError) as caught:
        fetch("85984NED", tmp_path)
    assert str(caught.value) == (
        "ophalen van CBS-tabel 85984NED mislukt: "
        "HTTPSConnectionPool(host='opendata.cbs.nl', port=443): Max retries"
    )
