"""Expiry: a story leaves every public surface at its ``expires_at``, by itself, and its
address answers 410 Gone with a short notice."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from people.models import Mention
from tests.articles.admin_helpers import article_form_data
from tests.factories import make_article, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

SENTINEL = "Quillfeather"


@pytest.fixture
def expiring():
    """A live competition story, tagged, with a person, that expires in an hour."""
    section = make_section(name="World", slug="world")
    person = make_person("Amani Kibet")
    tag = make_tag("Competitions", slug="competitions")
    # Someone else keeps the person and tag pages alive after expiry.
    other = make_article(headline="Another story", section=section, tags=(tag,))
    Mention.objects.create(article=other, person=person, count=1)
    expires = timezone.now() + timedelta(hours=1)
    story = make_article(
        headline=f"{SENTINEL} competition opens",
        slug="quillfeather-competition",
        section=section,
        tags=(tag,),
        body=f"<p>The {SENTINEL} competition, with Amani Kibet.</p>",
        expires_at=expires,
    )
    Mention.objects.create(article=story, person=person, count=1)
    return story, expires


PUBLIC_URLS = [
    "/",
    "/articles/",
    f"/articles/?q={SENTINEL}",
    f"/search/?q={SENTINEL}",
    "/sections/world/",
    "/tags/competitions/",
    "/people/amani-kibet/",
    "/feeds/latest/",
    "/sections/world/feed/",
    "/tags/competitions/feed/",
    "/people/amani-kibet/feed/",
    "/sitemap-articles.xml",
    "/news-sitemap.xml",
    "/api/articles/",
    f"/api/articles/?q={SENTINEL}",
]


def pages_showing_the_story(client, story) -> list[str]:
    urls = [*PUBLIC_URLS, f"/api/articles/{story.pk}/"]
    # The headline, or the slug in sitemaps; search pages echo the query word itself back.
    shown = ("quillfeather competition", "quillfeather-competition")
    return [
        url
        for url in urls
        if any(text in client.get(url).content.decode().lower() for text in shown)
    ]


def test_expiring_story_is_on_every_public_surface_before_its_expiry(client, expiring):
    story, expires = expiring
    with time_machine.travel(expires - timedelta(seconds=1), tick=False):
        everywhere = [*PUBLIC_URLS, f"/api/articles/{story.pk}/"]
        assert pages_showing_the_story(client, story) == everywhere
        assert client.get(story.get_absolute_url()).status_code == 200


def test_expired_story_leaves_every_public_surface_at_its_expiry_time(client, expiring):
    story, expires = expiring
    with time_machine.travel(expires, tick=False):
        assert pages_showing_the_story(client, story) == []
        assert not Article.objects.published().filter(pk=story.pk).exists()
        assert not Article.objects.get(pk=story.pk).is_live


def test_expired_story_address_answers_410_gone_with_a_notice(client, expiring):
    story, expires = expiring
    with time_machine.travel(expires + timedelta(minutes=1), tick=False):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "no longer available" in page
    assert SENTINEL not in page


def test_unknown_address_still_answers_404_not_410(client, expiring):
    assert client.get("/articles/never-existed/").status_code == 404


def test_cached_pages_drop_the_story_at_its_expiry_not_a_cache_lifetime_later(client, expiring):
    _story, expires = expiring
    with time_machine.travel(expires - timedelta(minutes=1), tick=False):
        first = client.get("/articles/")
        assert SENTINEL in first.content.decode()
        # Shared caches may keep the page no longer than until the story expires.
        assert int(first["Cache-Control"].split("max-age=")[1]) <= 60
    with time_machine.travel(expires + timedelta(seconds=1), tick=False):
        assert SENTINEL not in client.get("/articles/").content.decode()


def test_expiry_before_the_publication_time_is_refused_with_a_plain_message():
    article = make_article()
    article.expires_at = article.published_at - timedelta(minutes=5)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["expires_at"] == [
        "The expiry time must be after the publication time."
    ]


def test_editor_sees_expired_in_the_admin_list_and_form(editor_client, expiring):
    story, expires = expiring
    with time_machine.travel(expires + timedelta(minutes=1), tick=False):
        listing = editor_client.get("/admin/articles/article/").content.decode()
        form = editor_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
        only_expired = editor_client.get("/admin/articles/article/?view=expired").content.decode()
    assert ">Expired<" in listing
    assert "Expired: taken off the site" in form
    assert SENTINEL in only_expired
    assert "Another story" not in only_expired


def test_editor_sets_an_expiry_time_in_the_admin(editor_client):
    story = make_article()
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)
    data = article_form_data(
        story, expires_at_0=when.strftime("%Y-%m-%d"), expires_at_1=when.strftime("%H:%M:%S")
    )
    response = editor_client.post(f"/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.expires_at == when


def test_reporter_cannot_set_an_expiry_time(reporter_client, reporter):
    story = make_article(status=Article.Status.DRAFT, created_by=reporter)
    data = article_form_data(story, expires_at_0="2030-01-01", expires_at_1="10:00:00")
    reporter_client.post(f"/admin/articles/article/{story.pk}/change/", data)
    story.refresh_from_db()
    assert story.expires_at is None
