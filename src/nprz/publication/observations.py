"""The store's observations of a report year, one per cell, for outputs that page through
them (the JSON API). Whoever shows them masks what `disclosure()` hides, per reader
(`nprz.web.api.shaping.observations_for_reader`); the choice of cell is made here, once."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery

from nprz.monitor import models as m


def observations(year: int) -> QuerySet[m.Observation]:
    """Per (indicator, area, period) the one observation the report of `year` prefers.

    The choice is made in the database (a correlated subquery that takes the first row in
    `preferred_first()` order), so counting and slicing a page stay SQL on SQLite and
    PostgreSQL alike, including cells without a value.
    """
    known = m.Observation.objects.known_in(year)
    first = (
        known.filter(
            indicator=OuterRef("indicator"), area=OuterRef("area"), period=OuterRef("period")
        )
        .preferred_first()
        .values("id")[:1]
    )
    return (
        known.filter(id=Subquery(first))
        .select_related("indicator", "area", "vintage")
        .order_by("indicator__position", "indicator_id", "area_id", "period_year", "period")
    )


def delivery_counts() -> list[tuple[m.Vintage, int]]:
    """Every imported delivery, oldest first, with the number of values it brought."""
    vintages = list(m.Vintage.objects.imported().order_by("sequence"))
    counts = dict(
        m.Observation.objects.filter(vintage__in=vintages)
        .values_list("vintage_id")
        .annotate(n=Count("id"))
        .values_list("vintage_id", "n")
    )
    return [(v, counts.get(v.id, 0)) for v in vintages]
