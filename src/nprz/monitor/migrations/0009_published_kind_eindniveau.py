"""The printed figure "level at the end of the plan" is kind `eindniveau`, no longer named
after one programme's end year (issue 15): rows loaded before keep their meaning."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

OLD, NEW = "niveau-2031", "eindniveau"


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("monitor", "PublishedFigure").objects.filter(kind=OLD).update(kind=NEW)


def backward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("monitor", "PublishedFigure").objects.filter(kind=NEW).update(kind=OLD)


class Migration(migrations.Migration):
    dependencies = [("monitor", "0008_printed_texts")]

    operations = [migrations.RunPython(forward, backward)]
