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


# --- A tag's or person's stories, whichever way they are found ------------------------------


@pytest.fixture
def tagged_and_mentioned():
    """A tag and a person in 6 published stories of 14, plus a draft and a scheduled story."""
    from people.models import Mention
    from tests.factories import make_person, make_scheduled, make_tag

    tag, person = make_tag("Harbour"), make_person("Amina Odhiambo")
    now = timezone.now()
    theirs = []
    for n in range(14):
        article = make_article(published_at=now - timedelta(hours=n + 1))
        if n % 2 == 0 and n < 12:
            article.tags.add(tag)
            Mention.objects.create(article=article, person=person, count=1)
            theirs.append(article.pk)
    for hidden in (make_draft(), make_scheduled()):
        hidden.tags.add(tag)
        Mention.objects.create(article=hidden, person=person, count=1)
    return tag, person, theirs


@pytest.mark.parametrize("floor", [0, 1000], ids=["walking the newest", "from their ids"])
def test_a_tag_or_person_lists_the_same_stories_whichever_way_they_are_found(
    tagged_and_mentioned, monkeypatch, floor
):
    from articles.models import querysets

    tag, person, theirs = tagged_and_mentioned
    from_ids = []
    among = querysets.ArticleQuerySet.among
    monkeypatch.setattr(
        querysets.ArticleQuerySet, "among", lambda qs, ids: from_ids.append(ids) or among(qs, ids)
    )
    monkeypatch.setattr(querysets, "SMALL_SET_FLOOR", floor)
    monkeypatch.setattr(querysets.math, "isqrt", lambda n: 3)  # 6 stories: many when floor is 0
    for stories in (
        Article.objects.published().tagged(tag),
        Article.objects.published().mentioning(person),
    ):
        assert list(stories.newest_first().values_list("pk", flat=True)) == theirs
    assert len(from_ids) == (2 if floor else 0)


def test_the_way_to_a_tags_stories_changes_near_the_square_root_of_the_archive():
    from articles.models.querysets import small_set

    assert small_set(50) == 100  # a small archive: always from the ids
    assert small_set(100_000) == 447
    assert small_set(1_000_000) == 1414
