"""Interventions, their owners and KPIs, and the yearly progress round.

An intervention belongs to a pillar and is run by one or more organisations. Each year's
progress round holds one progress report per intervention: the colour, the texts and the
KPI values of that year. Movement is never stored: it follows from two rounds' colours
(`nprz.core.movement`).

A colour comes from the round's review or from the dataset's text (an intervention the text
calls stopped). Where a published round has no colour, a colour import may give one
(`ImportedColour`, per pillar, number and year, with its `ColourImport`: who, when, which
file): the bureau's own record of years whose printed report shows colours only as cell
colours. Imported colours live apart from the rounds, so loading the dataset again keeps
them, and they never overwrite a colour a round gave. What a printed report counted per
colour is kept apart too, as printed (`PublishedColourCount`).
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from nprz.core.movement import Colour
from nprz.core.workflow import Role
from nprz.monitor.models import DECIMALS, DIGITS, Area, InProgramme, Programme, ProgrammeRows
from nprz.monitor.scope import ScopedManager

# A pillar is a code of the programme's definition (`programme.yaml`, pillars), never a
# choice list here: a programme with other pillars needs no migration. Its name and whether
# its interventions are counted come from the definition too (`nprz.interventions.pillars`).
PILLAR_LENGTH = 64

_M = TypeVar("_M", bound=models.Model)


class InterventionRows(ScopedManager[_M]):
    """Rows of an intervention (its KPIs, initiators, reactivations)."""

    scope_field = "intervention__programme"


class RoundRows(ScopedManager[_M]):
    """Rows of a round (its reports and KPI values)."""

    scope_field = "round__programme"


class ImportRows(ScopedManager[_M]):
    scope_field = "colour_import__programme"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Intervention(InProgramme, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="interventions")
    pillar = models.CharField(max_length=PILLAR_LENGTH)
    number = models.CharField(max_length=8, help_text="zoals gedrukt: 1, 2a, 17b")
    name = models.CharField(max_length=300)
    theme = models.CharField(max_length=300, blank=True)
    description = models.TextField(help_text="in eigen woorden")
    funding = models.CharField(max_length=300, blank=True)
    initiators: models.ManyToManyField[Organisation, Initiator] = models.ManyToManyField(
        Organisation, related_name="interventions", through="Initiator"
    )
    areas = models.ManyToManyField(Area, related_name="interventions", blank=True)
    position = models.PositiveIntegerField(default=0, help_text="volgorde zoals in het rapport")
    dataset = models.SlugField(max_length=64, blank=True)
    source = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)

    objects = ProgrammeRows()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "pillar", "number"], name="one_number_per_pillar"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pillar_name} {self.number}: {self.name}"

    @property
    def pillar_name(self) -> str:
        """The pillar's name in its programme's definition (the code where it has none)."""
        from nprz.monitor import scope

        # The programme worked on is at hand (no query per row of a list); another one is
        # read from the row.
        chosen = scope.chosen()
        programme = chosen if chosen and chosen.id == self.programme_id else self.programme
        for pillar in programme.definition.get("pillars", []):
            if pillar.get("code") == self.pillar:
                return str(pillar.get("name") or self.pillar)
        return self.pillar


class Initiator(models.Model):
    """An organisation that runs an intervention; the first printed is the lead."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    objects = InterventionRows()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "organisation"], name="one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.intervention}"


class Kpi(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="kpis")
    label = models.CharField(max_length=300)
    unit = models.CharField(max_length=10)
    scope = models.CharField(max_length=80)
    position = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=64, blank=True)

    objects = InterventionRows()

    class Meta:
        ordering = ["intervention_id", "position"]

    def __str__(self) -> str:
        return self.label


class KpiValueKind(models.TextChoices):
    REALISATIE = "realisatie", "realisatie"
    DOEL = "doel", "doel"
    WAS = "was", "eerder gedrukt"


class RoundStatus(models.TextChoices):
    OPEN = "open", "open"
    GESLOTEN = "gesloten", "gesloten"
    GEPUBLICEERD = "gepubliceerd", "gepubliceerd"


class ProgressRound(InProgramme, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=RoundStatus.choices)
    source = models.CharField(max_length=200, blank=True)

    objects = ProgrammeRows()

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_round_per_year"),
            # One round runs at a time in a programme (nprz.core.workflow.reason_not_opened);
            # the database holds at least the open part of that rule, also against two
            # requests at once.
            models.UniqueConstraint(
                fields=["programme", "status"], condition=Q(status="open"), name="one_open_round"
            ),
        ]

    def __str__(self) -> str:
        return f"voortgangsronde {self.year}"


class ReportStatus(models.TextChoices):
    CONCEPT = "concept", "concept"
    INGEDIEND = "ingediend", "ingediend"
    TERUGGESTUURD = "teruggestuurd", "teruggestuurd"
    GOEDGEKEURD = "goedgekeurd", "goedgekeurd"
    GEPUBLICEERD = "gepubliceerd", "gepubliceerd"


class StaffRole(models.Model):
    """A user's role in the progress round; an initiatiefnemer names their organisation, a
    pijlercoordinator their pillar. A user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(max_length=20, choices=[(r.value, r.value) for r in Role])
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="members"
    )
    pillar = models.CharField(max_length=PILLAR_LENGTH, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation", "pillar"], name="one_role_per_scope"
            )
        ]

    def __str__(self) -> str:
        scope = self.organisation or self.pillar or ""
        return f"{self.user} — {self.role} {scope}".strip()


class ColourImport(InProgramme, models.Model):
    """One import of colours per intervention and year: who, when, which file."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="colour_imports"
    )
    code = models.CharField(max_length=20)  # kleuren-0001, per programme
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    years = models.CharField(max_length=60, help_text="de jaren in het bestand: 2023, 2024")
    rows = models.PositiveIntegerField()
    changed = models.PositiveIntegerField(default=0)
    received_by = models.CharField(max_length=150, blank=True)
    received_at = models.DateTimeField()

    objects = ProgrammeRows()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="one_colour_import_code"),
            # The same file twice is refused within a programme; another programme may
            # receive a file with the same bytes (its rows name its own interventions).
            models.UniqueConstraint(fields=["programme", "sha256"], name="one_colour_file"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.file_name})"


class ImportedColour(models.Model):
    """A colour of one intervention in one year, as a colour import gave it; the latest
    import of the same intervention and year wins. Keyed by pillar and number as printed,
    like the import file, so it outlives loading the dataset again."""

    colour_import = models.ForeignKey(
        ColourImport, on_delete=models.CASCADE, related_name="colours"
    )
    pillar = models.CharField(max_length=PILLAR_LENGTH)
    number = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    colour = models.CharField(max_length=16, choices=[(c.value, c.label) for c in Colour])
    row = models.PositiveIntegerField(help_text="de rij in het bestand")
    note = models.TextField(blank=True)

    objects = ImportRows()

    class Meta:
        ordering = ["colour_import_id", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["colour_import", "pillar", "number", "year"], name="one_colour_per_import"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pillar} {self.number} {self.year}: {self.colour}"


class ProgressReport(models.Model):
    round = models.ForeignKey(ProgressRound, on_delete=models.CASCADE, related_name="reports")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="progress"
    )
    colour = models.CharField(
        max_length=16, choices=[(c.value, c.label) for c in Colour], default=Colour.NIET_VASTGELEGD
    )
    status = models.CharField(max_length=14, choices=ReportStatus.choices)
    summary = models.TextField(blank=True, help_text="de voortgang in eigen woorden")
    source = models.CharField(max_length=64, blank=True)
    proposed_colour = models.CharField(
        max_length=16, choices=[(c.value, c.label) for c in Colour], blank=True
    )
    colour_reason = models.TextField(
        blank=True, help_text="waarom de beoordelaar afwijkt van het voorstel"
    )
    owner_colour = models.CharField(
        max_length=16,
        choices=[(c.value, c.label) for c in Colour],
        blank=True,
        help_text="de kleur die de initiatiefnemer voorstelt",
    )
    owner_colour_reason = models.TextField(blank=True)
    review_comment = models.TextField(blank=True, help_text="opmerking bij terugsturen")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = RoundRows()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "intervention"], name="one_report_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.intervention} ({self.round.year})"


class KpiValue(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    round = models.ForeignKey(ProgressRound, on_delete=models.CASCADE, related_name="kpi_values")
    period = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=KpiValueKind.choices)
    printed = models.CharField(max_length=80)
    value = models.DecimalField(max_digits=DIGITS, decimal_places=DECIMALS, null=True, blank=True)
    source = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    objects = RoundRows()

    class Meta:
        ordering = ["kpi_id", "period", "kind"]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.period} {self.kind} {self.printed}"


class Reactivation(models.Model):
    """A stopped intervention brought back by the bureau, into the round of `year`."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="reactivations"
    )
    year = models.PositiveSmallIntegerField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    objects = InterventionRows()

    class Meta:
        ordering = ["year", "id"]

    def __str__(self) -> str:
        return f"{self.intervention} terug in {self.year}"


class ColourCountKind(models.TextChoices):
    KLEUR = "kleur", "aantal met een kleur"
    TOTAAL = "totaal", "totaal"


class PublishedColourCount(InProgramme, models.Model):
    """A count a printed report gave per pillar and colour ("Samenvatting voortgang"), as
    printed and with its line. `colour` is our reading of the row (the text has no colours,
    see the dataset's SOURCES.md); `movements` the numbers printed before the subtotal, whose
    column the text lost. Pillar "alle" with kind totaal is the grand total."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="colour_counts")
    dataset = models.SlugField(max_length=64)
    year = models.PositiveSmallIntegerField()
    pillar = models.CharField(max_length=PILLAR_LENGTH)
    kind = models.CharField(max_length=8, choices=ColourCountKind.choices)
    row = models.PositiveSmallIntegerField(null=True, blank=True)
    colour = models.CharField(max_length=16, blank=True)
    movements = models.CharField(max_length=60, blank=True)
    count = models.PositiveIntegerField()
    source = models.CharField(max_length=64)
    note = models.TextField(blank=True)

    objects = ProgrammeRows()

    class Meta:
        ordering = ["year", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.pillar} {self.kind} {self.colour}: {self.count}"
