"""Storylines: the public timeline, its feed and JSON-LD, the box on member articles, the
admin's one-click suggestions, and nothing unpublished anywhere."""

import io
import json
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.management.commands.load_demo import CONTENT_FILE
from newsroom import content_version
from people.models import Mention
from storylines.models import Storyline, StorylineEntry
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_reporter,
    make_scheduled,
    make_storyline,
    make_tag,
)

pytestmark = pytest.mark.django_db


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode()
    )
    return json.loads(match.group(1))


@pytest.fixture
def mission():
    """A published storyline: two stories and a milestone between them."""
    storyline = make_storyline(title="Kenya-led mission in Haiti", slug="haiti-mission")
    offer = make_article(headline="Kenya offers to lead Haiti mission", published_at=days_ago(30))
    arrival = make_article(headline="First Kenyan police arrive", published_at=days_ago(2))
    storyline.add_article(offer)
    storyline.entries.create(title="High Court blocks deployment", date=days_ago(10).date())
    storyline.add_article(arrival)
    return storyline, offer, arrival


def timeline(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page[page.index('<ol class="timeline">') :]


def test_reader_sees_the_timeline_newest_first_with_milestones(client, mission):
    page = timeline(client, "/storylines/haiti-mission/")
    assert page.index("First Kenyan police") < page.index("High Court blocks")
    assert page.index("High Court blocks") < page.index("Kenya offers to lead")


def test_order_oldest_puts_the_first_chapter_first(client, mission):
    page = timeline(client, "/storylines/haiti-mission/?order=oldest")
    assert page.index("Kenya offers to lead") < page.index("High Court blocks")
    assert page.index("High Court blocks") < page.index("First Kenyan police")


def test_reader_gets_404_for_a_draft_storyline_its_feed_and_the_index_omits_it(client):
    make_storyline(title="Unannounced story", slug="unannounced", status="draft")
    assert client.get("/storylines/unannounced/").status_code == 404
    assert client.get("/storylines/unannounced/feed/").status_code == 404
    assert "Unannounced story" not in client.get("/storylines/").content.decode()


def test_a_draft_added_to_a_storyline_appears_nowhere_public(client, mission):
    storyline, offer, _ = mission
    for make in (make_draft, make_scheduled):
        storyline.add_article(make(headline=f"Unpublished chapter {make.__name__}"))
    pages = [
        client.get("/storylines/haiti-mission/"),
        client.get("/storylines/haiti-mission/?order=oldest"),
        client.get("/storylines/haiti-mission/feed/"),
        client.get(offer.get_absolute_url()),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "Unpublished chapter" not in response.content.decode()


def test_feed_lists_live_stories_and_milestones_with_absolute_links(client, mission, settings):
    _, offer, _ = mission
    feed = client.get("/storylines/haiti-mission/feed/").content.decode()
    assert "<title>Newsroom: Kenya-led mission in Haiti</title>" in feed
    assert f"<link>{settings.SITE_URL}{offer.get_absolute_url()}</link>" in feed
    assert "High Court blocks deployment" in feed
    assert f"{settings.SITE_URL}/storylines/haiti-mission/#entry-" in feed


def test_json_ld_is_an_item_list_of_the_stories_in_timeline_order(client, mission, settings):
    _, offer, arrival = mission
    data = json_ld(client.get("/storylines/haiti-mission/"))
    assert data["@type"] == "ItemList"
    assert [item["url"] for item in data["itemListElement"]] == [
        settings.SITE_URL + arrival.get_absolute_url(),
        settings.SITE_URL + offer.get_absolute_url(),
    ]
    assert [item["position"] for item in data["itemListElement"]] == [1, 2]


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client):
    storyline = make_storyline(slug="escape", title="</script><script>alert(1)</script>")
    storyline.add_article(make_article(headline="</script> & <b>"))
    response = client.get("/storylines/escape/")
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(response)["name"] == "</script><script>alert(1)</script>"


def test_member_article_shows_the_nearest_entries_of_its_storyline(client, mission):
    storyline, _, arrival = mission
    for days in (9, 8, 7, 6):
        storyline.entries.create(title=f"Step {days} days ago", date=days_ago(days).date())
    page = client.get(arrival.get_absolute_url()).content.decode()
    box = page[page.index("Previously in this story") :]
    # Two entries before it, the story itself (not linked), nothing after it.
    assert "Step 7 days ago" in box and "Step 6 days ago" in box
    assert "Step 8 days ago" not in box and "Kenya offers" not in box
    assert 'aria-current="true"' in box
    assert f'href="{arrival.get_absolute_url()}"' not in box


def test_an_article_in_no_published_storyline_has_no_box(client):
    article = make_article()
    make_storyline(status="draft").add_article(article)
    assert "Previously in this story" not in client.get(article.get_absolute_url()).content.decode()


def test_an_article_can_belong_to_several_storylines(client, mission):
    _, offer, _ = mission
    make_storyline(title="Kenya's foreign policy").add_article(offer)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Kenya-led mission in Haiti" in page and "Kenya&#x27;s foreign policy" in page


def test_a_milestone_needs_a_title_and_a_date():
    storyline = make_storyline()
    entry = StorylineEntry(storyline=storyline)
    with pytest.raises(Exception) as error:
        entry.full_clean()
    assert "Choose a story, or write a title" in str(error.value)
    entry.title = "Resolution 2699"
    with pytest.raises(Exception) as error:
        entry.full_clean()
    assert "Give the date" in str(error.value)


def test_a_story_entry_is_dated_by_its_publication():
    story = make_article(published_at=timezone.make_aware(timezone.datetime(2024, 6, 25, 12)))
    assert make_storyline().add_article(story).date == date(2024, 6, 25)


def test_sitemap_lists_published_storylines_only(client, mission):
    make_storyline(slug="hidden-storyline", status="draft")
    xml = client.get("/sitemap-storylines.xml").content.decode()
    assert "/storylines/haiti-mission/" in xml and "hidden-storyline" not in xml
    assert "sitemap-storylines.xml" in client.get("/sitemap.xml").content.decode()


def test_a_milestone_on_a_published_storyline_changes_the_content_version(mission):
    storyline, _, _ = mission
    before = content_version.current().counter
    storyline.entries.create(title="Resolution 2699", date=date(2023, 10, 2))
    assert content_version.current().counter > before


def test_desk_work_on_a_draft_storyline_or_a_draft_entry_leaves_the_version(mission):
    storyline, _, _ = mission
    before = content_version.current().counter
    draft = make_storyline(status="draft")
    draft.entries.create(title="Not announced", date=date(2024, 1, 1))
    storyline.add_article(make_draft())
    assert content_version.current().counter == before


def test_a_timeline_of_500_entries_is_shown_fifty_at_a_time(client):
    storyline = make_storyline(slug="long")
    StorylineEntry.objects.bulk_create(
        StorylineEntry(storyline=storyline, title=f"Milestone {n}", date=date(2020, 1, 1))
        for n in range(500)
    )
    page = client.get("/storylines/long/").content.decode()
    assert page.count('class="timeline-entry') == 50
    assert 'rel="next"' in page
    last = client.get("/storylines/long/?page=10").content.decode()
    assert last.count('class="timeline-entry') == 50 and 'rel="next"' not in last


# --- The admin: suggestions and one click to add. -------------------------------------------


@pytest.fixture
def related_news(mission):
    """Stories sharing a tag or a person with the storyline's stories, and ones that do not."""
    storyline, offer, _ = mission
    ruto = make_person("William Ruto")
    haiti = make_tag("Haiti")
    offer.tags.add(haiti)
    Mention.objects.create(article=offer, person=ruto, count=1)
    by_tag = make_article(headline="Haiti gangs seize port", tags=(haiti,))
    by_person = make_article(headline="Ruto visits Washington")
    Mention.objects.create(article=by_person, person=ruto, count=1)
    draft = make_draft(headline="Haiti draft nobody may see", tags=(haiti,))
    make_article(headline="Minibus fares rise")
    return storyline, by_tag, by_person, draft


def test_suggestions_are_published_stories_sharing_people_or_tags_not_yet_in_it(related_news):
    storyline, by_tag, by_person, _ = related_news
    assert {story.headline for story in storyline.suggestions()} == {
        by_tag.headline,
        by_person.headline,
    }


def test_editor_sees_suggestions_and_adds_one_with_one_click(editor_client, related_news):
    storyline, by_tag, _, _ = related_news
    page = editor_client.get(f"/admin/storylines/storyline/{storyline.pk}/change/")
    assert "Haiti gangs seize port" in page.content.decode()
    assert "Haiti draft nobody may see" not in page.content.decode()
    response = editor_client.post(
        f"/admin/storylines/storyline/{storyline.pk}/suggestions/add/", {"article": by_tag.pk}
    )
    assert response.status_code == 302
    assert storyline.entries.filter(article=by_tag).exists()
    assert by_tag not in storyline.suggestions()


def test_a_hand_made_post_cannot_add_an_unpublished_story(editor_client, related_news):
    storyline, _, _, draft = related_news
    editor_client.post(
        f"/admin/storylines/storyline/{storyline.pk}/suggestions/add/", {"article": draft.pk}
    )
    assert not storyline.entries.filter(article=draft).exists()


def test_adding_a_suggestion_needs_a_post(editor_client, related_news):
    storyline, by_tag, _, _ = related_news
    url = f"/admin/storylines/storyline/{storyline.pk}/suggestions/add/?article={by_tag.pk}"
    assert editor_client.get(url).status_code == 405


def test_reporter_cannot_edit_storylines_or_add_suggestions(client, related_news):
    storyline, by_tag, _, _ = related_news
    client.force_login(make_reporter())
    assert client.get(f"/admin/storylines/storyline/{storyline.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/storylines/storyline/{storyline.pk}/suggestions/add/", {"article": by_tag.pk}
    )
    assert response.status_code == 403
    assert not storyline.entries.filter(article=by_tag).exists()


def test_editor_sees_every_entry_of_the_timeline_in_the_admin(editor_client, mission):
    storyline, offer, _ = mission
    storyline.add_article(make_draft(headline="Draft chapter"))
    page = editor_client.get(f"/admin/storylines/storyline/{storyline.pk}/change/").content
    assert b"Draft chapter" in page and offer.headline.encode() in page
    assert b"High Court blocks deployment" in page


def test_load_demo_storylines_dry_run_reports_and_writes_nothing():
    demo = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))["storylines"]
    for item in demo:
        for entry in item["entries"]:
            if "article" in entry:
                make_article(slug=entry["article"])
    out = io.StringIO()
    call_command("load_demo_storylines", "--dry-run", verbosity=2, stdout=out)
    (first,) = demo
    assert out.getvalue() == (
        f"{first['slug']}: {len(first['entries'])} entries\n"
        "Dry run, nothing written: Demo storylines: 1 new.\n"
    )
    assert not Storyline.objects.exists()
    assert not StorylineEntry.objects.exists()
    call_command("load_demo_storylines", verbosity=0)
    assert Storyline.objects.get().entries.count() == len(first["entries"])
