"""Who may change a library photo, and the reporter's copy-on-write for the others."""

import pytest

from articles.models import Image
from articles.services import store_uploaded_image
from tests.factories import make_article, make_draft, make_reporter, make_scheduled
from tests.image_files import jpeg_bytes, photo_form, png_bytes, upload

pytestmark = pytest.mark.django_db


def make_photo(**words) -> Image:
    words.setdefault("alt_text", "Boats in the harbour")
    words.setdefault("caption", "The harbour")
    words.setdefault("credit", "Jane Doe/Newsroom")
    return store_uploaded_image(image=Image(**words), upload=upload(jpeg_bytes((700, 500))))


def change_url(image: Image) -> str:
    return f"/admin/articles/image/{image.pk}/change/"


def new_version_url(image: Image) -> str:
    return f"/admin/articles/image/{image.pk}/new-version/"


def test_reporter_cannot_change_the_photo_of_a_live_story(reporter_client, reporter):
    image = make_photo()
    make_article(lead_image=image, created_by=reporter)
    response = reporter_client.post(
        change_url(image), photo_form(image, alt_text="Vandalised", caption="Vandalised")
    )
    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.alt_text, image.caption) == ("Boats in the harbour", "The harbour")


def test_reporter_cannot_replace_the_file_of_a_live_story_photo(reporter_client):
    image = make_photo()
    make_article(lead_image=image)
    stored_name = image.file.name
    response = reporter_client.post(
        change_url(image), photo_form(image, file=upload(png_bytes(), "other.png"))
    )
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.file.name == stored_name


@pytest.mark.parametrize("make_story", [make_scheduled, make_draft])
def test_reporter_cannot_change_a_photo_of_a_scheduled_or_colleagues_story(
    reporter_client, make_story
):
    image = make_photo()
    make_story(lead_image=image, created_by=make_reporter("colleague"))
    response = reporter_client.post(change_url(image), photo_form(image, caption="Changed"))
    # A photo only a colleague's unpublished story uses is hidden from the reporter, as the
    # story is: it answers as if it did not exist.
    assert response.status_code == 404
    image.refresh_from_db()
    assert image.caption == "The harbour"


def test_reporter_sees_a_live_story_photo_read_only_with_the_new_version_offer(reporter_client):
    image = make_photo()
    make_article(lead_image=image)
    response = reporter_client.get(change_url(image))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="caption"' not in page
    assert "Use a new version of this photo in my draft" in page
    assert new_version_url(image) in page


def test_editor_can_change_the_photo_of_a_live_story(editor_client):
    image = make_photo()
    make_article(lead_image=image)
    response = editor_client.post(change_url(image), photo_form(image, caption="Corrected"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "Corrected"


def test_reporter_can_change_a_photo_used_only_by_their_own_draft(reporter_client, reporter):
    image = make_photo(alt_text="")
    make_draft(lead_image=image, created_by=reporter)
    response = reporter_client.post(
        change_url(image), photo_form(image, alt_text="Boats at dawn", caption="Dawn")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert (image.alt_text, image.caption) == ("Boats at dawn", "Dawn")


def test_reporter_can_change_an_unused_photo(reporter_client):
    image = make_photo()
    response = reporter_client.post(change_url(image), photo_form(image, caption="Dawn"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "Dawn"


def test_reporter_gets_no_new_version_offer_on_a_photo_they_may_change(reporter_client):
    image = make_photo()
    response = reporter_client.get(change_url(image))
    assert "Use a new version of this photo" not in response.content.decode()


def test_editor_can_delete_an_unused_photo_but_not_one_a_story_uses(
    editor_client,
):
    used = make_photo()
    make_article(lead_image=used)
    unused = make_photo()
    editor_client.post(f"/admin/articles/image/{unused.pk}/delete/", {"post": "yes"})
    editor_client.post(f"/admin/articles/image/{used.pk}/delete/", {"post": "yes"})
    assert not Image.objects.filter(pk=unused.pk).exists()
    assert Image.objects.filter(pk=used.pk).exists()  # the live story protects it


def test_reporter_makes_a_new_version_of_a_live_story_photo_for_their_draft(
    reporter_client, reporter
):
    image = make_photo(source="Agency, licensed")
    live = make_article(lead_image=image)
    draft = make_draft(created_by=reporter)
    form = reporter_client.get(new_version_url(image))
    assert form.status_code == 200
    assert draft.headline in form.content.decode()

    response = reporter_client.post(new_version_url(image), {"article": draft.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{draft.pk}/change/"
    draft.refresh_from_db()
    copy = draft.lead_image
    assert copy.pk != image.pk
    assert (copy.alt_text, copy.caption, copy.credit, copy.source) == (
        image.alt_text,
        image.caption,
        image.credit,
        image.source,
    )
    assert copy.file.name != image.file.name
    assert copy.file.read() == image.file.read()  # the same picture, stored again
    assert copy.renditions and all(r["path"] not in str(image.renditions) for r in copy.renditions)
    assert copy.uploaded_by == reporter
    assert draft.history.first().history_change_reason.startswith("Lead image")
    live.refresh_from_db()
    assert live.lead_image_id == image.pk

    # The copy is theirs to change; the original is untouched.
    response = reporter_client.post(change_url(copy), photo_form(copy, caption="My crop"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "The harbour"


def test_reporter_makes_a_new_version_without_choosing_a_story(reporter_client):
    image = make_photo()
    make_article(lead_image=image)
    response = reporter_client.post(new_version_url(image), {"article": ""})
    copy = Image.objects.exclude(pk=image.pk).get()
    assert response["Location"] == change_url(copy)
    assert copy.caption == image.caption


def test_reporter_cannot_put_a_new_version_in_a_colleagues_draft_or_a_live_story(
    reporter_client, reporter
):
    image = make_photo()
    colleague_draft = make_draft(created_by=make_reporter("colleague"))
    own_live = make_article(created_by=reporter)
    for story in (colleague_draft, own_live):
        response = reporter_client.post(new_version_url(image), {"article": story.pk})
        assert response.status_code == 200  # the form refuses the choice
        assert "Select a valid choice" in response.content.decode()
        story.refresh_from_db()
        assert story.lead_image_id is None
    assert Image.objects.count() == 1


def test_reader_cannot_reach_the_new_version_page(client):
    image = make_photo()
    response = client.post(new_version_url(image), {"article": ""})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Image.objects.count() == 1
