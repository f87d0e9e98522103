from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "nprz.interventions"
    label = "interventions"
    verbose_name = "Interventies en voortgangsronde"
    default_auto_field = "django.db.models.BigAutoField"
