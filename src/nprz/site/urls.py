"""The site: the public dashboard and its API; Dutch error pages for everything else."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [path("", include("nprz.web.urls"))]

handler400 = "nprz.web.views.bad_request"
handler403 = "nprz.web.views.forbidden"
handler404 = "nprz.web.views.not_found"
handler500 = "nprz.web.views.server_error"
