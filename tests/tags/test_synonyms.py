"""Tag synonyms: one lookup (Tag.objects.resolve) from a typed name to its tag, used by the
importer, the admin's tag field and search; merging keeps the old names as synonyms."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from articles.models import Article
from newsroom import content_version
from tags.models import Tag, TagSynonym
from tags.services import merge_tags
from tests.articles.test_import_articles import NINJS_ITEM, write_json
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def haiti_mission():
    tag = make_tag("Haiti mission")
    TagSynonym.objects.create(tag=tag, name="MSS")
    TagSynonym.objects.create(tag=tag, name="Multinational Security Support mission")
    return tag


def test_resolve_finds_a_tag_by_its_name_or_a_synonym_in_any_case(haiti_mission):
    assert Tag.objects.resolve("haiti MISSION") == haiti_mission
    assert Tag.objects.resolve("  mss ") == haiti_mission
    assert Tag.objects.resolve("multinational security support MISSION") == haiti_mission
    assert Tag.objects.resolve("Kenya") is None
    assert Tag.objects.resolve("") is None


def test_a_synonym_cannot_repeat_another_synonym_in_any_case(haiti_mission):
    with pytest.raises(ValidationError):
        TagSynonym(tag=make_tag("Other"), name="mss").full_clean()
    with pytest.raises(IntegrityError):
        TagSynonym.objects.create(tag=haiti_mission, name="Mss")


def test_a_synonym_cannot_be_the_name_of_a_tag(haiti_mission):
    make_tag("Kenya")
    with pytest.raises(ValidationError, match="already the name of a tag"):
        TagSynonym(tag=haiti_mission, name="kenya").full_clean()


def test_a_tag_cannot_be_named_like_a_synonym(haiti_mission):
    with pytest.raises(ValidationError, match="already a synonym"):
        Tag(name="mss", slug="mss").full_clean()


def test_importing_a_story_tagged_with_a_synonym_lands_it_under_the_canonical_tag(
    haiti_mission, tmp_path
):
    item = NINJS_ITEM | {"subjects": [{"name": "MSS", "rel": "about"}], "places": []}
    call_command(
        "import_articles",
        str(write_json(tmp_path / "item.json", item)),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert list(Article.objects.get().tags.all()) == [haiti_mission]
    assert not Tag.objects.filter(name__iexact="MSS").exists()


def test_typing_a_synonym_in_the_article_forms_tag_field_offers_its_tag(
    editor_client, haiti_mission
):
    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "MSS"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Haiti mission"]


def test_searching_for_a_synonym_finds_the_stories_with_its_tag(client, haiti_mission):
    make_article(headline="Kenyan police land in Port-au-Prince", tags=(haiti_mission,))
    make_article(headline="Minibus fares rise")
    page = client.get("/search/", {"q": "mss"}).content.decode()
    assert "Kenyan police land in Port-au-Prince" in page
    assert "Minibus fares rise" not in page


def test_merging_tags_keeps_the_old_names_and_their_synonyms_as_synonyms():
    keep, old = make_tag("Haiti mission"), make_tag("MSS")
    TagSynonym.objects.create(tag=old, name="Kenya-led mission")
    make_tag("haiti mission ", slug="haiti-mission-dup")  # a case duplicate: no synonym
    merge_tags(keep=keep, others=[old, Tag.objects.get(slug="haiti-mission-dup")])
    assert sorted(keep.synonyms.values_list("name", flat=True)) == ["Kenya-led mission", "MSS"]
    assert Tag.objects.resolve("mss") == keep


def test_an_editor_adds_synonyms_on_the_tag_page(editor_client):
    tag = make_tag("Haiti mission", slug="haiti-mission")
    response = editor_client.get(f"/admin/tags/tag/{tag.pk}/change/")
    assert "synonyms-TOTAL_FORMS" in response.content.decode()


def test_a_synonym_of_a_public_tag_changes_public_caches_and_of_a_private_one_does_not():
    public, private = make_tag("Haiti mission"), make_tag("Unused")
    make_article(tags=(public,))
    before = content_version.current().tag
    TagSynonym.objects.create(tag=private, name="Nothing")
    assert content_version.current().tag == before
    TagSynonym.objects.create(tag=public, name="MSS")
    assert content_version.current().tag != before
