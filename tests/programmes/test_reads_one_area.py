"""A programme whose definition computes nothing from parts (no identities) reads an area's or
an indicator's values alone, not the whole view (issue 19: a million values at the scale of
the country); what the reader gets is the same rows in the same order."""

from __future__ import annotations

import pytest

from nprz import publication
from nprz.monitor import models as m
from nprz.monitor import scope

pytestmark = pytest.mark.django_db


def test_an_area_read_alone_is_the_view_filtered(alone: m.Programme) -> None:
    with scope.working_on(alone):
        assert not m.Identity.objects.exists()  # SYNTHETIC Lindeveld computes nothing
        area = m.Area.objects.get(code="beekhoek")
        whole = [r for r in publication.view(2024) if r.area.id == area.id]
        alone_rows = publication.values(2024, area=area)
        assert alone_rows == whole
        assert len(alone_rows) == 12  # 4 indicators x 2022-2024
        indicator = m.Indicator.objects.get(code="vrijwilligers")
        by_indicator = publication.values(2024, indicator=indicator)
        assert by_indicator == [r for r in publication.view(2024) if r.indicator.id == indicator.id]
        assert {r.area.code for r in by_indicator} >= {"beekhoek"}
