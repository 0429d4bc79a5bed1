from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import article_form_data
from tests.factories import make_article, make_draft, make_in_review, make_person, make_tag

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_reporter_writes_a_draft_and_submits_it_for_review(reporter_client, reporter):
    response = reporter_client.post(ADD_URL, article_form_data(_workflow="submit_for_review"))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="a-new-story")
    assert article.status == Article.Status.IN_REVIEW
    assert article.created_by == reporter


def test_reporter_cannot_publish_with_a_crafted_post(reporter_client, reporter):
    article = make_draft(created_by=reporter)
    response = reporter_client.post(
        change_url(article), article_form_data(article, _workflow="publish")
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_set_status_or_time_by_posting_extra_fields(reporter_client, reporter):
    article = make_draft(created_by=reporter)
    data = article_form_data(
        article,
        status="published",
        published_at_0="2020-01-01",
        published_at_1="10:00:00",
    )
    reporter_client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_reporter_cannot_schedule_with_a_crafted_post(reporter_client, reporter):
    article = make_draft(created_by=reporter)
    future = timezone.localtime(timezone.now() + timedelta(days=1))
    data = article_form_data(
        article,
        _workflow="schedule",
        published_at_0=future.strftime("%Y-%m-%d"),
        published_at_1="10:00:00",
    )
    assert reporter_client.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_cannot_edit_a_colleagues_draft_or_see_it(reporter_client, editor):
    article = make_draft(created_by=editor, headline="Embargoed scoop")
    assert reporter_client.get(change_url(article)).status_code in (302, 404)
    response = reporter_client.post(change_url(article), article_form_data(article, headline="X"))
    assert response.status_code in (302, 403, 404)
    article.refresh_from_db()
    assert article.headline == "Embargoed scoop"
    assert b"Embargoed scoop" not in reporter_client.get("/admin/articles/article/").content


def test_reporter_cannot_edit_a_published_story(reporter_client, reporter):
    article = make_article(created_by=reporter, headline="Live story")
    response = reporter_client.post(
        change_url(article), article_form_data(article, headline="Changed")
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Live story"


def test_reporter_bulk_publish_action_is_refused(reporter_client, reporter):
    article = make_in_review(created_by=reporter)
    response = reporter_client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    assert response.status_code in (200, 302, 403)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_editor_publishes_from_the_change_form_and_first_published_at_is_set(editor_client):
    article = make_in_review(tags=(make_tag(),))
    response = editor_client.post(
        change_url(article), article_form_data(article, _workflow="publish")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.is_live
    assert article.first_published_at == article.published_at


def test_editor_schedules_a_story_for_a_future_time(editor_client):
    article = make_in_review(tags=(make_tag(),))
    future = timezone.localtime(timezone.now() + timedelta(days=2)).replace(microsecond=0)
    data = article_form_data(
        article,
        _workflow="schedule",
        published_at_0=future.strftime("%Y-%m-%d"),
        published_at_1=future.strftime("%H:%M:%S"),
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_scheduling_without_a_future_time_is_refused_with_a_message(editor_client):
    article = make_in_review()
    response = editor_client.post(
        change_url(article), article_form_data(article, _workflow="schedule")
    )
    assert response.status_code == 200
    assert "set a publication time in the future" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_editor_bulk_publishes_and_unpublishes(editor_client):
    first, second = make_in_review(tags=(make_tag(),)), make_in_review(tags=(make_tag(),))
    editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [first.pk, second.pk]},
    )
    assert Article.objects.published().count() == 2
    editor_client.post(
        "/admin/articles/article/",
        {"action": "unpublish", "_selected_action": [first.pk]},
    )
    first.refresh_from_db()
    assert first.status == Article.Status.ARCHIVED


def test_substantive_update_shows_updated_time_and_minor_fix_does_not(editor_client, client):
    article = make_article(body="<p>Old text.</p>")
    editor_client.post(change_url(article), article_form_data(article, body="<p>Typo fixed.</p>"))
    article.refresh_from_db()
    assert article.revised_at is None
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    editor_client.post(
        change_url(article),
        article_form_data(article, body="<p>New facts.</p>", update_kind="substantive"),
    )
    article.refresh_from_db()
    assert article.revised_at is not None
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


def test_overdue_schedule_is_flagged_on_the_change_form(editor_client):
    article = make_in_review(published_at=timezone.now() - timedelta(hours=1))
    html = editor_client.get(change_url(article)).content.decode()
    assert "Missed schedule" in html


def test_saving_in_the_admin_links_the_people_mentioned(editor_client):
    person = make_person("Wanjiku Mwangi", honorific="Governor")
    article = make_in_review()
    data = article_form_data(article, body="<p>Governor Wanjiku Mwangi opened the road.</p>")
    editor_client.post(change_url(article), data)
    assert article.mentions.get().person == person
