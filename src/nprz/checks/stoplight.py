"""Recompute the stoplight table, the indicator pages and the bucket page from their inputs.

The inputs are the level columns of the stoplight table (start and now for the programme
area and its references; dataset.yaml names them). From them, with the report's own formula,
we recompute every derived figure the report printed: the year's target, the share closed,
the level at the end of the plan, the page
narratives (level, target, due share, start, now, share closed, above/below) and the bucket
page (membership, counts and the "was" counts). A printed figure agrees when it lies within
the range its inputs' printed precision allows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from nprz.checks.facts import MEASUREMENT, Facts, Figure, TargetFacts
from nprz.checks.findings import Finding, Likely, one_digit_slip, separator_slip
from nprz.core.formatting import format_number
from nprz.core.printed import Interval, Printed
from nprz.core.status import Bucket, bucket_for
from nprz.core.trajectory import Regime, YearOutsideRegime, share_of_gap_closed, target_value

TABLE = "stoplicht"
PAGES = "paginas"
BUCKETS = "buckets"


def bucket_pillars(facts: Facts) -> set[str]:
    """The pillars the printed bucket page counts (its count rows say "<bucket>:<pillar>")."""
    return {f.key.partition(":")[2] for f in facts.of_kind("bucket-aantal", BUCKETS)} - {""}


BUCKET_LABELS = {
    Bucket.BOVEN_DOEL: "op of boven het doel",
    Bucket.VIJFTIEN_TOT_DOEL: "15% tot het doel",
    Bucket.VIJF_TOT_VIJFTIEN: "5% tot 15%",
    Bucket.ONDER_VIJF: "minder dan 5%",
}


@dataclass(frozen=True)
class Recomputed:
    """One target recomputed from the stoplight inputs, as ranges and as exact points."""

    target: TargetFacts
    regime: Regime
    fraction: Fraction
    start: Figure
    current: Figure
    start_number: Printed
    current_number: Printed
    reference: Interval
    reference_point: Fraction
    target_range: Interval
    target_point: Fraction
    share_range: Interval | None
    share_point: Fraction | None

    @property
    def source(self) -> str:
        return self.current.source


def fraction_range(fraction: Fraction) -> Interval:
    """The due share as exact and as the report writes it (0,222 for 2/9)."""
    printed = Fraction(round(fraction * 1000), 1000)
    half = Fraction(1, 2000)
    return Interval.hull([fraction, printed - half, printed + half])


def recompute(facts: Facts, target: TargetFacts) -> Recomputed | None:
    if target.kind != "converge" or target.regime is None:
        return None
    period_figure = facts.period_of(target.indicator, TABLE)
    if period_figure is None:
        return None
    current_period = period_figure.period
    start = facts.one(TABLE, MEASUREMENT, target.indicator, target.start_area, target.start_period)
    current = facts.one(TABLE, MEASUREMENT, target.indicator, target.start_area, current_period)
    if target.norm is not None:
        reference = Interval(target.norm, target.norm)
        reference_point = target.norm
    else:
        ref_figure = facts.one(
            TABLE,
            MEASUREMENT,
            target.reference_indicator or target.indicator,
            target.reference_area,
            current_period,
        )
        ref_number = ref_figure.number if ref_figure else None
        if ref_number is None:
            return None
        reference, reference_point = ref_number.interval, ref_number.exact
    if start is None or current is None or start.number is None or current.number is None:
        return None
    try:
        fraction = target.regime.fraction_due(facts.report_year)
    except YearOutsideRegime:
        return None
    s, c = start.number, current.number
    fractions = fraction_range(fraction)
    targets = [
        target_value(a, b, f)
        for a, b, f in itertools.product(_ends(s.interval), _ends(reference), _ends(fractions))
    ]
    shares = [
        share_of_gap_closed(a, b, x)
        for a, b, x in itertools.product(_ends(s.interval), _ends(reference), _ends(c.interval))
    ]
    gap_may_vanish = reference.overlaps(s.interval)
    share_point = share_of_gap_closed(s.exact, reference_point, c.exact)
    info = facts.indicators.get(target.indicator)
    if info and info.direction and info.direction.better(s.exact, reference_point):
        # Already beyond the reference at the start: the report prints "nvt" for the share
        # closed, and so do we (README, "randgevallen").
        gap_may_vanish, share_point = True, None
    return Recomputed(
        target=target,
        regime=target.regime,
        fraction=fraction,
        start=start,
        current=current,
        start_number=s,
        current_number=c,
        reference=reference,
        reference_point=reference_point,
        target_range=Interval.hull(targets),
        target_point=target_value(s.exact, reference_point, fraction),
        share_range=None if gap_may_vanish else Interval.hull([x for x in shares if x is not None]),
        share_point=share_point,
    )


def _ends(interval: Interval) -> tuple[Fraction, Fraction]:
    return (interval.lo, interval.hi)


def check_stoplight(facts: Facts, regimes: list[Regime]) -> Iterator[Finding]:
    for target in facts.targets:
        result = recompute(facts, target)
        if result is None:
            if target.kind == "level" and target.level is not None:
                yield from _check_level(facts, target)
            continue
        yield from _check_derived(facts, result, regimes)
        yield from _check_page(facts, result)


def _check_level(facts: Facts, target: TargetFacts) -> Iterator[Finding]:
    assert target.level is not None
    for kind in ("doel", "eindniveau"):
        figure = facts.one(TABLE, kind, target.indicator, target.start_area, str(facts.report_year))
        if figure and figure.interval and not figure.interval.contains(target.level):
            yield _finding(
                facts,
                "vast-niveau",
                target.indicator,
                f"gedrukt {kind} wijkt af van het vaste niveau",
                figure,
                _fmt(facts, target.indicator, target.level),
                Likely.ONBEKEND,
                "Het vaste niveau komt uit de definitie van het doel.",
            )


def _check_derived(facts: Facts, r: Recomputed, regimes: list[Regime]) -> Iterator[Finding]:
    ind, area, year = r.target.indicator, r.target.start_area, str(facts.report_year)
    previous = facts.one(TABLE, "ingelopen-vorig", ind, area, str(facts.report_year - 1))
    doel = facts.one(TABLE, "doel", ind, area, year)
    if doel and doel.interval and not doel.interval.overlaps(r.target_range):
        likely, why = _explain_target(facts, r, doel, regimes)
        yield _finding(
            facts,
            "doel",
            ind,
            "Doel voor dit jaar (stoplichttabel)",
            doel,
            _fmt(facts, ind, r.target_point),
            likely,
            why,
        )
    pct = facts.one(TABLE, "ingelopen", ind, area, year)
    if pct and pct.interval and r.share_range and not pct.interval.overlaps(_pct(r.share_range)):
        likely, why = _explain_share(pct, previous)
        yield _finding(
            facts,
            "ingelopen",
            ind,
            "% ingelopen (stoplichttabel)",
            pct,
            _fmt_pct(r.share_point),
            likely,
            why,
        )
    level = facts.one(TABLE, "eindniveau", ind, area, year)
    if level and level.interval and not level.interval.overlaps(r.reference):
        yield _finding(
            facts,
            "eindniveau",
            ind,
            "Eindniveau (stoplichttabel)",
            level,
            _fmt(facts, ind, r.reference_point),
            Likely.HERBEREKENING,
            "Het eindniveau is de actuele waarde van de referentie.",
        )


def _check_page(facts: Facts, r: Recomputed) -> Iterator[Finding]:
    ind, area, year = r.target.indicator, r.target.start_area, str(facts.report_year)
    expected: dict[str, tuple[Interval, Fraction, str]] = {
        "doel": (r.target_range, r.target_point, _fmt(facts, ind, r.target_point)),
        "eindniveau": (r.reference, r.reference_point, _fmt(facts, ind, r.reference_point)),
        "start": (r.start_number.interval, r.start_number.exact, r.start.printed),
        "actueel": (r.current_number.interval, r.current_number.exact, r.current.printed),
        "aandeel-doel": (_pct(fraction_range(r.fraction)), r.fraction * 100, _fmt_pct(r.fraction)),
    } | (
        {"ingelopen": (_pct(r.share_range), r.share_point * 100, _fmt_pct(r.share_point))}
        if r.share_range and r.share_point is not None
        else {}
    )
    previous = facts.one(TABLE, "ingelopen-vorig", ind, area, str(facts.report_year - 1))
    for kind, (allowed, point, shown) in expected.items():
        for figure in facts.find(PAGES, kind, ind, area, year):
            number = figure.number
            if number is None or number.interval.overlaps(allowed):
                if kind in ("doel", "ingelopen") and number is not None:
                    yield from _page_versus_table(facts, r, figure, point, kind)
                continue
            likely, why = _explain_page(facts, r, figure, kind, shown, previous)
            yield _finding(
                facts,
                f"pagina-{kind}",
                ind,
                f"Indicatorpagina: {_KIND_LABELS[kind]}",
                figure,
                shown,
                likely,
                why,
            )
    for figure in facts.find(PAGES, "oordeel", ind, area, year):
        if r.share_range is None or r.share_point is None:
            continue
        due = r.fraction
        if r.share_range.lo >= due:
            computed = "boven"
        elif r.share_range.hi < due:
            computed = "onder"
        else:
            continue  # the printed precision does not decide it
        if figure.printed != computed:
            yield _finding(
                facts,
                "pagina-oordeel",
                ind,
                "Indicatorpagina: boven of onder streefniveau",
                figure,
                f"{computed} ({_fmt_pct(r.share_point)} ingelopen, {_fmt_pct(due)} nodig)",
                Likely.HERBEREKENING,
                "Het oordeel volgt uit % ingelopen tegen het aandeel dat dit jaar nodig is.",
            )


def _page_versus_table(
    facts: Facts, r: Recomputed, page: Figure, point: Fraction, kind: str
) -> Iterator[Finding]:
    """Both within rounding of the inputs, yet printed differently: name the farther one."""
    table = facts.one(
        TABLE,
        "doel" if kind == "doel" else "ingelopen",
        r.target.indicator,
        r.target.start_area,
        str(facts.report_year),
    )
    if table is None or table.number is None or page.number is None:
        return
    if table.number.interval.overlaps(page.number.interval, strict=True):
        return
    farther, nearer = sorted(
        [table, page], key=lambda f: abs(f.number.exact - point) if f.number else 0, reverse=True
    )
    shown = _fmt(facts, r.target.indicator, point) if kind == "doel" else _fmt_pct(point / 100)
    why = _stale(facts, r, farther, kind) or (
        f"Beide passen binnen de afronding van de invoer, maar {nearer.printed} "
        f"({nearer.source}) ligt het dichtst bij de berekening uit de gedrukte invoer."
    )
    yield _finding(
        facts,
        f"tabel-pagina-{kind}",
        r.target.indicator,
        f"Stoplichttabel en indicatorpagina drukken een ander {_KIND_LABELS[kind]}",
        farther,
        shown,
        Likely.HERBEREKENING,
        why,
    )


_KIND_LABELS = {
    "doel": "doel voor dit jaar",
    "eindniveau": "eindniveau",
    "start": "startwaarde",
    "actueel": "actuele waarde",
    "aandeel-doel": "aandeel van het verschil dat nodig is",
    "ingelopen": "% ingelopen",
}


def _explain_target(
    facts: Facts, r: Recomputed, printed: Figure, regimes: list[Regime]
) -> tuple[Likely, str]:
    assert printed.interval is not None
    s, ref = r.start.number, r.reference_point
    assert s is not None
    for regime in regimes:
        if regime.code == r.regime.code:
            continue
        try:
            other = regime.fraction_due(facts.report_year)
        except YearOutsideRegime:
            continue
        if printed.interval.contains(_round_like(target_value(s.exact, ref, other), printed)):
            return Likely.HERBEREKENING, (
                f"De publicatie rekende met {_fmt_pct(other)} van het verschil "
                f"(schema {regime.code}) in plaats van {_fmt_pct(r.fraction)} "
                f"(schema {r.regime.code}), dat volgens de methode voor deze indicator geldt."
            )
    try:
        last_year = r.regime.fraction_due(facts.report_year - 1)
    except YearOutsideRegime:
        last_year = None
    if last_year is not None and printed.interval.contains(
        _round_like(target_value(s.exact, ref, last_year), printed)
    ):
        return Likely.HERBEREKENING, "De publicatie drukt het doel van vorig jaar."
    return Likely.ONBEKEND, "Geen bekende verschrijving verklaart het verschil."


def _explain_share(printed: Figure, previous: Figure | None) -> tuple[Likely, str]:
    if previous and previous.printed == printed.printed:
        return Likely.HERBEREKENING, "De publicatie drukt het % ingelopen van vorig jaar."
    return Likely.ONBEKEND, "Geen bekende verschrijving verklaart het verschil."


def _explain_page(
    facts: Facts, r: Recomputed, page: Figure, kind: str, shown: str, previous: Figure | None
) -> tuple[Likely, str]:
    if kind == "ingelopen" and previous is not None and previous.printed == page.printed:
        return Likely.HERBEREKENING, "De pagina drukt het % ingelopen van vorig jaar."
    stale = _stale(facts, r, page, kind)
    if stale:
        return Likely.HERBEREKENING, stale
    if separator_slip(page.printed, shown):
        return Likely.HERBEREKENING, "Dezelfde cijfers, maar met een komma als duizendtalscheiding."
    if one_digit_slip(page.printed, shown):
        return Likely.HERBEREKENING, (
            "Eén cijfer verschilt (tikfout); de stoplichttabel rekent haar doel en % ingelopen "
            "met de waarde van de tabel."
        )
    if kind in ("start", "actueel", "eindniveau"):
        return Likely.HERBEREKENING, (
            "De stoplichttabel is consistent met haar eigen doel en % ingelopen; "
            "de pagina wijkt af."
        )
    return Likely.ONBEKEND, "Geen bekende verschrijving verklaart het verschil."


def _stale(facts: Facts, r: Recomputed, page: Figure, kind: str) -> str:
    """A reason if the page shows last year's due share or target, else ''."""
    number, start = page.number, r.start.number
    try:
        last = r.regime.fraction_due(facts.report_year - 1)
    except YearOutsideRegime:
        return ""
    if number is None or start is None:
        return ""
    if kind == "aandeel-doel" and number.interval.contains(last * 100):
        return "De pagina is niet bijgewerkt: dit is het aandeel van vorig jaar."
    if kind == "doel" and number.interval.contains(
        _round_like(target_value(start.exact, r.reference_point, last), page)
    ):
        return "De pagina is niet bijgewerkt: dit is het doel van vorig jaar."
    return ""


def _round_like(value: Fraction, figure: Figure) -> Fraction:
    """`value` rounded to the precision of `figure`, so a containment test means 'prints as'."""
    number = figure.number
    if number is None or number.resolution == 0:
        return value
    step = Fraction(number.resolution)
    return Fraction(round(value / step)) * step


def check_buckets(facts: Facts) -> Iterator[Finding]:
    year = facts.report_year
    pillars = bucket_pillars(facts)
    in_scope: dict[str, Recomputed] = {}
    for target in facts.targets:
        info = facts.indicators.get(target.indicator)
        r = recompute(facts, target)
        if info is None or r is None or info.pillar not in pillars:
            continue
        if r.regime.code != _bucket_regime(facts) or r.share_point is None:
            continue
        in_scope[target.indicator] = r
    members = facts.of_kind("bucket-lid", BUCKETS)
    listed = {f.indicator for f in members}
    for figure in members:
        r = in_scope.get(figure.indicator or "")
        if r is None:
            yield _finding(
                facts,
                "bucket-niet-in-scope",
                figure.indicator or "?",
                "Bucketoverzicht noemt een indicator zonder berekenbaar % ingelopen",
                figure,
                "geen",
                Likely.ONBEKEND,
                "De indicator valt buiten de pijlers van het overzicht of heeft geen % ingelopen.",
            )
            continue
        possible = _possible_buckets(r)
        if Bucket(figure.key) not in possible:
            yield _finding(
                facts,
                "bucket-lid",
                r.target.indicator,
                "Bucket in het bucketoverzicht",
                figure,
                BUCKET_LABELS[_bucket_of(r)],
                Likely.HERBEREKENING,
                "De bucket volgt uit het % ingelopen.",
            )
        table = facts.one(TABLE, "ingelopen", r.target.indicator, r.target.start_area, str(year))
        number = figure.number
        if (
            table
            and table.number
            and number
            and not table.number.interval.overlaps(number.interval)
        ):
            previous = facts.one(
                TABLE, "ingelopen-vorig", r.target.indicator, r.target.start_area, str(year - 1)
            )
            why = (
                "Het bucketoverzicht drukt het % ingelopen van vorig jaar."
                if previous and previous.printed == figure.printed
                else "Het bucketoverzicht en de stoplichttabel drukken een ander % ingelopen."
            )
            yield _finding(
                facts,
                "bucket-percentage",
                r.target.indicator,
                "% ingelopen in het bucketoverzicht",
                figure,
                table.printed + " (tabel)",
                Likely.HERBEREKENING,
                why,
            )
    for code, r in in_scope.items():
        if code not in listed:
            yield Finding(
                "bucket-ontbreekt",
                "buckets",
                code,
                f"{_name(facts, code)} ontbreekt in het bucketoverzicht",
                "rapport r. 459-533",
                "niet genoemd",
                f"{_fmt_pct(r.share_point)} → {BUCKET_LABELS[_bucket_of(r)]}",
                Likely.HERBEREKENING,
                f"De indicator hoort bij pijler {facts.indicators[code].pillar} en heeft een "
                "% ingelopen, dus telt mee in het overzicht.",
            )
    yield from _bucket_counts(facts, in_scope, "bucket-aantal", year, _share_now)
    yield from _bucket_counts(facts, in_scope, "bucket-aantal-was", year - 1, _share_before)


def _bucket_regime(facts: Facts) -> str:
    # The bucket page is about the goals of the pillars it counts, which follow one plan
    # (seed 467: "% ingelopen van 2011 tov G4"); we take the regime most of them use.
    pillars = bucket_pillars(facts)
    counts: dict[str, int] = {}
    for target in facts.targets:
        info = facts.indicators.get(target.indicator)
        if target.regime and info and info.pillar in pillars:
            counts[target.regime.code] = counts.get(target.regime.code, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else ""


def _share_now(facts: Facts, r: Recomputed) -> tuple[Interval | None, Fraction]:
    return r.share_range, r.fraction


def _share_before(facts: Facts, r: Recomputed) -> tuple[Interval | None, Fraction]:
    previous = facts.one(
        TABLE,
        "ingelopen-vorig",
        r.target.indicator,
        r.target.start_area,
        str(facts.report_year - 1),
    )
    number = previous.number if previous else None
    try:
        due = r.regime.fraction_due(facts.report_year - 1)
    except YearOutsideRegime:
        return None, r.fraction
    return (_unpct(number.interval) if number else None), due


ShareOf = Callable[[Facts, Recomputed], tuple[Interval | None, Fraction]]


def _bucket_counts(
    facts: Facts, in_scope: dict[str, Recomputed], kind: str, year: int, share_of: ShareOf
) -> Iterator[Finding]:
    for figure in facts.of_kind(kind, BUCKETS):
        bucket_code, _, pillar = figure.key.partition(":")
        bucket = Bucket(bucket_code)
        low = high = 0
        for r in in_scope.values():
            if facts.indicators[r.target.indicator].pillar != pillar:
                continue
            share, due = share_of(facts, r)
            if share is None:
                continue
            options = {bucket_for(share.lo, due), bucket_for(share.hi, due)}
            if options == {bucket}:
                low += 1
            if bucket in options:
                high += 1
        number = figure.number
        if number is None or low <= number.exact <= high:
            continue
        recomputed = str(low) if low == high else f"{low} tot {high}"
        label = "aantal" if kind == "bucket-aantal" else "aantal vorig jaar ('was')"
        yield _finding(
            facts,
            kind,
            f"{pillar}/{bucket.value}",
            f"Bucketoverzicht, {label}: {pillar}, {BUCKET_LABELS[bucket]}",
            figure,
            recomputed,
            Likely.HERBEREKENING,
            "Geteld over de indicatoren van deze pijler met een % ingelopen"
            + (
                " (vorig jaar: met het aandeel dat toen nodig was)."
                if kind != "bucket-aantal"
                else "."
            ),
        )


def _bucket_of(r: Recomputed) -> Bucket:
    assert r.share_point is not None
    return bucket_for(r.share_point, r.fraction)


def _possible_buckets(r: Recomputed) -> set[Bucket]:
    if r.share_range is None:
        return set()
    return {bucket_for(r.share_range.lo, r.fraction), bucket_for(r.share_range.hi, r.fraction)}


def _pct(interval: Interval) -> Interval:
    return Interval(interval.lo * 100, interval.hi * 100)


def _unpct(interval: Interval) -> Interval:
    return Interval(interval.lo / 100, interval.hi / 100)


def _fmt(facts: Facts, indicator: str, value: Fraction) -> str:
    info = facts.indicators.get(indicator)
    decimals = info.decimals if info else 1
    text = format_number(value, decimals)
    if info and info.unit == "percent":
        return f"{text}%"
    if info and info.unit == "euro":
        return f"€ {text}"
    return text


def _fmt_pct(share: Fraction | None) -> str:
    return "–" if share is None else f"{format_number(share * 100, 1)}%"


def _name(facts: Facts, code: str) -> str:
    info = facts.indicators.get(code)
    return info.name if info else code


def _finding(
    facts: Facts,
    code: str,
    subject: str,
    what: str,
    figure: Figure,
    recomputed: str,
    likely: Likely,
    why: str,
) -> Finding:
    return Finding(
        code,
        "doelen",
        subject,
        f"{what} — {_name(facts, subject)}",
        figure.source,
        figure.printed,
        recomputed,
        likely,
        why,
    )
