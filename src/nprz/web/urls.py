"""Addresses of the public site. Every page `P` also serves `P<name>.csv|xlsx|svg`."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, register_converter

from nprz.web import views
from nprz.web.pages import (
    areas,
    downloads,
    goals,
    indicators,
    interventions,
    overview,
    paths,
    reports,
)


class AssetName:
    """A table or chart name on a page: lower-case words with hyphens."""

    regex = "[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Extension:
    regex = "csv|xlsx|svg"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AssetName, "name")
register_converter(Extension, "ext")


def with_assets(route: str, builder: views.Builder, name: str) -> list[URLPattern]:
    view = views.page_view(builder)
    return [
        path(route, view, name=name),
        path(f"{route}<name:name>.<ext:ext>", view, name=f"{name}-asset"),
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    *with_assets("", overview.build, "overview"),
    *with_assets("doelen/", goals.build, "goals"),
    *with_assets("indicatoren/", indicators.build_list, "indicators"),
    *with_assets("indicatoren/<slug:code>/", indicators.build, "indicator"),
    *with_assets("gebieden/", areas.build_list, "areas"),
    # Before the area pages: "kaart" is this page, not an area's code.
    *with_assets("gebieden/kaart/", areas.build_map, "areas-map"),
    *with_assets("gebieden/<slug:code>/", areas.build, "area"),
    *with_assets("interventies/", interventions.build_list, "interventions"),
    *with_assets("interventies/<slug:pillar>/<slug:number>/", interventions.build, "intervention"),
    *with_assets("pad/<slug:anchor>/", paths.build, "path"),
    *with_assets("downloads/", downloads.build, "downloads"),
    path("rapport/", reports.reports_view, name="reports"),
    path("rapport/<slug:code>/<path:name>", reports.report_file_view, name="report-file"),
    path("api/", include("nprz.web.api_urls")),
    path("", include("nprz.web.staff.urls")),
]
