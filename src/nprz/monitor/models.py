"""The store: areas, indicators, observations per vintage, published figures, plans and targets.

Observations are never overwritten: every delivery (a table of a report, a CBS download, a
CSV from a partner) is a Vintage, and a new delivery adds rows under its own vintage. Where
one cell exists in several vintages, `Observation.objects.preferred()` picks one by the
vintage's priority; the others stay for comparison (`nprz check`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from django.db import models

from nprz.core.trajectory import Regime
from nprz.monitor.pinning import pinned_filter
from nprz.monitor.scope import ScopedManager

# Values: up to 14 digits before and 6 after the decimal point (population counts, euros,
# percentages with their printed decimals, exact fractions rounded far below print precision).
DIGITS, DECIMALS = 20, 6


_M = TypeVar("_M", bound=models.Model)


class ProgrammeRows(ScopedManager[_M]):
    """Rows with their own `programme` (areas, indicators, plans, identities, editions)."""

    scope_field = "programme"


class MembershipRows(ScopedManager[_M]):
    scope_field = "group__programme"


class TargetRows(ScopedManager[_M]):
    scope_field = "indicator__programme"


class DeliveredRows(ScopedManager[_M]):
    """Rows of a delivery (finance lines)."""

    scope_field = "vintage__programme"


class InProgramme:
    """A row of one programme: saved without one, it belongs to the programme being worked
    on (`nprz.monitor.scope`), as a row read through its manager would. Bulk loads name
    their programme themselves."""

    programme_id: int | None

    def save(self, *args: object, **kwargs: object) -> None:
        if self.programme_id is None:
            from nprz.monitor import scope

            self.programme = scope.current()
        super().save(*args, **kwargs)  # type: ignore[misc]


class Programme(models.Model):
    """An area programme: its definition (name, pillars, chapters, texts, branding, the
    areas its charts compare) as read from its folder, and everything below belongs to one.
    See `nprz.programmes` and decision 018."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    definition = models.JSONField(help_text="de gecontroleerde programmadefinitie")
    sha256 = models.CharField(max_length=64, blank=True, help_text="van de definitiemap")
    # The files the definition names, kept with it (a folder may move after loading).
    map = models.JSONField(default=dict, blank=True, help_text="GeoJSON van de kleinste gebieden")
    logo = models.TextField(blank=True, help_text="SVG")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="volgorde op de site; de eerste is het standaardprogramma"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.short_name


class AreaKind(models.TextChoices):
    LAND = "land", "land"
    STEDENGROEP = "stedengroep", "stedengroep"
    GEMEENTE = "gemeente", "gemeente"
    PROGRAMMAGEBIED = "programmagebied", "programmagebied"
    WIJKGROEP = "wijkgroep", "groep wijken"
    GEBIED = "gebied", "gebied"
    WIJK = "wijk", "wijk"
    BUURT = "buurt", "buurt"


class Area(InProgramme, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    cbs_code = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=64, blank=True)

    objects = ProgrammeRows()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_area_code")
        ]

    def __str__(self) -> str:
        return self.name


class AreaMembership(models.Model):
    """`member` belongs to `group` in the years given; open ends mean "not known to end"."""

    group = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="group_links")
    valid_from = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(null=True, blank=True)
    basis = models.TextField()
    source = models.CharField(max_length=64, blank=True)

    objects = MembershipRows()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member", "valid_from"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.group}"


class Role(models.TextChoices):
    DOEL = "doel", "doel"
    INDICATOR = "indicator", "indicator"
    CONTEXT = "context", "context"


class Direction(models.TextChoices):
    HOGER = "hoger", "hoger is beter"
    LAGER = "lager", "lager is beter"


class Indicator(InProgramme, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=64)
    name = models.TextField(help_text="zoals gedrukt")
    measure = models.SlugField(
        max_length=64, help_text="indicatoren met dezelfde maat drukken dezelfde grootheid"
    )
    # A pillar or theme of the programme's definition (`Programme.definition["pillars"]`).
    pillar = models.SlugField(max_length=40)
    pillar_printed = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    unit = models.CharField(max_length=10)
    decimals = models.PositiveSmallIntegerField()
    direction = models.CharField(max_length=5, choices=Direction.choices, blank=True)
    direction_basis = models.TextField(blank=True)
    period_type = models.CharField(max_length=40)
    source_text = models.TextField()
    definition = models.TextField()
    additive = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0, help_text="volgorde zoals in het rapport")
    source = models.CharField(max_length=64, blank=True)

    objects = ProgrammeRows()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.code


class IndicatorNote(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20)
    text = models.TextField()
    source = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.indicator}: {self.kind}"


class VintageQuerySet(models.QuerySet["Vintage"]):
    def for_report(self, report_year: int) -> VintageQuerySet:
        """The vintages delivered for that report (only the pinned ones while pinned)."""
        return self.filter(report_year=report_year, **pinned_filter("code"))

    def known_in(self, report_year: int) -> VintageQuerySet:
        return self.filter(report_year__lte=report_year, **pinned_filter("code"))

    def imported(self) -> VintageQuerySet:
        return self.exclude(kind="rapport")


_VintageRows = ScopedManager.from_queryset(VintageQuerySet)


class VintageManager(_VintageRows["Vintage"]):
    scope_field = "programme"


class Vintage(InProgramme, models.Model):
    """One delivery of figures: a table of a report, a download, a file from a partner."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="vintages")
    code = models.SlugField(max_length=64)
    dataset = models.SlugField(max_length=64)
    title = models.CharField(max_length=200)
    document = models.CharField(max_length=300)
    lines = models.CharField(max_length=40, blank=True)
    report_year = models.PositiveSmallIntegerField()
    priority = models.PositiveSmallIntegerField()
    # Imported deliveries (nprz import): how they came in. A bundled report table has kind
    # "rapport" and sequence 0; every import gets the next sequence number, and where two
    # imports deliver the same cell at the same priority the later one is preferred.
    kind = models.CharField(max_length=10, default="rapport")
    sequence = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    received = models.DateTimeField(null=True, blank=True)
    received_by = models.CharField(max_length=150, blank=True)
    summary = models.TextField(blank=True)

    objects = VintageManager()

    class Meta:
        ordering = ["priority", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_vintage_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def table(self) -> str:
        """The table's own name within its dataset ("stoplicht" for "nprz2024-stoplicht")."""
        return self.code.removeprefix(f"{self.dataset}-")


class ObservationQuerySet(models.QuerySet["Observation"]):
    def known_in(self, report_year: int) -> ObservationQuerySet:
        """What was delivered for the report of `report_year` or earlier ("as of" that report);
        while a report edition is rebuilt, only the deliveries it pinned (`pinning`)."""
        return self.filter(vintage__report_year__lte=report_year, **pinned_filter())

    def with_value(self) -> ObservationQuerySet:
        return self.filter(value__isnull=False)

    def preferred_first(self) -> ObservationQuerySet:
        """Per cell, the vintage with the lowest priority number first; the national variant
        before a local one."""
        return self.select_related("vintage", "area", "indicator").order_by(
            "indicator_id",
            "area_id",
            "period_year",
            "period",
            "vintage__priority",
            "-vintage__sequence",
            "variant",
        )


_ObservationRows = ScopedManager.from_queryset(ObservationQuerySet)


class ObservationManager(_ObservationRows["Observation"]):
    scope_field = "vintage__programme"


class PublishedFigureQuerySet(models.QuerySet["PublishedFigure"]):
    def for_report(self, report_year: int) -> PublishedFigureQuerySet:
        return self.filter(vintage__report_year=report_year, **pinned_filter()).select_related(
            "vintage", "indicator", "area"
        )

    def known_in(self, report_year: int) -> PublishedFigureQuerySet:
        return self.filter(vintage__report_year__lte=report_year, **pinned_filter())


_PublishedFigureRows = ScopedManager.from_queryset(PublishedFigureQuerySet)


class PublishedFigureManager(_PublishedFigureRows["PublishedFigure"]):
    scope_field = "vintage__programme"


class ValueStatus(models.TextChoices):
    VOORLOPIG = "voorlopig", "voorlopig"
    DEFINITIEF = "definitief", "definitief"


class Observation(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(max_length=16)
    period_year = models.PositiveSmallIntegerField(help_text="het jaar waarin de periode eindigt")
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="observations")
    variant = models.CharField(
        max_length=20, blank=True, help_text="bijv. 'lokaal' naast de CBS-bron"
    )
    value = models.DecimalField(max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True)
    resolution = models.DecimalField(
        max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    printed = models.CharField(max_length=40)
    missing_reason = models.CharField(max_length=60, blank=True)
    suppressed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ValueStatus.choices)
    # The moment the figure describes, when it is not the end of its period: a date
    # ("2018-03-31", a count on 31 March) or "huidig" (a current count without a date).
    reference = models.CharField(max_length=10, blank=True, help_text="peildatum")
    footnote = models.TextField(blank=True)
    source = models.CharField(max_length=64)

    objects = ObservationManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "vintage", "variant"],
                name="unique_observation_per_vintage",
            )
        ]
        indexes = [models.Index(fields=["indicator", "area", "period_year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area.code} {self.period}: {self.printed}"

    @property
    def at_period_end(self) -> bool:
        return at_period_end(self.reference, self.period_year)


CURRENT_COUNT = "huidig"


def at_period_end(reference: str, year: int) -> bool:
    """Does a figure with this reference date describe the end of its period's year?"""
    return reference in ("", f"{year}-12-31")


class PublishedFigure(models.Model):
    """A figure the report derived from others, kept exactly as printed."""

    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="published")
    kind = models.CharField(max_length=20)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True)
    period = models.CharField(max_length=16, blank=True)
    key = models.CharField(max_length=40, blank=True)
    value = models.DecimalField(max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True)
    resolution = models.DecimalField(
        max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    printed = models.CharField(max_length=60)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=64)

    objects = PublishedFigureManager()

    def __str__(self) -> str:
        return f"{self.kind} {self.indicator_id} {self.period}: {self.printed}"


class Plan(InProgramme, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plans")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField()
    knots = models.JSONField(help_text="[[jaar, aandeel als breuk 'teller/noemer'], ...]")
    source_lines = models.CharField(max_length=60)

    objects = ProgrammeRows()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_plan_code")
        ]

    def __str__(self) -> str:
        return self.name

    def regime(self) -> Regime | None:
        """The plan's schedule as the core's Regime; None for a plan without one (a path)."""
        if not self.knots:
            return None
        return Regime(self.code, tuple((int(year), Fraction(share)) for year, share in self.knots))


class TargetKind(models.TextChoices):
    CONVERGE = "converge", "naar referentieniveau"
    PATH = "path", "pad met jaardoelen"
    LEVEL = "level", "vast niveau"
    QUALITATIVE = "qualitative", "kwalitatief"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(max_length=12, choices=TargetKind.choices)
    start_area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    start_period = models.CharField(max_length=16, blank=True)
    reference_area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reference_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="leeg: dezelfde indicator in het referentiegebied",
    )
    norm_value = models.DecimalField(
        max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    norm_printed = models.CharField(max_length=20, blank=True)
    level_value = models.DecimalField(
        max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    milestones = models.JSONField(default=list, blank=True, help_text="[[jaar, waarde], ...]")
    text = models.TextField(blank=True)
    source = models.CharField(max_length=64, blank=True)

    objects = TargetRows()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "plan"], name="one_target_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.plan.code})"


class Identity(InProgramme, models.Model):
    """A sum or share that holds between figures of one table (see identities.yaml): part of
    the programme's definition, whichever delivery brings the figures."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="identities")
    code = models.SlugField(max_length=64)
    table = models.SlugField(max_length=64, help_text="de groep cijfers waartussen ze geldt")
    what = models.TextField()
    spec = models.JSONField()
    note = models.TextField(blank=True)

    objects = ProgrammeRows()

    def __str__(self) -> str:
        return self.code


class FinanceKind(models.TextChoices):
    POST = "post", "post"
    BIJDRAGE = "bijdrage", "bijdrage"
    SUBTOTAAL = "subtotaal", "subtotaal"
    TOTAAL = "totaal", "totaal"
    TEKST = "tekst", "bedrag uit de tekst"


# The four printed columns of the finance table, and the amount of a figure from its text.
FINANCE_COLUMNS = ("begroot", "gerealiseerd", "gemeente", "overige_partners")
AMOUNT_DIGITS, AMOUNT_DECIMALS = 14, 2


class FinanceLine(models.Model):
    """A row of the programme bureau's finance table, each cell as printed and as an exact
    amount; a blank cell has neither (empty text, no value). Rows of kind `tekst` hold an
    amount named in the paragraph above the table (`bedrag`), not a table cell."""

    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="finance_lines")
    order = models.PositiveSmallIntegerField(help_text="volgorde zoals gedrukt")
    post = models.CharField(max_length=20, blank=True, help_text="postnummer zoals gedrukt")
    label = models.TextField(help_text="zoals gedrukt")
    kind = models.CharField(max_length=10, choices=FinanceKind.choices)
    begroot_printed = models.CharField(max_length=30, blank=True)
    begroot = models.DecimalField(
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        help_text="BEGROOT",
    )
    gerealiseerd_printed = models.CharField(max_length=30, blank=True)
    gerealiseerd = models.DecimalField(
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        help_text="GEREALISEERD (peildatum 2024)",
    )
    gemeente_printed = models.CharField(max_length=30, blank=True)
    gemeente = models.DecimalField(
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        help_text="gerealiseerde partnerbijdrage: Gemeente",
    )
    overige_partners_printed = models.CharField(max_length=30, blank=True)
    overige_partners = models.DecimalField(
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        help_text="gerealiseerde partnerbijdrage: Overige partners",
    )
    bedrag_printed = models.CharField(max_length=30, blank=True)
    bedrag = models.DecimalField(
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        help_text="bedrag uit de tekst (alleen bij soort tekst)",
    )
    sum_of = models.JSONField(
        default=list, blank=True, help_text="volgnummers van de regels die dit totaal optelt"
    )
    sum_columns = models.JSONField(
        default=list, blank=True, help_text="kolommen waarvoor sum_of geldt; leeg: alle vier"
    )
    split_of = models.CharField(
        max_length=12, blank=True, help_text="de kolom die Gemeente + Overige partners verdelen"
    )
    line = models.PositiveIntegerField(help_text="bronregel van de bedragen")
    label_lines = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=64)

    objects = DeliveredRows()

    class Meta:
        ordering = ["vintage", "order"]
        constraints = [
            models.UniqueConstraint(fields=["vintage", "order"], name="unique_finance_line")
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.label}".strip()

    def printed(self, column: str) -> str:
        return str(getattr(self, f"{column}_printed"))

    def amount(self, column: str) -> Decimal | None:
        value = getattr(self, column)
        return value if value is None else Decimal(value)


class ReportEdition(InProgramme, models.Model):
    """A report as built: everything it read, so it can be rebuilt and checked later.

    A build records the edition for its inputs (the deliveries, the progress round, the
    programme's definition and the software version; `key` is a digest of them): building
    again from the same inputs reuses it. An edition becomes final only on request (`nprz
    report --definitief`): a final edition keeps the figures it published, which are the
    "previous report" of the next year, and the cells it hid, which stay hidden."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="editions")
    code = models.SlugField(max_length=64)
    report_year = models.PositiveSmallIntegerField()
    vintages = models.JSONField(help_text="codes van de leveringen, gesorteerd")
    key = models.CharField(max_length=64, blank=True, help_text="sha256 van alle invoer")
    inputs = models.JSONField(default=dict, blank=True, help_text="wat de bouw las, en waarmee")
    built = models.DateTimeField()
    files = models.JSONField(default=dict, blank=True, help_text="bestand -> sha256")
    disclosure = models.JSONField(
        default=dict,
        blank=True,
        help_text="per afgeschermde tabel de verborgen en de getoonde cellen",
    )
    final = models.BooleanField(default=False, help_text="definitief: gepubliceerd")
    finalised = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(
        default=dict, blank=True, help_text="per doel wat de definitieve editie publiceerde"
    )

    objects = ProgrammeRows()

    class Meta:
        ordering = ["report_year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_edition_code")
        ]

    def __str__(self) -> str:
        return self.code


class PrintedTextQuerySet(models.QuerySet["PrintedText"]):
    def for_report(self, report_year: int) -> PrintedTextQuerySet:
        return self.filter(report_year=report_year).order_by("id")


_PrintedTextRows = ScopedManager.from_queryset(PrintedTextQuerySet)


class PrintedTextManager(_PrintedTextRows["PrintedText"]):
    scope_field = "programme"


class PrintedText(InProgramme, models.Model):
    """A phrase a report printed around its figures (a title, a legend, a remark, a line of
    an indicator page), kept as printed with its source line, and our reading of it (a
    year, a period, an area, a role: see teksten.csv). `nprz check` holds the reading
    against the figures; the phrase itself is never changed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="texts")
    dataset = models.SlugField(max_length=64)
    report_year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    subject = models.SlugField(max_length=64, help_text="indicator, tabel, plan of telling")
    printed = models.TextField(help_text="zoals gedrukt")
    reading = models.CharField(max_length=200, blank=True, help_text="wat de tekst zegt")
    note = models.TextField(blank=True)
    source = models.CharField(max_length=64)

    objects = PrintedTextManager()

    class Meta:
        indexes = [models.Index(fields=["report_year", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}: {self.printed}"
