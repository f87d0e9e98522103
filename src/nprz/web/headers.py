"""Security headers on every answer: a Content-Security-Policy, and `Cache-Control: private,
no-store` where an answer belongs to one person.

The policy allows nothing but the site's own images, stylesheets and forms: the site runs no
script at all, and no template has inline style (tests/staff/test_headers.py checks the
templates), so neither needs 'unsafe-inline'. Charts are SVG files of the site's own, shown
with <img>. HSTS, nosniff, the referrer policy and X-Frame-Options come from Django's
SecurityMiddleware and clickjacking middleware (settings).

Private: every page of the progress round, user management and the upload (the views in
`nprz.web.staff`, a login form or a refusal included) and every answer to a signed-in user.
Neither a browser nor a proxy may keep them: a shared computer's next user must not find them
in the history or cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'none'",
        "img-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
PRIVATE = "private, no-store"
STAFF_VIEWS = "nprz.web.staff."


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", POLICY)
        if is_private(request):
            response["Cache-Control"] = PRIVATE
            del response["Expires"]
        return response


def is_private(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is not None and f"{match.func.__module__}.".startswith(STAFF_VIEWS):
        return True
    user = getattr(request, "user", None)  # absent when a middleware answered first
    return bool(user is not None and user.is_authenticated)
