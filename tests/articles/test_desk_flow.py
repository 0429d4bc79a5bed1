"""The editors' desk: workflow steps in History, send back with a note, safe restore and
compare, presence that is true, people review and the desk (admin home)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from people.models import Mention, NameSuggestion, Person
from tests.articles.admin_helpers import article_form_data
from tests.factories import (
    make_article,
    make_draft,
    make_editor,
    make_in_review,
    make_person,
    make_reporter,
    make_scheduled,
)

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def history_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/history/"


def presence_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/presence/"


def press(client, article, action, **fields):
    article.refresh_from_db()
    response = client.post(
        change_url(article), article_form_data(article, _workflow=action, **fields)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return response


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Workflow history ---------------------------------------------------------------------


def test_submit_send_back_publish_and_schedule_each_appear_in_history_with_who(reporter, editor):
    reporter_client, editor_client = signed_in(reporter), signed_in(editor)
    article = make_draft(created_by=reporter, headline="Harbour reopens")
    press(reporter_client, article, "submit_for_review")
    press(editor_client, article, "back_to_draft", _workflow_note="Check the date.")
    press(reporter_client, article, "submit_for_review")
    later = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    press(
        editor_client,
        article,
        "schedule",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
        publish_anyway="on",
    )
    press(editor_client, article, "publish", publish_anyway="on")
    html = editor_client.get(history_url(article)).content.decode()
    events = re.findall(r"<strong>(.*?)</strong>\s*by (\w+)", html)
    assert events[:5] == [
        ("Published", "editor1"),
        (f"Scheduled for {later:%d %b %Y %H:%M}", "editor1"),
        ("Submitted for review", "reporter1"),
        ("Sent back to draft", "editor1"),
        ("Submitted for review", "reporter1"),
    ]
    assert "Check the date." in html


def test_a_bulk_action_records_its_step_in_history(editor_client):
    article = make_draft()
    editor_client.post(
        "/admin/articles/article/",
        {"action": "submit_for_review", "_selected_action": [article.pk]},
    )
    assert article.history.first().history_change_reason == "Submitted for review"


def test_the_author_sees_the_reviewers_note_after_a_send_back(reporter_client, reporter, editor):
    article = make_in_review(created_by=reporter)
    press(signed_in(editor), article, "back_to_draft", _workflow_note="Add a second source.")
    response = reporter_client.get(change_url(article))
    html = response.content.decode()
    assert 'class="sent-back-note"' in html
    assert "Add a second source." in html
    assert any("Add a second source." in str(m) for m in response.context["messages"])


def test_the_send_back_note_goes_once_the_story_is_resubmitted(reporter_client, reporter, editor):
    article = make_in_review(created_by=reporter)
    press(signed_in(editor), article, "back_to_draft", _workflow_note="Add a second source.")
    press(reporter_client, article, "submit_for_review")
    assert article.sent_back_note() is None


def test_the_old_versions_address_opens_history(editor_client):
    article = make_in_review()
    response = editor_client.get(f"/admin/articles/article/{article.pk}/revisions/?a=1&b=2")
    assert response.status_code == 302
    assert response["Location"] == f"{history_url(article)}?a=1&b=2"


# --- Compare and safe restore -------------------------------------------------------------


def test_compare_uses_editor_labels_local_times_and_the_body_structure(editor_client):
    article = make_in_review(body="<h2>Old subhead</h2><p>The council met on Monday.</p>")
    press(
        editor_client,
        article,
        "",
        body="<h2>New subhead</h2><p>The council met on Tuesday.</p>"
        "<blockquote>We agree.</blockquote>",
        dek="A new standfirst",
    )
    first, second = article.history.order_by("history_id")
    html = editor_client.get(
        f"{history_url(article)}?a={first.history_id}&b={second.history_id}"
    ).content.decode()
    assert '<th scope="row">Standfirst</th>' in html
    assert '<th scope="row">dek</th>' not in html
    assert 'diff-h2 diff-changed"><span class="diff-kind">Subhead: </span><del>Old</del>' in html
    assert '<div class="diff-block diff-blockquote diff-added">' in html
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", html)  # no microseconds
    assert " style=" not in html.split('id="content-main"')[1]


def test_saving_a_live_story_unchanged_shows_no_change_of_publication_time(editor_client):
    article = make_article()
    press(editor_client, article, "")
    entry = editor_client.get(history_url(article)).context["entries"][0]
    assert entry.changes == []


def test_the_compare_colours_live_in_the_admin_stylesheet():
    css = (Path(settings.BASE_DIR) / "static/css/admin_desk.css").read_text()
    assert ".diff del" in css and ".diff ins" in css


def test_an_opened_version_says_nothing_has_changed_until_saved(editor_client):
    article = make_in_review(headline="First headline")
    record = article.history.first()
    response = editor_client.get(f"{change_url(article)}?from_version={record.history_id}")
    assert any("Nothing has changed yet" in str(m) for m in response.context["messages"])


def test_a_reporter_opens_versions_of_their_own_story_only(reporter_client, reporter):
    own = make_draft(created_by=reporter)
    record = own.history.first()
    response = reporter_client.get(
        f"/admin/articles/article/{own.pk}/revisions/{record.history_id}/restore/"
    )
    assert response["Location"] == f"{change_url(own)}?from_version={record.history_id}"
    secret = make_draft(created_by=make_editor("colleague"))
    record = secret.history.first()
    url = f"/admin/articles/article/{secret.pk}/revisions/{record.history_id}/restore/"
    assert reporter_client.get(url).status_code == 404


def test_a_version_of_another_story_is_not_opened_in_the_form(editor_client):
    article = make_in_review(headline="Mine")
    press(editor_client, article, "", headline="Mine, rewritten")
    own = article.history.order_by("history_id").first()
    html = editor_client.get(f"{change_url(article)}?from_version={own.history_id}")
    assert 'value="Mine"' in html.content.decode()
    other = make_in_review(headline="Someone else's headline")
    record = other.history.first()
    html = editor_client.get(f"{change_url(article)}?from_version={record.history_id}")
    assert "Someone else" not in html.content.decode()
    assert 'value="Mine, rewritten"' in html.content.decode()


# --- Presence -----------------------------------------------------------------------------


def beat(client, article, tab, **extra):
    return client.post(presence_url(article), {"tab": tab, **extra})


def test_another_editor_is_shown_only_while_their_page_beats(editor_client):
    article = make_in_review()
    ada = signed_in(make_editor("ada", first_name="Ada", last_name="Obi"))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ada.get(change_url(article))  # the page load is Ada's first beat
        assert (
            beat(editor_client, article, "mytab")
            .json()["notes"][0]
            .startswith("Ada Obi is editing this story now")
        )
        for _ in range(5):  # Ada's page stays open, beating every 20 seconds
            clock.shift(timedelta(seconds=20))
            beat(ada, article, ada_tab(article))
        assert "Ada Obi" in " ".join(beat(editor_client, article, "mytab").json()["notes"])
        clock.shift(timedelta(seconds=50))  # Ada closed the laptop: no more beats
        assert beat(editor_client, article, "mytab").json()["notes"] == []


def ada_tab(article) -> str:
    from django.core.cache import cache

    tabs = cache.get(f"article-presence:{article.pk}", {})
    return next(tab for tab, entry in tabs.items() if entry["name"] == "Ada Obi")


def test_leaving_the_page_forgets_it_at_once(editor_client):
    article = make_in_review()
    ada = signed_in(make_editor("ada", first_name="Ada", last_name="Obi"))
    beat(ada, article, "adatab")
    beat(ada, article, "adatab", leave="1")
    assert beat(editor_client, article, "mytab").json()["notes"] == []


def test_the_same_user_in_a_second_tab_is_warned(editor_client):
    article = make_in_review()
    editor_client.get(change_url(article))
    html = editor_client.get(change_url(article)).content.decode()
    assert "You have this story open in another tab" in html


def test_saving_forgets_the_saved_tab(editor_client):
    article = make_in_review()
    response = editor_client.get(change_url(article))
    tab = response.context["presence"]["tab"]
    editor_client.post(change_url(article), article_form_data(article, _presence_tab=tab))
    assert "another tab" not in editor_client.get(change_url(article)).content.decode()


def test_a_refused_save_keeps_its_tab(editor_client):
    article = make_in_review()
    tab = editor_client.get(change_url(article)).context["presence"]["tab"]
    response = editor_client.post(
        change_url(article), article_form_data(article, headline="", _presence_tab=tab)
    )
    assert response.status_code == 200  # the form came back with its error
    assert response.context["presence"]["tab"] == tab
    assert "another tab" not in response.content.decode()


def test_a_reporter_cannot_beat_or_learn_presence_on_a_story_they_cannot_see(reporter_client):
    secret = make_draft(created_by=make_editor("colleague"))
    signed_in(make_editor("ada", first_name="Ada", last_name="Obi")).get(change_url(secret))
    response = beat(reporter_client, secret, "mytab")
    assert response.status_code == 404
    assert b"Ada" not in response.content


def test_presence_needs_a_tab_id_and_a_post(editor_client):
    article = make_in_review()
    assert editor_client.get(presence_url(article)).status_code == 405
    assert beat(editor_client, article, "<script>").status_code == 400


# --- People review ------------------------------------------------------------------------


@pytest.fixture
def named_story():
    person = make_person("Amina Odhiambo")
    article = make_in_review(body="<p>Amina Odhiambo spoke first. Later Amina Odhiambo left.</p>")
    mention = Mention.objects.create(article=article, person=person, count=2, first_position=0)
    suggestion = NameSuggestion.objects.create(
        name="Peter Kamau", key="peter kamau", article=article, occurrences=3
    )
    return article, mention, suggestion


def test_the_people_panel_is_compact_with_the_names_marked_in_the_text(editor_client, named_story):
    article, _mention, _suggestion = named_story
    html = editor_client.get(change_url(article)).content.decode()
    panel = html.split('id="people-review"')[1].split("</section>")[0]
    assert '<th scope="row">Amina Odhiambo</th>' in panel and "2×" in panel
    assert "Found automatically" in panel
    assert "First position" not in html and "Character offset" not in html
    assert panel.count('<mark title="Amina Odhiambo">Amina Odhiambo</mark>') == 2
    assert "Peter Kamau" in panel and "Create person" in panel


def test_an_editor_rejects_a_person_with_one_button(editor_client, named_story):
    article, mention, _suggestion = named_story
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/people/{mention.pk}/", {"decision": "reject"}
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.status == Mention.Status.REJECTED


def test_an_editor_creates_a_suggested_person_from_the_story(editor_client, named_story):
    article, _mention, suggestion = named_story
    editor_client.post(
        f"/admin/articles/article/{article.pk}/suggestions/{suggestion.pk}/",
        {"decision": "create"},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == NameSuggestion.Status.CREATED
    assert Person.objects.filter(name="Peter Kamau").exists()


def test_a_reporter_cannot_confirm_or_reject_people(reporter, named_story):
    article, mention, _suggestion = named_story
    article.created_by = reporter
    article.save()
    client = signed_in(reporter)
    html = client.get(change_url(article)).content.decode()
    assert "Amina Odhiambo" in html and ">Reject<" not in html
    response = client.post(
        f"/admin/articles/article/{article.pk}/people/{mention.pk}/", {"decision": "reject"}
    )
    assert response.status_code == 403
    mention.refresh_from_db()
    assert mention.status == Mention.Status.AUTO


def test_a_reporter_cannot_review_people_of_a_colleagues_draft(reporter_client, named_story):
    article, mention, _suggestion = named_story
    article.created_by = make_editor("colleague")
    article.save()
    url = f"/admin/articles/article/{article.pk}/people/{mention.pk}/"
    assert reporter_client.post(url, {"decision": "reject"}).status_code == 404


# --- The desk (admin home) ----------------------------------------------------------------


def desk_desk(editor, reporter, copies: int) -> None:
    for _ in range(copies):
        make_draft(created_by=editor)
        make_in_review(created_by=reporter)
        make_scheduled(hours_ahead=3)
        make_scheduled(hours_ahead=72)
        make_draft(published_at=timezone.now() - timedelta(hours=1))  # missed schedule
        make_article(published_at=timezone.now() - timedelta(hours=2))
        NameSuggestion.objects.create(
            name=f"Name {Article.objects.count()}",
            key=f"k{Article.objects.count()}",
            article=make_draft(),
        )


def panel_counts(html: str) -> dict[str, int]:
    return {
        title: int(count)
        for title, count in re.findall(r'">([^<]+) <span class="desk-count">\((\d+)\)', html)
    }


def test_the_desk_counts_each_everyday_list(editor_client, editor, reporter):
    desk_desk(editor, reporter, copies=1)
    counts = panel_counts(editor_client.get("/admin/").content.decode())
    assert counts == {
        "My drafts": 1,
        "Waiting for review": 1,
        "Scheduled in the next 24 hours": 1,
        "Missed schedule": 1,
        "Published in the last 24 hours": 1,
        "Names to add to the directory": 1,
    }


def test_a_reporters_desk_shows_only_what_they_may_see(reporter_client, editor, reporter):
    desk_desk(editor, reporter, copies=1)
    make_draft(created_by=reporter, headline="My own draft")
    html = reporter_client.get("/admin/").content.decode()
    counts = panel_counts(html)
    assert counts["My drafts"] == 1 and counts["Waiting for review"] == 1
    assert counts["Scheduled in the next 24 hours"] == 0 and counts["Missed schedule"] == 0
    assert "Names to add to the directory" not in counts


def test_the_desk_costs_the_same_queries_with_three_times_the_stories(
    editor_client, editor, reporter
):
    desk_desk(editor, reporter, copies=2)
    with CaptureQueriesContext(connection) as small:
        editor_client.get("/admin/")
    desk_desk(editor, reporter, copies=4)
    with CaptureQueriesContext(connection) as large:
        html = editor_client.get("/admin/").content.decode()
    assert panel_counts(html)["Missed schedule"] == 6
    assert len(large) == len(small)


def test_another_reporters_draft_is_not_on_my_desk(reporter_client):
    make_draft(created_by=make_reporter("colleague"), headline="Secret scoop")
    html = reporter_client.get("/admin/").content.decode()
    assert panel_counts(html)["My drafts"] == 0
    assert "Secret scoop" not in html
