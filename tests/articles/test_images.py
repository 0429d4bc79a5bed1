import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.models import Image
from newsroom.images import inspect_image
from tests.factories import make_draft

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(800, 600), *, gps=False) -> bytes:
    image = PILImage.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    exif = PILImage.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (1.0, 17.0, 0.0), 3: "E", 4: (36.0, 49.0, 0.0)}
        exif[0x010F] = "TestCam"
    image.save(out, "JPEG", exif=exif.tobytes() if gps else b"")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


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
    assert PILImage.open(io.BytesIO(data)).getexif().get(0x8825)
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
    assert 0x8825 not in stored.getexif()
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
