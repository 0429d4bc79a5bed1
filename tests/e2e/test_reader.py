"""A reader finds their way around the public site in a real browser."""

import xml.etree.ElementTree as ET

import pytest

from tests.e2e.conftest import E2E

pytestmark = E2E


def test_reader_goes_from_the_front_page_to_a_story_a_person_a_topic_search_and_a_feed(
    newsroom, reader_page
):
    page = reader_page
    page.goto("/")
    page.get_by_role("link", name=newsroom.story.headline).first.click()
    page.wait_for_url(f"**{newsroom.story.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == newsroom.story.headline
    assert page.get_by_text("An earlier version misstated the date of the call.").is_visible()

    # The first mention of a person in the text links to their page.
    page.locator(".story-body a.person-link", has_text="Amani Kibet").click()
    page.wait_for_url("**/people/amani-kibet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Amani Kibet"
    assert page.get_by_text("We will stay until the job is done.").first.is_visible()

    page.go_back()
    page.get_by_role("region", name="Topics").get_by_role("link", name="Haiti").click()
    page.wait_for_url("**/tags/haiti/")
    assert page.get_by_role("heading", level=1).inner_text() == "Haiti"
    assert page.get_by_role("link", name=newsroom.story.headline).is_visible()
    feed_href = page.get_by_role("link", name="RSS feed of Haiti").get_attribute("href")

    search_box = page.get_by_role("searchbox", name="Search stories")
    search_box.fill("Kibet")
    search_box.press("Enter")
    page.wait_for_url("**/search/?q=Kibet")
    assert page.get_by_role("heading", level=1).inner_text() == "Search"
    assert page.get_by_role("status").inner_text().startswith("2 stories match")
    assert page.get_by_role("link", name=newsroom.story.headline).is_visible()

    for href in (feed_href, page.get_by_role("link", name="RSS", exact=True).get_attribute("href")):
        response = page.request.get(href)
        assert response.status == 200, href
        assert "application/rss+xml" in response.headers["content-type"], href
        channel = ET.fromstring(response.body()).find("channel")
        titles = [item.findtext("title") for item in channel.iter("item")]
        assert newsroom.story.headline in titles, href


@pytest.mark.parametrize("path", ["/articles/kibet-presses-case/", "/search/?q=Kibet"])
def test_reader_search_from_the_header_finds_nothing_for_unknown_words(newsroom, reader_page, path):
    page = reader_page
    page.goto(path)
    search_box = page.get_by_role("searchbox", name="Search stories")
    search_box.fill("zebrafish")
    search_box.press("Enter")
    page.wait_for_url("**/search/?q=zebrafish")
    assert "No stories match" in page.get_by_role("status").inner_text()
