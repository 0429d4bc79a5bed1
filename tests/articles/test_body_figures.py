"""Photos and galleries in the body: stored as references to library photos, cleaned to
exactly one shape, rendered from the photo as it is now, checked before publishing."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Image
from articles.services import store_uploaded_image
from articles.text_format import sanitize_html
from tests.factories import make_article, make_draft, make_photo, make_reporter
from tests.image_files import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def figure(image_id, size="inline") -> str:
    return f'<figure data-image="{image_id}" data-size="{size}"></figure>'


# --- The sanitiser ----------------------------------------------------------------------


def test_a_photo_figure_survives_cleaning_exactly():
    body = f"<p>Before.</p>{figure(12, 'wide')}<p>After.</p>"
    assert sanitize_html(body) == body


def test_a_gallery_survives_cleaning_in_its_order():
    body = '<figure class="gallery" data-images="3,1,2"></figure>'
    assert sanitize_html(body) == body


def test_a_crafted_figure_loses_everything_but_its_reference():
    crafted = (
        '<figure data-image="12" onerror="alert(1)" src="https://evil.example/x.js" '
        'style="position:fixed" data-size="huge" id="x">'
        '<img src="https://evil.example/a.png" onerror="alert(2)">'
        "<figcaption>Injected <script>alert(3)</script></figcaption></figure>"
    )
    assert sanitize_html(crafted) == figure(12, "inline")


def test_a_figure_without_a_valid_photo_id_is_removed():
    body = '<figure data-image="javascript:alert(1)"></figure><figure></figure><p>Kept.</p>'
    assert sanitize_html(body) == "<p>Kept.</p>"


def test_a_figure_inside_an_attribute_is_text_not_a_figure():
    body = '<p><a href="https://example.org" title="<figure data-image=1>">x</a></p>'
    assert "<figure" not in sanitize_html(body)


def test_every_save_path_cleans_figures_and_lists_their_photos():
    article = make_draft(body='<figure data-image="7" onclick="x()"></figure>')
    article.body += '<figure class="gallery" data-images="8, 9, 7"></figure>'
    article.save()
    article.refresh_from_db()
    assert article.body == figure(7) + '<figure class="gallery" data-images="8,9,7"></figure>'
    assert article.body_image_ids == [7, 8, 9]


# --- The article page --------------------------------------------------------------------


def test_a_body_photo_renders_with_renditions_size_and_lazy_loading(client):
    photo = make_photo(caption="Fishing boats at dawn.", credit="Jane Doe/Newsroom")
    article = make_article(body=f"<p>Text.</p>{figure(photo.pk, 'wide')}")
    html = client.get(article.get_absolute_url()).content.decode()
    tag = re.search(r'<figure class="figure figure-wide">.*?</figure>', html, re.S).group(0)
    assert 'srcset="' in tag and " 320w" in tag and 'sizes="' in tag
    assert f'width="{photo.width}" height="{photo.height}"' in tag
    assert 'loading="lazy"' in tag
    assert 'alt="Boats in the harbour at dawn"' in tag
    assert "<figcaption>Fishing boats at dawn." in tag and "Jane Doe/Newsroom" in tag


def test_a_gallery_renders_as_a_list_of_figures_in_order(client):
    first, second = make_photo(caption="First."), make_photo(caption="Second.")
    article = make_article(
        body=f'<figure class="gallery" data-images="{second.pk},{first.pk}"></figure>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    gallery = re.search(r'<ul class="gallery"[^>]*>.*?</ul>', html, re.S).group(0)
    assert 'aria-label="Photo gallery, 2 photos"' in gallery
    assert gallery.count("<li><figure>") == 2
    assert gallery.index("Second.") < gallery.index("First.")


def test_a_figure_whose_photo_was_deleted_renders_nothing(client):
    photo = make_photo()
    article = make_article(body=f"<p>Text.</p>{figure(photo.pk)}")
    photo.delete()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert (
        "<figure" not in response.content.decode().split('class="story-body"')[1].split("</div>")[0]
    )


def test_replacing_a_photo_file_changes_every_story_using_it(client):
    photo = make_photo()
    stories = [make_article(body=figure(photo.pk)), make_article(lead_image=None)]
    stories[1].body = f"<p>Also.</p>{figure(photo.pk, 'full')}"
    stories[1].save()
    before = [client.get(s.get_absolute_url()).content.decode() for s in stories]
    old_path = photo.renditions[0]["path"]
    assert all(old_path in page for page in before)
    store_uploaded_image(image=photo, upload=upload(jpeg_bytes((1200, 900))))
    after = [client.get(s.get_absolute_url()).content.decode() for s in stories]
    new_path = Image.objects.get(pk=photo.pk).renditions[0]["path"]
    assert all(old_path not in page and new_path in page for page in after)


def test_article_page_with_ten_figures_loads_their_photos_in_one_query(client):
    def count(article):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    one = make_article(body=figure(make_photo().pk))
    photos = [make_photo() for _ in range(10)]
    ten = make_article(
        body="".join(figure(p.pk) for p in photos[:5])
        + (
            '<figure class="gallery" data-images="'
            + ",".join(str(p.pk) for p in photos[5:])
            + '"></figure>'
        )
    )
    assert count(ten) == count(one)


# --- Checks before publishing, where used, who sees the photo ----------------------------


def test_a_body_photo_without_alt_text_blocks_publishing():
    photo = make_photo(alt_text="")
    article = make_draft(body=f"<p>Text.</p>{figure(photo.pk)}")
    problems = [p for p in article.publishing_problems() if p.blocking]
    assert any("alt text" in p.message and p.field == "body" for p in problems)


def test_a_body_photo_deleted_from_the_library_blocks_publishing():
    photo = make_photo()
    article = make_draft(body=f"<p>Text.</p>{figure(photo.pk)}")
    photo.delete()
    assert any("no longer in the library" in p.message for p in article.publishing_problems())


def test_where_used_lists_stories_using_the_photo_in_their_body(editor_client):
    photo = make_photo()
    article = make_draft(headline="Harbour reopens", body=figure(photo.pk))
    response = editor_client.get(f"/admin/articles/image/{photo.pk}/change/")
    assert f"/admin/articles/article/{article.pk}/change/" in response.content.decode()


def test_reporter_cannot_see_a_photo_only_a_colleagues_draft_body_uses(reporter):
    photo = make_photo()
    make_draft(body=figure(photo.pk), created_by=make_reporter())
    assert not Image.objects.visible_to(reporter).filter(pk=photo.pk).exists()


def test_reporter_cannot_change_a_photo_a_live_story_shows_in_its_body(reporter_client, reporter):
    photo = make_photo()
    photo.uploaded_by = reporter
    photo.save()
    make_article(body=figure(photo.pk))
    response = reporter_client.post(
        f"/admin/articles/image/{photo.pk}/change/",
        {"alt_text": "Changed", "caption": "", "credit": "", "source": ""},
    )
    assert response.status_code == 403
    assert Image.objects.get(pk=photo.pk).alt_text != "Changed"


# --- The editor's photo picker -------------------------------------------------------------


def test_photo_picker_finds_library_photos_by_their_words_with_thumbnails(editor_client):
    wanted = make_photo(caption="Dhow races off Lamu")
    make_photo(caption="Parliament in session")
    response = editor_client.get("/admin/articles/image/picker/?q=dhow")
    results = response.json()["results"]
    assert [r["id"] for r in results] == [wanted.pk]
    assert results[0]["thumbnail"].endswith(".jpg") and results[0]["alt"]


def test_reporter_photo_picker_leaves_out_a_photo_only_a_colleagues_draft_uses(reporter_client):
    hidden = make_photo(caption="Secret summit venue")
    make_draft(body=figure(hidden.pk), created_by=make_reporter())
    by_words = reporter_client.get("/admin/articles/image/picker/?q=summit").json()
    by_id = reporter_client.get(f"/admin/articles/image/picker/?ids={hidden.pk}").json()
    assert by_words["results"] == [] and by_id["results"] == []


def test_body_editor_offers_the_figure_extension_with_the_picker_address(editor_client):
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    assert "js/prose_figure" in html and "NewsroomFigure" in html
    assert "/admin/articles/image/picker/" in html


def test_a_photo_a_story_shows_in_its_body_cannot_be_deleted(editor_client):
    photo = make_photo()
    make_article(headline="Harbour reopens", body=figure(photo.pk))
    response = editor_client.post(f"/admin/articles/image/{photo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "Harbour reopens (shows it in its body)" in response.content.decode()
    assert Image.objects.filter(pk=photo.pk).exists()
