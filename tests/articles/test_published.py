from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import make_archived, make_article, make_draft, make_in_review

pytestmark = pytest.mark.django_db


def test_published_includes_article_whose_time_has_come():
    article = make_article(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_published_excludes_draft_in_review_and_archived():
    make_draft()
    make_in_review()
    make_archived()
    assert not Article.objects.published().exists()


def test_scheduled_article_goes_live_exactly_at_its_time_without_a_job():
    go_live = timezone.now() + timedelta(hours=2)
    article = make_article(published_at=go_live)
    with time_machine.travel(go_live - timedelta(microseconds=1), tick=False):
        assert not Article.objects.published().exists()
        assert not Article.objects.get(pk=article.pk).is_live
    with time_machine.travel(go_live, tick=False):
        assert list(Article.objects.published()) == [article]
        assert Article.objects.get(pk=article.pk).is_live


def test_published_status_without_a_date_is_refused_by_the_database():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Article.objects.create(headline="No date", slug="no-date", status="published")


def test_publish_sets_first_published_at_once():
    article = make_draft()
    first = timezone.now() - timedelta(days=3)
    article.publish(at=first)
    article.unpublish()
    article.publish()
    assert article.first_published_at == first


def test_unpublishing_a_scheduled_story_forgets_a_publication_that_never_happened():
    article = make_draft()
    article.publish(at=timezone.now() + timedelta(days=1))
    article.back_to_draft()
    assert article.first_published_at is None
