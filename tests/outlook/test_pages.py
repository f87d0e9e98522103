"""The "Prognose" block on a goal's web page and in the report's goal section: the same lines
from one presenter, with the numbers of the outlook."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from nprz.monitor.outlook import outlook
from nprz.presenters.indicators import outlook_facts
from nprz.publication import targets
from nprz.reports.document import Facts, Section
from nprz.reports.goals import indicator_sections

pytestmark = pytest.mark.django_db


def text(body: bytes) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", body.decode())
    return " ".join(html.unescape(without_tags).split())


@pytest.mark.usefixtures("store")
def test_goal_page_shows_the_projection_of_the_caseload() -> None:
    row = next(r for r in outlook(2024).rows if r.code == "bijstandsuitkeringen")
    page = text(Client().get("/indicatoren/bijstandsuitkeringen/").content)
    assert "Prognose" in page
    for label, line in outlook_facts(row, 2024):
        assert f"{label} {line}" in page
    assert row.projected_end is not None
    assert f"niveau van {row.end_year}, 10.000" in page
    assert "lineaire trend sinds de laatste breuk" in page


@pytest.mark.usefixtures("store")
def test_goal_page_says_why_there_is_no_projection() -> None:
    page = text(Client().get("/indicatoren/thuisbasis-kinderen-minimum/").content)
    assert "Prognose geen: te weinig meetpunten: 2, minimaal 3" in page
    # The ratio view is there without a projection: 21,9 of 16,5 at the start (2020).
    assert "Kloof tot de referentie" in page


@pytest.mark.usefixtures("store")
def test_report_goal_section_has_the_same_lines() -> None:
    chapter = indicator_sections(2024, [r for r in targets(2024) if r.code == "mph-ontruimingen"])
    sections: list[Section] = []
    stack = [chapter]
    while stack:
        current = stack.pop()
        sections.append(current)
        stack.extend(current.children)
    (section,) = [s for s in sections if s.anchor == "indicator-mph-ontruimingen"]
    row = next(r for r in outlook(2024).rows if r.code == "mph-ontruimingen")
    # The forecast stands beside the chart, in a column of the goal's page: its blocks.
    facts = [p for p in section.blocks if isinstance(p, Facts)]
    assert Facts(outlook_facts(row, 2024)) in facts
