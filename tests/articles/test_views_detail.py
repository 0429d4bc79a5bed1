import pytest

from tests.factories import (
    make_archived,
    make_article,
    make_draft,
    make_in_review,
    make_person,
    make_scheduled,
    make_tag,
)

pytestmark = pytest.mark.django_db


def test_reader_sees_published_article_with_byline_dateline_and_tags(client):
    author = make_person("Amina Odhiambo")
    tag = make_tag("Haiti")
    article = make_article(
        headline="Kenya weighs next phase of Haiti mission",
        dek="Officials review support.",
        dateline="Nairobi, Kenya",
        body="<p>First paragraph.</p><h2>What comes next</h2><p>More.</p>",
        authors=(author,),
        tags=(tag,),
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kenya weighs next phase of Haiti mission" in html
    assert "Amina Odhiambo" in html
    assert '<p><span class="dateline">NAIROBI, Kenya –</span> First paragraph.' in html
    assert "<h2" in html and "What comes next" in html
    assert tag.get_absolute_url() in html


@pytest.mark.parametrize("make", [make_draft, make_in_review, make_scheduled, make_archived])
def test_reader_gets_404_for_unpublished_article(client, make):
    article = make(headline="Secret plans revealed")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert b"Secret plans revealed" not in response.content


@pytest.mark.parametrize("make", [make_draft, make_in_review, make_scheduled, make_archived])
def test_article_list_never_shows_unpublished_articles(client, make):
    make_article(headline="Visible story")
    make(headline="Hidden story")
    html = client.get("/articles/").content.decode()
    assert "Visible story" in html
    assert "Hidden story" not in html


def test_body_script_is_not_stored_even_when_saved_outside_a_form(client):
    article = make_article(body='<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>')
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onerror" not in article.body
    html = client.get(article.get_absolute_url()).content.decode()
    assert "alert(2)" not in html
    assert "<script>alert(1)" not in html
