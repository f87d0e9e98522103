"""Write the population on 1 January of the Netherlands and the four G4 gemeenten, 2012-2024,
in the import template.

Reads ../shared/data/cbs-population-dynamics-2012-2023/250112_CLEAN_population_regional_NL.csv
(CBS population dynamics per region; see its PROVENANCE.md) and writes
src/nprz/datasets/cbs2024/bevolking-1-januari-2012-2024.csv: one row per area and year, in the
template that `nprz import file` reads, for the indicator `cbs-inwoners` that
`nprz import cbs --tabel 85984NED` brings. `nprz check` compares the report's printed
population figures with it (decision 010).

- Years 2012-2023: the column PopulationOn1January_1 of that year (1 January of the year).
- 2024: the column PopulationOn31December_20 of 2023, the stand at the end of 2023, which is
  1 January 2024. The shared PROVENANCE checks it for Rotterdam (670.610, the same as
  AantalInwoners in KWB 2024); gemeenten whose borders changed on 1 January would differ
  (Amsterdam 2014: 810.767 on 31 December 2013, 810.937 on 1 January 2014), which is why the
  other years use the 1 January column. None of the G4 changed borders on 1 January 2024.
- Only the total of men and women (Sex T001038). Counts per gemeente are exact.

Standard library only:

    python3 scripts/cbs_bevolking_naar_sjabloon.py [path/to/250112_CLEAN_population_regional_NL.csv]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "cbs-population-dynamics-2012-2023/250112_CLEAN_population_regional_NL.csv"
CANDIDATES = [ROOT.parent / "shared" / "data" / NAME, Path("/work/shared/data") / NAME]
TARGET = ROOT / "src" / "nprz" / "datasets" / "cbs2024" / "bevolking-1-januari-2012-2024.csv"
AREAS = ROOT / "src" / "nprz" / "programmes" / "bundled" / "nprz" / "areas.csv"
INDICATOR = "cbs-inwoners"
WANTED = ("nl", "amsterdam", "rotterdam", "den-haag", "utrecht")
TOTAL = "T001038"
LAST_YEAR = 2023  # the file's last year; its 31 December is 1 January of the next


def dutch_integer(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def source_file() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    raise SystemExit("bronbestand niet gevonden; geef het pad als argument")


def template_rows(source: Path) -> list[list[str]]:
    """The template's rows (without the header), in area order then year order."""
    with AREAS.open(encoding="utf-8") as handle:
        ours = {r["cbs_code"]: r["code"] for r in csv.DictReader(handle) if r["code"] in WANTED}
    rows: list[list[str]] = []
    with source.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            area = ours.get(record["Regions"].strip())
            if area is None or record["Sex"].strip() != TOTAL:
                continue
            year = int(record["Periods Label"])
            january = int(record["PopulationOn1January_1"])
            rows.append([INDICATOR, area, str(year), dutch_integer(january), "definitief", ""])
            if year == LAST_YEAR:
                december = int(record["PopulationOn31December_20"])
                note = f"stand 31 december {LAST_YEAR} (= 1 januari {LAST_YEAR + 1})"
                rows.append(
                    [INDICATOR, area, str(year + 1), dutch_integer(december), "definitief", note]
                )
    order = {code: position for position, code in enumerate(WANTED)}
    rows.sort(key=lambda row: (order[row[1]], row[2]))
    if len(rows) != len(WANTED) * 13:
        raise SystemExit(f"verwacht {len(WANTED) * 13} rijen, gevonden {len(rows)}")
    return rows


def main() -> None:
    rows = template_rows(source_file())
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["indicator", "area", "period", "value", "status", "note"])
        writer.writerows(rows)
    print(f"{len(rows)} rijen naar {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
