from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "nprz.reports"
    label = "reports"
    verbose_name = "Rapporten"
