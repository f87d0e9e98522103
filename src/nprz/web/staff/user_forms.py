"""Forms of user management. They carry the input and check that it fits together (a
pijlercoördinator needs a pillar, an initiatiefnemer an organisation, both passwords the same);
the services in `nprz.interventions.users` check the rest (validators, uniqueness) and say what
is wrong, per field, in Dutch."""

from __future__ import annotations

from typing import Any

from django import forms

from nprz.core.workflow import Role
from nprz.interventions import models as iv
from nprz.interventions.pillars import names as pillar_names
from nprz.interventions.users import ROLE_LABELS, Details, RoleSpec

# Service error keys -> form fields.
FIELDS = {"password": "password1"}


class UserForm(forms.Form):
    """Details and roles of a user; a user may hold several roles and scopes."""

    first_name = forms.CharField(label="Voornaam", required=False, max_length=150)
    last_name = forms.CharField(label="Achternaam", required=False, max_length=150)
    email = forms.CharField(label="E-mailadres", required=False, max_length=254)
    roles = forms.MultipleChoiceField(
        label="Rollen",
        choices=[(r.value, ROLE_LABELS[r]) for r in Role],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies ten minste één rol."},
    )
    pillars = forms.MultipleChoiceField(
        label="Pijlers (voor de pijlercoördinator)",
        # Read when the form is built: the pillars of the programme being worked on.
        choices=lambda: list(pillar_names().items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisaties (voor de initiatiefnemer; houd Ctrl of ⌘ ingedrukt voor meer)",
        queryset=iv.Organisation.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        roles = set(data.get("roles") or [])
        pillars = data.get("pillars") or []
        organisations = data.get("organisations") or []
        if Role.PIJLERCOORDINATOR.value in roles and not pillars and "pillars" not in self.errors:
            self.add_error("pillars", "Kies de pijler(s) van de pijlercoördinator.")
        if pillars and Role.PIJLERCOORDINATOR.value not in roles:
            self.add_error("pillars", "Pijlers horen alleen bij de rol pijlercoördinator.")
        if (
            Role.INITIATIEFNEMER.value in roles
            and not organisations
            and "organisations" not in self.errors
        ):
            self.add_error("organisations", "Kies de organisatie(s) van de initiatiefnemer.")
        if organisations and Role.INITIATIEFNEMER.value not in roles:
            self.add_error("organisations", "Organisaties horen alleen bij de rol initiatiefnemer.")
        return data

    def role_specs(self) -> list[RoleSpec]:
        specs = []
        for value in self.cleaned_data["roles"]:
            role = Role(value)
            if role is Role.PIJLERCOORDINATOR:
                specs += [RoleSpec(role, pillar=p) for p in self.cleaned_data["pillars"]]
            elif role is Role.INITIATIEFNEMER:
                specs += [
                    RoleSpec(role, organisation_id=o.pk) for o in self.cleaned_data["organisations"]
                ]
            else:
                specs.append(RoleSpec(role))
        return specs

    def details(self) -> Details:
        return Details(
            self.cleaned_data.get("first_name") or "",
            self.cleaned_data.get("last_name") or "",
            self.cleaned_data.get("email") or "",
        )

    @staticmethod
    def initial_for(specs: list[RoleSpec], **details: str) -> dict[str, Any]:
        return {
            **details,
            "roles": sorted({s.role.value for s in specs}),
            "pillars": sorted({s.pillar for s in specs if s.pillar}),
            "organisations": sorted(
                {s.organisation_id for s in specs if s.organisation_id is not None}
            ),
        }


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label="Wachtwoord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Ten minste 12 tekens; geen veelgebruikt wachtwoord, niet alleen cijfers.",
    )
    password2 = forms.CharField(
        label="Wachtwoord nogmaals",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "De twee wachtwoorden zijn niet gelijk.")
        return data


class NewUserForm(UserForm, PasswordForm):
    username = forms.CharField(label="Gebruikersnaam", max_length=150)

    field_order = [  # noqa: RUF012 (Django reads it from the class)
        "username",
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
    ]
    # clean(): UserForm's, then (through super()) PasswordForm's.


def add_errors(form: forms.Form, errors: dict[str, str]) -> None:
    """Put a service's errors (`Invalid.errors`) on the form's fields, as sentences."""
    for key, message in errors.items():
        name = FIELDS.get(key, key)
        text = message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
        form.add_error(name if name in form.fields else None, text)
