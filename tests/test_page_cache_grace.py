"""After a change, one request renders a page again while others get it as it was just before,
for at most PAGE_CACHE_GRACE_SECONDS (newsroom/page_cache.py)."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom import content_version
from newsroom.page_cache import MAX_RENDER_PAUSE_SECONDS, hash_url, lock_key, pacing
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PAGE_CACHE_GRACE_SECONDS = 5


def edited(article: Article, headline: str) -> Article:
    article = Article.objects.get(pk=article.pk)
    article.headline = headline
    article.save()
    return article


def hold_render_lock(path: str) -> str:
    """As if another request were rendering ``path`` for the current version right now."""
    key = lock_key(content_version.current().tag, hash_url(path))
    assert cache.add(key, 1, 10)
    return key


def test_while_one_request_renders_after_a_change_others_get_the_page_as_it_was(client):
    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    old_etag = client.get(path)["ETag"]
    edited(article, "After the edit")
    hold_render_lock(path)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert "Before the edit" in response.content.decode()
        assert len(queries) == 1  # the content version only: no view ran
        assert response["Cache-Control"] == "public, max-age=0"  # no browser keeps it
        assert response["ETag"] == old_etag


def test_the_request_that_renders_after_a_change_stores_the_page_for_everyone_else(client):
    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    client.get(path)
    edited(article, "After the edit")
    assert "After the edit" in client.get(path).content.decode()
    key = lock_key(content_version.current().tag, hash_url(path))
    assert cache.get(key) is None  # released once rendered
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert "After the edit" in again.content.decode()
    assert len(queries) == 1


def test_once_the_lock_is_released_readers_get_the_new_page(client):
    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    client.get(path)
    edited(article, "After the edit")
    key = hold_render_lock(path)
    assert "Before the edit" in client.get(path).content.decode()
    cache.delete(key)
    response = client.get(path)
    assert "After the edit" in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=60"


def test_the_old_page_is_never_served_longer_than_the_grace_after_the_change(client):
    article = make_article(headline="Soon withdrawn")
    path = article.get_absolute_url()
    client.get(path)
    article = Article.objects.get(pk=article.pk)
    article.unpublish()
    article.save()
    changed_at = content_version.current().changed_at
    hold_render_lock(path)
    with time_machine.travel(changed_at + timedelta(seconds=4)):
        assert client.get(path).status_code == 200  # within the grace: as it was
    with time_machine.travel(changed_at + timedelta(seconds=6)):
        assert client.get(path).status_code == 404


def test_only_the_version_just_before_the_change_is_served(client):
    article = make_article(headline="First version")
    path = article.get_absolute_url()
    client.get(path)
    article = edited(article, "Second version")
    edited(article, "Third version")  # nobody read the second
    hold_render_lock(path)
    assert "Third version" in client.get(path).content.decode()


def test_signed_in_users_never_get_the_old_page(client, editor_client):
    from django.test import Client

    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    Client().get(path)
    edited(article, "After the edit")
    hold_render_lock(path)
    response = editor_client.get(path)
    assert "After the edit" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_a_grace_of_zero_renders_every_miss_as_before(client, settings):
    settings.PAGE_CACHE_GRACE_SECONDS = 0
    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    client.get(path)
    edited(article, "After the edit")
    hold_render_lock(path)
    response = client.get(path)
    assert "After the edit" in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=60"


def failed_view(client, monkeypatch, path: str):
    """``path`` fetched while the story page's view fails, as when the database goes away."""

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("articles.views.cached_story_page", broken)
    client.raise_request_exception = False
    return client.get(path)


def test_the_lock_is_released_when_the_view_fails(client, monkeypatch):
    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    client.get(path)
    edited(article, "After the edit")
    assert failed_view(client, monkeypatch, path).status_code == 500
    assert cache.get(lock_key(content_version.current().tag, hash_url(path))) is None


def hold_every_render_slot(settings) -> None:
    """As if other requests were building as many pages as may be built at once."""
    for number in range(settings.PAGE_CACHE_RENDER_SLOTS):
        assert cache.add(f"page-render-slot:{number}", 1, 10)


def test_while_every_render_slot_is_taken_other_stale_pages_are_served_as_they_were(
    client, settings
):
    settings.PAGE_CACHE_RENDER_SLOTS = 2
    first, second = make_article(headline="First before"), make_article(headline="Second before")
    for story in (first, second):
        client.get(story.get_absolute_url())
    edited(first, "First after")
    hold_every_render_slot(settings)
    for story, before in ((first, "First before"), (second, "Second before")):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.get_absolute_url())
        assert before in response.content.decode()
        assert len(queries) == 1  # the content version only: no view ran
        assert response["Cache-Control"] == "public, max-age=0"


def test_a_page_with_no_copy_is_built_even_while_every_slot_is_taken(client, settings):
    make_article(headline="Already out")
    hold_every_render_slot(settings)
    fresh = make_article(headline="Never viewed before")
    response = client.get(fresh.get_absolute_url())
    assert "Never viewed before" in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=60"


def test_the_render_slot_is_given_back_after_a_page_is_built_and_after_a_failure(
    client, monkeypatch
):
    article = make_article(headline="Before the edit")
    path = article.get_absolute_url()
    client.get(path)
    edited(article, "After the edit")
    assert "After the edit" in client.get(path).content.decode()
    assert cache.get("page-render-slot:0") is None
    edited(article, "Edited again")
    assert failed_view(client, monkeypatch, path).status_code == 500
    assert cache.get("page-render-slot:0") is None


def _two_stale_pages(client) -> tuple[str, str]:
    """Two stories' pages, cached, then made stale by an edit of the first."""
    first = make_article(headline="First before")
    second = make_article(headline="Second story")
    paths = first.get_absolute_url(), second.get_absolute_url()
    for path in paths:
        client.get(path)
    edited(first, "First after")
    return paths


def test_after_building_a_page_a_process_serves_copies_for_a_while(client, settings):
    settings.PAGE_CACHE_RENDER_PAUSE = 1
    first, second = _two_stale_pages(client)
    assert "First after" in client.get(first).content.decode()
    assert pacing.paused()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(second)
    assert len(queries) == 1  # the content version only: the copy, no view ran
    assert response["Cache-Control"] == "public, max-age=0"
    pacing.resume_at = 0.0  # the pause is over
    with CaptureQueriesContext(connection) as queries:
        response = client.get(second)
    assert len(queries) > 1
    assert response["Cache-Control"] == "public, max-age=60"


def test_without_a_pause_the_next_stale_page_is_built_at_once(client, settings):
    settings.PAGE_CACHE_RENDER_PAUSE = 0
    first, second = _two_stale_pages(client)
    client.get(first)
    assert not pacing.paused()
    assert client.get(second)["Cache-Control"] == "public, max-age=60"


def test_a_slow_build_pauses_the_process_a_second_at_most(settings):
    settings.PAGE_CACHE_RENDER_PAUSE = 1
    pacing.built(started=time.monotonic() - 30)  # a build held up for 30 s by a lock, say
    assert pacing.paused()
    assert pacing.resume_at - time.monotonic() <= MAX_RENDER_PAUSE_SECONDS
