"""A server process reads the content version again once CONTENT_VERSION_CHECK_SECONDS have
passed (newsroom/content_version.py): changes made elsewhere reach cached pages that much later,
its own at once, and a scheduled story still goes live on time."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from newsroom import content_version
from newsroom.models import ContentVersion
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _check_every_minute(settings):
    settings.CONTENT_VERSION_CHECK_SECONDS = 60


def changed_by_another_process():
    """A bump written straight to the row, as another server's write would be."""
    ContentVersion.objects.filter(pk=content_version.ROW).update(counter=F("counter") + 1)


def read_long_ago():
    """As if this process had read the version more than the interval ago."""
    read_at, version = content_version._last_read
    content_version._last_read = (read_at - 61, version)


def test_within_the_interval_the_version_is_not_read_again():
    first = content_version.current()
    with CaptureQueriesContext(connection) as queries:
        again = content_version.current()
    assert again == first
    assert len(queries) == 0


def test_a_change_made_elsewhere_is_seen_once_the_interval_has_passed():
    first = content_version.current()
    changed_by_another_process()
    assert content_version.current().tag == first.tag
    read_long_ago()
    assert content_version.current().counter == first.counter + 1


def test_a_change_made_in_this_process_is_seen_at_once():
    make_article(headline="Already out")
    first = content_version.current()
    make_article(headline="Just published")
    assert content_version.current().counter > first.counter


def test_a_readers_page_shows_a_change_from_elsewhere_after_the_interval(client):
    article = make_article(headline="As first published")
    path = article.get_absolute_url()
    assert "As first published" in client.get(path).content.decode()
    # Another server's save: the row with its updated_at, and the counter.
    Article.objects.filter(pk=article.pk).update(
        headline="Corrected elsewhere", updated_at=timezone.now()
    )
    changed_by_another_process()
    assert "As first published" in client.get(path).content.decode()
    read_long_ago()
    assert "Corrected elsewhere" in client.get(path).content.decode()


def test_a_scheduled_story_goes_live_on_time_even_between_reads(client):
    make_article(headline="Out now")
    soon = timezone.now() + timedelta(minutes=5)
    make_article(headline="Scheduled story", published_at=soon)
    first = content_version.current()
    assert first.next_publication_at == soon
    assert "Scheduled story" not in client.get("/articles/").content.decode()
    with time_machine.travel(soon + timedelta(seconds=1), tick=False):
        assert time.monotonic() - content_version._last_read[0] < 60  # no read is due
        assert content_version.current().counter > first.counter
        assert "Scheduled story" in client.get("/articles/").content.decode()
