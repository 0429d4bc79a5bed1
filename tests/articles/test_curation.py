"""Curation: pinned lead and top stories on the front page and section fronts (with end
times, at query time), hand-picked related stories, and a front page with no story twice."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import TOP_STORIES, Article, Pin, RelatedStory
from newsroom import content_version
from people.models import Mention
from tests.factories import make_article, make_draft, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def story_links(page: str) -> list[str]:
    """The story addresses a page links to, in order, each time it links to one."""
    return re.findall(r'<h[23][^>]*><a href="(/articles/[^"]+/)"', page)


def lead_of(client) -> str:
    page = client.get("/").content.decode()
    return re.search(r'id="lead-headline"[^>]*><a href="([^"]+)"', page).group(1)


@pytest.fixture
def world():
    return make_section(name="World", slug="world")


def test_front_page_never_shows_a_story_twice(client, world):
    politics = make_section(name="Politics", slug="politics")
    for hours in range(12):
        make_article(section=world if hours % 2 else politics, published_at=hours_ago(hours + 1))
    links = story_links(client.get("/").content.decode())
    assert len(links) == len(set(links)), links
    assert len(links) == 12  # the lead, six top stories, the rest in their sections


def test_a_pinned_lead_leads_until_its_end_time_then_the_newest_story_returns(client, world):
    newest = make_article(section=world, published_at=hours_ago(1))
    pinned = make_article(section=world, published_at=hours_ago(30))
    Pin.objects.create(article=pinned, position=0, ends_at=timezone.now() + timedelta(hours=2))
    assert lead_of(client) == pinned.get_absolute_url()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert lead_of(client) == newest.get_absolute_url()


def test_a_pinned_story_that_is_unpublished_drops_out(client, world):
    newest = make_article(section=world, published_at=hours_ago(1))
    pinned = make_article(section=world, published_at=hours_ago(30))
    Pin.objects.create(article=pinned, position=0)
    pinned.unpublish()
    pinned.save()
    assert lead_of(client) == newest.get_absolute_url()
    assert pinned.get_absolute_url() not in client.get("/").content.decode()


def test_a_pinned_draft_is_never_shown(client, world):
    make_article(section=world)
    draft = make_draft(headline="Pinned too early", section=world)
    Pin.objects.create(article=draft, position=0)
    Pin.objects.create(article=draft, section=world, position=1)
    assert "Pinned too early" not in client.get("/").content.decode()
    assert "Pinned too early" not in client.get("/sections/world/").content.decode()


def test_pinned_top_stories_come_first_in_their_order_then_the_newest(world):
    stories = [make_article(section=world, published_at=hours_ago(h + 1)) for h in range(10)]
    Pin.objects.create(article=stories[9], position=2)
    Pin.objects.create(article=stories[8], position=1)
    page = Article.objects.front_page([world], per_section=4)
    assert page.lead == stories[0]
    assert page.top == [stories[8], stories[9], *stories[1:5]]
    assert len(page.top) == TOP_STORIES
    assert page.sections == [(world, stories[5:8])]


def test_section_front_shows_its_pins_first_and_not_again_below(client, world):
    old = make_article(headline="Old but important", section=world, published_at=hours_ago(48))
    for hours in range(3):
        make_article(section=world, published_at=hours_ago(hours + 1))
    Pin.objects.create(article=old, section=world, position=0)
    page = client.get("/sections/world/").content.decode()
    links = story_links(page)
    assert links[0] == old.get_absolute_url()
    assert links.count(old.get_absolute_url()) == 1
    assert "Top stories" in page


def test_a_pins_end_time_is_the_next_moment_cached_pages_go_stale(world):
    story = make_article(section=world)
    ends = timezone.now() + timedelta(hours=5)
    Pin.objects.create(article=story, position=0, ends_at=ends)
    assert Article.objects.next_visibility_change() == ends
    assert content_version.current().next_publication_at == ends


def test_pinning_a_live_story_changes_the_content_version(world):
    story = make_article(section=world)
    before = content_version.current().counter
    Pin.objects.create(article=story, position=0)
    assert content_version.current().counter > before


def test_a_pin_needs_a_free_position_on_its_page(world):
    Pin.objects.create(article=make_article(), position=0)
    with pytest.raises(Exception, match="already has a pin"):
        Pin(article=make_article(), position=0).full_clean()
    Pin(article=make_article(), position=0, section=world).full_clean()


def test_hand_picked_related_stories_come_first_and_the_automatic_ones_fill_the_rest(client):
    person, tag = make_person("Garry Conille"), make_tag("Haiti")
    article = make_article(tags=(tag,))
    Mention.objects.create(article=article, person=person, count=1)
    automatic = [make_article(tags=(tag,), published_at=hours_ago(h + 2)) for h in range(5)]
    picked = make_article(headline="Chosen by the editor", published_at=hours_ago(500))
    RelatedStory.objects.create(article=article, related=picked)
    page = client.get(article.get_absolute_url()).content.decode()
    related = page[page.index("Related stories") :]
    links = re.findall(r'href="(/articles/[^"]+/)"', related)
    assert links == [picked.get_absolute_url()] + [a.get_absolute_url() for a in automatic[:3]]


def test_picks_that_also_rank_first_leave_the_related_list_full_without_candidates():
    tag = make_tag("Haiti")
    article = make_article(tags=(tag,))
    ranked = [make_article(tags=(tag,), published_at=hours_ago(h + 2)) for h in range(6)]
    for order, story in enumerate(ranked[:2]):  # the two best ranked are also picked
        RelatedStory.objects.create(article=article, related=story, order=order)
    related = Article.objects.related_to(article, people=[], tags=[tag], limit=4)
    assert related == ranked[:4]


def test_a_hand_picked_story_that_is_not_live_is_left_out(client):
    tag = make_tag("Haiti")
    article = make_article(tags=(tag,))
    RelatedStory.objects.create(article=article, related=make_draft(headline="Desk secret"))
    assert "Desk secret" not in client.get(article.get_absolute_url()).content.decode()
