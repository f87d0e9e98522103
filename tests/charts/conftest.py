"""Shared fixtures for the chart tests: one vl-convert warm-up for the whole run."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from nprz import programmes
from nprz.charts.render import render_svg
from nprz.programmes.schema import PathChapter
from nprz.publication.paths import PathData, path_data

Render = Callable[[Mapping[str, Any]], str]


@pytest.fixture(scope="session")
def render() -> Render:
    """render_svg, after its first (slow, ~0,5 s) call has started vl-convert's engine."""
    render_svg({"mark": "point", "data": {"values": [{}]}, "width": 10, "height": 10})
    return render_svg


def inline_values(spec: Mapping[str, Any], part: Mapping[str, Any]) -> Any:
    """The rows a spec (or one of its layers) draws.

    Altair moves inline rows to the spec's `datasets`, and data all layers share to the top.
    """
    data = part.get("data", spec.get("data"))
    return spec["datasets"][data["name"]] if "name" in data else data["values"]


@pytest.fixture(scope="session")
def values_of() -> Callable[[Mapping[str, Any], Mapping[str, Any]], Any]:
    return inline_values


@pytest.fixture(scope="module")
def store(
    django_db_setup: Any, django_db_blocker: Any, nprz2024: Any, loaded_rows
) -> Iterator[Any]:
    """The bundled dataset, loaded once for a module of chart tests on real data; each test
    still runs in its own transaction, a savepoint inside this one."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        yield nprz2024
        transaction.set_rollback(True)


def caseload(year: int) -> PathData:
    """The figures of the definition's caseload path chapter (anchor "bijstand")."""
    spec = next(
        c
        for c in programmes.definition().chapters
        if isinstance(c, PathChapter) and c.anchor == "bijstand"
    )
    found = path_data(spec, year)
    assert found is not None
    return found
