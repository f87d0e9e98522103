"""The demo's third CBS delivery: population on 1 January 2012-2024 of the Netherlands and
the G4 gemeenten, made by scripts/cbs_bevolking_naar_sjabloon.py from the shared CBS file.

Facts from ../shared/data/cbs-population-dynamics-2012-2023/PROVENANCE.md: Rotterdam 616.260
on 1 January 2012 and 670.610 on 31 December 2023; the Netherlands 16.730.348 on 1 January
2012 and 17.942.942 on 31 December 2023.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from nprz.datasets import CBS2024

FILE = CBS2024 / "bevolking-1-januari-2012-2024.csv"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "cbs_bevolking_naar_sjabloon.py"


def committed() -> list[list[str]]:
    with FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_the_template_holds_the_provenance_facts() -> None:
    header, *rows = committed()
    assert header == ["indicator", "area", "period", "value", "status", "note"]
    assert len(rows) == 65  # 5 areas x 13 years
    values = {(area, period): value for _, area, period, value, _, _ in rows}
    assert values[("rotterdam", "2012")] == "616.260"
    assert values[("rotterdam", "2024")] == "670.610"
    assert values[("nl", "2012")] == "16.730.348"
    assert values[("nl", "2024")] == "17.942.942"
    # The G4 gemeenten add up to the report's G4 in 2024 (r. 64, 234: 2.542.367).
    g4 = sum(
        int(values[(a, "2024")].replace(".", ""))
        for a in ("amsterdam", "rotterdam", "den-haag", "utrecht")
    )
    assert g4 == 2_542_367


def test_the_script_makes_the_committed_file() -> None:
    spec = importlib.util.spec_from_file_location("cbs_bevolking", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    source = next((c for c in script.CANDIDATES if c.is_file()), None)
    if source is None:
        pytest.skip("het gedeelde CBS-bestand is hier niet")
    assert script.template_rows(source) == committed()[1:]
