"""Write the CBS Wijk- en buurtkaart 2024 figures of the monitor's areas in the import template.

Reads the attribute tables (parquet) in ../shared/data/cbs-wijkbuurtkaart2024-rijnmond/ and
writes src/nprz/datasets/cbs2024/kwb-kaart-2024.csv: one row per figure, in the template
that `nprz import file` reads. It is how an analyst would deliver these figures, and it is
the demo's second delivery after `nprz import cbs` (which brings the indicators).

Needs pyarrow, which is not a dependency of the project (the CSV is committed; this script
only documents and repeats how it was made):

    python3 -m venv /tmp/pa && /tmp/pa/bin/pip install pyarrow
    /tmp/pa/bin/python scripts/kwb_kaart_naar_sjabloon.py

CBS codes a missing or secret value as -99997 (any value <= -99990); such a cell becomes
"nb" with a note, never a number.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "cbs-wijkbuurtkaart2024-rijnmond"
TARGET = ROOT / "src" / "nprz" / "datasets" / "cbs2024" / "kwb-kaart-2024.csv"
AREAS = ROOT / "src" / "nprz" / "programmes" / "bundled" / "nprz" / "areas.csv"
PERIOD = "2024"

# map-file column -> (indicator, kind of value, status). The population and the housing
# stock of gemeenten and CBS wijken come with `nprz import cbs` (KWB OData); the map file
# adds them for the buurten, which the OData extract does not hold.
COLUMNS = {
    "aantal_inwoners": ("cbs-inwoners", "aantal", "definitief"),
    "woningvoorraad": ("cbs-woningvoorraad", "aantal", "definitief"),
    "aantal_personen_met_een_alg_bijstandsuitkering_tot": ("cbs-bijstand", "aantal", "voorlopig"),
    "aantal_personen_met_een_ww_uitkering_totaal": ("cbs-ww", "aantal", "voorlopig"),
    "aantal_personen_met_een_ao_uitkering_totaal": ("cbs-ao", "aantal", "voorlopig"),
    "aantal_personen_met_een_aow_uitkering_totaal": ("cbs-aow", "aantal", "voorlopig"),
    "gemiddelde_woningwaarde": ("cbs-woz-waarde", "duizend-euro", "voorlopig"),
    "percentage_koopwoningen": ("cbs-koopwoningen", "percent", "definitief"),
    "percentage_huurwoningen": ("cbs-huurwoningen", "percent", "definitief"),
    "perc_huurwoningen_in_bezit_woningcorporaties": (
        "cbs-corporatiewoningen",
        "percent",
        "definitief",
    ),
}
ONLY_BUURT = {"aantal_inwoners", "woningvoorraad"}
LEVELS = (("gemeente", "gemeentecode"), ("wijk", "wijkcode"), ("buurt", "buurtcode"))


def dutch_integer(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def cell(value: float | int | None, kind: str) -> tuple[str, str]:
    """(value text, note) for one figure."""
    if value is None or value <= -99990:
        return "nb", "CBS-kaart: -99997, geen waarde of geheim"
    number = Decimal(str(value))
    if number != number.to_integral_value():
        raise ValueError(f"onverwacht geen geheel getal: {value}")
    whole = int(number)
    if kind == "duizend-euro":
        return f"€ {dutch_integer(whole * 1000)}", "CBS: x 1.000 euro"
    if kind == "percent":
        return f"{whole}%", ""
    return dutch_integer(whole), ""


def main() -> None:
    with AREAS.open(encoding="utf-8") as handle:
        ours = {row["cbs_code"]: row["code"] for row in csv.DictReader(handle) if row["cbs_code"]}
    rows = []
    for level, key in LEVELS:
        table = pq.read_table(SOURCE / f"{level}_2024_stats.parquet").to_pylist()
        for record in table:
            if record.get("water") == "JA":
                continue  # gemeenten have an extra all-sentinel water row
            area = ours.get(str(record[key]).strip())
            if area is None:
                continue
            for column, (indicator, kind, status) in COLUMNS.items():
                if column in ONLY_BUURT and level != "buurt":
                    continue
                text, note = cell(record[column], kind)
                rows.append([indicator, area, PERIOD, text, status, note])
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["indicator", "area", "period", "value", "status", "note"])
        writer.writerows(rows)
    print(f"{len(rows)} rijen naar {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
