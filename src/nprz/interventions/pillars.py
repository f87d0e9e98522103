"""The pillars interventions belong to, as the programme's definition names them.

Pillars are data (`programme.yaml`, `pillars`): their codes, names, order and whether their
interventions count towards the programme's number of interventions. Nothing here knows a
programme's own pillars, so another programme needs no code and no migration.
"""

from __future__ import annotations

from nprz import programmes
from nprz.monitor import scope


def names() -> dict[str, str]:
    """Code -> name of every pillar of the current programme, in the definition's order;
    none while no programme is loaded (a user form before `nprz load`)."""
    try:
        return {p.code: p.name for p in programmes.definition().pillars}
    except scope.ProgrammeNotChosen:
        if scope.chosen() is None and not _any_programme():
            return {}
        raise


def _any_programme() -> bool:
    from nprz.monitor.models import Programme

    return Programme.objects.exists()


def name(code: str) -> str:
    """The pillar's name; a code the definition does not know is shown as it is stored
    (never guessed)."""
    return names().get(code, code)


def codes() -> list[str]:
    """The pillar codes in the definition's order."""
    return [p.code for p in programmes.definition().pillars]


def counted() -> tuple[str, ...]:
    """The pillars whose interventions the programme counts, in the definition's order."""
    return tuple(p.code for p in programmes.definition().pillars if p.counted)


def position(code: str) -> int:
    """Where the pillar stands in the definition (unknown codes last)."""
    order = codes()
    return order.index(code) if code in order else len(order)


def counted_words(count: int | None = None) -> str:
    """ "de vijf pijlers": how a sentence names the counted pillars, from their number in
    the definition."""
    found = len(counted()) if count is None else count
    return f"de {NUMBER_WORDS.get(found, str(found))} pijlers"


# Dutch number words for small counts, as a sentence writes them.
NUMBER_WORDS = {
    1: "één",
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
    10: "tien",
}


def with_interventions() -> dict[str, str]:
    """Code -> name of the pillars that have interventions in the current programme, in
    the definition's order (a pillar of indicators only is no filter for interventions)."""
    from nprz.interventions import models as iv

    used = set(iv.Intervention.objects.values_list("pillar", flat=True).distinct())
    return {code: label for code, label in names().items() if code in used}
