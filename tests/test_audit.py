"""The audit trail: history with its author for every record editors touch, one AuditEvent per
merge, import, link run and role change, and the Audit view in the admin."""

import getpass
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, Correction, Image, Section
from articles.roles import EDITOR, REPORTER
from newsroom.audit import AuditedCommand
from newsroom.models import AuditEvent
from people.models import Mention, Person, PersonAlias
from tags.models import Tag
from tests.articles.admin_helpers import article_form_data
from tests.articles.test_images import jpeg_bytes, upload
from tests.factories import (
    make_article,
    make_correction,
    make_draft,
    make_editor,
    make_person,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

TRAIL = "/admin/newsroom/auditevent/"
COMMAND_APPS = {
    "import_articles": "articles",
    "import_people": "people",
    "link_people": "articles",
    "load_demo": "articles",
    "reset_2fa": "newsroom",
    "merge_tags": "tags",
}


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


def latest_version(model, pk):
    return model.history.filter(id=pk).order_by("-history_id").first()


def trail_labels(response) -> list[str]:
    assert response.status_code == 200, response.content.decode()[:2000]
    return [row.entry.label for row in response.context["rows"]]


# --- History with its author, for each record editors touch through the admin -------------


def test_editing_a_section_in_the_admin_keeps_a_version_with_the_editor(editor_client, editor):
    section = make_section(name="World")
    response = editor_client.post(
        f"/admin/articles/section/{section.pk}/change/",
        {"name": "World news", "slug": section.slug, "description": "", "order": 5},
    )
    assert response.status_code == 302
    version = latest_version(Section, section.pk)
    assert (version.name, version.history_type, version.history_user) == ("World news", "~", editor)


def test_editing_a_tag_in_the_admin_keeps_a_version_with_the_editor(editor_client, editor):
    tag = make_tag("Drought")
    response = editor_client.post(
        f"/admin/tags/tag/{tag.pk}/change/",
        {
            "name": "Drought",
            "slug": tag.slug,
            "kind": "event",
            "description": "Dry.",
            # The synonyms inline, empty.
            "synonyms-TOTAL_FORMS": "0",
            "synonyms-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    version = latest_version(Tag, tag.pk)
    assert (version.kind, version.history_user) == ("event", editor)


def test_uploading_a_photo_in_the_admin_keeps_a_version_with_the_editor(editor_client, editor):
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"file": upload(jpeg_bytes()), "alt_text": "A red square", "caption": "Red"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    version = image.history.earliest()
    assert (version.alt_text, version.history_type, version.history_user) == (
        "A red square",
        "+",
        editor,
    )


def test_editing_a_person_and_an_alias_keeps_versions_with_the_editor(editor_client, editor):
    person = make_person("Uhuru Kenyatta")
    response = editor_client.post(
        f"/admin/people/person/{person.pk}/change/",
        {
            "name": "Uhuru Kenyatta",
            "slug": person.slug,
            "honorific": "",
            "bio": "Changed bio.",
            "sort_name": person.sort_name,
            "user": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-text": "Uhuru",
            "aliases-0-person": str(person.pk),
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-title": "Former president",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version = latest_version(Person, person.pk)
    assert (version.bio, version.history_user) == ("Changed bio.", editor)
    alias = PersonAlias.objects.get(person=person)
    alias_version = latest_version(PersonAlias, alias.pk)
    assert (alias_version.text, alias_version.history_type) == ("Uhuru", "+")
    assert alias_version.history_user == editor


def test_confirming_a_mention_in_the_admin_keeps_a_version_with_the_editor(editor_client, editor):
    article, person = make_article(), make_person("Martha Karua")
    mention = Mention.objects.create(article=article, person=person, count=1)
    response = editor_client.post(
        f"/admin/people/mention/{mention.pk}/change/",
        {
            "person": person.pk,
            "article": article.pk,
            "count": 1,
            "first_position": 0,
            "status": Mention.Status.REJECTED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = latest_version(Mention, mention.pk)
    assert (version.status, version.history_user) == (Mention.Status.REJECTED, editor)


def test_editing_bylines_and_corrections_on_a_story_keeps_versions_with_the_editor(
    editor_client, editor
):
    writer = make_person("Amina Yusuf")
    article = make_draft(authors=(writer,))
    correction = make_correction(article, text="An earlier version misspelled a name.")
    byline = Byline.objects.get(article=article)
    data = article_form_data(article)
    data["bylines-0-role"] = Byline.Role.ANALYSIS
    data["corrections-0-text"] = "An earlier version gave the wrong year."
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    byline_version = latest_version(Byline, byline.pk)
    assert (byline_version.role, byline_version.history_user) == (Byline.Role.ANALYSIS, editor)
    correction_version = latest_version(Correction, correction.pk)
    assert correction_version.text == "An earlier version gave the wrong year."
    assert correction_version.history_user == editor
    assert latest_version(Article, article.pk).history_user == editor


def test_deleting_a_tag_in_the_admin_keeps_its_last_version_with_the_editor(editor_client, editor):
    tag = make_tag("Mistake")
    response = editor_client.post(f"/admin/tags/tag/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    version = latest_version(Tag, tag.pk)
    assert (version.name, version.history_type, version.history_user) == ("Mistake", "-", editor)


# --- Roles: who gave whom which access ------------------------------------------------------


def test_adding_someone_to_the_editor_group_is_recorded_with_who_did_it(superuser_client):
    reporter = make_user("newcomer", role=REPORTER)
    joined = timezone.localtime(reporter.date_joined)
    response = superuser_client.post(
        f"/admin/auth/user/{reporter.pk}/change/",
        {
            "username": "newcomer",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=EDITOR).pk],
            "date_joined_0": joined.strftime("%Y-%m-%d"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="change_user_access")
    assert event.actor.username == "boss"
    assert event.target_id == str(reporter.pk)
    assert event.arguments == [f"groups+={EDITOR}", f"groups-={REPORTER}"]


def test_saving_an_account_without_changing_its_access_records_nothing(superuser_client):
    reporter = make_user("steady", role=REPORTER)
    joined = timezone.localtime(reporter.date_joined)
    superuser_client.post(
        f"/admin/auth/user/{reporter.pk}/change/",
        {
            "username": "steady",
            "first_name": "Renamed",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=REPORTER).pk],
            "date_joined_0": joined.strftime("%Y-%m-%d"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
        },
    )
    assert not AuditEvent.objects.exists()


# --- Merges, imports, link runs ------------------------------------------------------------


def test_merging_tags_from_the_admin_records_the_editor_and_the_counts(editor_client, editor):
    keep, other = make_tag("Climate change"), make_tag("Climate")
    make_article(tags=(other,))
    make_article(tags=(other,))
    editor_client.post(
        "/admin/tags/tag/",
        {
            "action": "merge",
            "_selected_action": [keep.pk, other.pk],
            "confirm": "yes",
            "keep": keep.pk,
        },
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.via) == ("merge_tags", editor, "admin")
    assert event.counts == {"tags merged": 1, "articles moved": 2}
    assert event.arguments == ["Climate change", "Climate"]
    assert (event.target_repr, event.target_id) == ("Climate change", str(keep.pk))


def test_merge_tags_command_records_the_command_line_user():
    keep, other = make_tag("Elections"), make_tag("Polls")
    make_article(tags=(other,))
    call_command("merge_tags", keep.slug, other.slug, verbosity=0)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.actor_name) == ("merge_tags", None, getpass.getuser())
    assert event.via == AuditEvent.Via.COMMAND
    assert event.counts == {"tags merged": 1, "articles moved": 1}


def test_merging_people_from_the_admin_records_the_editor(editor_client, editor):
    keep, duplicate = make_person("Grace Wanjiru"), make_person("Grace Wanjirū")
    editor_client.post(
        "/admin/people/person/",
        {
            "action": "merge",
            "_selected_action": [keep.pk, duplicate.pk],
            "confirm": "yes",
            "keep": keep.pk,
        },
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.counts) == (
        "merge_people",
        editor,
        {"people merged": 1},
    )


def test_import_articles_records_the_user_arguments_and_counts(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("# Rains return\nThe long rains came early this year.\n", encoding="utf-8")
    call_command("import_articles", str(story), status="in_review", stdout=io.StringIO())
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome) == ("import_articles", AuditEvent.Outcome.OK)
    assert event.actor_name == getpass.getuser()
    assert event.arguments == [str(story), "--status=in_review"]
    assert event.counts == {"created": 1}  # the outcomes that happened
    assert event.target_type.model_class() is Article


def test_import_with_a_bad_file_records_a_failed_run_with_its_counts(tmp_path):
    (tmp_path / "good.txt").write_text("# Good\nA good story.\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    event = AuditEvent.objects.get()
    assert event.outcome == AuditEvent.Outcome.FAILED
    assert (event.counts["created"], event.counts["failed"]) == (1, 1)
    assert "1 failed" in event.message


def test_a_dry_run_import_records_nothing(tmp_path):
    (tmp_path / "story.txt").write_text("# Dry\nNothing is written.\n", encoding="utf-8")
    call_command("import_articles", str(tmp_path), dry_run=True, stdout=io.StringIO())
    assert not AuditEvent.objects.exists()


def test_import_people_records_its_counts(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,role\nRaila Odinga,Politician\n", encoding="utf-8")
    call_command("import_people", str(path), stdout=io.StringIO())
    event = AuditEvent.objects.get()
    assert (event.action, event.arguments) == ("import_people", [str(path)])
    assert event.counts == {"created": 1, "updated": 0, "unchanged": 0, "failed": 0}


def test_link_people_records_its_counts():
    make_person("Ruth Ndegwa")
    make_article(body="<p>Ruth Ndegwa spoke.</p>")
    call_command("link_people", stdout=io.StringIO(), stderr=io.StringIO())
    event = AuditEvent.objects.get()
    assert (event.action, event.counts) == ("link_people", {"articles": 1, "changed": 1})


@pytest.mark.parametrize("name", ["import_articles", "import_people", "link_people", "load_demo"])
def test_every_writing_command_records_its_runs(name):
    assert isinstance(load_command_class(COMMAND_APPS[name], name), AuditedCommand)


def test_a_command_that_crashes_half_way_is_recorded_as_failed(monkeypatch):
    make_article()

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("articles.management.commands.link_people.article_changed", crash)
    with pytest.raises(RuntimeError):
        call_command("link_people", stdout=io.StringIO(), stderr=io.StringIO())
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.message) == ("link_people", "failed", "disk full")


# --- The Audit view -------------------------------------------------------------------------


def test_editors_find_the_audit_trail_on_the_admin_index_and_reporters_do_not(
    client, editor, reporter
):
    client.force_login(editor)
    assert TRAIL.encode() in client.get("/admin/").content
    client.force_login(reporter)
    assert TRAIL.encode() not in client.get("/admin/").content


def test_reporter_cannot_see_the_audit_view(reporter_client):
    event = AuditEvent.objects.create(actor_name="x", via="command", action="import_articles")
    assert reporter_client.get(TRAIL).status_code == 403
    assert reporter_client.get(f"{TRAIL}{event.pk}/change/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(TRAIL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_editor_sees_changes_and_events_newest_first(editor_client):
    make_section(name="Sport")
    call_command("merge_tags", make_tag("A").slug, make_tag("B").slug, verbosity=0)
    rows = editor_client.get(TRAIL).context["rows"]
    changes = [(row.entry.change, row.entry.label) for row in rows]
    assert changes == [
        ("merge_tags", "A"),
        ("Deleted", "B"),
        ("Created", "B"),
        ("Created", "A"),
        ("Created", "Sport"),
    ]


def test_audit_view_filters_by_user(client):
    first, second = make_editor("first"), make_editor("second")
    for user, name in ((first, "By first"), (second, "By second")):
        client.force_login(user)
        client.post(
            "/admin/articles/section/add/",
            {"name": name, "slug": name.lower().replace(" ", "-"), "description": "", "order": 1},
        )
    assert trail_labels(client.get(TRAIL, {"user": first.pk})) == ["By first"]


def test_audit_view_filters_by_type(editor_client):
    make_section(name="Business")
    make_tag("Inflation")
    assert trail_labels(editor_client.get(TRAIL, {"type": "tags.tag"})) == ["Inflation"]
    assert trail_labels(editor_client.get(TRAIL, {"type": "articles.section"})) == ["Business"]


def test_audit_view_filters_by_date(editor_client):
    old, new = make_section(name="Old news"), make_section(name="New news")
    a_month_ago = timezone.now() - timedelta(days=30)
    Section.history.filter(id=old.pk).update(history_date=a_month_ago)
    today = timezone.localdate()
    assert trail_labels(editor_client.get(TRAIL, {"date_from": today})) == ["New news"]
    until = today - timedelta(days=1)
    assert trail_labels(editor_client.get(TRAIL, {"date_to": until})) == ["Old news"]
    assert new.pk


def test_history_link_lists_one_records_changes(editor_client):
    tag, other = make_tag("Floods"), make_tag("Fires")
    tag.description = "Water."
    tag.save()
    response = editor_client.get(TRAIL, {"type": "tags.tag", "object": tag.pk})
    assert trail_labels(response) == ["Floods", "Floods"]
    assert other.pk != tag.pk


def test_commands_and_merges_can_be_listed_alone(editor_client):
    make_section(name="Ignored")
    call_command("merge_tags", make_tag("Keep").slug, make_tag("Drop").slug, verbosity=0)
    response = editor_client.get(TRAIL, {"type": "events"})
    assert [row.entry.change for row in response.context["rows"]] == ["merge_tags"]


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31", "date_from": "0001-01-01"},
        {"date_from": "2026-02-31"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"type": "tags.tag", "object": "abc"},
        {"type": "tags.tag", "object": "9" * 30},
        {"type": "no.such"},
        {"user": "abc"},
        {"p": "999"},
    ],
)
def test_bad_filters_get_a_page_not_an_error(editor_client, query):
    make_tag("Anything")
    assert editor_client.get(TRAIL, query).status_code == 200


def test_audit_view_queries_do_not_grow_with_the_rows(editor_client):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(TRAIL).status_code == 200
        return len(queries)

    def add_changes():
        person = make_person()
        article = make_article(authors=(person,))
        make_correction(article)
        Mention.objects.create(article=article, person=person)
        PersonAlias.objects.create(person=person, text=f"Alias {person.pk}")
        make_section()
        make_tag()
        call_command("merge_tags", make_tag().slug, make_tag().slug, verbosity=0)

    add_changes()
    few = page_queries()
    for _ in range(3):
        add_changes()
    assert page_queries() == few


# --- Audit rows cannot be changed or deleted, by anyone ------------------------------------


@pytest.mark.parametrize("path", ["{pk}/change/", "{pk}/delete/", "add/"])
def test_superuser_cannot_change_or_delete_an_audit_row(superuser_client, path):
    event = AuditEvent.objects.create(actor_name="x", via="command", action="import_articles")
    response = superuser_client.post(
        TRAIL + path.format(pk=event.pk), {"action": "tampered", "post": "yes"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "import_articles"


def test_editor_can_read_an_audit_event(editor_client):
    event = AuditEvent.objects.create(
        actor_name="ops", via="command", action="import_articles", counts={"created": 3}
    )
    response = editor_client.get(f"{TRAIL}{event.pk}/change/")
    assert response.status_code == 200
    assert b"import_articles" in response.content
