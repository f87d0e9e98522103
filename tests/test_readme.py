"""The README's command table and method cannot drift from the code."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

from nprz.cli import app
from nprz.core.trajectory import Regime
from nprz.monitor.presenters import TARGET_COLUMNS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_every_command_is_in_the_readme_table() -> None:
    names = {
        command.name or (command.callback.__name__ if command.callback else "")
        for command in app.registered_commands
    } | {group.name for group in app.registered_groups if group.name}
    documented = set(re.findall(r"^\| `nprz (\w[\w-]*)", README, flags=re.MULTILINE))
    assert names == documented


def test_readme_lists_the_target_columns_in_order() -> None:
    assert ",".join(c.key for c in TARGET_COLUMNS) in README


def test_readme_fraction_table_matches_the_schedules() -> None:
    up2019 = Regime("up2019", ((2021, Fraction(1, 4)), (2031, Fraction(1))))
    up2023 = Regime("up2023", ((2022, Fraction(0)), (2031, Fraction(1))))
    row_2019 = next(line for line in README.splitlines() if line.startswith("| UP 2019-2022"))
    row_2023 = next(line for line in README.splitlines() if line.startswith("| UP 2023-2027"))
    cells_2019 = [c.strip() for c in row_2019.split("|")[3:8]]
    cells_2023 = [c.strip() for c in row_2023.split("|")[4:8]]
    expected_2019 = [up2019.fraction_due(y) for y in (2021, 2022, 2023, 2024, 2031)]
    expected_2023 = [up2023.fraction_due(y) for y in (2022, 2023, 2024, 2031)]
    assert cells_2019 == [_pct(f) for f in expected_2019]
    assert cells_2023 == [_pct(f) for f in expected_2023]


def _pct(fraction: Fraction) -> str:
    value = round(float(fraction) * 100, 1)
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"
