"""Intervention colours, the movement between two years, and a colour proposed by the KPIs.

The report's legend (seed lines 1555-1566): groen = the result will be or is achieved without
problems; geel = problems, with measures taken; rood = concern about the result; niet
gestart = not (yet) started. Interventions can also stop. The summary per pillar counts
movements: nieuw, vooruit, gelijk, achteruit, gestopt.

Decisions the report leaves open (README, "Interventies"):

* "niet gestart" ranks below rood: rood is running with concern, niet gestart is not running
  at all; so niet gestart -> any colour is vooruit, and any colour -> niet gestart achteruit;
* an intervention without a colour last year (not in last year's round) is nieuw;
* this year gestopt is gestopt, whatever it was;
* a colour that was not recorded (no round, text or import gave one) gives no movement:
  onbekend, never a guess;
* a stopped intervention stays stopped: it is left out of every later round until the
  bureau brings it back (`stopped_since`), not only out of the round just after it stopped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Colour(StrEnum):
    GROEN = "groen"
    GEEL = "geel"
    ROOD = "rood"
    NIET_GESTART = "niet-gestart"
    GESTOPT = "gestopt"
    NIET_VASTGELEGD = "niet-vastgelegd"

    @property
    def label(self) -> str:
        return COLOUR_LABELS[self]

    @property
    def word(self) -> str:
        """The short word tables use: "niet gestart", not "niet-gestart"."""
        return self.value.replace("-", " ")


COLOUR_LABELS = {
    Colour.GROEN: "groen: resultaat wordt of is gehaald",
    Colour.GEEL: "geel: problemen, maatregelen genomen",
    Colour.ROOD: "rood: zorg over het resultaat",
    Colour.NIET_GESTART: "niet gestart",
    Colour.GESTOPT: "gestopt",
    Colour.NIET_VASTGELEGD: "niet vastgelegd",
}

# Higher is better; gestopt and niet-vastgelegd have no rank.
RANK = {Colour.NIET_GESTART: 0, Colour.ROOD: 1, Colour.GEEL: 2, Colour.GROEN: 3}


class Movement(StrEnum):
    NIEUW = "nieuw"
    VOORUIT = "vooruit"
    GELIJK = "gelijk"
    ACHTERUIT = "achteruit"
    GESTOPT = "gestopt"
    ONBEKEND = "onbekend"


def movement(previous: Colour | None, current: Colour) -> Movement:
    """The movement from last year's colour (None: not in last year's round) to this year's."""
    if current is Colour.GESTOPT:
        return Movement.GESTOPT
    if current is Colour.NIET_VASTGELEGD:
        return Movement.ONBEKEND
    if previous is None:
        return Movement.NIEUW
    if previous is Colour.NIET_VASTGELEGD:
        return Movement.ONBEKEND
    if previous is Colour.GESTOPT:
        return Movement.NIEUW  # restarted: it was not running last year
    before, now = RANK[previous], RANK[current]
    if now > before:
        return Movement.VOORUIT
    if now < before:
        return Movement.ACHTERUIT
    return Movement.GELIJK


def stopped_since(
    colours: Mapping[int, Colour], reactivated: Collection[int], year: int
) -> int | None:
    """The year an intervention stopped, when it is still stopped for a round of `year`; None
    when it runs. `colours` are its colours per earlier round (year -> colour), `reactivated`
    the round years it was brought back in. The latest colour decides (a later round without
    it does not end the stop); a reactivation after the stop, up to `year`, ends it."""
    earlier = [y for y in colours if y < year]
    if not earlier:
        return None
    latest = max(earlier)
    if colours[latest] is not Colour.GESTOPT:
        return None
    if any(latest < back <= year for back in reactivated):
        return None
    return latest


@dataclass(frozen=True)
class Attainment:
    """One KPI: realised against target, with the direction that counts as better."""

    realised: Fraction
    target: Fraction
    lower_is_better: bool = False

    @property
    def share(self) -> Fraction | None:
        """Realised as a share of the target (1 = reached); None for a zero target."""
        if self.lower_is_better:
            return None if self.realised == 0 else self.target / self.realised
        return None if self.target == 0 else self.realised / self.target


# A proposal, never a verdict: the bureau confirms or overrides it with a reason.
GREEN_FROM = Fraction(1)
YELLOW_FROM = Fraction(8, 10)


def proposed_colour(kpis: Sequence[Attainment]) -> Colour | None:
    """groen when every KPI with a target reached it, geel when the weakest reached at least
    80%, else rood; None when no KPI has a usable target."""
    shares = [s for s in (k.share for k in kpis) if s is not None]
    if not shares:
        return None
    weakest = min(shares)
    if weakest >= GREEN_FROM:
        return Colour.GROEN
    if weakest >= YELLOW_FROM:
        return Colour.GEEL
    return Colour.ROOD
