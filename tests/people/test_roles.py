"""Roles over time: a story shows the role each person held on its date."""

import json
import re
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from people.models import Mention, Person, PersonRole
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

US = "Government of the United States"


def blinken() -> Person:
    return make_person(
        "Antony Blinken",
        slug="antony-blinken",
        honorific="Secretary",
        roles=(
            {
                "title": "Deputy Secretary of State",
                "organisation": "U.S. Department of State",
                "start": date(2015, 1, 9),
                "end": date(2017, 1, 20),
            },
            {
                "title": "Secretary of State",
                "organisation": "U.S. Department of State",
                "start": date(2021, 1, 26),
                "end": date(2025, 1, 20),
            },
            {"title": "Private citizen", "start": date(2025, 1, 21)},
        ),
    )


def trump() -> Person:
    return make_person(
        "Donald Trump",
        slug="donald-trump",
        roles=(
            {
                "title": "President",
                "organisation": US,
                "start": date(2017, 1, 20),
                "end": date(2021, 1, 20),
            },
            {"title": "President", "organisation": US, "start": date(2025, 1, 20)},
        ),
    )


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12))


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_role_on_picks_the_role_whose_dates_contain_the_day():
    person = blinken()
    assert person.role_on(date(2023, 6, 1)).title == "Secretary of State"
    assert person.role_on(date(2016, 6, 1)).title == "Deputy Secretary of State"


def test_role_on_between_roles_is_the_latest_role_before_the_day():
    person = trump()
    assert person.role_on(date(2023, 6, 1)).start == date(2017, 1, 20)


def test_role_on_before_any_role_is_the_current_one():
    person = trump()
    assert person.role_on(date(2001, 1, 1)).start == date(2025, 1, 20)


def test_role_on_without_a_date_is_the_role_held_now():
    assert blinken().role_on(None).title == "Private citizen"
    assert make_person("Nobody Known").role_on(None) is None


def test_a_role_cannot_end_before_it_starts():
    person = make_person("Amani Kibet")
    role = PersonRole(person=person, title="Mayor", start=date(2020, 1, 1), end=date(2019, 1, 1))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        role.full_clean()


def test_story_dated_2023_shows_the_role_held_then_in_byline_people_and_json_ld(client):
    author = make_person(
        "Amina Odhiambo",
        slug="amina-odhiambo",
        roles=(
            {"title": "Nairobi correspondent", "start": date(2019, 1, 1), "end": date(2024, 1, 1)},
            {"title": "Washington bureau chief", "start": date(2024, 1, 2)},
        ),
    )
    person = blinken()
    article = make_article(
        published_at=at(2023, 3, 1),
        authors=(author,),
        body="<p>Secretary of State Antony Blinken arrived on Friday.</p>",
    )
    Mention.objects.create(article=article, person=person, count=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="byline-role">, Nairobi correspondent</span>' in html
    assert "Washington bureau chief" not in html
    assert (
        'Antony Blinken</a><span class="meta">, Secretary of State, U.S. Department of State'
        in html
    )
    assert "Private citizen" not in html
    data = json_ld(html)
    assert data["author"][0]["jobTitle"] == "Nairobi correspondent"
    assert data["mentions"][0]["jobTitle"] == "Secretary of State"
    assert data["mentions"][0]["affiliation"] == {
        "@type": "Organization",
        "name": "U.S. Department of State",
    }


def test_a_story_today_shows_the_role_held_today(client):
    person = blinken()
    article = make_article(body="<p>Antony Blinken spoke.</p>")
    Mention.objects.create(article=article, person=person, count=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Private citizen" in html
    assert json_ld(html)["mentions"][0]["jobTitle"] == "Private citizen"


def test_article_page_loads_everyones_roles_in_one_query(client, django_assert_max_num_queries):
    """The page's queries do not grow with the number of people and roles on it."""

    def story_naming(people: int):
        article = make_article(body="<p>Text.</p>", authors=(author,))
        for n in range(people):
            person = make_person(roles=({"title": f"Role {n}", "start": date(2020, 1, 1)},))
            Mention.objects.create(article=article, person=person, count=1, first_position=n)
        return article

    author = blinken()
    small, large = story_naming(1), story_naming(8)
    cache.clear()
    with django_assert_max_num_queries(50) as few:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(few)):
        assert "Role 7" in client.get(large.get_absolute_url()).content.decode()


def test_person_page_lists_the_role_history_newest_first(client):
    person = blinken()
    make_article(body="<p>Antony Blinken spoke.</p>").mentions.create(person=person, count=1)
    html = client.get(person.get_absolute_url()).content.decode()
    history = html[html.index('class="role-history"') :]
    assert history.index("Private citizen") < history.index("Secretary of State, U.S.")
    assert (
        'Secretary of State, U.S. Department of State <span class="meta">(2021–2025)</span>'
        in history
    )
    assert "Deputy Secretary of State" in history


# --- import_people ------------------------------------------------------------------------


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_people_reads_a_dated_role_from_csv_columns(tmp_path):
    path = write(
        tmp_path,
        "people.csv",
        "name,role,organisation,role_start,role_end\n"
        "Joe Biden,President of the United States,Government of the United States,"
        "2021-01-20,2025-01-20\n",
    )
    call_command("import_people", path, verbosity=0)
    role = Person.objects.get().roles.get()
    assert (role.title, role.organisation, role.start, role.end) == (
        "President of the United States",
        US,
        date(2021, 1, 20),
        date(2025, 1, 20),
    )


def test_import_people_reads_a_json_list_of_roles_and_is_idempotent(tmp_path, capsys):
    row = {
        "name": "Donald Trump",
        "roles": [
            {"title": "President", "organisation": US, "start": "2017-01-20", "end": "2021-01-20"},
            {"title": "President", "organisation": US, "start": "2025-01-20"},
        ],
    }
    path = write(tmp_path, "people.jsonl", json.dumps(row))
    call_command("import_people", path)
    call_command("import_people", path)
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in capsys.readouterr().out
    person = Person.objects.get()
    assert [r.start for r in person.roles.all()] == [date(2017, 1, 20), date(2025, 1, 20)]
    assert person.role_on(date(2019, 5, 5)).end == date(2021, 1, 20)


def test_import_people_reads_roles_json_in_a_csv_cell(tmp_path):
    roles = json.dumps([{"title": "Deputy President of Kenya", "start": "2013-04-09"}])
    path = write(
        tmp_path, "people.csv", 'name,roles\nWilliam Ruto,"' + roles.replace('"', '""') + '"\n'
    )
    call_command("import_people", path, verbosity=0)
    assert Person.objects.get().roles.get().start == date(2013, 4, 9)


def test_import_people_reports_a_bad_role_date_per_row_and_keeps_the_good_rows(tmp_path, capsys):
    rows = [
        {"name": "Good Person", "roles": [{"title": "Mayor", "start": "2020-01-01"}]},
        {"name": "Bad Person", "roles": [{"title": "Mayor", "start": "20/01/2021"}]},
        {"name": "Worse Person", "role": "Mayor", "role_end": "2019-02-30"},
        {
            "name": "Backwards Person",
            "roles": [{"title": "Mayor", "start": "2021-01-01", "end": "2020-01-01"}],
        },
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(json.dumps(r) for r in rows))
    with pytest.raises(CommandError, match="1 created, 0 updated, 0 unchanged, 3 failed"):
        call_command("import_people", path, verbosity=0)
    errors = capsys.readouterr().err
    assert "row 2: role 1 start: '20/01/2021' is not a date (write it as YYYY-MM-DD)" in errors
    assert "row 3: role end: '2019-02-30' is not a date" in errors
    assert "row 4: role 1: ends (2020-01-01) before it starts (2021-01-01)" in errors
    assert list(Person.objects.values_list("name", flat=True)) == ["Good Person"]


def test_import_row_without_roles_leaves_existing_roles_alone(tmp_path):
    person = blinken()
    path = write(
        tmp_path, "people.jsonl", json.dumps({"name": "Antony Blinken", "bio": "Diplomat."})
    )
    call_command("import_people", path, verbosity=0)
    assert person.roles.count() == 3


# --- the demo directory, export and restore ----------------------------------------------


def test_demo_directory_has_dated_role_histories(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    ruto = Person.objects.get(slug="william-ruto")
    assert ruto.role_on(date(2015, 1, 1)).title == "Deputy President of Kenya"
    assert ruto.role_on(date(2023, 1, 1)).title == "President of Kenya"
    trump = Person.objects.get(slug="donald-trump")
    assert trump.role_on(date(2024, 12, 1)).title == "President-elect of the United States"
    assert trump.role_on(date(2025, 6, 1)).start == date(2025, 1, 20)
    blinken = Person.objects.get(slug="antony-blinken")
    assert blinken.role_on(date(2023, 1, 1)).start == date(2021, 1, 26)
    assert Person.objects.get(slug="amina-odhiambo").role_on(None).title == "Nairobi correspondent"


def test_full_export_and_restore_keep_dated_roles(tmp_path):
    from tests.articles.test_round_trip import empty_the_newsroom, export_full, restore

    make_article(authors=(blinken(),))
    first = export_full()
    assert '"start": "2021-01-26"' in first
    path = tmp_path / "backup.jsonl"
    path.write_text(first, encoding="utf-8")
    empty_the_newsroom()
    restore(path)
    person = Person.objects.get(slug="antony-blinken")
    assert [(r.title, r.start, r.end) for r in person.roles.all()] == [
        ("Deputy Secretary of State", date(2015, 1, 9), date(2017, 1, 20)),
        ("Secretary of State", date(2021, 1, 26), date(2025, 1, 20)),
        ("Private citizen", date(2025, 1, 21), None),
    ]
    assert export_full() == first


def test_restoring_an_older_export_turns_its_one_role_into_an_open_ended_role():
    from people.services import restore_person

    person = restore_person(
        {"name": "Amina Odhiambo", "role": "Correspondent", "organisation": "Newsroom"},
        slug="amina",
    )
    role = person.roles.get()
    assert (role.title, role.organisation, role.start, role.end) == (
        "Correspondent",
        "Newsroom",
        None,
        None,
    )


# --- admin ---------------------------------------------------------------------------------


def test_editor_adds_dated_roles_in_the_person_form(editor_client):
    from tests.people.test_admin import person_form_data

    person = make_person("Joe Biden")
    data = person_form_data(person)
    data.update(
        {
            "roles-TOTAL_FORMS": "2",
            "roles-0-title": "Vice President",
            "roles-0-start": "2009-01-20",
            "roles-0-end": "2017-01-20",
            "roles-1-title": "President",
            "roles-1-organisation": US,
            "roles-1-start": "2021-01-20",
            "roles-1-end": "2025-01-20",
        }
    )
    response = editor_client.post(f"/admin/people/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    assert person.role_on(date(2022, 1, 1)).title == "President"
    assert person.role_on(date(2010, 1, 1)).title == "Vice President"


def test_a_role_ending_before_it_starts_is_a_form_error_in_the_admin(editor_client):
    from tests.people.test_admin import person_form_data

    person = make_person("Joe Biden")
    data = person_form_data(person)
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-0-title": "President",
            "roles-0-start": "2025-01-20",
            "roles-0-end": "2021-01-20",
        }
    )
    response = editor_client.post(f"/admin/people/person/{person.pk}/change/", data)
    assert response.status_code == 200
    assert "The role cannot end before it starts." in response.content.decode()
    assert not person.roles.exists()
