import pytest
from django.test import Client

from articles.models import Article
from tests.articles.admin_helpers import article_form_data
from tests.factories import make_article, make_editor, make_in_review

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_stale_save_is_refused_and_shows_what_the_other_editor_changed(editor_client):
    article = make_in_review(headline="Original headline")
    stale_form = article_form_data(article)  # tab 1 opens the story
    other = Client()
    other.force_login(make_editor("second_editor"))
    other.post(change_url(article), article_form_data(article, headline="Their better headline"))

    response = editor_client.post(change_url(article), {**stale_form, "dek": "My new standfirst"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved" in html
    assert "second_editor" in html
    assert "<ins>Their better</ins>" in html  # the other person's change is shown
    article.refresh_from_db()
    assert article.headline == "Their better headline"
    assert article.dek == ""


def test_saving_again_after_seeing_the_conflict_is_a_deliberate_overwrite(editor_client):
    article = make_in_review(headline="Original headline")
    stale_form = article_form_data(article)
    Client().force_login(make_editor("other"))
    Article.objects.filter(pk=article.pk).update(version=article.version + 1)
    first = editor_client.post(change_url(article), {**stale_form, "dek": "Mine"})
    refreshed_version = first.context["adminform"].form.data["base_version"]
    second = editor_client.post(
        change_url(article), {**stale_form, "dek": "Mine", "base_version": refreshed_version}
    )
    assert second.status_code == 302
    article.refresh_from_db()
    assert article.dek == "Mine"


def test_each_save_increments_the_version(editor_client):
    article = make_in_review()
    editor_client.post(change_url(article), article_form_data(article, dek="One"))
    article.refresh_from_db()
    editor_client.post(change_url(article), article_form_data(article, dek="Two"))
    assert Article.objects.get(pk=article.pk).version == article.version + 1


def test_change_form_shows_who_else_has_the_story_open(editor_client):
    article = make_in_review()
    other = Client()
    other.force_login(make_editor("colleague", first_name="Ada", last_name="Obi"))
    other.get(change_url(article))
    html = editor_client.get(change_url(article)).content.decode()
    assert "Ada Obi is editing this story now" in html


def test_every_save_keeps_a_version_and_the_editor_compares_two(editor_client):
    article = make_in_review(body="<p>The council met on Monday.</p>")
    editor_client.post(
        change_url(article), article_form_data(article, body="<p>The council met on Tuesday.</p>")
    )
    response = editor_client.get(f"/admin/articles/article/{article.pk}/revisions/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Monday.</del>" in html
    assert "<ins>Tuesday.</ins>" in html


def test_restoring_an_old_version_creates_a_new_version_when_the_editor_saves(editor_client):
    article = make_in_review(headline="First headline")
    editor_client.post(change_url(article), article_form_data(article, headline="Second headline"))
    first_record = article.history.order_by("history_id").first()
    versions_before = article.history.count()
    response = editor_client.get(
        f"/admin/articles/article/{article.pk}/revisions/{first_record.history_id}/restore/",
        follow=True,
    )
    assert 'value="First headline"' in response.content.decode()
    article.refresh_from_db()
    saved = editor_client.post(
        response.redirect_chain[-1][0], article_form_data(article, headline="First headline")
    )
    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First headline"
    assert article.history.count() == versions_before + 1
    assert article.history.first().history_change_reason.startswith("Restored the version of")
    assert article.status == Article.Status.IN_REVIEW


def test_restore_is_refused_for_a_reporter_on_a_published_story(reporter_client, reporter):
    article = make_article(created_by=reporter, headline="Published headline")
    record = article.history.first()
    response = reporter_client.post(
        f"/admin/articles/article/{article.pk}/revisions/{record.history_id}/restore/"
    )
    assert response.status_code == 403


def test_opening_a_version_to_restore_changes_nothing(editor_client):
    article = make_in_review(headline="First headline")
    editor_client.post(change_url(article), article_form_data(article, headline="Second headline"))
    record = article.history.order_by("history_id").first()
    versions_before = article.history.count()
    url = f"/admin/articles/article/{article.pk}/revisions/{record.history_id}/restore/"
    for method in (editor_client.get, editor_client.post):
        assert method(url, follow=True).status_code == 200
    article.refresh_from_db()
    assert article.headline == "Second headline"
    assert article.history.count() == versions_before
