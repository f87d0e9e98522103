"""Interventions per programme: Lindeveld beside NPRZ in one database, each with its own
progress round 2024, and every reader (the command line, the colour import, the site
section, the report) keeps to the programme it works on (issues 15, 19).

Lindeveld's one intervention and its round are synthetic: made up for this test, written
straight into the store (a definition-only load brings no rounds).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from typer.testing import CliRunner

from nprz import cli
from nprz.interventions import models as iv
from nprz.monitor import models as m
from nprz.monitor import scope
from nprz.reports.document import Section, TableBlock, Text

pytestmark = pytest.mark.django_db
SECTION = "/programma/lindeveld"
NAME = "Gezond op het schoolplein (synthetisch)"


@pytest.fixture(scope="module")
def lindeveld(beside: m.Programme, django_db_blocker) -> m.Programme:
    """Lindeveld's published round 2024 with one intervention of its own pillar; rolled back
    with `beside`."""
    with django_db_blocker.unblock(), scope.working_on(beside):
        round_ = iv.ProgressRound.objects.create(year=2024, status=iv.RoundStatus.GEPUBLICEERD)
        intervention = iv.Intervention.objects.create(
            pillar="gezondheid",
            number="1",
            name=NAME,
            description="Synthetisch: beweegles in de pauze.",
            position=1,
        )
        iv.ProgressReport.objects.create(
            round=round_,
            intervention=intervention,
            colour="niet-vastgelegd",
            status=iv.ReportStatus.GEPUBLICEERD,
            summary="Synthetisch: twee scholen doen mee.",
        )
    return beside


def invoke(*args: str) -> tuple[int, str]:
    with scope.working_on(None):
        try:
            result = CliRunner().invoke(cli.app, list(args))
        finally:
            scope.request(None)
    return result.exit_code, result.stdout + (result.stderr if result.stderr_bytes else "")


def test_each_programme_has_its_own_round_2024(lindeveld: m.Programme) -> None:
    nprz = m.Programme.objects.get(code="nprz")
    with scope.working_on(lindeveld):
        assert list(iv.ProgressRound.objects.values_list("year", flat=True)) == [2024]
        assert iv.Intervention.objects.count() == 1
        assert iv.ProgressReport.objects.count() == 1
        assert iv.Intervention.objects.get().pillar_name == "Gezond opgroeien"
    with scope.working_on(nprz):
        assert list(iv.ProgressRound.objects.values_list("year", flat=True)) == [2023, 2024]
        assert iv.Intervention.objects.count() == 134
        assert iv.ProgressReport.objects.filter(round__year=2024).count() == 134
    # With two programmes and none chosen, reading rounds is an error, never a mix of both.
    with scope.working_on(None), pytest.raises(scope.ProgrammeNotChosen):
        iv.ProgressRound.objects.filter(year=2024).count()
    assert iv.ProgressRound._base_manager.filter(year=2024).count() == 2


def test_a_second_round_of_a_year_in_one_programme_is_refused(lindeveld: m.Programme) -> None:
    with scope.working_on(lindeveld), pytest.raises(IntegrityError), transaction.atomic():
        iv.ProgressRound.objects.create(year=2024, status=iv.RoundStatus.GESLOTEN)


def test_the_command_lists_only_its_own_interventions(lindeveld: m.Programme, words) -> None:
    code, output = invoke(
        "--programma", "lindeveld", "interventions", "--year", "2024", "-f", "json"
    )
    assert code == 0, output
    rows = json.loads(output)
    assert [(r["pillar"], r["number"], r["name"]) for r in rows] == [("gezondheid", "1", NAME)]
    code, table = invoke("--programma", "lindeveld", "interventions", "--year", "2024")
    assert code == 0, table
    assert "Interventies 2024: 1 in de drie pijlers" in table
    assert "Gezond opgroeien" in table
    assert words.found(table, words.nprz) == []
    code, theirs = invoke("--programma", "nprz", "interventions", "--year", "2024", "-f", "json")
    assert code == 0
    assert len(json.loads(theirs)) == 134
    assert NAME not in theirs


def test_the_colour_import_knows_only_its_own_pillars(
    lindeveld: m.Programme, tmp_path: Path
) -> None:
    wrong = tmp_path / "kleuren-werk.csv"
    wrong.write_text("pijler;nummer;jaar;kleur\nwerk;1;2024;groen\n", encoding="utf-8")
    code, output = invoke("--programma", "lindeveld", "import", "kleuren", str(wrong))
    assert code == 1, output
    assert "Onbekende pijler 'werk'; het programma kent gezondheid" in " ".join(output.split())
    right = tmp_path / "kleuren-gezondheid.csv"
    right.write_text("pijler;nummer;jaar;kleur\ngezondheid;1;2024;groen\n", encoding="utf-8")
    code, output = invoke("--programma", "lindeveld", "import", "kleuren", str(right))
    assert code == 0, output
    with scope.working_on(lindeveld):
        assert list(iv.ColourImport.objects.values_list("code", flat=True)) == ["kleuren-0001"]
        assert list(iv.ImportedColour.objects.values_list("pillar", "number", "colour")) == [
            ("gezondheid", "1", "groen")
        ]
    with scope.working_on(m.Programme.objects.get(code="nprz")):
        assert iv.ColourImport.objects.count() == 0


def main_of(page: str) -> str:
    found = re.search(r"<main\b.*?>(.*)</main>", page, re.S)
    assert found, "no <main>"
    return found[1]


def test_its_section_shows_its_interventions_only(lindeveld: m.Programme, words) -> None:
    client = Client()
    response = client.get(f"{SECTION}/interventies/")
    assert response.status_code == 200
    text = words.visible(main_of(response.content.decode()))
    assert NAME in text
    assert "Gezond opgroeien" in text
    assert words.found(text, words.nprz) == []
    assert client.get(f"{SECTION}/interventies/gezondheid/1/").status_code == 200
    assert client.get(f"{SECTION}/interventies/werk/1/").status_code == 404
    assert client.get(f"{SECTION}/interventies/?pijler=werk").status_code == 400
    nprz = client.get("/interventies/?jaar=2024")
    assert nprz.status_code == 200
    assert NAME not in nprz.content.decode()
    assert "Thuisbasis op orde" in nprz.content.decode()


@pytest.fixture(scope="module")
def chapter(lindeveld: m.Programme, django_db_blocker) -> Section:
    """The report's interventions chapter for Lindeveld (its definition names no such
    chapter, so it is built on its own, as a programme that adds one would get it)."""
    from nprz.reports.programme import interventions_section

    with django_db_blocker.unblock(), scope.working_on(lindeveld):
        return interventions_section(2024)


def _texts(section: Section) -> Iterator[str]:
    for block in section.parts:
        if isinstance(block, Text):
            yield block.text
        elif isinstance(block, TableBlock):
            yield " ".join(str(c.text) for row in block.table.rows for c in row)
    for child in section.children:
        yield from _texts(child)


def test_its_report_chapter_has_its_interventions_only(chapter: Section, words) -> None:
    text = " ".join(_texts(chapter))
    assert "Het programma telt 1 interventies in de drie pijlers (Gezond opgroeien 1)" in text
    assert NAME in text
    assert [c.anchor for c in chapter.children if c.anchor.startswith("interventies-")] == [
        "interventies-gezondheid"
    ]
    assert words.found(text, words.nprz) == []
