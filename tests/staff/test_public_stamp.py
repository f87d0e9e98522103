"""The public pages are cached per state of what the public can see; the progress round's
drafts are not part of it.

Saving, submitting and approving a report in an open round writes report rows, KPI values and
their history, none of which a public page shows (they show published rounds only). Those
writes must leave the public stamp, and so every cached public page, alone; publishing the
round must change it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nprz.interventions import models as iv
from nprz.publication.stamp import data_stamp


def post(client: Client, url: str, **data: Any) -> int:
    return int(client.post(url, data).status_code)


@pytest.mark.django_db
def test_the_round_changes_the_public_stamp_only_when_it_is_published(cast: Any) -> None:
    ida, cor, bea = cast.client("ida"), cast.client("cor"), cast.client("bea")
    url = cast.url(cast.own)
    kpi = cast.own.intervention.kpis.order_by("position").first()
    visitor = Client()
    first = visitor.get("/interventies/")
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    public = data_stamp()

    field = f"kpi-{kpi.pk}"
    assert post(ida, url, actie="opslaan", version=1, summary="Concept.", **{field: "540"}) == 302
    assert post(ida, url, actie="opslaan", version=2, summary="Concept 2.", **{field: "560"}) == 302
    value = iv.KpiValue.objects.get(round=cast.round, kind="realisatie")
    assert (value.printed, value.history.count()) == ("560", 2)
    assert data_stamp() == public
    again = visitor.get("/interventies/")
    assert again["X-Page-Cache"] in ("local", "shared")  # not computed again
    assert again.content == first.content

    assert post(ida, url, actie="indienen", version=3) == 302
    assert post(cor, url, actie="goedkeuren", version=4, colour="geel") == 302
    assert post(bea, "/ronde/2025/sluiten/", bevestigd="ja") == 302
    assert iv.ProgressReport.objects.get(pk=cast.own.pk).status == "goedgekeurd"
    assert data_stamp() == public

    assert post(bea, "/ronde/2025/publiceren/", bevestigd="ja") == 302
    assert data_stamp() != public
    after = visitor.get("/interventies/?jaar=2025")
    assert (after.status_code, after["X-Page-Cache"]) == (200, "miss")
    assert visitor.get("/interventies/")["X-Page-Cache"] == "miss"  # the default year moved
