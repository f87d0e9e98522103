"""No pages yet; the web dashboard adds them."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
