"""The people admin: aliases typed by hand, shared aliases, names cleaned on save."""

import pytest

from people.models import Person, PersonAlias
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def person_form_data(person: Person | None = None, aliases: list[str] = (), **overrides) -> dict:
    """The person change form as a browser posts it, with ``aliases`` as new inline rows."""
    existing = list(person.aliases.all()) if person else []
    data = {
        "name": person.name if person else "New Person",
        "slug": person.slug if person else "new-person",
        "honorific": person.honorific if person else "",
        "bio": person.bio if person else "",
        "sort_name": person.sort_name if person else "",
        "user": "",
        "aliases-TOTAL_FORMS": str(len(existing) + len(aliases)),
        "aliases-INITIAL_FORMS": str(len(existing)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for index, alias in enumerate(existing):
        data[f"aliases-{index}-id"] = str(alias.pk)
        data[f"aliases-{index}-person"] = str(person.pk)
        data[f"aliases-{index}-text"] = alias.text
    for index, text in enumerate(aliases, start=len(existing)):
        data[f"aliases-{index}-person"] = str(person.pk) if person else ""
        data[f"aliases-{index}-text"] = text
    data.update(overrides)
    return data


def test_editor_adds_an_alias_someone_else_holds_and_both_keep_it(editor_client):
    astrid = make_person("Astrid Young", aliases=("A. Young",))
    adam = make_person("Adam Young")
    response = editor_client.post(
        f"/admin/people/person/{adam.pk}/change/", person_form_data(adam, ["A. Young"])
    )
    assert response.status_code == 302, response.context["errors"]
    assert list(adam.aliases.values_list("text", flat=True)) == ["A. Young"]
    assert list(astrid.aliases.values_list("text", flat=True)) == ["A. Young"]


def test_person_change_page_says_who_shares_an_alias(editor_client):
    astrid = make_person("Astrid Young", aliases=("A. Young", "Tiddy"))
    make_person("Adam Young", aliases=("a. young",))
    page = editor_client.get(f"/admin/people/person/{astrid.pk}/change/").content.decode()
    assert "shared with <a" in page
    assert ">Adam Young</a>: linked only after a story names one of them" in page
    assert page.count("shared with") == 1  # "Tiddy" is Astrid's alone


def test_people_list_filters_people_with_shared_aliases(editor_client):
    make_person("Astrid Young", aliases=("A. Young",))
    make_person("Adam Young", aliases=("A. Young",))
    make_person("Bob Otieno", aliases=("B. Otieno",))
    page = editor_client.get("/admin/people/person/?aliases=shared").content.decode()
    assert "Astrid Young" in page and "Adam Young" in page
    assert "Bob Otieno" not in page


def test_editor_cannot_give_one_person_the_same_alias_twice(editor_client):
    astrid = make_person("Astrid Young", aliases=("A. Young",))
    response = editor_client.post(
        f"/admin/people/person/{astrid.pk}/change/", person_form_data(astrid, ["a. young"])
    )
    assert response.status_code == 200
    assert "The alias &#x27;a. young&#x27; is listed twice." in response.content.decode()
    assert astrid.aliases.count() == 1


def test_the_same_new_alias_twice_in_one_save_is_a_form_error_not_a_500(editor_client):
    response = editor_client.post(
        "/admin/people/person/add/", person_form_data(aliases=["Uhuru", "UHURU"])
    )
    assert response.status_code == 200
    assert "The alias &#x27;UHURU&#x27; is listed twice." in response.content.decode()
    assert not Person.objects.exists()


def test_admin_strips_direction_marks_and_zero_width_characters_from_names(editor_client):
    response = editor_client.post(
        "/admin/people/person/add/",
        person_form_data(
            name="\u200eAstrid\u200d Young\u061c",
            slug="astrid-young",
            aliases=["\u2067A.\u200b Young\u2069"],
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.name, person.sort_name) == ("Astrid Young", "Young, Astrid")
    assert list(PersonAlias.objects.values_list("text", flat=True)) == ["A. Young"]


def test_a_name_or_alias_of_only_invisible_characters_is_refused_as_empty(editor_client):
    response = editor_client.post(
        "/admin/people/person/add/",
        person_form_data(name="\u200b\u200e\u2060", slug="x", aliases=["\ufeff\u200f"]),
    )
    assert response.status_code == 200
    assert response.content.decode().count("This field cannot be blank.") == 2
    assert not Person.objects.exists()
