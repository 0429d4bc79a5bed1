"""Reporters may add tags (typing a new name in the story's tag box): the role groups get
their permissions again from articles.roles, which now lists tags.add_tag for reporters."""

import importlib

from django.db import migrations

create_roles = importlib.import_module("articles.migrations.0003_roles").create_roles


def noop(apps, schema_editor):
    """Going back leaves the groups as they are: 0003 removes them if it is unapplied."""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_figures_focal_points"),
    ]

    operations = [migrations.RunPython(create_roles, noop)]
