"""Pages fit small phones (no sideways scrolling at 320 and 375 CSS pixels), and the run
leaves screenshots of the main pages at phone and desktop widths in tests/e2e/screenshots/
(git-ignored) for a person to look at."""

from tests.e2e.conftest import E2E, PUBLIC_PAGES, SCREENSHOTS, fits_width, sign_in
from tests.factories import make_editor

pytestmark = E2E

PHONE_WIDTHS = (320, 375)
SCREENSHOT_WIDTHS = (375, 1280)
MAIN_PAGES = ("front", "article", "list", "person", "tag", "search results", "storyline")

# The elements that stick out past the right edge of the window, for the failure message.
WIDE_ELEMENTS_JS = """() => [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(el => !el.parentElement
        || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
    .slice(0, 5)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> right edge at `
        + `${Math.round(el.getBoundingClientRect().right)}px`)"""


def screenshot(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name.replace(' ', '-')}-{width}.png", full_page=True)


def test_public_pages_do_not_scroll_sideways_on_small_phones(browsing, newsroom):
    problems = []
    for width in PHONE_WIDTHS:
        page = browsing.page(width=width, height=720)
        for name, path in PUBLIC_PAGES.items():
            page.goto(path)
            fits, scroll_width, inner_width = fits_width(page)
            if not fits:
                problems.append(
                    f"{name} ({path}) at {inner_width}px scrolls to {scroll_width}px: "
                    + "; ".join(page.evaluate(WIDE_ELEMENTS_JS))
                )
            if width in SCREENSHOT_WIDTHS and name in MAIN_PAGES:
                screenshot(page, name, width)
    assert not problems, "\n".join(problems)


def test_screenshots_of_the_main_pages_at_desktop_width(browsing, newsroom):
    page = browsing.page(width=1280, height=900)
    for name in MAIN_PAGES:
        assert page.goto(PUBLIC_PAGES[name]).ok, name
        screenshot(page, name, 1280)
    assert all((SCREENSHOTS / f"{n.replace(' ', '-')}-1280.png").exists() for n in MAIN_PAGES)


def test_screenshots_of_the_admin_article_form(browsing, newsroom):
    make_editor("eddie")
    for width in SCREENSHOT_WIDTHS:
        page = sign_in(browsing.context(width=width, height=900), "eddie")
        page.goto(f"/admin/articles/article/{newsroom.story.pk}/change/")
        page.locator(".field-body .ProseMirror[contenteditable='true']").wait_for()
        screenshot(page, "admin-article-form", width)
        assert (SCREENSHOTS / f"admin-article-form-{width}.png").stat().st_size > 10_000
