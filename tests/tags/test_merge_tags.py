import io

import pytest
from django.core.management import CommandError, call_command

from newsroom.models import AuditEvent
from tags.models import Tag
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def test_merge_tags_command_moves_articles_without_duplicates_and_redirects(client):
    keep, other = make_tag("Climate change"), make_tag("Climate")
    both = make_article(tags=(keep, other))
    only_other = make_article(tags=(other,))
    old_url = other.get_absolute_url()

    call_command("merge_tags", keep.slug, "Climate", verbosity=0)

    assert list(Tag.objects.all()) == [keep]
    assert set(keep.taggings.values_list("content_object_id", flat=True)) == {
        both.pk,
        only_other.pk,
    }
    assert client.get(old_url)["Location"] == keep.get_absolute_url()


def test_case_duplicates_are_merged_into_the_most_used(client):
    used = make_tag("Elections")
    spaced = make_tag("elections  ")  # differs by case and spacing only
    make_article(tags=(used,))
    call_command("merge_tags", "--case-duplicates", verbosity=0)
    assert list(Tag.objects.all()) == [used]
    assert spaced.name != used.name


def test_merge_tags_needs_two_tags():
    make_tag("Solo")
    with pytest.raises(CommandError):
        call_command("merge_tags", "solo")


def test_tag_names_are_unique_whatever_the_case():
    from django.db import IntegrityError

    make_tag("Haiti")
    with pytest.raises(IntegrityError):
        make_tag("HAITI")


def test_merge_tags_dry_run_reports_the_merge_and_changes_nothing():
    keep, other = make_tag("Climate change"), make_tag("Climate")
    article = make_article(tags=(other,))
    out = io.StringIO()

    call_command("merge_tags", keep.slug, "Climate", "--dry-run", stdout=out)

    assert "Would merge Climate (1 articles) into Climate change" in out.getvalue()
    assert "Dry run, nothing written: 1 tags would be merged." in out.getvalue()
    assert set(Tag.objects.values_list("name", flat=True)) == {"Climate change", "Climate"}
    assert list(article.tags.values_list("name", flat=True)) == ["Climate"]
    assert not AuditEvent.objects.exists()
