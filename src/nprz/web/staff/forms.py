"""Forms of the progress round. They only carry input: the services in
`nprz.interventions.rounds` check it and say what is wrong, per field, in Dutch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from nprz.interventions import models as iv
from nprz.interventions.rounds import REVIEW_COLOURS, SUMMARY_MAX


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
    """The owner's part: the text and this year's value of every KPI."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label="Voortgang in eigen woorden",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        # The service checks the length, so an overlong text comes back with its message.
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
        choices=[("", "— kies een kleur —"), *[(c.value, c.label) for c in REVIEW_COLOURS]],
    )
    reason = forms.CharField(
        label="Reden (verplicht als u afwijkt van het voorstel)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)


def describe_errors(form: forms.Form) -> forms.Form:
    """Tie every field's error text to its input (aria-describedby, aria-invalid): the
    templates print the errors under the id `<input id>-fout`."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-describedby"] = f"{form[name].auto_id}-fout"
            attrs["aria-invalid"] = "true"
    return form
