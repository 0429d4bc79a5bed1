import pytest

from tests.articles.admin_helpers import article_form_data
from tests.factories import make_article, make_person, make_tag

pytestmark = pytest.mark.django_db


def test_changing_an_article_slug_leaves_a_redirect(editor_client, client):
    article = make_article(slug="old-slug")
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, slug="new-slug")
    )
    assert response.status_code == 302
    redirect = client.get("/articles/old-slug/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/articles/new-slug/"


def test_changing_a_person_slug_redirects_person_and_author_pages(editor_client, client):
    person = make_person("Tomás Ferreira", slug="tomas-f")
    editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        {
            "name": person.name,
            "slug": "tomas-ferreira",
            "honorific": "",
            "role": "",
            "organisation": "",
            "bio": "",
            "sort_name": "Ferreira, Tomás",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert client.get("/people/tomas-f/")["Location"] == "/people/tomas-ferreira/"
    assert client.get("/authors/tomas-f/")["Location"] == "/authors/tomas-ferreira/"


def test_changing_a_tag_slug_leaves_a_redirect(editor_client, client):
    tag = make_tag("Elections", slug="polls")
    editor_client.post(
        f"/admin/tags/tag/{tag.pk}/change/",
        {"name": "Elections", "slug": "elections", "kind": "topic", "description": ""},
    )
    assert client.get("/tags/polls/")["Location"] == "/tags/elections/"


def test_redirects_never_leave_the_site(client):
    from newsroom.models import PathRedirect

    PathRedirect.objects.create(old_path="/articles/gone/", new_path="//evil.example/")
    assert client.get("/articles/gone/").status_code == 404
