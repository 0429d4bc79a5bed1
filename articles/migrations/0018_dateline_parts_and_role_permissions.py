from importlib import import_module

from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.utils import timezone

import articles.datelines
from articles.datelines import parse_dateline
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


def restore_sqlite_search_index(apps, schema_editor):
    """SQLite adds a NOT NULL column by copying the table, which drops the triggers that keep
    the FTS5 search index (0006_search_index) in step: make the index and triggers again."""
    if schema_editor.connection.vendor != "sqlite":
        return
    search_index = import_module("articles.migrations.0006_search_index")
    for statement in search_index.SQLITE_BACKWARD + search_index.SQLITE_FORWARD:
        schema_editor.execute(statement, params=None)


def read_dateline_parts(apps, schema_editor):
    """Existing stories: the parts read from the dateline text, as Article.save() does."""
    Article = apps.get_model("articles", "Article")
    for pk, text, published_at in (
        Article.objects.exclude(dateline="").values_list("pk", "dateline", "published_at").iterator()
    ):
        year = timezone.localdate(published_at or timezone.now()).year
        read = parse_dateline(text, year=year)
        Article.objects.filter(pk=pk).update(
            dateline_place=read.place[:200],
            dateline_country=read.country,
            dateline_date=read.date,
            dateline_source=read.source[:100],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_curation_pins_and_related_picks"),
        ("people", "0006_person_roles_over_time"),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='dateline_country',
            field=models.CharField(blank=True, help_text='Optional. Two letters (ISO 3166): KE for Kenya, US, GB, FR...', max_length=2, validators=[articles.datelines.validate_country_code], verbose_name='country code'),
        ),
        migrations.AddField(
            model_name='article',
            name='dateline_date',
            field=models.DateField(blank=True, help_text='Optional: when the story was reported on another day than it runs.', null=True, verbose_name='dateline date'),
        ),
        migrations.AddField(
            model_name='article',
            name='dateline_place',
            field=models.CharField(blank=True, help_text='e.g. "Nairobi", or "Columbia, S.C." with its region.', max_length=200, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='article',
            name='dateline_source',
            field=models.CharField(blank=True, help_text='Optional: the agency or paper it comes from, e.g. "Reuters".', max_length=100, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='dateline_country',
            field=models.CharField(blank=True, help_text='Optional. Two letters (ISO 3166): KE for Kenya, US, GB, FR...', max_length=2, validators=[articles.datelines.validate_country_code], verbose_name='country code'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='dateline_date',
            field=models.DateField(blank=True, help_text='Optional: when the story was reported on another day than it runs.', null=True, verbose_name='dateline date'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='dateline_place',
            field=models.CharField(blank=True, help_text='e.g. "Nairobi", or "Columbia, S.C." with its region.', max_length=200, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='dateline_source',
            field=models.CharField(blank=True, help_text='Optional: the agency or paper it comes from, e.g. "Reuters".', max_length=100, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='article',
            name='dateline',
            field=models.CharField(blank=True, help_text='Where the story was reported, as written, e.g. "NAIROBI, Kenya, Jan. 5 (Reuters)". Change it and leave the parts below as they are: they are read from it.', max_length=200),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='dateline',
            field=models.CharField(blank=True, help_text='Where the story was reported, as written, e.g. "NAIROBI, Kenya, Jan. 5 (Reuters)". Change it and leave the parts below as they are: they are read from it.', max_length=200),
        ),
        migrations.RunPython(restore_sqlite_search_index, restore_sqlite_search_index),
        migrations.RunPython(read_dateline_parts, migrations.RunPython.noop),
        migrations.RunPython(let_editors_edit_roles, migrations.RunPython.noop),
    ]
