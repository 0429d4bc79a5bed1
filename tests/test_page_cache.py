from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_draft

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_anonymous_page_is_public_with_a_short_max_age_and_validators(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert directives(response) == {"public", "max-age=60"}
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]


def test_conditional_get_returns_304_without_running_the_view(client):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert len(queries) == 1  # the content version only: no view, no template


def test_second_view_is_served_from_the_page_cache(client):
    article = make_article()
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) == 1


@pytest.mark.parametrize("path", ["/feeds/latest/", "/sitemap.xml", "/news-sitemap.xml"])
def test_feeds_and_sitemaps_answer_conditional_gets(client, path):
    make_article()
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_publishing_invalidates_cached_lists_at_once(client):
    make_article(headline="First story")
    assert "Second story" not in client.get("/articles/").content.decode()
    draft = make_draft(headline="Second story")
    draft.publish()
    draft.save()
    assert "Second story" in client.get("/articles/").content.decode()


def test_editing_invalidates_the_cached_article_page(client):
    article = make_article(headline="Before the edit")
    old_etag = client.get(article.get_absolute_url())["ETag"]
    article.headline = "After the edit"
    article.save()
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert "After the edit" in response.content.decode()


def test_unpublishing_removes_the_story_from_cached_pages(client):
    article = make_article(headline="Soon withdrawn")
    assert "Soon withdrawn" in client.get("/").content.decode()
    article.unpublish()
    article.save()
    assert "Soon withdrawn" not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_story_appears_on_time_not_a_cache_lifetime_later(client):
    go_live = timezone.now() + timedelta(minutes=5)
    make_article(headline="Already out")
    make_article(headline="Embargoed until noon", published_at=go_live)
    first = client.get("/articles/")
    assert "Embargoed until noon" not in first.content.decode()
    # Caches may keep the page no longer than until the embargo lifts.
    max_age = int(next(d for d in directives(first) if d.startswith("max-age=")).split("=")[1])
    assert max_age <= 300
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert "Embargoed until noon" in client.get("/articles/").content.decode()


def test_signed_in_users_get_private_no_store_pages(editor_client):
    article = make_article()
    response = editor_client.get(article.get_absolute_url())
    assert directives(response) == {"private", "no-store"}
    assert "ETag" not in response


def test_a_page_cached_for_readers_is_never_cached_for_a_different_query(client):
    make_article(headline="Alpha story")
    make_article(headline="Beta story")
    assert "Beta story" not in client.get("/search/?q=Alpha").content.decode()
    assert "Beta story" in client.get("/search/?q=Beta").content.decode()


def test_bulk_status_change_by_queryset_update_still_reaches_readers_after_changed(client):
    from newsroom.content_version import changed

    article = make_article(headline="Quietly archived")
    client.get("/")
    Article.objects.filter(pk=article.pk).update(status="archived")
    changed(article)  # services that write in bulk report their rows themselves
    assert "Quietly archived" not in client.get("/").content.decode()


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_navigation_is_read_once_and_shows_a_new_section_on_the_next_page(editor_client):
    from tests.factories import make_section

    make_section(name="Science", slug="science")
    editor_client.get("/")  # signed in: no page cache, the view and templates run
    with CaptureQueriesContext(connection) as queries:
        first = editor_client.get("/articles/")
    navigation = (
        'SELECT "articles_section"."id", "articles_section"."name", "articles_section"."slug" FROM'
    )
    assert not [q for q in queries.captured_queries if q["sql"].startswith(navigation)]
    assert 'href="/sections/science/"' in first.content.decode()

    make_section(name="Weather", slug="weather")
    assert 'href="/sections/weather/"' in editor_client.get("/articles/").content.decode()


# --- Public caches change only for public changes ------------------------------------------


@pytest.fixture
def reader():
    """An anonymous reader, apart from ``editor_client`` (which signs ``client`` in)."""
    from django.test import Client

    return Client()


def validators(reader, path: str = "/") -> tuple[str, str]:
    response = reader.get(path)
    return response["ETag"], response["Last-Modified"]


def test_saving_a_draft_leaves_every_public_etag_unchanged(reader):
    make_article(headline="Out already")
    before = validators(reader)
    draft = make_draft(headline="Desk work", body="<p>President Kibet spoke.</p>")
    draft.headline = "Desk work, second pass"
    draft.save()
    draft.submit_for_review()
    draft.save()
    assert validators(reader) == before


def test_draft_bylines_tags_and_corrections_leave_every_public_etag_unchanged(reader):
    from tests.factories import make_correction, make_person, make_tag

    make_article()
    before = validators(reader)
    secret_person, secret_tag = make_person("New Nominee"), make_tag("Takeover")
    make_draft(authors=(secret_person,), tags=(secret_tag,))
    make_correction(make_draft(), text="Not yet.")
    secret_person.bio = "Soon announced."
    secret_person.save()
    secret_tag.description = "Soon announced."
    secret_tag.save()
    assert validators(reader) == before


def test_saving_a_draft_in_the_admin_leaves_every_public_etag_unchanged(editor_client, reader):
    from tests.articles.admin_helpers import article_form_data

    make_article()
    draft = make_draft(headline="Desk work")
    before = validators(reader)
    response = editor_client.post(
        f"/admin/articles/article/{draft.pk}/change/",
        article_form_data(draft, headline="Desk work, edited", body="<p>Budget talks.</p>"),
    )
    assert response.status_code == 302
    assert validators(reader) == before


def test_scheduling_a_story_leaves_etags_alone_until_its_time_comes(reader):
    make_article()
    before = validators(reader)
    go_live = timezone.now() + timedelta(minutes=5)
    draft = make_draft(headline="Embargoed")
    draft.publish(at=go_live)
    draft.save()
    assert validators(reader) == before
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert validators(reader)[0] != before[0]


def test_editing_a_live_story_changes_the_etag(reader):
    article = make_article(headline="Live story")
    before = validators(reader)
    article = Article.objects.get(pk=article.pk)
    article.headline = "Live story, corrected"
    article.save()
    assert validators(reader)[0] != before[0]


def test_unpublishing_a_story_loaded_from_the_database_changes_the_etag(reader):
    article = make_article(headline="Soon withdrawn")
    before = validators(reader)
    article = Article.objects.get(pk=article.pk)
    article.unpublish()
    article.save()
    assert validators(reader)[0] != before[0]


def test_editing_a_public_person_or_tag_changes_the_etag(reader):
    from tests.factories import make_person, make_tag

    person, tag = make_person("Amina Odhiambo"), make_tag("Haiti")
    make_article(authors=(person,), tags=(tag,))
    before = validators(reader)
    person.bio = "Correspondent."
    person.save()
    after_person = validators(reader)
    assert after_person[0] != before[0]
    tag.description = "The country."
    tag.save()
    assert validators(reader)[0] != after_person[0]


def test_merging_two_public_tags_changes_the_etag(reader):
    from tags.services import merge_tags
    from tests.factories import make_tag

    keep, other = make_tag("Climate change"), make_tag("Climate")
    make_article(tags=(keep,))
    make_article(tags=(other,))
    before = validators(reader)
    merge_tags(keep=keep, others=[other])
    assert validators(reader)[0] != before[0]


@pytest.mark.parametrize(("status", "changes"), [("draft", False), ("published", True)])
def test_importing_stories_changes_etags_only_when_they_are_published(
    reader, tmp_path, status, changes
):
    import io
    import shutil
    from pathlib import Path

    from django.core.management import call_command

    story = tmp_path / "nairobi-call.txt"
    shutil.copy(Path(__file__).parent / "articles" / "data" / "nairobi-call.txt", story)
    make_article()
    before = validators(reader)
    call_command("import_articles", str(story), status=status, stdout=io.StringIO())
    assert Article.objects.filter(status=status).exists()
    assert (validators(reader)[0] != before[0]) is changes
