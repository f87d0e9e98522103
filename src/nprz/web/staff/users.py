"""User management in the browser, for the programmabureau: the list of users, a new user, one
user (details and roles, a new password, deactivate or reactivate). Thin: the services in
`nprz.interventions.users` decide (with `nprz.core.workflow`) and write."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from nprz.core.workflow import Person, Role
from nprz.interventions import models as iv
from nprz.interventions import rounds
from nprz.interventions import users as service
from nprz.interventions.accounts import person
from nprz.presenters.addresses import address
from nprz.web.pages.common import page
from nprz.web.staff.forms import describe_errors
from nprz.web.staff.user_forms import NewUserForm, PasswordForm, UserForm, add_errors
from nprz.web.staff.views import T, refused


def crumbs() -> list[dict[str, str]]:
    return [{"href": address("/ronde/"), "label": "Voortgangsronde"}]


def _bureau(request: HttpRequest) -> Person | HttpResponse:
    who = person(request.user)
    if reason := service.reason_not_managed(who):
        return refused(request, _sentence(reason))
    return who


def _actor(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _role_words(staff_roles: Iterable[iv.StaffRole]) -> list[str]:
    """Roles in words, "initiatiefnemer (Stichting X)"; organisations already fetched."""
    return sorted(
        service.describe(
            service.RoleSpec(Role(r.role), r.organisation_id, r.pillar),
            {r.organisation.pk: r.organisation.name} if r.organisation else {},
        )
        for r in staff_roles
    )


# --- the list -----------------------------------------------------------------------------


@login_required
@require_GET
def users_view(request: HttpRequest) -> HttpResponse:
    who = _bureau(request)
    if isinstance(who, HttpResponse):
        return who
    everyone = User.objects.order_by("-is_active", "username").prefetch_related(
        "staff_roles__organisation"
    )
    rows = [
        {
            "user": u,
            "roles": _role_words(u.staff_roles.all()),
            "href": address(f"/gebruikers/{u.pk}/"),
        }
        for u in everyone
    ]
    context = page(
        request.path,
        "Gebruikers",
        None,
        rows=rows,
        crumbs=[*crumbs(), {"label": "Gebruikers"}],
    )
    return render(request, T + "users.html", context)


# --- a new user ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_user_view(request: HttpRequest) -> HttpResponse:
    who = _bureau(request)
    if isinstance(who, HttpResponse):
        return who
    form = NewUserForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _new_page(request, form, status=400)
        try:
            made = service.create_user(
                who,
                form.cleaned_data["username"],
                form.cleaned_data["password1"],
                form.role_specs(),
                form.details(),
                by=_actor(request),
            )
        except rounds.Refused as error:
            return refused(request, _sentence(error.message))
        except rounds.Invalid as error:
            add_errors(form, error.errors)
            return _new_page(request, form, status=400)
        messages.success(request, f"Gebruiker {made.username} is aangemaakt.")
        return redirect(address(f"/gebruikers/{made.pk}/"))
    return _new_page(request, form)


def _new_page(request: HttpRequest, form: NewUserForm, status: int = 200) -> HttpResponse:
    describe_errors(form)
    context = page(
        request.path,
        "Nieuwe gebruiker",
        None,
        form=form,
        crumbs=[
            *crumbs(),
            {"href": address("/gebruikers/"), "label": "Gebruikers"},
            {"label": "Nieuw"},
        ],
    )
    return render(request, T + "user_new.html", context, status=status)


# --- one user -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def user_view(request: HttpRequest, pk: int) -> HttpResponse:
    who = _bureau(request)
    if isinstance(who, HttpResponse):
        return who
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404(f"Er is geen gebruiker {pk}.")
    if request.method == "GET":
        return _user_page(request, user)
    action = request.POST.get("actie", "")
    handler = HANDLERS.get(action)
    if handler is None:
        raise BadRequest(f"onbekende actie {action!r}")
    return handler(request, who, user)


def _change(request: HttpRequest, who: Person, user: User) -> HttpResponse:
    form = UserForm(request.POST)
    if not form.is_valid():
        return _user_page(request, user, user_form=form, status=400)
    try:
        service.change_user(who, user, form.role_specs(), form.details(), by=_actor(request))
    except rounds.Refused as error:
        return refused(request, _sentence(error.message))
    except rounds.Invalid as error:
        add_errors(form, error.errors)
        return _user_page(request, user, user_form=form, status=400)
    messages.success(request, f"De gegevens en rollen van {user.username} zijn opgeslagen.")
    return redirect(request.path)


def _password(request: HttpRequest, who: Person, user: User) -> HttpResponse:
    form = PasswordForm(request.POST)
    if not form.is_valid():
        return _user_page(request, user, password_form=form, status=400)
    try:
        changed = service.set_password(
            who, user, form.cleaned_data["password1"], by=_actor(request)
        )
    except rounds.Refused as error:
        return refused(request, _sentence(error.message))
    except rounds.Invalid as error:
        add_errors(form, error.errors)
        return _user_page(request, user, password_form=form, status=400)
    if changed.pk == request.user.pk:
        update_session_auth_hash(request, changed)  # stay logged in after one's own change
    messages.success(request, f"Het wachtwoord van {user.username} is gewijzigd.")
    return redirect(request.path)


def _activation(active: bool) -> Callable[[HttpRequest, Person, User], HttpResponse]:
    def handler(request: HttpRequest, who: Person, user: User) -> HttpResponse:
        try:
            service.set_active(who, user, active, by=_actor(request))
        except rounds.Refused as error:
            return _user_page(request, user, problem=_sentence(error.message), status=403)
        done = "weer ingeschakeld" if active else "uitgeschakeld; het kan niet meer inloggen"
        messages.success(request, f"Het account {user.username} is {done}.")
        return redirect(request.path)

    return handler


HANDLERS = {
    "gegevens": _change,
    "wachtwoord": _password,
    "uitschakelen": _activation(False),
    "inschakelen": _activation(True),
}


def _user_page(
    request: HttpRequest,
    user: User,
    *,
    user_form: UserForm | None = None,
    password_form: PasswordForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    user.refresh_from_db()
    if user_form is None:
        user_form = UserForm(
            initial=UserForm.initial_for(
                service.roles_of(user),
                first_name=user.first_name,
                last_name=user.last_name,
                email=user.email,
            )
        )
    password_form = password_form or PasswordForm()
    for form in (user_form, password_form):
        describe_errors(form)
    context = page(
        request.path,
        f"Gebruiker {user.username}",
        None,
        shown=user,
        roles=_role_words(iv.StaffRole.objects.filter(user=user).select_related("organisation")),
        myself=user.pk == request.user.pk,
        user_form=user_form,
        password_form=password_form,
        problem=problem,
        crumbs=[
            *crumbs(),
            {"href": address("/gebruikers/"), "label": "Gebruikers"},
            {"label": user.username},
        ],
    )
    return render(request, T + "user.html", context, status=status)
