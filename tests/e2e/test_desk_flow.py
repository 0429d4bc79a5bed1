"""The editors' desk in a real browser: presence that appears and disappears with the other
person's page, and a restored version that changes nothing until the editor saves."""

from articles.models import Article
from people.models import Mention
from tests.e2e.conftest import E2E, SCREENSHOTS, sign_in
from tests.factories import make_article, make_editor, make_in_review, make_person

pytestmark = E2E


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def presence_text(page) -> str:
    return page.locator("#presence").inner_text()


def test_a_second_editor_sees_who_is_editing_only_while_their_page_is_open(browsing):
    make_editor("ada", first_name="Ada", last_name="Obi")
    make_editor("eddie", first_name="Eddie", last_name="Okello")
    article = make_in_review(headline="Council budget vote delayed")
    ada = sign_in(browsing.context(), "ada")
    ada.goto(change_url(article))
    eddie = sign_in(browsing.context(), "eddie")
    eddie.goto(change_url(article))
    assert "Ada Obi is editing this story now" in presence_text(eddie)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    eddie.screenshot(path=SCREENSHOTS / "desk-presence.png")

    ada.goto("/admin/")  # Ada leaves the story: her page says goodbye as it goes
    for _attempt in range(20):  # the goodbye is sent in the background: wait for it
        eddie.reload()
        if "Ada Obi" not in presence_text(eddie):
            break
        eddie.wait_for_timeout(250)
    assert "Ada Obi" not in presence_text(eddie)

    # Eddie in a second tab of his own is warned.
    second_tab = eddie.context.new_page()
    second_tab.goto(change_url(article))
    assert "You have this story open in another tab" in presence_text(second_tab)


def test_restoring_a_version_changes_nothing_until_the_editor_saves(browsing):
    make_editor("eddie")
    article = make_article(headline="Mayor opens the new library", slug="mayor-library")
    editor = sign_in(browsing.context(), "eddie")
    editor.goto(change_url(article))
    editor.get_by_role("textbox", name="Headline:", exact=True).fill(
        "Mayor opens the library two years late"
    )
    editor.get_by_role("button", name="Save and continue editing").click()
    editor.wait_for_selector(".messagelist .success")

    editor.get_by_role("link", name="History").click()
    entries = editor.locator(".timeline-entry")
    assert entries.count() == 2
    assert "Edited" in entries.nth(0).inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=SCREENSHOTS / "desk-history.png", full_page=True)
    entries.nth(1).get_by_role("link", name="Open this version to restore it").click()

    headline = editor.get_by_role("textbox", name="Headline:", exact=True)
    assert headline.input_value() == "Mayor opens the new library"
    article.refresh_from_db()
    assert article.headline == "Mayor opens the library two years late"  # nothing changed yet
    reader = browsing.page()
    reader.goto(article.get_absolute_url())
    assert reader.get_by_role("heading", level=1).inner_text() == (
        "Mayor opens the library two years late"
    )

    editor.get_by_role("button", name="Save and continue editing").click()
    editor.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.headline == "Mayor opens the new library"
    assert article.history.first().history_change_reason.startswith("Restored the version of")


def test_an_editor_reviews_people_from_the_story_screen_and_starts_at_the_desk(browsing):
    make_editor("eddie")
    person = make_person("Amina Odhiambo")
    article = make_in_review(
        headline="Water board names a new chair",
        body="<p>Amina Odhiambo takes over in May. Amina Odhiambo led the audit.</p>",
    )
    Mention.objects.create(article=article, person=person, count=2)
    editor = sign_in(browsing.context(), "eddie")
    assert editor.get_by_role("link", name="Waiting for review (1)").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=SCREENSHOTS / "desk-dashboard.png", full_page=True)

    editor.get_by_role("link", name="Water board names a new chair").click()
    editor.wait_for_url(f"**{change_url(article)}")
    panel = editor.locator("#people-review")
    assert panel.locator("th", has_text="Amina Odhiambo").is_visible()
    panel.get_by_text("The text with the names marked").click()
    assert panel.locator("mark").count() == 2
    panel.screenshot(path=SCREENSHOTS / "desk-people-review.png")
    panel.get_by_role("button", name="Reject Amina Odhiambo").click()
    editor.wait_for_selector(".messagelist")
    assert "Rejected by an editor" in editor.locator("#people-review").inner_text()
    assert Mention.objects.get(article=article).status == Mention.Status.REJECTED
