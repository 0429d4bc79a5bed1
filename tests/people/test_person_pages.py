import feedparser
import pytest

from people.models import Mention, NameSuggestion, Person, Quote
from tests.factories import (
    make_archived,
    make_article,
    make_draft,
    make_in_review,
    make_person,
    make_scheduled,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ruto():
    return make_person("Amani Kibet", honorific="President", role="President of Tamaland")


def mention(article, person, status="auto"):
    Mention.objects.create(article=article, person=person, count=1, status=status)
    return article


def test_person_page_lists_only_published_articles_that_mention_them(client, ruto):
    mention(make_article(headline="Live story"), ruto)
    for make in (make_draft, make_in_review, make_scheduled, make_archived):
        mention(make(headline=f"Hidden {make.__name__}"), ruto)
    mention(make_article(headline="Rejected link"), ruto, status="rejected")
    html = client.get(ruto.get_absolute_url()).content.decode()
    assert "Live story" in html
    assert "Hidden" not in html
    assert "Rejected link" not in html
    assert "President of Tamaland" in html


def test_person_page_shows_their_quotes_from_published_stories_only(client, ruto):
    live = mention(make_article(), ruto)
    draft = mention(make_draft(), ruto)
    Quote.objects.create(article=live, speaker=ruto, text="We will finish the road.")
    Quote.objects.create(article=draft, speaker=ruto, text="Secret plans for the port.")
    html = client.get(ruto.get_absolute_url()).content.decode()
    assert "We will finish the road." in html
    assert "Secret plans" not in html


def test_person_page_is_paginated_newest_first(client, ruto):
    from datetime import timedelta

    from django.utils import timezone

    for hours in range(25):
        mention(
            make_article(
                headline=f"Story {hours:02d} hours old",
                published_at=timezone.now() - timedelta(hours=hours + 1),
            ),
            ruto,
        )
    first_page = client.get(ruto.get_absolute_url()).content.decode()
    assert "Story 00 hours old" in first_page
    assert "Story 24 hours old" not in first_page
    second_page = client.get(ruto.get_absolute_url() + "?page=2").content.decode()
    assert "Story 24 hours old" in second_page


def test_person_feed_lists_published_mentions_only(client, ruto):
    mention(make_article(headline="Live story"), ruto)
    mention(make_scheduled(headline="Embargoed story"), ruto)
    response = client.get(f"/people/{ruto.slug}/feed/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Live story"]


def test_people_index_search_and_letters(client, ruto):
    halima = make_person("Halima Yusuf", aliases=("Mama Hali",))
    mention(make_article(), ruto)
    mention(make_article(), halima)
    by_alias = client.get("/people/?q=mama").content.decode()
    assert "Halima Yusuf" in by_alias and "Amani Kibet" not in by_alias
    by_letter = client.get("/people/?letter=K").content.decode()
    assert "Amani Kibet" in by_letter and "Halima Yusuf" not in by_letter


def test_unknown_person_is_404(client):
    assert client.get("/people/nobody-here/").status_code == 404


def test_person_known_only_from_unpublished_stories_is_not_public(client, ruto):
    mention(make_scheduled(headline="Embargoed appointment"), ruto)
    assert client.get(ruto.get_absolute_url()).status_code == 404
    assert "Amani Kibet" not in client.get("/people/").content.decode()
    assert "Amani Kibet" not in client.get("/api/people/").content.decode()


def test_editor_creates_a_person_from_a_suggestion_in_one_click(editor_client):
    suggestion = NameSuggestion.objects.create(
        name="Otieno Wekesa", honorific="Finance Minister", key="otieno wekesa"
    )
    changelist = editor_client.get("/admin/people/namesuggestion/").content.decode()
    assert "name=Otieno+Wekesa&amp;honorific=Finance+Minister" in changelist
    editor_client.post(
        "/admin/people/namesuggestion/",
        {"action": "create_people", "_selected_action": [suggestion.pk]},
    )
    person = Person.objects.get(name="Otieno Wekesa")
    assert person.honorific == "Finance Minister"
    suggestion.refresh_from_db()
    assert suggestion.status == NameSuggestion.Status.CREATED


def test_editor_dismisses_a_suggestion(editor_client):
    suggestion = NameSuggestion.objects.create(name="Some Body", key="some body")
    editor_client.post(
        "/admin/people/namesuggestion/",
        {"action": "dismiss", "_selected_action": [suggestion.pk]},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == NameSuggestion.Status.DISMISSED
