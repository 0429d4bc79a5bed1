"""Live coverage: a story with short timestamped updates, a Live badge, a page that asks for
new updates (304 when none), LiveBlogPosting data; ending it leaves a normal story."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import LIVE_UPDATES_PER_PAGE, Article, LiveUpdate
from newsroom import content_version
from tests.factories import make_article, make_draft, make_person, make_section

pytestmark = pytest.mark.django_db


def live_story(**fields) -> Article:
    article = make_article(headline="Kenyan police arrive in Haiti", slug="arrival", **fields)
    article.start_live_coverage(at=timezone.now() - timedelta(hours=2))
    article.save()
    return article


def post(article, text: str, *, minutes_ago: int = 0, **fields) -> LiveUpdate:
    return LiveUpdate.objects.create(
        article=article,
        text=f"<p>{text}</p>",
        published_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_readers_see_the_updates_newest_first_with_times_and_the_pinned_one_on_top(client):
    story = live_story()
    post(story, "The first plane has landed.", minutes_ago=30, pinned=True)
    post(story, "Officers leave the airport.", minutes_ago=20)
    post(story, "Crowds line the road.", minutes_ago=10, author=make_person("Amina Odhiambo"))
    page = client.get("/articles/arrival/").content.decode()
    positions = [
        page.index(text)
        for text in ("The first plane has landed.", "Crowds line the road.", "Officers leave")
    ]
    assert positions == sorted(positions)
    assert "Pinned" in page and "By Amina Odhiambo" in page
    assert page.count('class="live-update-time"><') >= 1 and "<time datetime=" in page


def test_the_updates_are_in_the_page_itself_for_readers_without_javascript(client):
    story = live_story()
    post(story, "The first plane has landed.")
    page = client.get("/articles/arrival/").content.decode()
    assert "The first plane has landed." in page
    # The polling script is an external file (the CSP allows no inline script) and asks
    # only its own site (connect-src 'self').
    assert re.search(r'<script src="/static/js/live_updates[^"]*\.js" defer>', page)
    assert 'data-live-updates-url="/articles/arrival/updates/"' in page
    assert 'data-poll-seconds="30"' in page
    csp = client.get("/articles/arrival/")["Content-Security-Policy"]
    assert "connect-src 'self'" in csp and "script-src 'self';" in csp


def test_an_unchanged_live_story_answers_the_poll_with_a_304(client):
    story = live_story()
    post(story, "The first plane has landed.")
    first = client.get("/articles/arrival/updates/")
    assert first.status_code == 200 and "The first plane has landed." in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/articles/arrival/updates/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) <= 1  # the content version only: no view, no template


def test_a_new_update_changes_the_answer_to_the_poll(client):
    story = live_story()
    post(story, "The first plane has landed.")
    first = client.get("/articles/arrival/updates/")
    post(story, "Officers leave the airport.")
    again = client.get("/articles/arrival/updates/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Officers leave the airport." in again.content.decode()


def test_an_update_on_a_draft_story_changes_no_public_cache():
    draft = make_draft(headline="Draft")
    draft.start_live_coverage()
    draft.save()
    before = content_version.current().tag
    post(draft, "Secret update.")
    assert content_version.current().tag == before


def test_readers_get_404_for_the_updates_of_a_story_that_is_not_published(client):
    draft = make_draft(slug="draft-story")
    draft.start_live_coverage()
    draft.save()
    post(draft, "Secret update.")
    assert client.get("/articles/draft-story/updates/").status_code == 404
    assert client.get("/articles/draft-story/").status_code == 404


def test_a_story_never_covered_live_has_no_updates_address(client):
    make_article(slug="plain")
    assert client.get("/articles/plain/updates/").status_code == 404


def test_a_live_story_is_a_live_blog_posting_for_search_engines(client):
    story = live_story()
    post(story, "The first plane has landed.", minutes_ago=5)
    data = json_ld(client.get("/articles/arrival/").content.decode())
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == story.coverage_started_at.isoformat()
    assert "coverageEndTime" not in data
    [update] = data["liveBlogUpdate"]
    assert update["@type"] == "BlogPosting"
    assert update["articleBody"] == "The first plane has landed."
    assert update["datePublished"]


def test_ending_live_coverage_leaves_a_normal_story_that_keeps_its_updates(client):
    story = live_story()
    post(story, "The first plane has landed.")
    story.end_live_coverage()
    story.full_clean()
    story.save()
    page = client.get("/articles/arrival/").content.decode()
    assert json_ld(page)["@type"] == "NewsArticle"
    assert "The first plane has landed." in page
    assert "data-live-updates-url" not in page and "live_updates" not in page
    assert "Live coverage ended" in page


def test_live_stories_carry_a_live_badge_on_lists(client):
    live_story(section=make_section(name="World", slug="world"))
    make_article(headline="A quiet story")
    page = client.get("/articles/").content.decode()
    card = page[page.index("Kenyan police arrive in Haiti") - 200 :]
    assert 'class="live-badge">Live</span>' in card[:250]
    assert page.count('class="live-badge"') == 1


def test_update_text_is_cleaned_to_the_body_allow_list_on_every_save():
    update = post(live_story(), 'Landed<script>alert(1)</script> <a href="javascript:x">x</a>')
    update.refresh_from_db()
    assert "<script" not in update.text and "javascript:" not in update.text


def test_an_update_cannot_be_dated_in_the_future():
    update = LiveUpdate(
        article=live_story(), text="<p>Soon.</p>", published_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="future"):
        update.full_clean()


def test_live_coverage_cannot_end_before_it_started():
    story = live_story()
    story.end_live_coverage(at=story.coverage_started_at - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="after it started"):
        story.full_clean()


def test_pinning_an_update_unpins_the_others():
    story = live_story()
    first = post(story, "One.", pinned=True)
    second = post(story, "Two.")
    second.pin()
    first.refresh_from_db()
    assert not first.pinned and second.pinned


def count_queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_story_with_a_thousand_updates_shows_the_newest_page_in_the_same_queries(client):
    story = live_story()
    post(story, "Pinned.", pinned=True, author=make_person("Amina Odhiambo"))
    for n in range(3):
        post(story, f"Update {n}.", minutes_ago=n + 1)
    small = count_queries(client, "/articles/arrival/?x=1")
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=story,
            text=f"<p>Old update {n}.</p>",
            published_at=timezone.now() - timedelta(hours=1, minutes=n),
        )
        for n in range(1000)
    )
    assert count_queries(client, "/articles/arrival/?x=2") == small
    page = client.get("/articles/arrival/?x=3").content.decode()
    assert page.count('class="live-update"') == LIVE_UPDATES_PER_PAGE
    assert 'href="?updates=2#live-updates" rel="next">Older updates' in page
    older = client.get("/articles/arrival/?updates=2").content.decode()
    assert "Old update 47." in older and "Update 0." not in older
    assert 'rel="prev">Newer updates' in older


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "99999999999", "2.5"])
def test_a_strange_updates_page_number_is_no_error(client, raw):
    story = live_story()
    post(story, "One.")
    assert client.get(f"/articles/arrival/?updates={raw}").status_code == 200


def test_an_update_saved_on_a_live_story_changes_public_caches():
    story = live_story()
    before = content_version.current().tag
    post(story, "Officers leave the airport.")
    assert content_version.current().tag != before
