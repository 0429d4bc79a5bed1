"""Saving one story builds again its own card and page pieces, not every story's: those pieces
are keyed on the story's row (``updated_at``) and the content version's shared counter, which
changes with anything shown in many stories (a section, a person, a byline, a tag...).
newsroom/content_version.py, articles/cards.py, articles/story_page.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Byline
from articles.services import article_changed
from newsroom import content_version
from tests.factories import make_article, make_correction, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

CARD = "_partials/article_card.html"
STORY_CONTENT = "articles/_story_content.html"


@pytest.fixture
def uncached(client):
    client.cookies.load({"sessionid": "not-a-session"})  # the page cache steps aside
    return client


def rendered(response, name: str) -> int:
    return sum(1 for template in response.templates if template.name == name)


def test_saving_a_live_story_bumps_the_counter_but_not_the_shared_counter():
    article = make_article(headline="Harbour reopens")
    before = content_version.current()
    article.dek = "A new dek"
    article.save()
    after = content_version.current()
    assert after.counter == before.counter + 1
    assert after.shared_counter == before.shared_counter


def test_linking_a_storys_people_again_is_a_change_of_its_own_row():
    make_person("Amina Odhiambo")
    article = make_article(body="<p>Amina Odhiambo spoke at the harbour.</p>")
    stamp, before = article.updated_at, content_version.current()
    article_changed(article)
    after = content_version.current()
    assert after.counter == before.counter + 1 and after.shared_counter == before.shared_counter
    article.refresh_from_db()
    assert article.updated_at > stamp  # the key of its cached pieces moves on


@pytest.mark.parametrize(
    "change",
    ["section renamed", "byline added", "person renamed", "tag added", "fields without stamp"],
)
def test_a_change_shown_in_many_stories_bumps_the_shared_counter(change):
    section, person = make_section(name="Weather"), make_person("Amina Odhiambo")
    article = make_article(section=section, authors=(person,))
    before = content_version.current()
    if change == "section renamed":
        section.name = "Climate"
        section.save()
    elif change == "byline added":
        Byline.objects.create(article=article, person=make_person("Jean Baptiste"), order=1)
    elif change == "person renamed":
        person.name = "Amina Odhiambo-Kariuki"
        person.save()
    elif change == "tag added":
        article.tags.add(make_tag("Rain"))
    else:  # a save of chosen fields that leaves updated_at as it was
        article.live_coverage = True
        article.save(update_fields=["live_coverage"])
    assert content_version.current().shared_counter > before.shared_counter


def test_after_one_story_is_saved_a_list_renders_only_its_card(uncached):
    stories = [make_article(headline=f"Story {n}") for n in range(3)]
    assert rendered(uncached.get("/articles/"), CARD) == 3
    stories[1].dek = "Fresh dek"
    stories[1].save()
    again = uncached.get("/articles/")
    assert rendered(again, CARD) == 1
    page = again.content.decode()
    assert "Fresh dek" in page and "Story 0" in page and "Story 2" in page


def test_a_renamed_section_and_person_show_on_every_card_at_once(uncached):
    section, person = make_section(name="Weather"), make_person("Amina Odhiambo")
    for n in range(2):
        make_article(headline=f"Story {n}", section=section, authors=(person,))
    uncached.get("/articles/")
    section.name, person.name = "Climate", "Amina Kariuki"
    section.save()
    person.save()
    again = uncached.get("/articles/")
    page = again.content.decode()
    assert rendered(again, CARD) == 2
    assert page.count(">Climate</a></p>") == 2 and page.count("Amina Kariuki") == 2  # kickers
    assert "Weather" not in page and "Amina Odhiambo" not in page


def test_saving_one_story_leaves_another_storys_page_built_but_its_related_fresh(uncached):
    tag = make_tag("Harbour")
    story = make_article(headline="Harbour story", tags=(tag,))
    neighbour = make_article(headline="Harbour neighbour", tags=(tag,))
    assert rendered(uncached.get(story.get_absolute_url()), STORY_CONTENT) == 1
    neighbour.headline = "Harbour neighbour, renamed"
    neighbour.save()
    again = uncached.get(story.get_absolute_url())
    assert rendered(again, STORY_CONTENT) == 0  # the story's own pieces are kept
    assert "Harbour neighbour, renamed" in again.content.decode()  # its related list is not
    own = uncached.get(neighbour.get_absolute_url())
    assert rendered(own, STORY_CONTENT) == 1
    assert "<h1>Harbour neighbour, renamed</h1>" in own.content.decode()


def test_people_linked_again_show_on_the_story_page_at_once(uncached):
    article = make_article(body="<p>Amina Odhiambo spoke at the harbour.</p>")
    first = uncached.get(article.get_absolute_url()).content.decode()
    person = make_person("Amina Odhiambo")
    assert person.get_absolute_url() not in first
    article_changed(article)  # what link_people does: no save of the story itself
    page = uncached.get(article.get_absolute_url()).content.decode()
    assert f'href="{person.get_absolute_url()}"' in page


def test_an_editors_edit_of_a_live_story_in_the_admin_is_a_change_of_its_own_row(editor_client):
    from tests.articles.admin_helpers import article_form_data

    tag = make_tag("Harbour")
    article = make_article(headline="Harbour reopens", authors=(make_person("Amina Yusuf"),))
    article.tags.add(tag)
    make_correction(article, text="An earlier version gave the wrong year.")
    before = content_version.current()
    data = article_form_data(article, dek="The harbour reopens after the storm")
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = content_version.current()
    assert after.counter > before.counter
    assert after.shared_counter == before.shared_counter  # nothing but the story's row changed


def test_a_list_shown_again_since_the_last_change_reads_no_story_stamps(uncached):
    for n in range(3):
        make_article(headline=f"Story {n}")
    uncached.get("/articles/")
    with CaptureQueriesContext(connection) as queries:
        uncached.get("/articles/")
    assert not [q for q in queries.captured_queries if '"updated_at"' in q["sql"]]
