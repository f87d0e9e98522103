"""Write the SYNTHETIC 2025 delivery the year-cycle and attack tests import.

    .venv/bin/python tests/data/synthetic2025/make.py

Every figure in the files this writes is made up (seeded, so the files are the same on every
run) and every row says so in its note: "SYNTHETISCH testcijfer". The figures are shaped
like the 2024 ones (the bundled dataset's moving flows per wijk and thuiszitters of Zuid and
Rotterdam), with deliberately small counts in places, so disclosure control has something
to protect. They are not a forecast and must never be shown as real.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASET = HERE.parents[2] / "src" / "nprz" / "datasets" / "nprz2024"
PROGRAMME = HERE.parents[2] / "src" / "nprz" / "programmes" / "bundled" / "nprz"
FIELDS = ("indicator", "area", "period", "value", "status", "note")
NOTE = "SYNTHETISCH testcijfer, geen echte waarneming"
YEAR = 2025
SCHOOL_YEAR = "2024/25"
# Pupils subject to compulsory education in the new school year; Zuid's share of Rotterdam's
# is delivered with the stoplight (the reference of thuiszitters-aandeel) and must be this
# count ÷ total, as `nprz check` verifies for a year without a printed report.
PUPILS = {"rotterdam": 86_100, "nprz": 30_150}

Row = tuple[str, str, str, str, str, str]


def dutch(value: int | Fraction, decimals: int = 0, percent: bool = False) -> str:
    """Dutch notation, half up: 1.234 · 26,4%."""
    scaled = Fraction(value) * 10**decimals
    whole = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign = "-" if whole < 0 else ""
    digits = str(abs(whole)).rjust(decimals + 1, "0")
    head, tail = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    groups = []
    while len(head) > 3:
        groups.insert(0, head[-3:])
        head = head[:-3]
    text = sign + ".".join([head, *groups]) + ("," + tail if tail else "")
    return text + ("%" if percent else "")


def row(indicator: str, area: str, period: str, value: str) -> Row:
    return (indicator, area, period, value, "definitief", NOTE)


def wijken_2024() -> dict[str, dict[str, int]]:
    """The 2024 flows of every wijk as printed (verhuizingen.csv), counts only."""
    found = {}
    with (DATASET / "verhuizingen.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            if line["area"] in ("focuswijken", "nprz") or line["area"].startswith("gebied-"):
                continue
            counts = {}
            for key in (
                "binnen",
                "bevolking",
                *(f"{d}_{i}" for d in ("in", "uit") for i in range(1, 8)),
            ):
                text = line[key]
                counts[key] = 2 if text == "<5" else int(text.replace(".", ""))
            found[line["area"]] = counts
    return found


def groups() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with (PROGRAMME / "memberships.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            if line["group"] in ("nprz", "focuswijken") or line["group"].startswith("gebied-"):
                found.setdefault(line["group"], []).append(line["member"])
    return found


def flows(rng: random.Random) -> Iterator[Row]:
    """Every wijk's parts (with a few small counts), its totals, and every group's sums."""
    parts = {}
    for area, before in wijken_2024().items():
        mine = {
            key: max(0, round(value * rng.uniform(0.85, 1.15))) for key, value in before.items()
        }
        if rng.random() < 0.35:  # a small count in the last origin or destination column
            mine[rng.choice(("in_7", "uit_7", "in_6"))] = rng.randint(0, 4)
        parts[area] = mine
    members = groups()
    for group in ("gebied-feijenoord", "gebied-ijsselmonde", "gebied-charlois", "focuswijken"):
        parts[group] = {k: sum(parts[w][k] for w in members[group]) for k in parts["kop-van-zuid"]}
    parts["nprz"] = {k: sum(parts[g][k] for g in members["nprz"]) for k in parts["kop-van-zuid"]}
    for area, mine in parts.items():
        came = sum(mine[f"in_{i}"] for i in range(1, 8))
        left = sum(mine[f"uit_{i}"] for i in range(1, 8))
        total = mine["binnen"] + came + left
        yield row("verhuis-binnen", area, str(YEAR), dutch(mine["binnen"]))
        for i in range(1, 8):
            yield row(f"verhuis-in-{i}", area, str(YEAR), dutch(mine[f"in_{i}"]))
            yield row(f"verhuis-uit-{i}", area, str(YEAR), dutch(mine[f"uit_{i}"]))
        yield row("verhuis-in", area, str(YEAR), dutch(came))
        yield row("verhuis-uit", area, str(YEAR), dutch(left))
        yield row("verhuis-totaal", area, str(YEAR), dutch(total))
        # No saldo: a balance is derived (vestigers - vertrekkers), and the monitor computes it.
        yield row("verhuis-bevolking", area, str(YEAR), dutch(mine["bevolking"]))
        mobility = Fraction(total * 100, mine["bevolking"])
        yield row("verhuis-mobiliteit", area, str(YEAR), dutch(mobility, 1, percent=True))


def thuiszitters(rng: random.Random) -> Iterator[Row]:
    """One new school year for Rotterdam and Zuid; the stock-flow balance holds exactly."""
    for area, scale in (("rotterdam", 1.0), ("nprz", 0.45)):
        by_age = {}
        for age in ("5-12", "13-17"):
            start = round(rng.randint(40, 80) * scale)
            new = round(rng.randint(120, 220) * scale)
            moved = rng.randint(0, 4) if area == "nprz" else rng.randint(3, 9)
            solved = round(new * rng.uniform(0.6, 0.8))
            adult = 0 if age == "5-12" else rng.randint(1, 4)
            end = start + new - moved - adult - solved
            by_age[age] = {
                "aanvang": start,
                "nieuw": new,
                "verhuisd": moved,
                "18-jaar": adult,
                "opgelost": solved,
                "einde": end,
            }
        for kind in ("aanvang", "nieuw", "verhuisd", "opgelost", "einde"):
            for age in ("5-12", "13-17"):
                yield row(f"thuiszitters-{kind}-{age}", area, SCHOOL_YEAR, dutch(by_age[age][kind]))
            total = by_age["5-12"][kind] + by_age["13-17"][kind]
            yield row(f"thuiszitters-{kind}", area, SCHOOL_YEAR, dutch(total))
        yield row("thuiszitters-18-jaar", area, SCHOOL_YEAR, dutch(by_age["13-17"]["18-jaar"]))
        yield row("leerplichtigen", area, SCHOOL_YEAR, dutch(PUPILS[area]))


def next_period(period: str) -> str:
    """The period after `period`: 2024 -> 2025, 2023/24 -> 2024/25, 2020-2023 -> 2021-2024."""
    if "/" in period:
        first = int(period[:4]) + 1
        return f"{first}/{str(first + 1)[2:]}"
    if "-" in period:
        first, last = (int(p) for p in period.split("-"))
        return f"{first + 1}-{last + 1}"
    return str(int(period) + 1)


def moved(printed: str, rng: random.Random) -> str | None:
    """A printed figure moved a little (at most 3%), in the same notation; None for a mark
    that is not a number (nvt, nb, -)."""
    text = printed.strip()
    percent, euro = text.endswith("%"), text.startswith("€")
    body = text.removesuffix("%").removeprefix("€").strip()
    if not body or not any(ch.isdigit() for ch in body):
        return None
    whole, _, fraction = body.replace(".", "").partition(",")
    decimals = len(fraction)
    value = Fraction(f"{whole}.{fraction}" if fraction else whole)
    new = value * (1 + Fraction(rng.randint(-30, 30), 1000))
    out = dutch(new, decimals)
    return f"{out}%" if percent else f"€ {out}" if euro else out


def stoplight(rng: random.Random) -> Iterator[Row]:
    """Every stoplight indicator's next period: Zuid, the G4 and Rotterdam (or what the row's
    Rotterdam column holds), as the 2024 report printed them, moved a little."""
    with (DATASET / "stoplicht.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            period = next_period(line["current_period"])
            rdam = (
                tuple(line["rdam_is"].split("@"))
                if line["rdam_is"]
                else (line["indicator"], "rotterdam")
            )
            for (indicator, area), column in (
                ((line["indicator"], "nprz"), "zuid_now"),
                ((line["indicator"], "g4"), "g4_now"),
                (rdam, "rdam_now"),
            ):
                value = moved(line[column], rng) if line[column] else None
                if value is not None and (indicator, area) == ("leerlingen-aandeel-zuid", "nprz"):
                    # A share is count ÷ total (the draw above is kept: the rest stays the same).
                    share = Fraction(PUPILS["nprz"] * 100, PUPILS["rotterdam"])
                    value = dutch(share, 1, percent=True)
                if value is not None:
                    yield row(indicator, area, period, value)


def population(rng: random.Random) -> Iterator[Row]:
    """The population on 1 January of the new year for the other areas of the key figures
    (Zuid, the G4 and Rotterdam come with the stoplight's population row)."""
    with (DATASET / "algemeen.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            if line["indicator"] != "bevolking":
                continue
            for column, area in (
                ("nl", "nl"),
                ("amsterdam", "amsterdam"),
                ("den_haag", "den-haag"),
                ("utrecht", "utrecht"),
                ("focuswijken", "focuswijken"),
            ):
                value = moved(line[column], rng)
                if value is not None:
                    yield row("bevolking", area, str(YEAR), value)


def caseload() -> Iterator[Row]:
    """The welfare caseload at the end of the new year (the path asks 12.400)."""
    yield row("bijstandsuitkeringen", "nprz", str(YEAR), dutch(12_510))


FINANCE_FIELDS = (
    "volgorde",
    "post",
    "omschrijving",
    "soort",
    "begroot",
    "gerealiseerd",
    "gemeente",
    "overige_partners",
    "som_van",
    "som_kolommen",
    "verdeelt",
    "toelichting",
)


# begroot, gerealiseerd, gemeente, overige partners: the third line is the sum of the first two
AMOUNTS = (
    ("€ 1.350.000", "€ 1.301.500", "€ 1.176.500", "€ 125.000"),
    ("€ 100.000", "€ 92.250", "€ 88.250", "€ 4.000"),
    ("€ 1.450.000", "€ 1.393.750", "€ 1.264.750", "€ 129.000"),
)


def finance() -> list[tuple[str, ...]]:
    """The programme bureau's finances of the new year: two posts, the contribution split and
    their total (every total the sum of its parts)."""
    note = "SYNTHETISCH testbedrag"
    split = ("gerealiseerd", note)
    return [
        ("1", "Post 1", "Personeelskosten", "post", *AMOUNTS[0], "", "", *split),
        ("2", "Post 2", "Werkbudget", "post", *AMOUNTS[1], "", "", *split),
        ("3", "", "Totaal post 1 en 2", "subtotaal", *AMOUNTS[2], "1 2", "", *split),
    ]


def write(name: str, fields: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    target = HERE / name
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows(rows)
    print(f"{target.name}: {len(rows)} rijen")


def main() -> None:
    rng = random.Random(2025)
    write(
        "synthetisch-2025-verhuizingen-thuiszitters.csv",
        FIELDS,
        [*flows(rng), *thuiszitters(rng)],
    )
    write(
        "synthetisch-2025-doelen-bevolking-bijstand.csv",
        FIELDS,
        [*stoplight(rng), *population(rng), *caseload()],
    )
    write("synthetisch-2025-financien.csv", FINANCE_FIELDS, finance())


if __name__ == "__main__":
    main()
