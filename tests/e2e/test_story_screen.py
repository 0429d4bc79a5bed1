"""The story screen in the admin, in Chromium at 1280x800 and 375 px: the writing column, the
sticky bar with the status and the buttons this user's role allows, the tag box that takes new
names, the share-links panel. Leaves screenshots in tests/e2e/screenshots/."""

from articles.models import Article, PreviewLink
from tags.models import Tag
from tests.e2e.conftest import E2E, SCREENSHOTS, make_photo, sign_in
from tests.factories import make_article, make_draft, make_editor, make_reporter, make_tag

pytestmark = E2E

SCREEN = {"width": 1280, "height": 800}


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def open_story(page, article: Article) -> None:
    page.goto(change_url(article))
    page.locator(".field-body .ProseMirror[contenteditable='true']").wait_for()


def in_first_screen(page, locator) -> bool:
    """Visible without scrolling: the element's box lies inside the window."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return (
        locator.is_visible()
        and box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= height
    )


def save_from_the_bar(page) -> None:
    page.get_by_role("region", name="Status and actions").get_by_role("button", name="Save").click()


def add_tag_by_typing(page, name: str) -> None:
    search = page.locator(".field-tags .select2-search__field")
    search.click()
    search.press_sequentially(name)
    page.locator(".select2-results__option--highlighted").wait_for()
    search.press("Enter")


def test_editor_sees_a_wide_headline_the_status_and_every_allowed_button_without_scrolling(
    browsing,
):
    make_editor("eddie")
    story = make_draft(headline="Council approves the budget", slug="budget")
    page = sign_in(browsing.context(**SCREEN), "eddie")
    open_story(page, story)

    headline = page.get_by_role("textbox", name="Headline:", exact=True)
    assert headline.bounding_box()["width"] >= 600
    assert in_first_screen(page, page.locator(".story-actions .status-pill", has_text="Draft"))
    bar = page.get_by_role("region", name="Status and actions")
    for name in ("Save", "Submit for review", "Publish now", "Schedule at the publication time"):
        assert in_first_screen(page, bar.get_by_role("button", name=name, exact=True)), name
    for name in ("Preview", "Share link"):
        assert in_first_screen(page, bar.get_by_role("link", name=name, exact=True)), name
    # The body editor is a writing space, not one line.
    assert (
        page.locator(".field-body .ProseMirror[contenteditable='true']").bounding_box()["height"]
        >= 300
    )

    # The bar stays on screen while the editor scrolls down to the panels.
    page.evaluate("window.scrollTo(0, 1500)")
    assert page.evaluate("window.scrollY") > 0
    assert in_first_screen(page, page.get_by_role("button", name="Publish now"))


def test_reporter_sees_only_submit_for_review_and_a_live_length_count(browsing):
    make_reporter("rita")
    page = sign_in(browsing.context(**SCREEN), "rita")
    page.goto("/admin/articles/article/add/")
    assert in_first_screen(page, page.locator(".status-pill", has_text="New draft"))
    assert in_first_screen(page, page.get_by_role("button", name="Submit for review"))
    assert page.get_by_role("button", name="Publish now").count() == 0

    headline = page.get_by_role("textbox", name="Headline:", exact=True)
    headline.fill("Floods")
    assert page.locator("#id_headline_length").inner_text() == "6 of 110 characters"
    headline.fill("x" * 115)
    assert (
        page.locator("#id_headline_length.over").inner_text().startswith("115 characters: 5 over")
    )


def test_reporter_creates_a_new_tag_by_typing_it_and_pressing_enter(browsing):
    rita = make_reporter("rita")
    story = make_draft(headline="Rain closes the coast road", slug="coast-road", created_by=rita)
    page = sign_in(browsing.context(**SCREEN), "rita")
    open_story(page, story)
    add_tag_by_typing(page, "Coastal floods")
    save_from_the_bar(page)
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert [tag.name for tag in story.tags.all()] == ["Coastal floods"]
    assert (
        page.locator(".field-tags .select2-selection__choice", has_text="Coastal floods").count()
        == 1
    )


def test_typing_kenya_reuses_the_existing_tag_kenya(browsing):
    make_editor("eddie")
    kenya = make_tag("Kenya", slug="kenya")
    story = make_draft(headline="Nairobi opens a new rail line", slug="rail-line")
    page = sign_in(browsing.context(**SCREEN), "eddie")
    open_story(page, story)
    add_tag_by_typing(page, "kenya")
    save_from_the_bar(page)
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert list(story.tags.all()) == [kenya]
    assert Tag.objects.filter(name__iexact="kenya").count() == 1


def test_share_links_panel_copies_a_link_shows_its_expiry_and_withdraws_it(
    browsing, live_server, settings
):
    settings.SITE_URL = live_server.url
    make_editor("eddie")
    story = make_draft(headline="The new stadium plan", slug="stadium-plan")
    context = browsing.context(**SCREEN)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = sign_in(context, "eddie")
    open_story(page, story)
    page.get_by_role("link", name="Share link").click()
    page.get_by_label("Who is it for?").fill("Legal desk")
    page.get_by_role("button", name="Create a share-preview link").click()

    panel = page.locator("#share-links")
    row = panel.locator("tbody tr", has_text="Legal desk")
    link = row.get_by_role("textbox").input_value()
    assert link.startswith(f"{live_server.url}/preview/")
    expires = PreviewLink.objects.get(note="Legal desk").expires_at
    assert f"{expires:%-d %b %Y}" in row.inner_text()
    row.get_by_role("button", name="Copy").click()
    row.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    guest = browsing.page()
    assert guest.goto(link).status == 200
    row.get_by_role("button", name="Withdraw").click()
    assert "Withdrawn" in page.locator(".messagelist").inner_text()
    assert page.locator("#share-links tbody tr", has_text="Legal desk").count() == 0
    # Withdrawn at once: the link answers 404 with a notice (articles.views), no story.
    withdrawn = guest.goto(link)
    assert withdrawn.status == 404
    assert "stadium" not in guest.content().lower()


def test_screenshots_of_the_story_screen(browsing):
    make_editor("eddie")
    story = make_article(
        headline="Kibet presses the case for the Haiti mission",
        slug="kibet",
        dek="The president wants more countries to send police officers.",
        body="<p>President Amani Kibet spoke on Friday to delegates from twelve countries.</p>",
        lead_image=make_photo(),
        tags=(make_tag("Haiti", slug="haiti"),),
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 800), (375, 800)):
        page = sign_in(browsing.context(width=width, height=height), "eddie")
        open_story(page, story)
        page.screenshot(path=SCREENSHOTS / f"story-screen-{width}.png", full_page=True)
        page.screenshot(path=SCREENSHOTS / f"story-screen-first-screen-{width}.png")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"the story screen scrolls sideways at {width}px"


def test_lead_image_picker_shows_a_thumbnail_beside_each_photo_found(browsing):
    make_editor("eddie")
    make_photo(caption="Flooded road near Mombasa")
    story = make_draft(headline="Rain closes the coast road", slug="coast-road")
    page = sign_in(browsing.context(**SCREEN), "eddie")
    open_story(page, story)
    page.locator(".field-lead_image .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Mombasa")
    result = page.locator(".select2-results__option", has_text="Flooded road near Mombasa")
    thumbnail = result.locator("img")
    thumbnail.wait_for()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=SCREENSHOTS / "story-screen-photo-picker-1280.png")
    result.click()
    assert "Flooded road" in page.locator("#select2-id_lead_image-container").inner_text()
    assert page.locator("#change_id_lead_image, #delete_id_lead_image").count() == 0
