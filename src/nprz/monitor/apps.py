from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "nprz.monitor"
    verbose_name = "NPRZ-monitor"
    default_auto_field = "django.db.models.BigAutoField"
