"""The story page's data is gathered once per content version (articles/story_page.py): readers
who bypass the page cache (anyone with a session) see every public change on their next view."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline
from tests.factories import make_article, make_correction, make_person, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    """A reader with a session cookie: the page cache steps aside, the view runs every time."""
    client.cookies["sessionid"] = "not-a-real-session"
    return client


def test_a_second_view_reads_only_the_content_version(signed_in):
    article = make_article(authors=(make_person("Amina Odhiambo"),), tags=(make_tag("Haiti"),))
    first = signed_in.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = signed_in.get(article.get_absolute_url())
    assert second.content == first.content
    assert len(queries) == 1


def test_an_edit_shows_on_the_next_view(signed_in):
    article = make_article(headline="Before the edit", body="<p>Old text.</p>")
    signed_in.get(article.get_absolute_url())
    article = Article.objects.get(pk=article.pk)
    article.headline, article.body = "After the edit", "<p>New text.</p>"
    article.save()
    page = signed_in.get(article.get_absolute_url()).content.decode()
    assert "After the edit" in page
    assert "New text." in page
    assert "Old text." not in page


def test_a_new_correction_byline_and_tag_show_on_the_next_view(signed_in):
    article = make_article()
    signed_in.get(article.get_absolute_url())
    make_correction(article, text="An earlier version gave the wrong date.")
    Byline.objects.create(article=article, person=make_person("Juma Otieno"), order=1)
    article.tags.add(make_tag("Elections"))
    page = signed_in.get(article.get_absolute_url()).content.decode()
    assert "An earlier version gave the wrong date." in page
    assert "Juma Otieno" in page
    assert "Elections" in page


def test_an_unpublished_story_is_gone_on_the_next_view(signed_in):
    article = make_article()
    assert signed_in.get(article.get_absolute_url()).status_code == 200
    article = Article.objects.get(pk=article.pk)
    article.unpublish()
    article.save()
    assert signed_in.get(article.get_absolute_url()).status_code == 404


def test_an_expired_story_is_gone_once_its_time_passes(signed_in):
    expires = timezone.now() + timedelta(minutes=5)
    article = make_article(expires_at=expires)
    assert signed_in.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(expires + timedelta(seconds=1)):
        assert signed_in.get(article.get_absolute_url()).status_code == 410


def test_a_missing_story_is_not_remembered_as_missing(signed_in):
    assert signed_in.get("/articles/not-yet-here/").status_code == 404
    make_article(slug="not-yet-here")
    assert signed_in.get("/articles/not-yet-here/").status_code == 200


def template_names(response) -> set[str]:
    return {template.name for template in response.templates}


def test_a_second_view_renders_only_the_page_around_the_cached_story(signed_in):
    article = make_article(authors=(make_person("Amina Odhiambo"),), tags=(make_tag("Haiti"),))
    first = signed_in.get(article.get_absolute_url())
    assert "articles/_story_content.html" in template_names(first)
    second = signed_in.get(article.get_absolute_url())
    assert second.content == first.content
    assert "articles/_story_head.html" not in template_names(second)
    assert "articles/_story_content.html" not in template_names(second)
    article.headline = "A new headline"
    article.save()
    third = signed_in.get(article.get_absolute_url())
    assert "articles/_story_content.html" in template_names(third)
    assert "A new headline" in third.content.decode()


def related_links(page: str) -> list[str]:
    if "Related stories" not in page:
        return []
    return re.findall(r'href="(/articles/[^"]+/)"', page[page.index("Related stories") :])


def test_related_stories_survive_a_change_elsewhere_without_being_looked_for_again(signed_in):
    tag = make_tag("Harbour")
    story = make_article(headline="Harbour story", tags=(tag,))
    neighbour = make_article(headline="Harbour neighbour", tags=(tag,))
    assert related_links(signed_in.get(story.get_absolute_url()).content.decode()) == [
        neighbour.get_absolute_url()
    ]
    make_article(headline="Unrelated news")  # a change readers see: every page is gathered again
    with CaptureQueriesContext(connection) as queries:
        page = signed_in.get(story.get_absolute_url()).content.decode()
    assert related_links(page) == [neighbour.get_absolute_url()]
    assert not [q for q in queries.captured_queries if "UNION ALL" in q["sql"].upper()]


def test_a_related_story_taken_down_leaves_at_once_and_the_next_one_takes_its_place(signed_in):
    tag = make_tag("Harbour")
    story = make_article(headline="Harbour story", tags=(tag,))
    older = make_article(
        headline="Older neighbour", tags=(tag,), published_at=timezone.now() - timedelta(days=2)
    )
    neighbours = [make_article(headline=f"Neighbour {n}", tags=(tag,)) for n in range(4)]
    first = related_links(signed_in.get(story.get_absolute_url()).content.decode())
    assert older.get_absolute_url() not in first and len(first) == 4
    withdrawn = neighbours[0]
    withdrawn.status = Article.Status.DRAFT
    withdrawn.save()
    after = related_links(signed_in.get(story.get_absolute_url()).content.decode())
    assert withdrawn.get_absolute_url() not in after
    assert older.get_absolute_url() in after and len(after) == 4


def test_a_story_given_new_tags_finds_its_related_stories_again(signed_in):
    harbour, rail = make_tag("Harbour"), make_tag("Rail")
    story = make_article(headline="Transport story", tags=(harbour,))
    by_harbour = make_article(headline="Harbour news", tags=(harbour,))
    by_rail = make_article(headline="Rail news", tags=(rail,))
    assert related_links(signed_in.get(story.get_absolute_url()).content.decode()) == [
        by_harbour.get_absolute_url()
    ]
    story.tags.set([rail])
    story.save()
    assert related_links(signed_in.get(story.get_absolute_url()).content.decode()) == [
        by_rail.get_absolute_url()
    ]


def test_related_stories_are_not_looked_up_while_the_fragment_around_the_story_is_kept(
    signed_in, monkeypatch
):
    from articles import views

    tag = make_tag("Harbour")
    story = make_article(headline="Harbour story", tags=(tag,))
    make_article(headline="Harbour neighbour", tags=(tag,))
    lookups = []
    real = views.related_stories
    monkeypatch.setattr(views, "related_stories", lambda *args: lookups.append(args) or real(*args))
    first = signed_in.get(story.get_absolute_url()).content.decode()
    second = signed_in.get(story.get_absolute_url()).content.decode()
    assert "Harbour neighbour" in first and "Harbour neighbour" in second
    assert len(lookups) == 1
