"""Who reads this request: the public, or an analyst who may see what disclosure hides.

Set once per request, before any view runs, so every presenter below reads the store the way
this reader may (`nprz.publication.audience`). Anonymous visitors and signed-in users without
an analyst's role read as the public.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from nprz.interventions import models as iv
from nprz.publication import audience


class ReaderMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated and user.is_active)
        roles = (
            set(iv.StaffRole.objects.filter(user=user).values_list("role", flat=True))
            if signed_in
            else set()
        )
        with audience.reading_as(audience.of_roles(roles, signed_in=signed_in)):
            return self.get_response(request)
