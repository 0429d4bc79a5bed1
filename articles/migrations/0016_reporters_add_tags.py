"""Reporters may add tags (typing a new name in the story's tag box). Adds the one permission
to the Reporter group; rerunning 0003's ``create_roles`` here would reset both groups and drop
permissions later migrations granted (live updates, alerts)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def let_reporters_add_tags(apps, schema_editor):
    # Permissions are normally created after all migrations; this one is needed now.
    config = apps.get_app_config("tags")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    add_tag = Permission.objects.get(content_type__app_label="tags", codename="add_tag")
    for reporter in Group.objects.filter(name="Reporter"):
        reporter.permissions.add(add_tag)


def noop(apps, schema_editor):
    """Going back leaves the groups as they are: 0003 removes them if it is unapplied."""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_figures_focal_points"),
        ("tags", "0001_initial"),
    ]

    operations = [migrations.RunPython(let_reporters_add_tags, noop)]
