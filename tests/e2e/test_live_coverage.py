"""A reader's open live story shows a new update within the poll interval, without reload;
with JavaScript off the updates are in the page on reload. Screenshots at 375 and 1280 px."""

import pytest
from django.utils import timezone

from tests.e2e.conftest import E2E, SCREENSHOTS, fits_width, sign_in

pytestmark = E2E


@pytest.fixture
def fast_polling(settings):
    settings.LIVE_POLL_SECONDS = 1  # the page reads it from data-poll-seconds


def test_an_open_live_story_shows_a_new_update_without_reload(browsing, newsroom, fast_polling):
    from articles.models import LiveUpdate

    page = browsing.page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    polled = lambda response: response.url.endswith("/articles/patrols-live/updates/")  # noqa: E731
    with page.expect_response(polled):  # the page has asked once, with nothing new
        page.goto("/articles/patrols-live/")
    LiveUpdate.objects.create(
        article=newsroom.live_story,
        text="<p>All vehicles are back at the base.</p>",
        published_at=timezone.now(),
    )
    page.get_by_text("All vehicles are back at the base.").wait_for(timeout=10_000)
    assert any(url.endswith("/articles/patrols-live/updates/") for url in requests)
    assert "live-update-new" in page.locator("#live-updates li").first.get_attribute("class")
    # No reload: the page never navigated again.
    assert sum(url.endswith("/articles/patrols-live/") for url in requests) == 1


def test_without_javascript_the_updates_are_in_the_page_on_reload(browsing, newsroom):
    from articles.models import LiveUpdate

    page = browsing.browser.new_context(base_url=browsing.base_url, java_script_enabled=False)
    browsing.contexts.append(page)
    tab = page.new_page()
    tab.goto("/articles/patrols-live/")
    assert tab.get_by_text("The patrol has reached the national palace.").is_visible()
    LiveUpdate.objects.create(
        article=newsroom.live_story,
        text="<p>All vehicles are back.</p>",
        published_at=timezone.now(),
    )
    tab.reload()
    assert tab.get_by_text("All vehicles are back.").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_live_story_fits_the_screen_and_is_photographed(browsing, newsroom, width):
    page = browsing.page(width=width)
    page.goto("/articles/patrols-live/")
    fits, scroll_width, inner_width = fits_width(page)
    assert fits, f"scrolls sideways at {width}px: {scroll_width} > {inner_width}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"live-story-{width}.png"), full_page=True)


def test_an_editor_runs_live_coverage_from_the_live_desk(browsing, newsroom):
    from tests.factories import make_editor

    make_editor("eddie")
    page = sign_in(browsing.context(), "eddie")
    story = newsroom.story
    page.goto(f"/admin/articles/liveupdate/story/{story.pk}/")
    page.get_by_role("button", name="Start live coverage").click()
    for text in ("The plane has landed.", "Officers leave the airport.", "Crowds line the road."):
        page.locator(".ProseMirror[contenteditable='true']").click()
        page.keyboard.type(text)
        page.get_by_role("button", name="Post update").click()
        page.get_by_text("Update posted").wait_for()
    page.get_by_role("button", name="Pin to the top").last.click()
    page.get_by_text("Pinned: it stays at the top").wait_for()

    reader = browsing.page()
    reader.goto(story.get_absolute_url())
    pinned = reader.locator(".live-update-pinned")
    assert "The plane has landed." in pinned.inner_text()
    assert reader.locator(".live-update-stream li").count() == 2
    assert reader.locator(".live-badge").first.is_visible()
