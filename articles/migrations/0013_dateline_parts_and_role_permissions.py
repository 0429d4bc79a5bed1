from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import EDITOR


def let_editors_edit_roles(apps, schema_editor):
    """Editors may change everything in the people app (``EDITOR_APPS``); the group, made by
    0003_roles before people had roles, lacks the permissions for PersonRole."""
    people = apps.get_app_config("people")
    people.models_module = True
    create_permissions(people, apps=apps, verbosity=0)
    people.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name=EDITOR):
        editor.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="people", content_type__model="personrole"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_headline_review_help"),
        ("people", "0005_person_roles_over_time"),
    ]

    operations = [
        migrations.RunPython(let_editors_edit_roles, migrations.RunPython.noop),
    ]
