"""Programme definitions as data: every bundled one and the synthetic fixture read cleanly,
the example's figures are CBS's (nothing summed or invented), and a broken copy of a
definition is refused with problems that name the file and the item."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from nprz import programmes
from nprz.datasets.problems import DatasetError, Problem
from nprz.datasets.reader import read_dataset
from nprz.programmes.schema import ProgrammeFile, SimpleChapter

FIXTURE = Path(__file__).parent / "data" / "lindeveld-synthetisch"
EXAMPLE = programmes.bundled_folder("delft-westland")


# --- the definitions read -----------------------------------------------------------------


@pytest.mark.parametrize("code", programmes.available())
def test_every_bundled_definition_reads_cleanly(code: str) -> None:
    dataset = read_dataset(programmes.bundled_folder(code))
    assert dataset.programme is not None
    assert dataset.programme.code == code
    assert dataset.indicators, code
    assert dataset.report_year is None  # a definition holds no figures of a year


def test_the_bundled_programmes_are_nprz_and_the_example() -> None:
    assert programmes.available() == ["delft-westland", "nprz"]


def test_the_synthetic_fixture_is_another_kind_of_programme() -> None:
    dataset = read_dataset(FIXTURE)
    assert dataset.programme is not None
    spec = ProgrammeFile.model_validate(dataset.programme.definition)
    assert (spec.code, spec.short_name) == ("lindeveld", "Lindeveld")
    assert "synthetisch" in spec.name
    assert [p.name for p in spec.pillars] == [
        "Gezond opgroeien",
        "Groene leefomgeving",
        "Meedoen in de buurt",
        "Achtergrond",
    ]
    assert [a.code for a in dataset.areas if a.kind == "wijk"] == [
        "beekhoek",
        "molenakker",
        "vlietkamp",
    ]
    assert len(dataset.indicators) == 4
    assert {i.code: i.direction for i in dataset.indicators if i.target} == {
        "overgewicht-jeugd": "lager",
        "tevreden-groen": "hoger",
        "vrijwilligers": "hoger",
    }
    [plan] = dataset.plans
    assert plan.knots[-1][0] == 2030
    # No side tables: only chapters every programme has.
    assert all(isinstance(c, SimpleChapter) for c in spec.chapters)
    assert dataset.observations == []  # the figures come through the import template


def test_every_synthetic_figure_says_it_is_synthetic() -> None:
    with (FIXTURE / "synthetisch-levering-2022-2024.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 60  # 4 indicators x 5 areas x 3 years
    assert {r["note"] for r in rows} == {"synthetisch"}
    assert {r["period"] for r in rows} == {"2022", "2023", "2024"}


# --- the example programme's figures are CBS's --------------------------------------------


def example_rows() -> dict[tuple[str, str, str], str]:
    with (EXAMPLE / "levering-cbs-2012-2024.csv").open(encoding="utf-8") as handle:
        return {
            (r["indicator"], r["area"], r["period"]): r["value"] for r in csv.DictReader(handle)
        }


def number(text: str) -> int:
    return int(text.replace(".", ""))


def test_the_example_region_is_cbs_own_row_and_its_gemeenten_add_up_to_it() -> None:
    """CR27 is printed by CBS itself; its three gemeenten add up to it exactly every year
    (the reason the region was chosen, PROVENANCE.md): no sum of ours is in the file."""
    rows = example_rows()
    for year in range(2012, 2025):
        region = number(rows["inwoners", "regio", str(year)])
        parts = [
            number(rows["inwoners", g, str(year)]) for g in ("delft", "midden-delfland", "westland")
        ]
        assert region == sum(parts), year
    # Facts of the shared data's PROVENANCE files.
    assert rows["inwoners", "nl", "2012"] == "16.730.348"
    assert rows["inwoners", "nl", "2024"] == "17.942.942"
    assert rows["inwoners", "delft", "2024"] == "109.577"
    assert rows["inwoners", "regio", "2012"] == "218.880"


def test_the_example_keeps_missing_cbs_values_missing() -> None:
    rows = example_rows()
    missing = sorted(key for key, value in rows.items() if value == "nb")
    assert missing == [
        ("bijstand", "abtswoude", "2024"),
        ("corporatiewoningen", "abtswoude", "2024"),
        ("huurwoningen", "abtswoude", "2024"),
        ("woz-waarde", "abtswoude", "2024"),
    ]
    assert rows["bijstand", "voorhof", "2024"] == "560"
    # Nothing for the region or the Netherlands that CBS did not give.
    assert ("bijstand", "regio", "2024") not in rows
    assert ("bijstand", "nl", "2024") not in rows


def test_the_example_map_has_every_wijk_and_only_them() -> None:
    with (EXAMPLE / "areas.csv").open(encoding="utf-8") as handle:
        wijken = {r["cbs_code"]: r["name"] for r in csv.DictReader(handle) if r["kind"] == "wijk"}
    features = json.loads((EXAMPLE / "kaart.geojson").read_text(encoding="utf-8"))["features"]
    on_map = {f["properties"]["wijkcode"]: f["properties"]["naam"] for f in features}
    assert on_map == wijken
    assert len(wijken) == 25
    assert (EXAMPLE / "kaart.geojson").stat().st_size < 20_000


def test_the_example_targets_are_labelled_as_examples() -> None:
    dataset = read_dataset(EXAMPLE)
    assert dataset.programme is not None
    assert dataset.programme.definition["example"] is True
    targeted = [i for i in dataset.indicators if i.target is not None]
    assert [i.code for i in targeted] == ["groei-per-1000", "vertrek-per-1000"]
    assert all("(voorbeelddoel)" in i.name for i in targeted)
    assert all("verzonnen" in p.name for p in dataset.plans)


# --- a broken copy is refused, naming the file and the item -------------------------------


Edit = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Edit:
    def edit(folder: Path) -> None:
        text = (folder / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        (folder / file).write_text(text.replace(old, new), encoding="utf-8")

    return edit


def set_indicator(code: str, **changes: object) -> Edit:
    def edit(folder: Path) -> None:
        items = yaml.safe_load((folder / "indicators.yaml").read_text(encoding="utf-8"))
        next(item for item in items if item["code"] == code).update(changes)
        text = yaml.safe_dump(items, sort_keys=False, allow_unicode=True)
        (folder / "indicators.yaml").write_text(text, encoding="utf-8")

    return edit


# id: (edit, (code, file, row or item, column), words of the Dutch message)
BROKEN = {
    "pillar-not-in-the-definition": (
        set_indicator("tevreden-groen", pillar="groen"),
        ("onbekende-pijler", "indicators.yaml", 3, "pillar"),
        "pijler 'groen' staat niet in programme.yaml",
    ),
    "chart-area-unknown": (
        replace(
            "programme.yaml",
            "\ncompare: [lindeveld, lindestad]",
            "\ncompare: [lindeveld, lindestat]",
        ),
        ("onbekend-gebied", "programme.yaml", None, "compare"),
        "onbekend gebied 'lindestat'",
    ),
    "key-figure-indicator-unknown": (
        replace(
            "programme.yaml", "tevreden-groen, vrijwilligers]", "tevreden-groen, vrijwiligers]"
        ),
        ("onbekend-indicator", "programme.yaml", None, "key_figures.indicators"),
        "onbekend indicator 'vrijwiligers'",
    ),
    "typo-in-a-definition-field": (
        replace("programme.yaml", "short_name: Lindeveld", "shortname: Lindeveld"),
        ("ongeldig-veld", "programme.yaml", None, "shortname"),
        "onbekend veld",
    ),
    "unknown-chapter-kind": (
        replace("programme.yaml", "  - {kind: banden}\n", "  - {kind: bandjes}\n"),
        ("ongeldig-veld", "programme.yaml", None, "chapters.4"),
        "'bandjes' is geen toegestane waarde van 'kind'; kies uit 'samenvatting',",
    ),
    "target-plan-unknown": (
        replace(
            "indicators.yaml",
            "plan: wijkplan, reference: {norm",
            "plan: wijkplam, reference: {norm",
        ),
        ("onbekend-plan", "indicators.yaml", 4, "target.plan"),
        "onbekend plan 'wijkplam'",
    ),
    "area-word-for-an-unknown-area": (
        replace("programme.yaml", "texts:\n", "texts:\n  area_words: {lindeveldt: het Veld}\n"),
        ("onbekend-gebied", "programme.yaml", None, "texts.area_words"),
        "onbekend gebied 'lindeveldt'",
    ),
    "member-area-unknown": (
        replace("memberships.csv", "lindeveld,vlietkamp,", "lindeveld,vlietkmp,"),
        ("onbekend-gebied", "memberships.csv", 4, "member"),
        "onbekend gebied 'vlietkmp'",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_definition_names_the_file_and_the_item(case: str, tmp_path: Path) -> None:
    edit, (code, file, item, column), words = BROKEN[case]
    folder = tmp_path / "lindeveld"
    shutil.copytree(FIXTURE, folder)
    edit(folder)
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    problems: list[Problem] = caught.value.problems
    matching = [
        p for p in problems if (p.code, p.file, p.row, p.column) == (code, file, item, column)
    ]
    assert len(matching) == 1, [str(p) for p in problems]
    assert words in matching[0].message
    assert file in str(matching[0])


def test_the_command_refuses_a_broken_definition_naming_file_and_item(tmp_path: Path) -> None:
    """`nprz load <folder>` on a definition with one defect: one line naming the place, the
    database untouched (the folder is read before the database is opened)."""
    from typer.testing import CliRunner

    from nprz import cli

    folder = tmp_path / "lindeveld"
    shutil.copytree(FIXTURE, folder)
    set_indicator("tevreden-groen", pillar="groen")(folder)
    result = CliRunner().invoke(cli.app, ["load", str(folder)])
    assert isinstance(result.exception, cli.CommandError)
    message = str(result.exception)
    assert message.startswith("dataset " + str(folder) + " niet geladen, de database is niet")
    # The third item of indicators.yaml (a YAML item is counted as a row).
    assert "indicators.yaml, rij 3, kolom pillar: pijler 'groen' staat niet in" in message
