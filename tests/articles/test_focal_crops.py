"""Focal points, the crops made around them, and the social cards made from those crops."""

import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from articles.models import Image
from newsroom.images import CROPS, crop_box
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ratio", [r for r, _ in CROPS.values()])
@pytest.mark.parametrize("focal", [(0.0, 0.0), (0.05, 0.9), (0.5, 0.5), (0.97, 0.1), (1.0, 1.0)])
@pytest.mark.parametrize("size", [(4000, 1000), (1000, 4000), (1600, 1200)])
def test_focal_crops_keep_the_point_inside(ratio, focal, size):
    width, height = size
    left, top, right, bottom = crop_box(width, height, ratio, focal)
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert left <= focal[0] * width <= right and top <= focal[1] * height <= bottom
    assert abs((right - left) / (bottom - top) - ratio[0] / ratio[1]) < 0.01


def red_dot_photo(focal: tuple[float, float]) -> Image:
    """A grey 2400x1200 photo with a red square at the focal point, near its edge."""
    from articles.services import store_uploaded_image
    from tests.image_files import upload

    picture = PILImage.new("RGB", (2400, 1200), (128, 128, 128))
    x, y = int(focal[0] * 2400), int(focal[1] * 1200)
    picture.paste((255, 0, 0), (x - 30, y - 30, x + 30, y + 30))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95)
    image = Image(alt_text="A red dot", focal_x=focal[0], focal_y=focal[1])
    return store_uploaded_image(image=image, upload=upload(out.getvalue()))


def has_red(path: str) -> bool:
    with default_storage.open(path) as stored, PILImage.open(stored) as picture:
        colours = picture.convert("RGB").getcolors(1 << 24)
    return any(r > 200 and g < 60 and b < 60 for _count, (r, g, b) in colours)


def test_every_crop_of_a_photo_shows_its_focal_point():
    image = red_dot_photo((0.92, 0.2))
    assert set(image.crops) == set(CROPS)
    for ratio, made in image.crops.items():
        assert made and all(has_red(rendition["path"]) for rendition in made), ratio


def test_moving_the_focal_point_in_the_admin_makes_the_crops_again(editor_client):
    image = red_dot_photo((0.5, 0.5))
    old = image.crops["1:1"][-1]["path"]
    response = editor_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {
            "alt_text": "A red dot",
            "caption": "",
            "credit": "",
            "source": "",
            "focal_x": "0.05",
            "focal_y": "0.9",
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.05, 0.9)
    assert image.crops["1:1"][-1]["path"] != old


def test_a_focal_point_outside_the_picture_is_refused(editor_client):
    image = make_photo()
    response = editor_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {
            "alt_text": "x",
            "caption": "",
            "credit": "",
            "source": "",
            "focal_x": "1.5",
            "focal_y": "-1",
        },
    )
    assert response.status_code == 200
    assert "less than or equal to 1.0" in response.content.decode()


def test_article_social_card_is_1200_by_630_around_the_focal_point(client):
    image = red_dot_photo((0.9, 0.15))
    article = make_article(lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    url = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert re.search(rf'<meta name="twitter:image" content="{re.escape(url)}"', html)
    path = image.crops["social"][-1]["path"]
    assert url.endswith(default_storage.url(path))
    with default_storage.open(path) as stored, PILImage.open(stored) as picture:
        assert picture.size == (1200, 630)
    assert has_red(path)


def test_article_json_ld_lists_the_lead_image_in_three_ratios_1200_wide(client):
    image = red_dot_photo((0.3, 0.6))
    article = make_article(lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    data = json.loads(block)
    assert len(data["image"]) == 3
    for url, ratio in zip(data["image"], ("16:9", "4:3", "1:1"), strict=True):
        rendition = image.crops[ratio][-1]
        assert url.endswith(default_storage.url(rendition["path"]))
        assert rendition["width"] == 1200
