"""Write the areas, the map and the CBS delivery of the example programme Delft en Westland.

The example programme (src/nprz/programmes/bundled/delft-westland/) is the COROP region
Delft en Westland (CR27): the gemeenten Delft, Midden-Delfland and Westland and their 25
wijken of 2024. This script takes small pieces of the real CBS data in ../shared/data/ and
writes, into the programme's folder:

- `areas.csv` and `memberships.csv`: the Netherlands, the region, the three gemeenten and
  their wijken (names and codes from the CBS Wijk- en buurtkaart 2024);
- `kaart.geojson`: the 25 wijken from `wijk_2024.geojson`, coordinates rounded to 5 decimals,
  each with its code and name;
- `levering-cbs-2012-2024.csv`: one delivery in the import template (`nprz import file`):
  population figures 2012-2024 of the Netherlands, the region and the gemeenten from CBS
  population dynamics (`cbs-population-dynamics-2012-2023`), and the 2024 figures of the
  gemeenten and wijken from the map file (`cbs-wijkbuurtkaart2024-rijnmond`).

Nothing is summed or derived: the region's figures are CBS's own COROP rows. Needs pyarrow
for the map file's attribute tables, which is not a dependency of the project (the files
are committed; this script documents and repeats how they were made):

    python3 -m venv /tmp/pa && /tmp/pa/bin/pip install pyarrow
    /tmp/pa/bin/python scripts/voorbeeld_delft_westland.py
"""

from __future__ import annotations

import csv
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-not-found]

# The demo's map file is read with the same cell rules (run from scripts/, like it).
from kwb_kaart_naar_sjabloon import cell, dutch_integer  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]
# The workspace's shared data, beside the repository (or where NPRZ_SHARED_DATA points).
SHARED = Path(os.environ.get("NPRZ_SHARED_DATA", ROOT.parent / "shared" / "data"))
POPULATION = (
    SHARED / "cbs-population-dynamics-2012-2023" / "250112_CLEAN_population_regional_NL.csv"
)
MAP_FILE = SHARED / "cbs-wijkbuurtkaart2024-rijnmond"
TARGET = ROOT / "src" / "nprz" / "programmes" / "bundled" / "delft-westland"

GEMEENTEN = {"GM0503": "delft", "GM1842": "midden-delfland", "GM1783": "westland"}
# Our area code -> the region code in the population file (padded there with spaces).
POPULATION_AREAS = {"nl": "NL01", "regio": "CR27", **{v: k for k, v in GEMEENTEN.items()}}
TOTAL = "T001038"  # men and women together

# Population dynamics column -> indicator. Ratios are CBS's own (per 1 000 inhabitants).
POPULATION_COLUMNS = {
    "TotalArrivalsRatio_9": "vestiging-per-1000",
    "TotalDeparturesIncludingAdmRatio_13": "vertrek-per-1000",
    "PopulationGrowthRatio_19": "groei-per-1000",
}

# Map-file column -> (indicator, kind of value, status), as in kwb_kaart_naar_sjabloon.py.
MAP_COLUMNS = {
    "aantal_inwoners": ("inwoners", "aantal", "definitief"),
    "woningvoorraad": ("woningvoorraad", "aantal", "definitief"),
    "aantal_personen_met_een_alg_bijstandsuitkering_tot": ("bijstand", "aantal", "voorlopig"),
    "gemiddelde_woningwaarde": ("woz-waarde", "duizend-euro", "voorlopig"),
    "percentage_huurwoningen": ("huurwoningen", "percent", "definitief"),
    "perc_huurwoningen_in_bezit_woningcorporaties": ("corporatiewoningen", "percent", "definitief"),
}
PERIOD = "2024"


def dutch_decimal(text: str) -> str:
    """CBS's "18.5" as "18,5" (one decimal, as CBS gives it)."""
    number = Decimal(text)
    return f"{number:.1f}".replace(".", ",")


def wijk_name(cbs_name: str) -> str:
    """ "Wijk 11 Binnenstad" -> "Binnenstad": CBS numbers its wijken in the name."""
    return re.sub(r"^Wijk \d+ ", "", cbs_name.strip())


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def read_wijken() -> list[dict[str, object]]:
    table = pq.read_table(MAP_FILE / "wijk_2024_stats.parquet").to_pylist()
    found = [r for r in table if r["gemeentecode"] in GEMEENTEN and r.get("water") != "JA"]
    return sorted(found, key=lambda r: str(r["wijkcode"]))


def read_gemeenten() -> list[dict[str, object]]:
    table = pq.read_table(MAP_FILE / "gemeente_2024_stats.parquet").to_pylist()
    return [r for r in table if r["gemeentecode"] in GEMEENTEN and r["water"] == "NEE"]


def write_areas(wijken: list[dict[str, object]]) -> dict[str, str]:
    """areas.csv and memberships.csv; returns CBS wijk code -> our code."""
    codes = {str(w["wijkcode"]): slug(wijk_name(str(w["wijknaam"]))) for w in wijken}
    assert len(set(codes.values())) == len(codes), "two wijken with the same code"
    names = {"GM0503": "Delft", "GM1842": "Midden-Delfland", "GM1783": "Westland"}
    areas = [
        ["nl", "Nederland", "land", "NL01", "", ""],
        [
            "regio",
            "Delft en Westland",
            "programmagebied",
            "",
            "",
            "COROP-gebied CR27 van CBS: Delft, Midden-Delfland en Westland",
        ],
        *([code, names[cbs], "gemeente", cbs, "", ""] for cbs, code in GEMEENTEN.items()),
        *(
            [
                codes[str(w["wijkcode"])],
                wijk_name(str(w["wijknaam"])),
                "wijk",
                w["wijkcode"],
                "",
                "",
            ]
            for w in wijken
        ),
    ]
    with (TARGET / "areas.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "kind", "cbs_code", "line", "note"])
        writer.writerows(areas)
    members = [
        [
            "regio",
            code,
            "",
            "",
            "",
            "COROP-indeling: de inwoners van de drie gemeenten tellen 2012-2023 elk jaar precies "
            "op tot CR27",
        ]
        for code in GEMEENTEN.values()
    ] + [
        [
            GEMEENTEN[str(w["gemeentecode"])],
            codes[str(w["wijkcode"])],
            "2024",
            "",
            "",
            "CBS-wijkindeling 2024",
        ]
        for w in wijken
    ]
    with (TARGET / "memberships.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["group", "member", "valid_from", "valid_to", "line", "basis"])
        writer.writerows(members)
    return codes


def write_map(wijken: list[dict[str, object]], codes: dict[str, str]) -> None:
    names = {str(w["wijkcode"]): wijk_name(str(w["wijknaam"])) for w in wijken}
    source = json.loads((MAP_FILE / "wijk_2024.geojson").read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "id": f["id"],
            "properties": {"wijkcode": f["id"], "naam": names[f["id"]]},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[round(x, 5), round(y, 5)] for x, y in ring]
                    for ring in f["geometry"]["coordinates"]
                ],
            },
        }
        for f in source["features"]
        if f["id"] in codes
    ]
    assert all(f["geometry"]["type"] == "Polygon" for f in source["features"] if f["id"] in codes)
    features.sort(key=lambda f: f["id"])
    out = {
        "type": "FeatureCollection",
        "name": "delft_westland_wijken",
        "crs": source["crs"],
        "features": features,
    }
    (TARGET / "kaart.geojson").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def population_rows() -> list[list[str]]:
    wanted = {region: code for code, region in POPULATION_AREAS.items()}
    rows = []
    with POPULATION.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            area = wanted.get(record["Regions"].strip())
            if area is None or record["Sex"] != TOTAL:
                continue
            year = record["Periods Label"]
            inhabitants = int(record["PopulationOn1January_1"])
            rows.append(["inwoners", area, year, dutch_integer(inhabitants), "definitief", ""])
            if year == "2023":
                # The population on 31 December 2023 is that on 1 January 2024.
                end = int(record["PopulationOn31December_20"])
                note = "CBS: bevolking op 31 december 2023"
                rows.append(["inwoners", area, "2024", dutch_integer(end), "definitief", note])
            for column, indicator in POPULATION_COLUMNS.items():
                rows.append(
                    [indicator, area, year, dutch_decimal(record[column]), "definitief", ""]
                )
    order = {code: i for i, code in enumerate(POPULATION_AREAS)}
    return sorted(rows, key=lambda r: (r[0], order[r[1]], r[2]))


def map_rows(wijken: list[dict[str, object]], codes: dict[str, str]) -> list[list[str]]:
    rows = []
    levels = [(GEMEENTEN[str(g["gemeentecode"])], g) for g in read_gemeenten()]
    levels += [(codes[str(w["wijkcode"])], w) for w in wijken]
    for area, record in levels:
        for column, (indicator, kind, status) in MAP_COLUMNS.items():
            if column == "aantal_inwoners" and area in GEMEENTEN.values():
                continue  # the gemeenten's population comes from the population series
            text, note = cell(record[column], kind)  # type: ignore[arg-type]
            rows.append([indicator, area, PERIOD, text, status, note])
    return rows


def main() -> None:
    wijken = read_wijken()
    codes = write_areas(wijken)
    write_map(wijken, codes)
    rows = population_rows() + map_rows(wijken, codes)
    with (TARGET / "levering-cbs-2012-2024.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["indicator", "area", "period", "value", "status", "note"])
        writer.writerows(rows)
    print(f"{len(codes)} wijken, {len(rows)} rijen naar {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
