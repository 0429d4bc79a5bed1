import io

import pytest
from PIL import Image as PILImage

from people.models import Person
from tests.factories import make_person
from tests.image_files import BAD_FILES, GPS_TAG, jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def person_form(person: Person | None = None, **changes) -> dict:
    data = {
        "name": person.name if person else "Ana Lima",
        "slug": person.slug if person else "ana-lima",
        "honorific": "",
        "bio": "",
        "photo": "",
        "sort_name": "",
        "user": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_portrait_is_stored_without_comment_or_gps(editor_client):
    data = jpeg_bytes((600, 800), gps=True, comment=b"secret source: the neighbour")
    response = editor_client.post("/admin/people/person/add/", person_form(photo=upload(data)))
    assert response.status_code == 302, response.content.decode()[:2000]
    raw = Person.objects.get(slug="ana-lima").photo.read()
    assert b"secret source" not in raw
    with PILImage.open(io.BytesIO(raw)) as picture:
        assert "comment" not in picture.info
        assert GPS_TAG not in picture.getexif()


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_uploaded_as_a_new_portrait_gets_a_form_error(editor_client, kind):
    name, make = BAD_FILES[kind]
    response = editor_client.post(
        "/admin/people/person/add/", person_form(photo=upload(make(), name))
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Person.objects.filter(slug="ana-lima").exists()


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_uploaded_as_a_portrait_of_an_existing_person_gets_a_form_error(
    editor_client, kind
):
    person = make_person("Rui Costa")
    name, make = BAD_FILES[kind]
    response = editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        person_form(person, photo=upload(make(), name)),
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    person.refresh_from_db()
    assert not person.photo


def test_existing_person_with_a_portrait_can_be_edited(editor_client):
    person = make_person("Rui Costa")
    editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        person_form(person, photo=upload(jpeg_bytes((300, 400)))),
    )
    person.refresh_from_db()
    assert person.photo
    response = editor_client.post(
        f"/admin/people/person/{person.pk}/change/", person_form(person, bio="Mayor since 2021.")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.bio == "Mayor since 2021." and person.photo


def test_person_whose_portrait_file_is_missing_gets_a_form_error_not_a_500(editor_client):
    person = make_person("Rui Costa")
    editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        person_form(person, photo=upload(jpeg_bytes((300, 400)))),
    )
    person.refresh_from_db()
    person.photo.storage.delete(person.photo.name)
    response = editor_client.post(
        f"/admin/people/person/{person.pk}/change/", person_form(person, bio="Mayor.")
    )
    assert response.status_code == 200
    assert "The stored file of this picture is missing" in response.content.decode()
    response = editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        person_form(person, bio="Mayor.", **{"photo-clear": "on"}),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.bio == "Mayor." and not person.photo


# --- Renditions, pages, bylines, structured data, import --------------------------------


def portrait_person(name="Ana Lima", **fields) -> Person:
    from people.services import store_portrait

    person = make_person(name, **fields)
    store_portrait(person=person, upload=upload(jpeg_bytes((600, 800))))
    person.save()
    return person


def test_uploaded_portrait_gets_square_renditions(editor_client):
    response = editor_client.post(
        "/admin/people/person/add/", person_form(photo=upload(jpeg_bytes((600, 800))))
    )
    assert response.status_code == 302
    person = Person.objects.get(slug="ana-lima")
    assert [(r["width"], r["height"]) for r in person.photo_renditions] == [
        (64, 64),
        (160, 160),
        (320, 320),
        (600, 600),
    ]


def test_person_page_shows_square_renditions_not_the_original(client):
    from tests.factories import make_article

    person = portrait_person()
    article = make_article()
    article.mentions.create(person=person, count=1)
    html = client.get(person.get_absolute_url()).content.decode()
    assert person.photo.url not in html
    assert 'width="160" height="160"' in html and " 320w" in html


def test_article_byline_and_author_page_show_the_authors_portrait(client):
    import json
    import re

    from tests.factories import make_article

    author = portrait_person("Amina Odhiambo")
    article = make_article(authors=(author,))
    html = client.get(article.get_absolute_url()).content.decode()
    byline = re.search(r'<p class="meta byline">.*?</p>', html, re.S).group(0)
    assert 'class="portrait byline-portrait"' in byline and 'width="32"' in byline
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["author"][0]["image"].endswith(author.portrait_url(640))
    author_page = client.get(f"/authors/{author.slug}/").content.decode()
    assert 'class="portrait"' in author_page


def test_import_people_stores_a_portrait_from_a_local_file(tmp_path):
    from django.core.management import call_command

    (tmp_path / "ana.jpg").write_bytes(jpeg_bytes((500, 700), gps=True))
    (tmp_path / "people.csv").write_text("name,role,photo\nAna Lima,Mayor,ana.jpg\n")
    call_command("import_people", str(tmp_path / "people.csv"), verbosity=0)
    person = Person.objects.get(name="Ana Lima")
    assert person.photo and person.photo_renditions
    with PILImage.open(person.photo) as picture:
        assert GPS_TAG not in picture.getexif()


def test_import_people_refuses_a_photo_address_on_the_web_and_a_missing_file(tmp_path):
    from django.core.management import CommandError, call_command

    (tmp_path / "people.csv").write_text(
        "name,photo\nAna Lima,https://example.org/ana.jpg\nRui Costa,missing.jpg\n"
    )
    with pytest.raises(CommandError, match="2 failed"):
        call_command("import_people", str(tmp_path / "people.csv"), verbosity=0)
    assert not Person.objects.filter(name__in=["Ana Lima", "Rui Costa"]).exists()
