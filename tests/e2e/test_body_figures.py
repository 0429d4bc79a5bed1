"""Photos, galleries and embeds in the body, in a real browser: a reporter places them from
the editor's toolbar, and readers get them with no layout shift and no provider player until
they ask for it."""

from articles.models import Article
from tests.e2e.conftest import E2E, make_photo, sign_in
from tests.factories import make_reporter

pytestmark = E2E

HEADLINE = "Dhow builders race the monsoon"

# Layout shifts the page has had so far (the CLS sum), as the browser measures them.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(total), 500);
})"""


def pick(desk, words: str, count: int) -> None:
    dialog = desk.locator("dialog.figure-picker")
    dialog.get_by_label("Search the photo library").fill(words)
    boxes = dialog.locator("input[type=checkbox]")
    boxes.first.wait_for()
    desk.wait_for_function(
        "(n) => document.querySelectorAll('dialog.figure-picker input[type=checkbox]').length == n",
        arg=count,
    )


def test_reporter_places_a_photo_a_gallery_and_an_embed_and_readers_see_them(browsing):
    make_reporter("rita")
    hull = make_photo(caption="A hull takes shape in Lamu.", alt_text="Shipwrights plane a hull")
    sails = [make_photo(caption=f"Sail {n}.", alt_text=f"A lateen sail, {n}") for n in (1, 2)]

    desk = sign_in(browsing.context(), "rita")
    desk.goto("/admin/articles/article/add/")
    desk.get_by_role("textbox", name="Headline:", exact=True).fill(HEADLINE)
    body = desk.locator(".field-body .ProseMirror[contenteditable='true']")
    body.click()
    desk.keyboard.type("The boatyards of Lamu are working late.")

    desk.get_by_title("Insert a photo or a gallery").click()
    pick(desk, "hull", 1)
    dialog = desk.locator("dialog.figure-picker")
    dialog.locator("input[type=checkbox]").first.check()
    dialog.get_by_label("Size of a single photo").select_option("wide")
    dialog.get_by_role("button", name="Insert photo").click()

    desk.get_by_title("Insert a photo or a gallery").click()
    pick(desk, "Sail", 2)
    dialog.get_by_text("Sail 1.").click()
    dialog.get_by_text("Sail 2.").click()
    dialog.get_by_role("button", name="Insert gallery").click()

    desk.get_by_title("Embed a video, post, map or document").click()
    desk.locator("dialog.figure-picker").get_by_label("Address (https)").fill(
        "https://vimeo.com/76979871"
    )
    desk.locator("dialog.figure-picker").get_by_role("button", name="Insert embed").click()
    desk.get_by_role("button", name="Save and continue editing").click()

    article = Article.objects.get(headline=HEADLINE)
    assert article.body == (
        "<p>The boatyards of Lamu are working late.</p>"
        f'<figure data-image="{hull.pk}" data-size="wide"></figure>'
        f'<figure class="gallery" data-images="{sails[0].pk},{sails[1].pk}"></figure>'
        '<figure data-embed="https://vimeo.com/76979871"></figure>'
    )

    article.publish()
    article.save()
    reader = browsing.page()
    requests = []
    reader.on("request", lambda request: requests.append(request.url))
    reader.goto(article.get_absolute_url())
    for _ in range(3):  # scroll through, so every lazy picture loads
        reader.mouse.wheel(0, 1500)
        reader.wait_for_timeout(200)
    assert reader.evaluate(LAYOUT_SHIFT) == 0
    assert reader.locator(".story-body figure.figure-wide img").get_attribute("alt") == (
        "Shipwrights plane a hull"
    )
    assert reader.locator(".story-body ul.gallery > li").count() == 2
    assert not [url for url in requests if "vimeo" in url]
    assert reader.locator("iframe").count() == 0
    reader.get_by_role("button", name="Load the Vimeo video here").click()
    assert (
        reader.locator("iframe")
        .get_attribute("src")
        .startswith("https://player.vimeo.com/video/76979871")
    )
