"""No page ever runs text a writer typed: a story full of script in every field opens no
JavaScript dialog, on public pages or in the admin. (Every context of every e2e test records
dialogs too: see ``Browsing`` in conftest.py.)"""

from urllib.parse import quote

import pytest

from tests.e2e.conftest import E2E, jpeg_bytes, sign_in
from tests.factories import make_article, make_editor, make_person, make_section, make_tag

pytestmark = E2E

# Each would open a dialog if the page let it run.
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<svg onload=alert(3)>",
    '<a href="javascript:alert(4)">click</a>',
    "</title><script>alert(5)</script>",
    '"><script>alert(6)</script>',
    "</textarea><script>alert(7)</script>",
]
PAYLOAD = " ".join(PAYLOADS)
REFLECTED = quote("<script>alert(8)</script>")


@pytest.fixture
def poisoned():
    """A published story with a payload in every field a writer or editor fills in."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Byline, Correction, Image
    from articles.services import article_changed, store_uploaded_image
    from people.models import Quote

    section = make_section(name="World " + PAYLOADS[0], slug="world")
    person = make_person(
        "Amani Kibet " + PAYLOADS[0], slug="amani", bio="Bio " + PAYLOAD, role="Role " + PAYLOADS[1]
    )
    tag = make_tag("Haiti " + PAYLOADS[2], slug="haiti", description="About " + PAYLOAD)
    image = store_uploaded_image(
        image=Image(alt_text="Alt " + PAYLOAD, caption="Caption " + PAYLOAD, credit=PAYLOADS[3]),
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes(640, 480), content_type="image/jpeg"),
    )
    article = make_article(
        headline="Storm " + PAYLOAD[:240],
        slug="poisoned",
        dek="Dek " + PAYLOAD,
        dateline="Port " + PAYLOADS[4],
        meta_description="Meta " + PAYLOAD[:250],
        body=(
            f"<p>Body {PAYLOAD}</p><p>Amani Kibet spoke.</p>"
            "<p>Escaped &lt;script&gt;alert(9)&lt;/script&gt;</p>"
        ),
        section=section,
        lead_image=image,
        tags=(tag,),
    )
    Byline.objects.create(article=article, person=person)
    Quote.objects.create(article=article, speaker=person, text="Quote " + PAYLOAD)
    Correction.objects.create(article=article, text="Correction " + PAYLOAD)
    article_changed(article)
    return article


PUBLIC_PATHS = [
    "/",
    "/articles/",
    "/articles/poisoned/",
    "/sections/world/",
    "/tags/",
    "/tags/haiti/",
    "/people/",
    "/people/amani/",
    "/authors/amani/",
    "/corrections/",
    "/search/?q=Storm",
    f"/search/?q={REFLECTED}",
    f"/articles/?q={REFLECTED}&section={REFLECTED}",
    f"/people/?q={REFLECTED}",
]
NOT_FOUND_PATH = f"/articles/{REFLECTED}/"


def test_a_story_full_of_script_opens_no_dialog_on_public_pages(browsing, poisoned):
    page = browsing.page()
    for path in PUBLIC_PATHS:
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("load")
    assert page.goto(NOT_FOUND_PATH).status == 404
    page.goto("/articles/poisoned/")
    # The payload is on the page, as text.
    assert "<script>alert(1)</script>" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("Escaped <script>alert(9)</script>").is_visible()
    assert browsing.dialogs == []


def test_a_story_full_of_script_opens_no_dialog_in_the_admin(browsing, poisoned):
    make_editor("eddie")
    admin = sign_in(browsing.context(), "eddie")
    change = f"/admin/articles/article/{poisoned.pk}/change/"
    admin.goto(change)
    # An editor saves the story with a payload typed into the headline.
    admin.get_by_role("textbox", name="Headline:", exact=True).fill(
        "Storm " + PAYLOADS[5] + " " + PAYLOADS[0]
    )
    admin.get_by_role("button", name="Save and continue editing").click()
    assert PAYLOADS[5] in admin.locator(".messagelist .success").inner_text()
    for path in [
        change,
        "/admin/articles/article/",
        f"/admin/articles/article/?q={REFLECTED}",
        f"/admin/articles/article/{poisoned.pk}/history/",
        f"/admin/articles/article/{poisoned.pk}/revisions/",
        f"/admin/articles/article/{poisoned.pk}/preview/",
        f"/admin/articles/image/{poisoned.lead_image_id}/change/",
        "/admin/articles/image/",
        "/admin/people/person/",
        "/admin/tags/tag/",
    ]:
        assert admin.goto(path).status == 200, path
        admin.wait_for_load_state("load")
    assert browsing.dialogs == []


def test_the_dialog_recorder_notices_an_alert(browsing):
    """The two tests above can fail: a dialog on any page is recorded."""
    page = browsing.page()
    page.goto("/")
    page.evaluate("() => alert('probe')")
    assert browsing.dialogs and "probe" in browsing.dialogs[0]
    browsing.dialogs.clear()
