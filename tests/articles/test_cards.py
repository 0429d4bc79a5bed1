"""Story cards are rendered once per story and content version and reused by every list
(articles/cards.py); a change readers can see shows at once, search snippets never mix."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import make_article, make_draft, make_section, make_tag

pytestmark = pytest.mark.django_db

SIGNED_IN = {"sessionid": "not-a-session"}  # any session cookie: the page cache steps aside


@pytest.fixture
def uncached(client):
    client.cookies.load(SIGNED_IN)
    return client


def article_queries(queries) -> list[str]:
    """The queries that loaded story rows (FROM the story table, not an id window)."""
    table = Article._meta.db_table
    return [
        q["sql"]
        for q in queries.captured_queries
        if f'FROM "{table}"' in q["sql"] and '"headline"' in q["sql"]
    ]


def test_a_list_shown_again_loads_no_story_rows(uncached):
    for n in range(3):
        make_article(headline=f"Story {n}", dek=f"Dek {n}")
    first = uncached.get("/articles/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = uncached.get("/articles/").content.decode()
    assert again == first
    assert "Story 2" in again and "Dek 0" in again
    assert article_queries(queries) == []


def test_a_card_is_shared_by_every_list_the_story_is_in(uncached):
    tag = make_tag("Harbour")
    make_article(headline="Harbour reopens", tags=(tag,))
    uncached.get("/articles/")
    with CaptureQueriesContext(connection) as queries:
        page = uncached.get(tag.get_absolute_url()).content.decode()
    assert "Harbour reopens" in page
    assert article_queries(queries) == []


def test_an_edit_shows_on_the_list_at_once(uncached):
    article = make_article(headline="First headline")
    assert "First headline" in uncached.get("/articles/").content.decode()
    article.headline = "Better headline"
    article.save()
    page = uncached.get("/articles/").content.decode()
    assert "Better headline" in page and "First headline" not in page


def test_an_unpublished_story_leaves_every_list_at_once(uncached):
    article = make_article(headline="Soon withdrawn")
    assert "Soon withdrawn" in uncached.get("/articles/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert "Soon withdrawn" not in uncached.get("/articles/").content.decode()


def test_a_draft_never_gets_a_card(uncached):
    make_draft(headline="Secret draft")
    make_article(headline="Public story")
    page = uncached.get("/articles/").content.decode()
    assert "Public story" in page and "Secret draft" not in page


def test_the_section_page_card_and_the_list_card_differ(uncached):
    section = make_section(name="Weather")
    make_article(headline="Storm warning", section=section)
    listed = uncached.get("/articles/").content.decode()
    on_section = uncached.get(section.get_absolute_url()).content.decode()
    assert 'class="kicker"' in listed
    assert "Storm warning" in on_section and 'class="kicker"' not in on_section


def test_search_results_carry_the_snippet_of_each_search(uncached):
    make_article(
        headline="Council budget", body="<p>The mayor spoke about zebras and giraffes.</p>"
    )
    zebras = uncached.get("/search/", {"q": "zebras"}).content.decode()
    giraffes = uncached.get("/search/", {"q": "giraffes"}).content.decode()
    assert "<mark>zebras</mark>" in zebras
    assert "<mark>giraffes</mark>" in giraffes and "<mark>zebras</mark>" not in giraffes
