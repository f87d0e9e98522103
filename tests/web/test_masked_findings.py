"""Public pages never print a hidden small count that `nprz check` can work out again, nor
which equation gives it away; an analyst's check shows both."""

from __future__ import annotations

import pytest
from django.test import Client

from nprz.checks import run_checks
from nprz.facts import report_facts
from nprz.publication import DISCLOSING, audience, findings

pytestmark = pytest.mark.django_db


def test_recovered_small_counts_are_left_out_on_the_public_side(store):
    raw = [f for f in run_checks(report_facts(2024)) if f.code in DISCLOSING]
    # The 2024 report printed eight "<5" cells of its moving-flows table that its own
    # totals give away; the analyst's check shows the values (Kop van Zuid in_7 = 4).
    assert len([f for f in raw if f.code == "herleidbaar"]) >= 8
    assert any(f.recomputed == "4" and "kop-van-zuid" in f.subject for f in raw)
    assert [f for f in findings(2024) if f.code in DISCLOSING] == []
    with audience.reading_as(audience.Audience.ANALYST):
        shown = [f for f in findings(2024) if f.code in DISCLOSING]
    assert len(shown) == len(raw)
    assert any(f.recomputed == "4" and "kop-van-zuid" in f.subject for f in shown)


def test_the_area_page_of_kop_van_zuid_says_nothing_of_the_recoverable_cell(store):
    html = Client().get("/gebieden/kop-van-zuid/").content.decode()
    assert "is terug te rekenen" not in html
    assert "herberekend 4" not in html
    assert "Vestigers, herkomstkolom 7" in html  # the cell's row is there, hidden
