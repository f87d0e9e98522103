from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nprz.web"
    label = "web"
    verbose_name = "NPRZ-monitor website"
