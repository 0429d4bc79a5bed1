"""Reporters and editors at work in the admin, in a real browser: writing, review, refused
publishing, edit conflicts, publishing, corrections, versions and share-preview links."""

import re
import time

from articles.models import Article
from tests.e2e.conftest import E2E, jpeg_bytes, make_photo, sign_in
from tests.factories import make_article, make_editor, make_in_review, make_reporter

pytestmark = E2E

HEADLINE = "Harbour bridge reopens after storm repairs"
FIRST_PARAGRAPH = "The harbour bridge reopened to traffic on Monday, three weeks early."
# Text a reader might quote in a story; it must show as text and never run.
SCRIPT_TEXT = "A prankster had written <script>alert(1)</script> on the toll booth."


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def success_message(page) -> str:
    return page.locator(".messagelist .success").inner_text()


def test_reporter_writes_a_story_with_a_photo_and_an_editor_publishes_it_for_readers(browsing):
    make_reporter("rita", first_name="Rita", last_name="Mwangi")
    make_editor("eddie", first_name="Eddie", last_name="Okello")

    # The reporter writes the story, uploads its photo through the "+" popup, and submits it.
    desk = sign_in(browsing.context(), "rita")
    desk.goto("/admin/articles/article/add/")
    desk.get_by_role("textbox", name="Headline:", exact=True).fill(HEADLINE)
    desk.get_by_label("Standfirst").fill("Ferries go back to their winter timetable.")
    body = desk.locator(".field-body .ProseMirror[contenteditable='true']")
    body.click()
    desk.keyboard.type(FIRST_PARAGRAPH)
    desk.keyboard.press("Enter")
    desk.keyboard.type(SCRIPT_TEXT)
    with desk.expect_popup() as popup_info:
        desk.get_by_title("Add another image").click()
    popup = popup_info.value
    popup.get_by_label("File").set_input_files(
        {"name": "bridge.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    popup.get_by_label("Alt text").fill("Cars cross the reopened harbour bridge at dusk")
    popup.get_by_label("Caption").fill("The bridge on Monday evening.")
    popup.get_by_label("Credit").fill("Rita Mwangi/Newsroom")
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Save", exact=True).click()
    chosen_photo = desk.locator("#select2-id_lead_image-container").inner_text()
    assert "The bridge on Monday evening." in chosen_photo
    desk.get_by_role("button", name="Submit for review").click()
    assert success_message(desk) == f"Submitted for review: “{HEADLINE}”."
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.IN_REVIEW
    assert article.created_by.username == "rita"
    assert article.lead_image.alt_text == "Cars cross the reopened harbour bridge at dusk"
    assert f"<p>{FIRST_PARAGRAPH}</p>" in article.body

    # Reporters are never offered publishing, and a crafted request to publish is refused.
    assert desk.get_by_role("button", name="Publish now").count() == 0
    assert desk.get_by_role("button", name=re.compile("Schedule")).count() == 0
    desk.evaluate(
        """() => {
            const button = document.createElement("button");
            button.type = "submit"; button.name = "_workflow"; button.value = "publish";
            button.id = "crafted-publish"; button.textContent = "Crafted publish";
            document.querySelector("#article_form").append(button);
        }"""
    )

    # The form's own POST to its change page: the presence heartbeat POSTs too, on a timer.
    def form_post(response) -> bool:
        return response.request.method == "POST" and "/presence/" not in response.url

    with desk.expect_response(form_post) as crafted:
        desk.locator("#crafted-publish").click()
    assert crafted.value.status == 403
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    # Readers cannot see it yet.
    reader = browsing.page()
    assert reader.goto(article.get_absolute_url()).status == 404

    # The editor publishes it: the story has no tags, a warning that needs acknowledging.
    editor = sign_in(browsing.context(), "eddie")
    editor.goto(change_url(article))
    editor.get_by_role("button", name="Publish now").click()
    editor.get_by_text("Read the warnings above").wait_for()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    editor.get_by_label("Publish anyway").check()
    editor.get_by_role("button", name="Publish now").click()
    assert success_message(editor) == f"Published: “{HEADLINE}”."

    # A reader who is not signed in finds it on the front page and reads it.
    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    reader.wait_for_url(f"**{article.get_absolute_url()}")
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert reader.get_by_text(FIRST_PARAGRAPH).is_visible()
    assert reader.get_by_text(SCRIPT_TEXT).is_visible()  # shown as text, not run
    photo = reader.get_by_role("img", name="Cars cross the reopened harbour bridge at dusk")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")


def test_second_tab_save_is_refused_and_shows_the_other_change(browsing):
    make_editor("eddie")
    article = make_in_review(headline="Council approves the budget", dek="")
    editor = browsing.context()
    tab_a = sign_in(editor, "eddie")
    tab_a.goto(change_url(article))
    tab_b = editor.new_page()
    tab_b.goto(change_url(article))

    tab_a.get_by_role("textbox", name="Headline:", exact=True).fill(
        "Council approves a smaller budget"
    )
    tab_a.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in success_message(tab_a)

    tab_b.get_by_label("Standfirst").fill("Libraries lose their Sunday hours.")
    tab_b.get_by_role("button", name="Save and continue editing").click()
    error = tab_b.locator(".errorlist", has_text="Not saved").inner_text()
    assert "eddie saved this story at" in error
    changes = tab_b.locator(".errornote", has_text="What the other person changed")
    assert changes.locator("ins", has_text="a smaller").is_visible()
    assert tab_b.get_by_label("Standfirst").input_value() == "Libraries lose their Sunday hours."
    article.refresh_from_db()
    assert article.headline == "Council approves a smaller budget"
    assert article.dek == ""


def test_editor_adds_a_correction_that_readers_see_on_the_story(browsing):
    make_editor("eddie")
    article = make_article(headline="Water rates rise in April", slug="water-rates")
    editor = sign_in(browsing.context(), "eddie")
    editor.goto(change_url(article))
    editor.locator("#corrections-group summary").click()  # a folded panel below the story
    editor.get_by_role("button", name="Add another Correction").click()
    corrections = editor.locator("#corrections-0")  # the new row (not the hidden template)
    corrections.get_by_label("Kind").select_option("correction")
    corrections.get_by_label("Text").fill("An earlier version gave the wrong month for the rise.")
    editor.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in success_message(editor)

    reader = browsing.page()
    reader.goto(article.get_absolute_url())
    corrections_section = reader.get_by_role("region", name="Corrections")
    assert "An earlier version gave the wrong month for the rise." in (
        corrections_section.inner_text()
    )
    reader.goto("/corrections/")
    assert reader.get_by_text("An earlier version gave the wrong month for the rise.").is_visible()


def test_share_preview_link_works_without_an_account_until_it_expires(
    browsing, live_server, settings
):
    # Links are built from SITE_URL; here the live server is the site.
    settings.SITE_URL = live_server.url
    settings.PREVIEW_LINK_MAX_AGE_SECONDS = 3
    make_editor("eddie")
    article = make_in_review(
        headline="Embargoed: the new stadium plan",
        slug="stadium-plan",
        lead_image=make_photo(alt_text="An architect's drawing of the stadium"),
    )
    editor = sign_in(browsing.context(), "eddie")
    editor.goto(change_url(article))
    editor.get_by_role("button", name="Create a share-preview link").click()
    link = editor.locator(".messagelist .success a").get_attribute("href")
    created = time.monotonic()
    assert link.startswith(f"{live_server.url}/preview/")

    guest = browsing.page()
    response = guest.goto(link)
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert guest.get_by_role("heading", level=1).inner_text() == "Embargoed: the new stadium plan"
    assert guest.get_by_role("status").inner_text().startswith("Preview:")
    assert guest.goto(article.get_absolute_url()).status == 404  # still not published

    # Signed tokens carry whole seconds: wait past the lifetime with a second to spare.
    time.sleep(max(0.0, created + 4.5 - time.monotonic()))
    expired = guest.goto(link)
    assert expired.status == 410
    assert guest.get_by_role("heading", level=1).inner_text() == "This preview link has expired"
    assert "stadium" not in guest.content().lower()
