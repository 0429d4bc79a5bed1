import pytest
from django.test import Client

from articles.models import Article
from tests.articles.admin_helpers import article_form_data
from tests.factories import make_archived, make_article, make_draft, make_person, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """Anonymous, and separate from ``editor_client`` (which signs the ``client`` fixture in)."""
    return Client()


def test_changing_an_article_slug_leaves_a_redirect(editor_client, reader):
    article = make_article(slug="old-slug")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, slug="new-slug")
    )
    assert response.status_code == 302
    redirect = reader.get("/articles/old-slug/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/articles/new-slug/"


def rename_person(editor_client, person, slug: str) -> None:
    response = editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        {
            "name": person.name,
            "slug": slug,
            "honorific": "",
            "bio": "",
            "sort_name": "Ferreira, Tomás",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302


def rename_tag(editor_client, tag, slug: str) -> None:
    response = editor_client.post(
        f"/admin/tags/tag/{tag.pk}/change/",
        {
            "name": tag.name,
            "slug": slug,
            "kind": "topic",
            "description": "",
            "synonyms-TOTAL_FORMS": "0",  # the synonyms inline, empty
            "synonyms-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302


def test_changing_a_person_slug_redirects_person_and_author_pages(editor_client, reader):
    person = make_person("Tomás Ferreira", slug="tomas-f")
    make_article(authors=(person,))
    rename_person(editor_client, person, "tomas-ferreira")
    assert reader.get("/people/tomas-f/")["Location"] == "/people/tomas-ferreira/"
    assert reader.get("/authors/tomas-f/")["Location"] == "/authors/tomas-ferreira/"


def test_changing_a_tag_slug_leaves_a_redirect(editor_client, reader):
    tag = make_tag("Elections", slug="polls")
    make_article(tags=(tag,))
    rename_tag(editor_client, tag, "elections")
    assert reader.get("/tags/polls/")["Location"] == "/tags/elections/"


# Renaming something readers cannot see must not tell them its new address.


@pytest.mark.parametrize("make", [make_draft, make_archived], ids=["draft", "archived"])
def test_renaming_an_unpublished_story_leaves_no_public_redirect(editor_client, reader, make):
    article = make(slug="minister-resigns")
    editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, slug="minister-sacked-for-fraud"),
    )
    assert Article.objects.get(pk=article.pk).slug == "minister-sacked-for-fraud"
    response = reader.get("/articles/minister-resigns/")
    assert response.status_code == 404
    assert b"minister-sacked-for-fraud" not in response.content


def test_renamed_draft_redirects_once_it_is_published(editor_client, reader):
    article = make_draft(slug="first-name")
    editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, slug="second-name"),
    )
    article.refresh_from_db()
    article.publish()
    article.save()
    assert reader.get("/articles/first-name/")["Location"] == "/articles/second-name/"


def test_renaming_a_person_known_only_from_drafts_leaves_no_public_redirect(editor_client, reader):
    person = make_person("Secret Nominee", slug="secret-nominee")
    make_draft(authors=(person,))
    rename_person(editor_client, person, "nominee-jane-doe")
    for old in (
        "/people/secret-nominee/",
        "/authors/secret-nominee/",
        "/people/secret-nominee/feed/",
    ):
        response = reader.get(old)
        assert response.status_code == 404, old
        assert b"jane-doe" not in response.content


def test_renaming_a_tag_known_only_from_drafts_leaves_no_public_redirect(editor_client, reader):
    tag = make_tag("Merger talks", slug="merger-talks")
    make_draft(tags=(tag,))
    rename_tag(editor_client, tag, "acme-buys-globex")
    for old in ("/tags/merger-talks/", "/tags/merger-talks/feed/"):
        response = reader.get(old)
        assert response.status_code == 404, old
        assert b"globex" not in response.content


def test_archiving_a_renamed_story_stops_its_old_address_redirecting(editor_client, reader):
    article = make_article(slug="old-name")
    editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, slug="new-name"),
    )
    assert reader.get("/articles/old-name/").status_code == 301
    article.refresh_from_db()
    article.unpublish()
    article.save()
    assert reader.get("/articles/old-name/").status_code == 404


def test_redirects_never_leave_the_site(reader):
    from newsroom.models import PathRedirect

    PathRedirect.objects.create(old_path="/articles/gone/", new_path="//evil.example/")
    assert reader.get("/articles/gone/").status_code == 404
