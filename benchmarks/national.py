"""A SYNTHETIC national programme for the scale benchmark (issue 19).

Writes a programme definition folder (programme.yaml, areas.csv, memberships.csv, plans.yaml,
indicators.yaml) and its deliveries in the import template, one per indicator
(`levering-synthetisch-<indicator>.csv`), for every gemeente and wijk of the Netherlands, ~20
indicators and the years 2012-2024: about 970.000 values. The area codes are real when the
CBS key figures of 2024 are at hand (`shared/data/cbs-kwb2024-odata-85984NED`: 342 gemeenten
and 3.393 wijken); otherwise, or when asked for a smaller size, the areas are made up. Every
value is made up: random numbers from a fixed seed, marked SYNTHETISCH in the programme's
name, every indicator's name and every row's note, so nothing here can be mistaken for a
figure about a real place.

Nothing large is committed: the benchmark writes into a temporary folder at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

YEARS = range(2012, 2025)
PROGRAMME = "synthetisch-nl"
MARK = "SYNTHETISCH"


# The CBS key figures of 2024 (codes of all gemeenten and wijken) and the gemeente names of
# 2015, in the workspace's shared data, when this repository sits beside it.
def _shared() -> Path:
    # Found by walking up from this file (a worktree sits deeper than the main checkout).
    for folder in Path(__file__).resolve().parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    return Path("/nonexistent")


SHARED = _shared()
KWB = "cbs-kwb2024-odata-85984NED/stripped_filtered_data_2024.json"
GEMEENTEN_2015 = "cbs-gebiedsindelingen-topojson-2014-2015/Gemeente_2015_layer_labels.json"


@dataclass(frozen=True)
class Area:
    code: str  # the monitor's code: the CBS code in lower case
    name: str
    kind: str  # gemeente or wijk
    cbs_code: str
    parent: str  # the gemeente's code, for a wijk


def deliveries(folder: Path) -> list[Path]:
    """The delivery files `write_programme` wrote, one per indicator, in order."""
    return sorted(folder.glob("levering-synthetisch-*.csv"))


@dataclass(frozen=True)
class Sizes:
    areas: int
    indicators: int
    years: int
    rows: int  # rows of the delivery
    values: int  # rows with a number (the rest are `nb`, a missing value)


def real_areas(shared: Path = SHARED) -> list[Area] | None:
    """Every gemeente and wijk of KWB 2024 by its real code, or None without the data.

    Gemeente names come from CBS's classification of 2015 where the code is the same (a
    gemeente code is not reused after a merger); a gemeente formed later, and every wijk, is
    named by its code, because a name from another year could belong to another area.
    """
    kwb = shared / KWB
    if not kwb.is_file():
        return None
    codes = sorted(json.loads(kwb.read_text(encoding="utf-8")))
    names: dict[str, str] = {}
    labels = shared / GEMEENTEN_2015
    if labels.is_file():
        topo = json.loads(labels.read_text(encoding="utf-8"))
        for geometry in topo["objects"]["layer"]["geometries"]:
            props = geometry.get("properties", {})
            names[props["statcode"]] = props["statnaam"]
    areas = []
    for code in codes:
        if code.startswith("GM"):
            areas.append(Area(code.lower(), names.get(code, code), "gemeente", code, ""))
        elif code.startswith("WK"):
            parent = "gm" + code[2:6]
            # Amsterdam's wijk codes have letters (WK0363AA); the schema reads them too.
            areas.append(Area(code.lower(), f"Wijk {code}", "wijk", code, parent))
    return areas


def synthetic_areas(gemeenten: int, wijken_per_gemeente: int) -> list[Area]:
    """Made-up gemeenten and wijken with codes in CBS's shape (GM9xxx cannot be real ones)."""
    areas = []
    for g in range(gemeenten):
        gm = f"GM9{g:03d}"
        areas.append(Area(gm.lower(), f"Gemeente {g + 1} ({MARK})", "gemeente", gm, ""))
        for w in range(wijken_per_gemeente):
            wk = f"WK9{g:03d}{w:02d}"
            areas.append(
                Area(wk.lower(), f"Wijk {w + 1} van gemeente {g + 1}", "wijk", wk, gm.lower())
            )
    return areas


def _indicators(count: int) -> list[dict[str, object]]:
    """`count` indicators: every fourth a goal (a level, or converging to the reference)."""
    kinds = [("aantal", 0), ("percent", 1), ("score", 1)]
    found: list[dict[str, object]] = []
    for i in range(count):
        unit, decimals = kinds[i % len(kinds)]
        code = f"synth-{i + 1:02d}"
        item: dict[str, object] = {
            "code": code,
            "name": f"Indicator {i + 1} ({MARK})",
            "pillar": "synthetisch",
            "role": "context",
            "unit": unit,
            "decimals": decimals,
            "period_type": "jaar",
            "source": f"{MARK}: willekeurige getallen van de schaalbenchmark",
            "document": MARK,
            "definition": "Verzonnen getallen om de monitor op de schaal van Nederland te meten.",
        }
        if unit == "aantal":
            item["additive"] = True
        if i % 4 == 1:
            item["role"] = "doel"
            item["direction"] = "hoger"
            item["direction_basis"] = f"{MARK}: verzonnen doel."
            if i % 8 == 1:
                item["target"] = {"kind": "level", "plan": "synthplan", "level": "50,0"}
            else:
                item["target"] = {
                    "kind": "converge",
                    "plan": "synthplan",
                    "reference": {"area": "referentie"},
                    "start_period": "2016",
                }
        found.append(item)
    return found


def _number(rng: random.Random, unit: object, base: float) -> str:
    """A made-up value in Dutch notation, as the template reads it."""
    if unit == "aantal":
        return f"{int(base * (0.5 + rng.random())):d}"
    value = f"{rng.uniform(0, 100):.1f}".replace(".", ",")
    return value + "%" if unit == "percent" else value


def _yaml(value: object) -> str:
    # JSON is YAML: no YAML writer needed, and every string is quoted.
    return json.dumps(value, ensure_ascii=False, indent=1)


def write_programme(
    folder: Path,
    areas: list[Area],
    indicators: int = 20,
    years: range = YEARS,
    seed: int = 19,
    missing_every: int = 97,
) -> Sizes:
    """Write the definition and its deliveries into `folder`; every `missing_every`-th row is nb."""
    folder.mkdir(parents=True, exist_ok=True)
    specs = _indicators(indicators)
    all_areas = [
        Area("nl", f"Nederland ({MARK})", "programmagebied", "", ""),
        Area("referentie", f"Referentie ({MARK})", "stedengroep", "", ""),
        *areas,
    ]
    first = next(a.code for a in areas if a.kind == "gemeente")
    programme = {
        "code": PROGRAMME,
        "name": f"Schaalbenchmark Nederland ({MARK})",
        "short_name": f"Nederland ({MARK})",
        "example": True,
        "area": "nl",
        "compare": ["nl", "referentie", first],
        "pillars": [{"code": "synthetisch", "name": f"Alles ({MARK})"}],
        "chapters": [{"kind": "samenvatting"}, {"kind": "stoplicht"}, {"kind": "doelen"}],
        "texts": {
            "introduction": f"{MARK}: verzonnen getallen voor elke gemeente en wijk van "
            "Nederland, om de monitor op schaal te meten. Geen enkel getal is echt."
        },
    }
    (folder / "programme.yaml").write_text(_yaml(programme) + "\n", encoding="utf-8")
    plan = [
        {
            "code": "synthplan",
            "name": f"Plan 2016-2030 ({MARK})",
            "description": f"{MARK}: een verzonnen plan, lineair van 0% in 2016 tot 100% in 2030.",
            "knots": [[2016, "0%"], [2030, "100%"]],
            "lines": "",
        }
    ]
    (folder / "plans.yaml").write_text(_yaml(plan) + "\n", encoding="utf-8")
    (folder / "indicators.yaml").write_text(_yaml(specs) + "\n", encoding="utf-8")
    with (folder / "areas.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["code", "name", "kind", "cbs_code", "line", "note"])
        for area in all_areas:
            out.writerow([area.code, area.name, area.kind, area.cbs_code, "", MARK])
    with (folder / "memberships.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["group", "member", "valid_from", "valid_to", "line", "basis"])
        for area in areas:
            group = "nl" if area.kind == "gemeente" else area.parent
            out.writerow([group, area.code, "", "", "", MARK])
    rng = random.Random(seed)
    rows = values = 0
    # One delivery per indicator: a delivery holds at most 100.000 rows (MAX_ROWS of
    # nprz.imports.tables), and 3.737 areas x 13 years is 48.581.
    for spec in specs:
        path = folder / f"levering-synthetisch-{spec['code']}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["indicator", "area", "period", "value", "status", "note"])
            for area in all_areas:
                big = area.kind in ("programmagebied", "referentie")
                base = 1_000_000.0 if big else 5_000.0
                for year in years:
                    rows += 1
                    if rows % missing_every == 0:
                        out.writerow([spec["code"], area.code, year, "nb", "definitief", MARK])
                        continue
                    value = _number(rng, spec["unit"], base)
                    out.writerow([spec["code"], area.code, year, value, "definitief", MARK])
                    values += 1
    return Sizes(len(all_areas), len(specs), len(years), rows, values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=f"Schrijf het {MARK}E landelijke programma.")
    parser.add_argument("map", type=Path, help="de map waarin het programma komt")
    parser.add_argument("--indicatoren", type=int, default=20)
    parser.add_argument("--gemeenten", type=int, help="verzonnen gemeenten in plaats van de echte")
    parser.add_argument("--wijken", type=int, default=9, help="wijken per verzonnen gemeente")
    args = parser.parse_args(argv)
    areas = real_areas() if args.gemeenten is None else None
    if areas is None:
        areas = synthetic_areas(args.gemeenten or 340, args.wijken)
    sizes = write_programme(args.map, areas, indicators=args.indicatoren)
    print(
        f"{args.map}: {sizes.areas} gebieden, {sizes.indicators} indicatoren, "
        f"{sizes.years} jaren, {sizes.rows} rijen, {sizes.values} waarden ({MARK})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
