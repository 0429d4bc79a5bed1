"""Raw copy's notes and credits: kept out of the body and its people, stored for the desk
(``Article.source_notes``) or as bylines."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Byline
from people.models import Mention, Person, PersonAlias
from tests.factories import make_person

pytestmark = pytest.mark.django_db

STORY = """# Port of Mombasa reopens after the storm
By Amos Kiprono
MOMBASA, Kenya — The port of Mombasa reopened on Tuesday after two days of storms, the
harbour master said.
"We are open again," said Grace Wanjiru, who runs the port.
Ships had queued outside the harbour since Sunday.
Jane Doe contributed to this report.
Editor's note: This story was updated to add the harbour master's comments.
-end-
News Media Contacts
Peter Otieno, 202-555-0100, peter.otieno@example.org
""".replace("the\nharbour", "the harbour")


def run_import(path, **options) -> str:
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "port.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_contact_block_sign_off_and_editors_note_go_to_source_notes(story):
    run_import(story)
    article = Article.objects.get()
    assert article.source_notes.splitlines() == [
        "Editor's note: This story was updated to add the harbour master's comments.",
        "Sign-off: -end-",
        "Contact: News Media Contacts / Peter Otieno, 202-555-0100, peter.otieno@example.org",
    ]
    for text in ("Peter Otieno", "202-555-0100", "-end-", "contributed", "Editor's note"):
        assert text not in article.body


def test_by_and_contributor_lines_become_bylines_not_body_people(story):
    run_import(story)
    article = Article.objects.get()
    assert list(article.bylines.values_list("person__name", "role")) == [
        ("Amos Kiprono", Byline.Role.BY),
        ("Jane Doe", Byline.Role.ADDITIONAL_REPORTING),
    ]
    assert "Jane Doe" not in article.body and "Amos Kiprono" not in article.body
    linked = set(Mention.objects.filter(article=article).values_list("person__name", flat=True))
    assert not linked & {"Jane Doe", "Amos Kiprono", "Peter Otieno"}
    assert not Person.objects.filter(name="Peter Otieno").exists()


def test_contributor_already_in_the_directory_is_credited_not_duplicated(story):
    jane = make_person("Jane Doe")
    run_import(story)
    assert Article.objects.get().bylines.get(role=Byline.Role.ADDITIONAL_REPORTING).person == jane
    assert Person.objects.filter(name="Jane Doe").count() == 1


def test_a_contributor_naming_an_alias_two_people_share_is_refused_not_guessed(story):
    for name in ("Jane Doe", "Janet Doe"):
        PersonAlias.objects.create(person=make_person(name), text="J. Doe")
    story.write_text(STORY.replace("Jane Doe contributed", "J. Doe contributed"))
    with pytest.raises(CommandError, match="1 failed"):
        run_import(story)
    assert not Article.objects.exists()


def test_credits_that_name_no_person_stay_as_notes(story):
    story.write_text(
        STORY.replace("By Amos Kiprono\n", "By Amos Kiprono\nAssociated Press\n").replace(
            "Jane Doe contributed to this report.", "Editing by Mark Potter"
        )
    )
    run_import(story)
    article = Article.objects.get()
    assert list(article.bylines.values_list("person__name", "role")) == [
        ("Amos Kiprono", Byline.Role.BY)
    ]
    notes = article.source_notes.splitlines()
    assert "Credit: By Amos Kiprono / Associated Press" in notes
    assert "Credit: Editing by Mark Potter" in notes
    assert not Person.objects.filter(name__in=["Associated Press", "Mark Potter"]).exists()


def test_reimport_keeps_the_editors_source_notes_unless_overwrite(story):
    run_import(story)
    article = Article.objects.get()
    article.source_notes = "Contact: call the harbour master first."
    article.bump_version()
    article.save()
    assert "1 kept" in run_import(story)
    article.refresh_from_db()
    assert article.source_notes == "Contact: call the harbour master first."
    assert "1 updated" in run_import(story, overwrite=True)
    article.refresh_from_db()
    assert article.source_notes.startswith("Editor's note: This story was updated")


def test_reimport_of_changed_source_notes_updates_them(story):
    run_import(story)
    story.write_text(STORY.replace("202-555-0100", "202-555-0199"))
    assert "1 updated" in run_import(story)
    assert "202-555-0199" in Article.objects.get().source_notes
    assert "1 unchanged" in run_import(story)
