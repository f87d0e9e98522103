"""What is known of a year's colours: per pillar what the printed report counted, what the
store's colours give, how the two compare, and one sentence on what is missing.

The report counts interventions by printed number (2a, 2b and 2c are one), so the computed
counts do too: a number whose rows all have one colour counts once in that colour; a number
with a row without colour is unknown; a number whose rows differ is mixed (and not counted in
any colour). Only the pillars the definition counts take part, as in the report.

The printed counts are the report's own figures, each with its line; the colour of each
printed row is our reading (the legend's order, see the dataset's SOURCES.md) and every text
that shows them says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from nprz.core.formatting import format_date
from nprz.core.movement import Colour
from nprz.interventions import models as iv
from nprz.interventions import pillars
from nprz.interventions.queries import InterventionRow, base_number

# The order in which counts are named.
ORDER = (Colour.GROEN, Colour.GEEL, Colour.ROOD, Colour.NIET_GESTART, Colour.GESTOPT)


@dataclass(frozen=True)
class PrintedCount:
    colour: Colour
    count: int
    source: str  # "rapport r. 1579"


@dataclass(frozen=True)
class PrintedPillar:
    """What the report printed for one pillar: a count per row (read as a colour) and its
    total, each with its line."""

    pillar: str
    counts: tuple[PrintedCount, ...]
    total: int | None
    total_source: str
    notes: tuple[str, ...]

    @property
    def lines(self) -> str:
        numbers = sorted(
            {int(c.source.rsplit(" ", 1)[1]) for c in self.counts}
            | ({int(self.total_source.rsplit(" ", 1)[1])} if self.total_source else set())
        )
        if not numbers:
            return ""
        return f"r. {numbers[0]}" if len(numbers) == 1 else f"r. {numbers[0]}-{numbers[-1]}"

    def by_colour(self) -> Counter[Colour]:
        return Counter({c.colour: c.count for c in self.counts})


@dataclass(frozen=True)
class Printed:
    year: int
    pillars: dict[str, PrintedPillar]
    total: int | None
    total_source: str


@dataclass(frozen=True)
class Computed:
    """The store's colours of one pillar, counted by printed number."""

    pillar: str
    colours: Counter[Colour]
    numbers: int
    unknown: tuple[str, ...]
    mixed: tuple[str, ...]

    @property
    def known(self) -> int:
        return sum(self.colours.values())


@dataclass(frozen=True)
class Comparison:
    pillar: str
    printed: PrintedPillar | None
    computed: Computed

    @property
    def verdict(self) -> str:
        """geen-druk, onbekend (no colour known), deels, gelijk or verschilt."""
        if self.printed is None:
            return "geen-druk"
        if not self.computed.known:
            return "onbekend"
        if self.computed.unknown or self.computed.mixed:
            return "deels"
        return "gelijk" if self.differences() == [] else "verschilt"

    def differences(self) -> list[tuple[Colour, int, int]]:
        """(colour, printed, computed) where they differ."""
        if self.printed is None:
            return []
        printed = self.printed.by_colour()
        return [
            (c, printed.get(c, 0), self.computed.colours.get(c, 0))
            for c in ORDER
            if printed.get(c, 0) != self.computed.colours.get(c, 0)
        ]


def printed_counts(year: int) -> Printed | None:
    """The counts per pillar and colour a printed report gave for `year`; None: none."""
    rows = list(iv.PublishedColourCount.objects.filter(year=year).order_by("id"))
    if not rows:
        return None
    found: dict[str, PrintedPillar] = {}
    for pillar in dict.fromkeys(r.pillar for r in rows if r.pillar != "alle"):
        mine = [r for r in rows if r.pillar == pillar]
        total = next((r for r in mine if r.kind == iv.ColourCountKind.TOTAAL), None)
        found[pillar] = PrintedPillar(
            pillar=pillar,
            counts=tuple(
                PrintedCount(Colour(r.colour), r.count, r.source)
                for r in mine
                if r.kind == iv.ColourCountKind.KLEUR
            ),
            total=total.count if total else None,
            total_source=total.source if total else "",
            notes=tuple(r.note for r in mine if r.note),
        )
    grand = next((r for r in rows if r.pillar == "alle"), None)
    return Printed(year, found, grand.count if grand else None, grand.source if grand else "")


def computed_counts(rows: list[InterventionRow]) -> dict[str, Computed]:
    """Per counted pillar, the colours of `rows` counted by printed number."""
    numbers: dict[str, dict[str, set[Colour]]] = {}
    counted = pillars.counted()
    for row in rows:
        if row.pillar not in counted or (base := base_number(row.number)) is None:
            continue
        numbers.setdefault(row.pillar, {}).setdefault(base, set()).add(row.colour)
    found = {}
    for pillar, by_number in numbers.items():
        colours: Counter[Colour] = Counter()
        unknown, mixed = [], []
        for number, seen in by_number.items():
            if Colour.NIET_VASTGELEGD in seen:
                unknown.append(number)
            elif len(seen) > 1:
                mixed.append(number)
            else:
                colours[next(iter(seen))] += 1
        found[pillar] = Computed(pillar, colours, len(by_number), tuple(unknown), tuple(mixed))
    return found


def compare(rows: list[InterventionRow], year: int) -> list[Comparison]:
    printed = printed_counts(year)
    computed = computed_counts(rows)
    return [
        Comparison(pillar, printed.pillars.get(pillar) if printed else None, computed[pillar])
        for pillar in pillars.counted()
        if pillar in computed
    ]


# --- words ----------------------------------------------------------------------------------


def counts_text(counts: Counter[Colour]) -> str:
    """ "12 groen, 6 geel, 1 rood": every colour with a count, in the legend's order."""
    return ", ".join(f"{counts[c]} {c.word}" for c in ORDER if counts.get(c))


def printed_text(printed: PrintedPillar) -> str:
    """What the report counted: "12 groen, 6 geel, 1 rood (19)"; rows with 0 are left out."""
    text = counts_text(printed.by_colour()) or "0"
    return f"{text} ({printed.total})" if printed.total is not None else text


def computed_text(computed: Computed) -> str:
    """What the store's colours give, or "–" when it knows none; gaps named after it."""
    if not computed.known:
        return "–"
    parts = [counts_text(computed.colours)]
    if computed.unknown:
        parts.append(f"{len(computed.unknown)} zonder kleur")
    if computed.mixed:
        parts.append(f"{', '.join(computed.mixed)} met verschillende kleuren per deel")
    return "; ".join(parts)


def verdict_text(comparison: Comparison) -> str:
    verdict = comparison.verdict
    if verdict == "geen-druk":
        return "het rapport gaf geen telling"
    if verdict == "onbekend":
        return "–"  # the sentence under the table says it once for all such pillars
    if verdict == "gelijk":
        return "gelijk aan wat het rapport telde"
    if verdict == "deels":
        computed = comparison.computed
        return f"nog niet te vergelijken: {computed.known} van de {computed.numbers} vastgelegd"
    differences = "; ".join(
        f"{colour.word}: {printed} gedrukt, {computed} vastgelegd"
        for colour, printed, computed in comparison.differences()
    )
    return f"wijkt af: {differences}"


def printed_sentence(printed: Printed | None, comparisons: list[Comparison]) -> str:
    """One sentence with the report's counts for the pillars whose colours are unknown:
    "Het rapport telde in <pijler> 12 groen, 6 geel, 1 rood (19); ..." ("" when
    there is nothing to say)."""
    if printed is None:
        return ""
    unknown = [
        c for c in comparisons if c.printed is not None and c.verdict in ("onbekend", "deels")
    ]
    if not unknown:
        return ""
    parts = [f"in {pillars.name(c.pillar)} {printed_text(c.printed)}" for c in unknown if c.printed]
    total = f", samen {printed.total} ({printed.total_source})" if printed.total else ""
    return (
        f"Waar de kleuren per interventie ontbreken, telde het rapport over "
        f"{printed.year} {'; '.join(parts)}{total}."
    )


# Said wherever the printed counts are shown: their colours are our reading.
READING = (
    "De kleur van elke gedrukte rij is gelezen in de volgorde van de legenda (groen, geel, "
    "rood, niet gestart): de tekst van het rapport noemt de kleuren niet, en de getallen per "
    "beweging staan er zonder hun kolom."
)


@dataclass(frozen=True)
class Source:
    """A colour import that gave colours to the rows shown."""

    code: str
    file_name: str
    by: str
    at: str
    years: tuple[int, ...]


def import_sources(years: tuple[int, ...]) -> list[Source]:
    imports = iv.ColourImport.objects.filter(colours__year__in=years).distinct().order_by("id")
    found = []
    for item in imports:
        mine = tuple(
            sorted(set(item.colours.filter(year__in=years).values_list("year", flat=True)))
        )
        found.append(
            Source(
                item.code,
                item.file_name,
                item.received_by or "onbekend",
                format_date(item.received_at.date()),
                mine,
            )
        )
    return found


def known_sentences(rows: list[InterventionRow], year: int) -> list[str]:
    """What is known of the colours of `year` and the year before, in at most two sentences:
    where imported colours came from, and how many are missing (never a line per row)."""
    sentences = []
    sources = import_sources((year - 1, year))
    for source in sources:
        years = " en ".join(str(y) for y in source.years)
        sentences.append(
            f"Kleuren van {years} ingelezen uit {source.file_name} ({source.code}, door "
            f"{source.by} op {source.at})."
        )
    now = sum(1 for r in rows if r.colour is Colour.NIET_VASTGELEGD)
    before = sum(1 for r in rows if r.colour_previous is Colour.NIET_VASTGELEGD)
    if not now and not before:
        return sentences
    if now and before:
        missing = (
            f"Van {now} van de {len(rows)} interventies is de kleur van {year} niet "
            f"vastgelegd, en van {before} de kleur van {year - 1}"
        )
    elif now:
        missing = (
            f"Van {now} van de {len(rows)} interventies is de kleur van {year} niet vastgelegd"
        )
    else:
        missing = (
            f"Van {before} van de {len(rows)} interventies is de kleur van {year - 1} niet "
            "vastgelegd"
        )
    why = (
        "ook de ingelezen kleuren noemen ze niet"
        if sources
        else "de gegevens van die jaren bevatten geen kleuren en er zijn geen kleuren ingelezen"
    )
    sentences.append(
        f"{missing}: {why}. Daar staat een streepje (–) en is de beweging onbekend; er is "
        "niets geraden."
    )
    return sentences
