import pytest

from tags.models import Tag
from tags.services import tags_named
from tests.factories import make_tag

pytestmark = pytest.mark.django_db


def test_tags_named_reuses_a_tag_written_in_another_case():
    kenya = make_tag("Kenya")
    assert tags_named(["kenya", " KENYA "]) == [kenya]
    assert Tag.objects.count() == 1


def test_tags_named_creates_a_missing_tag_with_a_free_slug():
    make_tag("Other", slug="floods")
    (floods,) = tags_named(["Floods"], kind=Tag.Kind.EVENT)
    assert floods.pk and floods.kind == Tag.Kind.EVENT
    assert floods.slug == "floods-2"


def test_tags_named_without_create_returns_a_missing_tag_unsaved():
    kenya = make_tag("Kenya")
    found = tags_named(["kenya", "Floods"], create=False)
    assert found[0] == kenya
    assert found[1].pk is None and found[1].name == "Floods"
    assert not Tag.objects.filter(name="Floods").exists()


def test_reporters_may_add_tags(reporter):
    assert reporter.has_perm("tags.add_tag")
