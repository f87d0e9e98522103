"""Addresses of the progress round: log in and out, the rounds, a round, one report, the
colour import; and the programmabureau's user management."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from nprz.web.staff import colours, imports, round_views, users, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("inloggen/", views.Login.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("ronde/", round_views.rounds_view, name="rounds"),
    path("ronde/kleuren/", colours.colour_import_view, name="colour-import"),
    path("ronde/<int:year>/", round_views.round_view, name="round"),
    path("ronde/<int:year>/<slug:step>/", round_views.round_step, name="round-step"),
    path("ronde/<int:year>/<slug:pillar>/<slug:number>/", views.report_view, name="report"),
    path("gebruikers/", users.users_view, name="users"),
    path("gebruikers/nieuw/", users.new_user_view, name="user-new"),
    path("gebruikers/<int:pk>/", users.user_view, name="user"),
    path("gegevens/importeren/", imports.import_view, name="import"),
]
