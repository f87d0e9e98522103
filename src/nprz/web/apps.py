from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WebConfig(AppConfig):
    name = "nprz.web"
    label = "web"
    verbose_name = "NPRZ-monitor website"

    def ready(self) -> None:
        # Sent once per app with models (this one has none); making the tables is idempotent.
        post_migrate.connect(create_cache_tables, dispatch_uid="nprz-cache-tables")


def create_cache_tables(using: str = "default", **kwargs: Any) -> None:
    """`nprz migrate` (and every migrate) makes the database cache's tables, so nobody has
    to run createcachetable; it leaves tables that exist alone (nprz.site.caches)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
