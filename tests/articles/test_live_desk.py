"""The live desk in the admin: editors start and end live coverage and post and pin updates
without opening the story; reporters post only to stories they may edit."""

import pytest

from articles.models import Article, LiveUpdate
from tests.factories import make_article, make_draft

pytestmark = pytest.mark.django_db


def desk(article) -> str:
    return f"/admin/articles/liveupdate/story/{article.pk}/"


def test_an_editor_starts_live_coverage_posts_updates_and_pins_one(editor_client):
    story = make_article(headline="Kenyan police arrive in Haiti")
    editor_client.post(desk(story), {"action": "start"})
    story.refresh_from_db()
    assert story.live_coverage and story.coverage_started_at

    for text in ("The plane has landed.", "Officers leave the airport.", "Crowds line the road."):
        response = editor_client.post(desk(story), {"text": text})
        assert response.status_code == 302, response.content.decode()[:2000]
    updates = list(story.live_updates.order_by("id"))
    assert updates[0].text == "<p>The plane has landed.</p>"

    editor_client.post(desk(story), {"action": "pin", "update": updates[0].pk})
    editor_client.post(desk(story), {"text": "Another pinned.", "pinned": "on"})
    assert list(story.live_updates.filter(pinned=True).values_list("text", flat=True)) == [
        "<p>Another pinned.</p>"
    ]
    page = editor_client.get(desk(story)).content.decode()
    assert "Crowds line the road." in page and "Post an update" in page


def test_an_editor_ends_live_coverage_and_the_updates_stay(editor_client):
    story = make_article()
    editor_client.post(desk(story), {"action": "start"})
    editor_client.post(desk(story), {"text": "Landed."})
    editor_client.post(desk(story), {"action": "end"})
    story.refresh_from_db()
    assert not story.live_coverage and story.coverage_ended_at
    assert story.live_updates.count() == 1


def test_an_empty_update_is_refused_with_a_message_and_nothing_is_saved(editor_client):
    story = make_article()
    editor_client.post(desk(story), {"action": "start"})
    response = editor_client.post(desk(story), {"text": "   "})
    assert response.status_code == 200
    assert not LiveUpdate.objects.exists()


def test_nobody_posts_to_a_story_whose_live_coverage_is_not_running(editor_client):
    story = make_article()
    assert editor_client.post(desk(story), {"text": "Landed."}).status_code == 403
    assert not LiveUpdate.objects.exists()


def test_a_reporter_cannot_post_updates_to_a_published_live_story(reporter_client, reporter):
    story = make_article(created_by=reporter)
    story.start_live_coverage()
    story.save()
    assert reporter_client.post(desk(story), {"text": "Landed."}).status_code == 403
    response = reporter_client.post(
        "/admin/articles/liveupdate/add/", {"article": story.pk, "text": "Landed."}
    )
    assert response.status_code == 200  # the story is not among the choices
    assert not LiveUpdate.objects.exists()


def test_a_reporter_cannot_start_live_coverage(reporter_client, reporter):
    story = make_draft(created_by=reporter)
    assert reporter_client.post(desk(story), {"action": "start"}).status_code == 403
    assert not Article.objects.get(pk=story.pk).live_coverage


def test_a_reporter_posts_updates_to_their_own_draft_covered_live(reporter_client, reporter):
    story = make_draft(created_by=reporter)
    story.start_live_coverage()
    story.save()
    assert reporter_client.post(desk(story), {"text": "Ready when we publish."}).status_code == 302
    assert story.live_updates.get().created_by == reporter


def test_a_reporter_gets_404_for_the_desk_of_a_colleagues_draft(reporter_client):
    story = make_draft()
    story.start_live_coverage()
    story.save()
    assert reporter_client.get(desk(story)).status_code == 404
