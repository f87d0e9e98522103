"""Forms of the progress round. They only carry input: the services in
`nprz.interventions.rounds` check it and say what is wrong, per field, in Dutch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from nprz.interventions import entry
from nprz.interventions import models as iv
from nprz.interventions.rounds import REVIEW_COLOURS, SUMMARY_MAX, OwnerInput

COLOUR_CHOICES = [(c.value, c.label) for c in REVIEW_COLOURS]


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            "invalid_login": "Gebruikersnaam of wachtwoord klopt niet.",
            "inactive": "Dit account is uitgeschakeld.",
        }
        self.fields["username"].label = "Gebruikersnaam"
        self.fields["password"].label = "Wachtwoord"


class ReportForm(forms.Form):
    """The owner's part: the text, a colour they propose with its reason, and this year's
    value of every KPI."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label="Voortgang in eigen woorden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "wide-text"}),
        # The service checks the length, so an overlong text comes back with its message.
        max_length=SUMMARY_MAX * 2,
    )
    owner_colour = forms.ChoiceField(
        label="Kleur die u voorstelt",
        required=False,
        choices=[("", "— geen voorstel —"), *COLOUR_CHOICES],
    )
    owner_colour_reason = forms.CharField(
        label="Waarom deze kleur",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "wide-text"}),
        max_length=SUMMARY_MAX * 2,
    )

    def __init__(self, *args: Any, kpis: list[iv.Kpi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            self.fields[f"kpi-{kpi.pk}"] = forms.CharField(
                label=kpi.label, required=False, max_length=200
            )

    def kpi_values(self) -> dict[int, str]:
        return {kpi.pk: self.cleaned_data.get(f"kpi-{kpi.pk}") or "" for kpi in self.kpis}

    def owner_input(self) -> OwnerInput:
        return OwnerInput(
            summary=self.cleaned_data.get("summary") or "",
            kpi_values=self.kpi_values(),
            colour=self.cleaned_data.get("owner_colour") or "",
            colour_reason=self.cleaned_data.get("owner_colour_reason") or "",
        )


class TargetForm(forms.Form):
    """The bureau's KPI targets for the round's year; empty: the plan's target."""

    def __init__(self, *args: Any, kpis: list[iv.Kpi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            self.fields[f"doel-{kpi.pk}"] = forms.CharField(
                label=f"Doel: {kpi.label}", required=False, max_length=200
            )

    def targets(self) -> dict[int, str]:
        return {kpi.pk: self.cleaned_data.get(f"doel-{kpi.pk}") or "" for kpi in self.kpis}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(VersionForm):
    comment = forms.CharField(
        label="Opmerking voor de initiatiefnemer", required=False, widget=forms.Textarea
    )


class ApproveForm(VersionForm):
    colour = forms.ChoiceField(
        label="Kleur",
        required=False,
        choices=[("", "— kies een kleur —"), *COLOUR_CHOICES],
    )
    reason = forms.CharField(
        label="Reden (verplicht als u afwijkt van het voorstel)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpenRoundForm(forms.Form):
    # Text, read by `entry.year`: an IntegerField would take "٢٠٣٠" (Arabic-Indic) silently.
    year = forms.CharField(label="Jaar", max_length=20)

    def clean_year(self) -> int:
        try:
            year = entry.year(self.cleaned_data["year"])
        except entry.EntryError as error:
            raise forms.ValidationError(_sentence(str(error))) from error
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Kies een jaar tussen 2000 en 2100.")
        return year


class ReactivateForm(forms.Form):
    intervention = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Waarom komt deze interventie terug?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=SUMMARY_MAX * 2,
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def describe_errors(form: forms.Form) -> forms.Form:
    """Tie every field's error text to its input (aria-describedby, aria-invalid): the
    templates print the errors under the id `<input id>-fout`."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-describedby"] = f"{form[name].auto_id}-fout"
            attrs["aria-invalid"] = "true"
    return form
