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
