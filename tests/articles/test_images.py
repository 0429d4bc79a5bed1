import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageFile

from articles.models import Image
from articles.services import store_uploaded_image
from newsroom.images import inspect_image
from tests.factories import make_draft
from tests.image_files import BAD_FILES, GPS_TAG, jpeg_bytes, photo_form, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_real_jpeg_is_accepted():
    result = inspect_image(upload(jpeg_bytes()))
    assert (result.format, result.width, result.height) == ("JPEG", 800, 600)


def test_oversized_file_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="the limit is"):
        inspect_image(upload(jpeg_bytes()))


def test_fake_image_is_refused():
    with pytest.raises(ValidationError, match="not an image"):
        inspect_image(upload(b"GIF89a but really just some text pretending" * 10, "x.jpg"))


def test_decompression_bomb_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    # A small file that claims a huge canvas: 4000 x 4000 pixels of one colour.
    out = io.BytesIO()
    PILImage.new("L", (4000, 4000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError, match="megapixels"):
        inspect_image(upload(out.getvalue(), "bomb.png", "image/png"))


def test_svg_is_refused_even_with_an_image_name():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
    with pytest.raises(ValidationError, match="SVG"):
        inspect_image(upload(svg, "innocent.jpg"))


def test_gif_is_refused():
    out = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(ValidationError, match="GIF images are not accepted"):
        inspect_image(upload(out.getvalue(), "a.gif", "image/gif"))


def test_uploaded_photo_loses_gps_gets_a_generated_name_and_renditions(editor_client):
    data = jpeg_bytes((1400, 900), gps=True)
    assert PILImage.open(io.BytesIO(data)).getexif().get(GPS_TAG)
    response = editor_client.post(
        "/admin/articles/image/add/",
        {
            "file": upload(data, "../../etc/my holiday.jpg"),
            "alt_text": "A red square",
            "caption": "Red",
            "credit": "Test Desk",
            "source": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert "holiday" not in image.file.name and image.file.name.endswith(".jpg")
    stored = PILImage.open(image.file.path)
    assert GPS_TAG not in stored.getexif()
    assert (image.width, image.height) == (1400, 900)
    widths = sorted({r["width"] for r in image.renditions})
    assert widths == [320, 640, 960, 1280, 1400]
    assert {r["type"] for r in image.renditions} == {"image/webp", "image/jpeg"}


def test_article_with_a_lead_image_without_alt_text_cannot_be_published(editor_client):
    from tests.articles.admin_helpers import article_form_data

    image = Image.objects.create(file=upload(jpeg_bytes()), alt_text="")
    article = make_draft(lead_image=image)
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, _workflow="publish"),
    )
    assert response.status_code == 200
    assert "Add alt text to the lead image before publishing" in response.content.decode()
    article.refresh_from_db()
    assert not article.is_live


# --- Editing a photo already in the library ---------------------------------------------------


def uploaded_photo() -> Image:
    """A photo as the admin upload and `load_demo` store it."""
    image = Image(caption="Harbour", credit="Desk")
    return store_uploaded_image(image=image, upload=upload(jpeg_bytes((1000, 700))))


def created_photo() -> Image:
    """A photo saved straight from an upload, as the importer and older code did."""
    return Image.objects.create(file=upload(jpeg_bytes()), caption="Harbour", credit="Desk")


@pytest.mark.parametrize("make_photo", [uploaded_photo, created_photo])
def test_editor_can_change_the_words_of_an_existing_photo(editor_client, make_photo):
    image = make_photo()
    stored_name = image.file.name
    response = editor_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        photo_form(
            image,
            alt_text="Boats in the harbour at dawn",
            caption="The harbour at dawn",
            credit="Jane Doe/Newsroom",
            source="Newsroom, all rights reserved",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.alt_text == "Boats in the harbour at dawn"
    assert image.caption == "The harbour at dawn"
    assert image.credit == "Jane Doe/Newsroom"
    assert image.source == "Newsroom, all rights reserved"
    assert image.file.name == stored_name


def test_editor_can_replace_the_file_of_an_existing_photo(editor_client):
    image = uploaded_photo()
    old_name = image.file.name
    response = editor_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        photo_form(image, file=upload(png_bytes((900, 400)), "new.png", "image/png")),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.file.name != old_name and image.file.name.endswith(".png")
    assert (image.width, image.height) == (900, 400)
    assert PILImage.open(image.file.path).size == (900, 400)
    assert max(r["width"] for r in image.renditions) == 900


# --- Damaged and lying files --------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_uploaded_as_a_photo_gets_a_form_error(editor_client, kind):
    name, make = BAD_FILES[kind]
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"file": upload(make(), name), "alt_text": "x", "caption": "", "credit": "", "source": ""},
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_replacing_a_photo_gets_a_form_error_and_keeps_the_old_one(editor_client, kind):
    image = uploaded_photo()
    old_name = image.file.name
    name, make = BAD_FILES[kind]
    response = editor_client.post(
        f"/admin/articles/image/{image.pk}/change/", photo_form(image, file=upload(make(), name))
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == old_name


def test_truncated_jpeg_is_refused_as_damaged():
    name, make = BAD_FILES["truncated_jpeg"]
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        inspect_image(upload(make(), name))


def test_png_named_jpg_is_refused_with_its_real_kind():
    with pytest.raises(ValidationError, match=r"named \.jpg but is a PNG image"):
        inspect_image(upload(png_bytes(), "photo.jpg"))


def test_pixel_limit_is_checked_from_the_header_before_decoding(settings, monkeypatch):
    settings.IMAGE_MAX_PIXELS = 10_000
    data = png_bytes((200, 100))

    def no_decoding(self):
        raise AssertionError("decoded a picture that is too big")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(ValidationError, match="megapixels"):
        inspect_image(upload(data, "big.png", "image/png"))


# --- Metadata ---------------------------------------------------------------------------------


def test_stored_photo_has_no_jpeg_comment_exif_gps_or_xmp(editor_client):
    original = io.BytesIO()
    exif = PILImage.Exif()
    exif[GPS_TAG] = {1: "N", 2: (1.0, 17.0, 0.0)}
    PILImage.new("RGB", (400, 300), (10, 90, 30)).save(
        original,
        "JPEG",
        exif=exif.tobytes(),
        comment=b"secret source: Jane at the ministry",
        xmp=b"<x:xmpmeta>secret source</x:xmpmeta>",
    )
    data = original.getvalue()
    assert b"secret source" in data and b"\xff\xfe" in data  # a COM segment
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"file": upload(data), "alt_text": "A field", "caption": "", "credit": "", "source": ""},
    )
    assert response.status_code == 302
    stored = Image.objects.get()
    raw = stored.file.read()
    assert b"secret source" not in raw
    with PILImage.open(io.BytesIO(raw)) as picture:
        assert "comment" not in picture.info and "xmp" not in picture.info
        assert GPS_TAG not in picture.getexif()
    for rendition in stored.renditions:
        with stored.file.storage.open(rendition["path"]) as rendition_file:
            assert b"secret source" not in rendition_file.read()


def test_stored_png_has_no_text_chunks(editor_client):
    data = png_bytes(text={"Comment": "secret source", "Author": "Jane"})
    response = editor_client.post(
        "/admin/articles/image/add/",
        {
            "file": upload(data, "chart.png", "image/png"),
            "alt_text": "A chart",
            "caption": "",
            "credit": "",
            "source": "",
        },
    )
    assert response.status_code == 302
    raw = Image.objects.get().file.read()
    assert b"secret source" not in raw and b"tEXt" not in raw


def test_editor_can_change_a_demo_photo_from_load_demo(editor_client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    image = Image.objects.filter(lead_of_articles__isnull=False).first()
    response = editor_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        photo_form(image, alt_text="A harbour at dusk, drawn in two colours"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.alt_text == "A harbour at dusk, drawn in two colours"


def test_renditions_of_a_wide_photo_stop_at_the_widest_rendition_width():
    image = store_uploaded_image(image=Image(), upload=upload(jpeg_bytes((2600, 400))))
    assert sorted({r["width"] for r in image.renditions}) == [320, 640, 960, 1280, 1920]
    widest = image.renditions[-1]
    assert (widest["width"], widest["height"]) == (1920, 295)
    with image.file.storage.open(widest["path"]) as stored:
        assert PILImage.open(stored).size == (1920, 295)


def test_photo_list_and_form_show_renditions_not_the_original(editor_client):
    image = store_uploaded_image(image=Image(), upload=upload(jpeg_bytes((3000, 2000))))
    original_url = image.file.url
    listing = editor_client.get("/admin/articles/image/").content.decode()
    form = editor_client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert f'src="{original_url}"' not in listing and f'src="{original_url}"' not in form
    assert "-320.jpg" in listing and "-640.jpg" in form
