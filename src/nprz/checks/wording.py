"""The words around the numbers: what the report's titles, legends, remarks and pages say
against what its figures say.

Each stored text (`PrintedText`, from `teksten.csv`) is a phrase as printed with its line and
our reading of it: the year a title names, the period a page gives the current value, the
area a target is measured against, the kind of goal a heading announces. The figures decide:
the report year, the stoplight row's periods, the target's reference and start, the plan's
schedule, the indicator's role and pillar, the share closed now and in the previous report.

Periods are compared as a careful reader would: a calendar year stands for the school year
that starts or ends in it ("beginwaarde in 2011" for 2011/12), since the report writes both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction

from nprz.checks.facts import MEASUREMENT, Facts, PrintedText, TargetFacts
from nprz.checks.findings import Finding, Likely, Soort
from nprz.checks.textnumbers import Citable, check_text
from nprz.core.formatting import format_number
from nprz.core.periods import Period, PeriodKind
from nprz.core.printed import Printed, parse_printed
from nprz.core.trajectory import Regime, YearOutsideRegime

STOPLIGHT = "stoplicht"
BUCKETS = "buckets"
ROLE_WORDS = {"doel": "doel(stelling)", "indicator": "indicator"}


def same_period(printed: str, data: str) -> bool:
    """Does a period named in a text stand for the data's period?"""
    text, actual = Period.parse(printed), Period.parse(data)
    if text.code == actual.code:
        return True
    if text.kind is PeriodKind.JAAR and actual.kind is PeriodKind.SCHOOLJAAR:
        return text.year in (actual.first_year, actual.year)
    if text.kind is PeriodKind.SCHOOLJAAR and actual.kind is PeriodKind.JAAR:
        return actual.year in (text.first_year, text.year)
    return False


def check_wording(facts: Facts) -> Iterator[Finding]:
    for text in facts.texts:
        handler = HANDLERS.get(text.kind)
        if handler is not None:
            yield from handler(facts, text)


def _finding(
    facts: Facts, text: PrintedText, code: str, what: str, data: str, likely: Likely, why: str
) -> Finding:
    return Finding(
        code,
        "tekst",
        text.subject,
        f"{what} — {_name(facts, text.subject)}",
        text.source,
        text.printed,
        data,
        likely,
        why,
        Soort.TEKST,
    )


def _report_year(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """A title, legend or page that names the year of the report or of its targets."""
    year = int(text.reading)
    if year == facts.report_year:
        return
    element = {"titel": "titel", "legenda": "legenda", "planjaar": "doeljaar"}[text.kind]
    yield _finding(
        facts,
        text,
        f"tekst-{text.kind}",
        f"De {element} noemt {year}, het rapport gaat over {facts.report_year}",
        str(facts.report_year),
        Likely.GEGEVENS,
        f"Dit is de voortgangsrapportage {facts.report_year}: de doelen, het aandeel dat nodig "
        f"is en de kleuren gelden voor {facts.report_year}. De tekst is waarschijnlijk uit een "
        "eerder rapport overgenomen.",
    )


def _start(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """The start of the comparison a page or heading names."""
    starts = _starts(facts, text.subject)
    off = [(code, start) for code, start in starts if not same_period(text.reading, start)]
    if not off:
        return
    if _table_members(facts, text.subject):
        yield _finding(
            facts,
            text,
            "tekst-startjaar",
            f"De tekst noemt startjaar {text.reading} voor alle indicatoren van "
            f"{_scope(text.subject)}; {len(off)} van de {len(starts)} beginnen in een ander jaar",
            "; ".join(f"{_name(facts, code)} ({start})" for code, start in off),
            Likely.GEGEVENS,
            "Het startjaar staat bij het doel van elke indicator (de periodekolom van de "
            "stoplichttabel); % ingelopen is vanaf dat jaar gerekend.",
        )
        return
    ((_, start),) = off
    yield _finding(
        facts,
        text,
        "tekst-startjaar",
        f"De tekst noemt startjaar {text.reading}, het doel rekent vanaf {start}",
        start,
        Likely.GEGEVENS,
        f"De stoplichttabel en het doel gebruiken {start} als beginwaarde; de tekst "
        f"noemt {text.reading}.",
    )


def _current(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """The period a page gives its current value ("<gebied> 2024: 18,8%")."""
    period = facts.period_of(text.subject, STOPLIGHT)
    if period is None or not period.period or same_period(text.reading, period.period):
        return
    yield _finding(
        facts,
        text,
        "tekst-actueel",
        f"De pagina dateert de actuele waarde {text.reading}, de tabel {period.period}",
        period.period,
        Likely.GEGEVENS,
        f"De rijkop van de stoplichttabel ({period.source}) noemt {period.period} als periode "
        "van de actuele waarde.",
    )


def _span(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """ "Ingelopen Jaar 2011/12 t/m jaar 2023/24": both ends of the span."""
    start_text, _, end_text = text.reading.partition("|")
    target = _converging(facts, text.subject)
    start = target.start_period if target else ""
    period = facts.period_of(text.subject, STOPLIGHT)
    end = period.period if period else ""
    wrong = []
    if start and not same_period(start_text, start):
        wrong.append(f"begin {start_text} in plaats van {start}")
    if end and not same_period(end_text, end):
        wrong.append(f"einde {end_text} in plaats van {end}")
    if wrong:
        yield _finding(
            facts,
            text,
            "tekst-periode-ingelopen",
            "De periode waarover het verschil is ingelopen klopt niet met de tabel",
            f"{start} t/m {end}",
            Likely.GEGEVENS,
            "De tekst noemt " + " en ".join(wrong) + ": % ingelopen wordt berekend van de "
            "beginwaarde tot de actuele waarde van de stoplichttabel.",
        )


def _reference(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """The area (or level) a text says a target closes the gap to."""
    members = _table_members(facts, text.subject)
    if members:
        off = []
        for code in members:
            target = _converging(facts, code)
            if target is not None and _reference_of(target) not in (text.reading, "norm"):
                reference = _reference_words(facts, _reference_of(target))
                off.append(f"{_name(facts, code)} ({reference})")
        if off:
            yield _finding(
                facts,
                text,
                "tekst-referentie",
                f"De kop noemt {_reference_words(facts, text.reading)} voor alle indicatoren "
                f"van het overzicht; {len(off)} hebben een andere referentie",
                "; ".join(off),
                Likely.GEGEVENS,
                "De referentie staat bij het doel van elke indicator (stoplichttabel, "
                "opmerkingen bij de referentie).",
            )
        return
    target = _converging(facts, text.subject)
    if target is None:
        return
    expected = _reference_of(target)
    if text.reading == expected:
        return
    yield _finding(
        facts,
        text,
        "tekst-referentie",
        f"De tekst meet het verschil met {_reference_words(facts, text.reading)}, het doel "
        f"met {_reference_words(facts, expected)}",
        _reference_words(facts, expected),
        Likely.GEGEVENS,
        f"Het doel van deze indicator loopt naar het niveau van "
        f"{_reference_words(facts, expected)}"
        + (f" ({target.source})" if " r. " in target.source else "")
        + "; het eindniveau en het doel op de pagina zijn daarmee berekend.",
    )


def _kind(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """A heading or bucket marker that calls a row a goal (doel) or an indicator."""
    info = facts.indicators.get(text.subject)
    if info is None or info.role == text.reading:
        return
    yield _finding(
        facts,
        text,
        "tekst-soort",
        f"De tekst noemt dit een {ROLE_WORDS.get(text.reading, text.reading)}, de "
        f"stoplichttabel een {ROLE_WORDS.get(info.role, info.role)}",
        info.role,
        Likely.GEGEVENS,
        "De stoplichttabel zet 'Doel' of 'Indicator' voor elke rij; dat bepaalt of de rij "
        "meetelt als doelstelling.",
    )


def _pillar(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    info = facts.indicators.get(text.subject)
    if info is None or info.pillar == text.reading:
        return
    yield _finding(
        facts,
        text,
        "tekst-pijler",
        f"De kop noemt pijler {text.reading}, de stoplichttabel {info.pillar}",
        info.pillar,
        Likely.GEGEVENS,
        "De stoplichttabel deelt elke rij in bij een pijler; het doel volgt het schema van "
        "die pijler.",
    )


def _no_update(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """A note that the figures are those of last year: then % closed cannot have moved."""
    if STOPLIGHT in facts.protected_tables:
        return
    own, year = facts.programme_area, facts.report_year
    now = facts.one(STOPLIGHT, "ingelopen", text.subject, own, str(year))
    before = facts.one(STOPLIGHT, "ingelopen-vorig", text.subject, own, str(year - 1))
    if now is None or before is None or now.interval is None or before.interval is None:
        return
    if now.interval.overlaps(before.interval):
        return
    yield _finding(
        facts,
        text,
        "tekst-geen-update",
        "De tekst meldt dat er geen nieuwe cijfers zijn, maar % ingelopen is veranderd",
        f"% ingelopen {now.printed}, vorig rapport {before.printed}",
        Likely.GEGEVENS,
        f"Met dezelfde cijfers als vorig jaar was % ingelopen gelijk gebleven ({before.printed}, "
        f"{before.source}); de tabel drukt {now.printed}, dus minstens één invoer is bijgewerkt.",
    )


def _schedule(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """ "Tussendoel 2022; 25%": the share of the gap a plan asks in a year."""
    regime = _regime(facts, text.subject)
    year_text, _, share_text = text.reading.partition(" ")
    share = parse_printed(share_text)
    if regime is None or not isinstance(share, Printed):
        return
    year = int(year_text)
    try:
        due = regime.fraction_due(year) * 100
    except YearOutsideRegime:
        due = Fraction(0)
    if share.interval.contains(due):
        return
    fitting = [y for y in range(year - 12, year + 13) if _due(regime, y, share)]
    yield _finding(
        facts,
        text,
        "tekst-schema",
        f"De tekst noemt {share_text} voor {year}; het schema {regime.code} vraagt dan "
        f"{format_number(due, 1)}%",
        f"{format_number(due, 1)}% in {year}",
        Likely.GEGEVENS,
        f"Volgens het schema van het plan ({_knots(regime)}) is in {year} "
        f"{format_number(due, 1)}% van het verschil nodig"
        + (f"; {share_text} hoort bij {', '.join(map(str, fitting))}." if fitting else "."),
    )


def _end(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """The year the plan reaches 100% (the end target)."""
    regime = _regime(facts, text.subject)
    if regime is None:
        return
    last = regime.end_year
    if int(text.reading) == last:
        return
    yield _finding(
        facts,
        text,
        "tekst-einddoel",
        f"De tekst noemt {text.reading} als eindjaar, het schema {regime.code} eindigt in {last}",
        str(last),
        Likely.GEGEVENS,
        f"Het schema van het plan ({_knots(regime)}) bereikt 100% van het verschil in {last}; "
        f"de doelen op de indicatorpagina's noemen ook {last}.",
    )


def _numbers(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """Every number in a printed sentence against the figures it is about."""
    contexts = [text.subject, *text.reading.split()]
    for cited in check_text(text.printed, citable_for(facts, contexts)):
        if cited.found:
            continue
        yield Finding(
            "tekst-getal",
            "tekst",
            text.subject,
            f'Getal {cited.number.printed} in "{text.printed}" staat niet in de cijfers — '
            + ", ".join(_name(facts, c) for c in dict.fromkeys(contexts)),
            text.source,
            cited.number.printed,
            cited.nearest or "geen cijfer",
            Likely.GEGEVENS if cited.nearest else Likely.ONBEKEND,
            "Geen van de cijfers waar de tekst over gaat komt overeen (met de afronding van "
            "de tekst)" + (f"; het dichtstbij ligt {cited.nearest}." if cited.nearest else "."),
            Soort.TEKST,
        )


def check_narratives(facts: Facts) -> Iterator[Finding]:
    """Every number of a free text (an intervention's progress text) against its figures."""
    for narrative in facts.narratives:
        for cited in check_text(narrative.text, list(narrative.citable)):
            if cited.found:
                continue
            yield Finding(
                "tekst-getal",
                "tekst",
                narrative.subject,
                f"{narrative.what}: getal {cited.number.printed} staat niet in de cijfers",
                narrative.source,
                cited.number.printed,
                cited.nearest or "geen cijfer",
                Likely.ONBEKEND,
                "Een getal in de tekst hoort overeen te komen met een van de cijfers die erbij "
                "staan (met de afronding van de tekst); dit getal komt in geen ervan voor"
                + (f", het dichtstbij ligt {cited.nearest}." if cited.nearest else "."),
                Soort.TEKST,
            )


def citable_for(facts: Facts, contexts: list[str]) -> list[Citable]:
    """The figures a text about `contexts` may cite: for an indicator (optionally
    `code@area`) every printed figure of it; for another context what the store counted."""
    citable: list[Citable] = []
    for context in contexts:
        if context in facts.counts:
            citable += facts.counts[context]
            continue
        indicator, _, area = context.partition("@")
        for figure in facts.figures:
            if figure.indicator != indicator or (area and figure.area != area):
                continue
            if figure.number is None or figure.table in facts.protected_tables:
                continue
            label = f"{figure.table}, {figure.kind}, {figure.area or ''} {figure.period}".strip()
            series = f"{figure.table}:{indicator}@{figure.area}"
            citable.append(Citable(figure.printed, label, series=series))
    return citable


def _plan(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """A remark that puts an indicator in a plan ("Nieuwe indicator in UP 2023-2027")."""
    plans = {t.regime.code for t in facts.targets if t.indicator == text.subject and t.regime}
    if not plans or text.reading in plans:
        return
    used = ", ".join(sorted(plans))
    yield _finding(
        facts,
        text,
        "tekst-plan",
        f"De opmerking plaatst de indicator in {text.reading}, het doel volgt het schema {used}",
        used,
        Likely.ONBEKEND,
        f"Het doel van deze indicator rekent met het schema van {used} "
        f"({_knots(_regime(facts, used))}); volgens de opmerking hoort het bij {text.reading} "
        f"({_knots(_regime(facts, text.reading))}). Welke van de twee bedoeld is, zegt het "
        "rapport niet.",
    )


def _provisional(facts: Facts, text: PrintedText) -> Iterator[Finding]:
    """A note that calls a period's figure provisional ("2022* is een voorlopig cijfer")."""
    figures = [
        f
        for f in facts.figures
        if f.indicator == text.subject
        and f.kind == MEASUREMENT
        and f.table not in facts.protected_tables
    ]
    named = [f for f in figures if same_period(text.reading, f.period)]
    if any(f.status == "voorlopig" for f in named):
        return
    provisional = sorted({f.period for f in figures if f.status == "voorlopig"})
    if named:
        yield _finding(
            facts,
            text,
            "tekst-voorlopig",
            f"De noot noemt {text.reading} voorlopig, de opgeslagen waarde is definitief",
            f"{named[0].printed} ({named[0].table}, {named[0].period}): definitief",
            Likely.PUBLICATIE,
            f"De waarde voor {named[0].period} staat als definitief in de gegevens "
            f"({named[0].source}); de noot bij de grafiek zegt dat het een voorlopig cijfer is.",
        )
        return
    yield _finding(
        facts,
        text,
        "tekst-voorlopig",
        f"De noot noemt {text.reading} voorlopig; de tabel heeft geen cijfer voor {text.reading}",
        f"voorlopig: {', '.join(provisional)}" if provisional else "geen voorlopig cijfer",
        Likely.GEGEVENS,
        "De noot hoort bij het laatste, voorlopige cijfer van de reeks; de rijkop van de "
        f"stoplichttabel noemt {', '.join(provisional) or 'geen periode'} voorlopig. De noot is "
        "waarschijnlijk van vorig jaar.",
    )


HANDLERS: dict[str, Callable[[Facts, PrintedText], Iterator[Finding]]] = {
    "titel": _report_year,
    "legenda": _report_year,
    "planjaar": _report_year,
    "startjaar": _start,
    "actueel": _current,
    "ingelopen": _span,
    "referentie": _reference,
    "soort": _kind,
    "pijler": _pillar,
    "geen-update": _no_update,
    "schema": _schedule,
    "einddoel": _end,
    "getallen": _numbers,
    "plan": _plan,
    "voorlopig": _provisional,
}


def _starts(facts: Facts, subject: str) -> list[tuple[str, str]]:
    """(indicator, start period) for the subject, or for each member of a table."""
    codes = _table_members(facts, subject) or [subject]
    found = []
    for code in codes:
        target = _converging(facts, code)
        if target is not None and target.start_period:
            found.append((code, target.start_period))
    return found


def _table_members(facts: Facts, subject: str) -> list[str]:
    """The indicators a heading speaks for: the rows of the bucket page, or the targets that
    follow a plan's schedule (a method text about the plan's start year)."""
    if subject == BUCKETS:
        return list(
            dict.fromkeys(f.indicator for f in facts.of_kind("bucket-lid", BUCKETS) if f.indicator)
        )
    return [
        t.indicator
        for t in facts.targets
        if t.kind == "converge" and t.regime is not None and t.regime.code == subject
    ]


def _scope(subject: str) -> str:
    return "het bucketoverzicht" if subject == BUCKETS else f"schema {subject}"


def _converging(facts: Facts, code: str) -> TargetFacts | None:
    return next((t for t in facts.targets if t.indicator == code and t.kind == "converge"), None)


def _reference_of(target: TargetFacts) -> str:
    if target.norm is not None:
        return "norm"
    area = target.reference_area or ""
    if target.reference_indicator and target.reference_indicator != target.indicator:
        return f"{target.reference_indicator}@{area}"
    return area


def _reference_words(facts: Facts, reading: str) -> str:
    indicator, _, area = reading.partition("@")
    if area:
        return f"{_name(facts, indicator)} ({facts.area_name(area)})"
    return facts.area_name(reading)


def _regime(facts: Facts, code: str) -> Regime | None:
    return next((t.regime for t in facts.targets if t.regime and t.regime.code == code), None)


def _due(regime: Regime, year: int, share: Printed) -> bool:
    try:
        return share.interval.contains(regime.fraction_due(year) * 100)
    except YearOutsideRegime:
        return False


def _knots(regime: Regime | None) -> str:
    if regime is None:
        return "onbekend schema"
    return ", ".join(f"{format_number(share * 100, 1)}% in {year}" for year, share in regime.knots)


def _name(facts: Facts, code: str) -> str:
    info = facts.indicators.get(code)
    return info.name if info else code
