"""Checks before publishing: one list (``Article.publishing_problems``), run by the admin's
buttons, its bulk actions and the importer. Errors block; warnings need acknowledging."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Byline, Image
from tests.articles.admin_helpers import article_form_data
from tests.articles.test_images import jpeg_bytes, upload
from tests.factories import make_article, make_in_review, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

LONG_HEADLINE = "A headline that goes on " + "and on " * 14 + "until it is far too long"
LONG_STANDFIRST = "A standfirst sentence that keeps going. " * 9


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def publish(client, article, **overrides):
    return client.post(
        change_url(article), article_form_data(article, _workflow="publish", **overrides)
    )


def bulk(client, action: str, *articles):
    return client.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def ready(**fields) -> Article:
    """A story in review that passes every check."""
    fields.setdefault("tags", (make_tag(),))
    return make_in_review(**fields)


def status_of(article) -> str:
    article.refresh_from_db()
    return article.status


# --- The list itself -------------------------------------------------------------------


def test_a_complete_story_has_no_publishing_problems():
    assert ready().publishing_problems() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"headline": ""}, "Write a headline before publishing."),
        ({"body": ""}, "The story has no text"),
        ({"body": "<p> </p>"}, "The story has no text"),
    ],
)
def test_missing_headline_or_text_is_an_error(fields, message):
    problems = ready(**fields).publishing_problems()
    assert [p.blocking for p in problems] == [True]
    assert message in problems[0].message


def test_each_warning_is_found_and_does_not_block():
    article = make_in_review(
        headline=LONG_HEADLINE, dek=LONG_STANDFIRST, headline_needs_review=True
    )
    problems = article.publishing_problems()
    assert not any(p.blocking for p in problems)
    messages = " ".join(p.message for p in problems)
    assert f"headline is {len(LONG_HEADLINE)} characters" in messages
    assert f"standfirst is {len(LONG_STANDFIRST)} characters" in messages
    assert "importer flagged the headline" in messages
    assert "no tags" in messages


def test_a_section_that_requires_a_byline_refuses_a_story_without_a_by_byline():
    news = make_section(name="News", requires_byline=True)
    article = ready(section=news)
    Byline.objects.create(article=article, person=make_person(), role=Byline.Role.PHOTOS)
    assert [p.message for p in article.publishing_problems()] == [
        "News stories need a “By” byline: add the reporter."
    ]
    Byline.objects.create(article=article, person=make_person(), role=Byline.Role.BY)
    assert article.publishing_problems() == []


def test_a_section_without_the_rule_accepts_a_story_without_bylines():
    assert ready(section=make_section(name="Briefs")).publishing_problems() == []


# --- The admin's buttons ---------------------------------------------------------------


def test_editor_cannot_publish_a_story_with_an_empty_body(editor_client):
    article = ready(body="<p>Text.</p>")
    response = publish(editor_client, article, body="<p></p>", publish_anyway="on")
    assert response.status_code == 200
    assert "The story has no text" in response.content.decode()
    assert status_of(article) == Article.Status.IN_REVIEW


def test_editor_cannot_empty_the_body_of_a_live_story(editor_client):
    article = make_article(tags=(make_tag(),))
    response = editor_client.post(change_url(article), article_form_data(article, body=""))
    assert response.status_code == 200
    assert "The story has no text" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>A paragraph of news.</p>"


def test_editor_cannot_publish_without_the_by_byline_the_section_requires(editor_client):
    article = ready(section=make_section(name="News", requires_byline=True))
    response = publish(editor_client, article, publish_anyway="on")
    assert "News stories need a “By” byline" in response.content.decode()
    assert status_of(article) == Article.Status.IN_REVIEW


def test_editor_publishes_once_the_required_byline_is_added_in_the_same_form(editor_client):
    article = ready(section=make_section(name="News", requires_byline=True))
    reporter = make_person("Amina Odhiambo")
    response = publish(
        editor_client,
        article,
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-person": str(reporter.pk),
            "bylines-0-role": "by",
            "bylines-0-order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert status_of(article) == Article.Status.PUBLISHED


def test_editor_cannot_publish_a_lead_image_without_alt_text_even_acknowledging(editor_client):
    image = Image.objects.create(file=upload(jpeg_bytes()), alt_text="")
    article = ready(lead_image=image)
    response = publish(editor_client, article, publish_anyway="on")
    assert "Add alt text to the lead image before publishing." in response.content.decode()
    assert status_of(article) == Article.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("fields", "warning"),
    [
        ({"headline": LONG_HEADLINE}, "characters long (over 110)"),
        ({"dek": LONG_STANDFIRST}, "characters long (over 300)"),
        ({"headline_needs_review": True}, "importer flagged the headline"),
        ({"tags": ()}, "no tags"),
    ],
)
def test_publishing_with_a_warning_needs_publish_anyway(editor_client, fields, warning):
    article = ready(**fields)
    overrides = {"headline_needs_review": "on"} if fields.get("headline_needs_review") else {}
    refused = publish(editor_client, article, **overrides)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Check before publishing" in page and warning in page
    assert status_of(article) == Article.Status.IN_REVIEW
    accepted = publish(editor_client, article, publish_anyway="on", **overrides)
    assert accepted.status_code == 302
    assert status_of(article) == Article.Status.PUBLISHED


def test_scheduling_with_a_warning_needs_publish_anyway_too(editor_client):
    article = ready(headline=LONG_HEADLINE)
    data = {"_workflow": "schedule", "published_at_0": "2099-01-01", "published_at_1": "09:00:00"}
    refused = editor_client.post(change_url(article), article_form_data(article, **data))
    assert "Check before publishing" in refused.content.decode()
    assert status_of(article) == Article.Status.IN_REVIEW


def test_saving_a_live_story_with_a_warning_needs_no_acknowledgement(editor_client):
    article = make_article()  # no tags: a warning, not an error
    response = editor_client.post(change_url(article), article_form_data(article, dek="New."))
    assert response.status_code == 302


# --- Bulk actions ----------------------------------------------------------------------


def test_bulk_publish_refuses_errors_and_unacknowledged_warnings(editor_client):
    fine = ready()
    empty = ready(headline="Empty one", body="")
    long = ready(headline=LONG_HEADLINE)
    page = bulk(editor_client, "publish_now", fine, empty, long).content.decode()
    assert status_of(fine) == Article.Status.PUBLISHED
    assert status_of(empty) == Article.Status.IN_REVIEW
    assert status_of(long) == Article.Status.IN_REVIEW
    assert "Empty one (The story has no text" in page


def test_bulk_publish_acknowledging_warnings_still_refuses_errors(editor_client):
    empty = ready(body="")
    long = ready(headline=LONG_HEADLINE)
    bulk(editor_client, "publish_now_anyway", empty, long)
    assert status_of(empty) == Article.Status.IN_REVIEW
    assert status_of(long) == Article.Status.PUBLISHED


# --- The importer ----------------------------------------------------------------------


def run_import(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def ninjs_file(path: Path, *, headline="Kenya sends police", body="<p>Police left.</p>") -> Path:
    path.write_text(
        json.dumps({"uri": f"urn:test:{path.stem}", "headline": headline, "body_html": body})
    )
    return path


def test_importer_refuses_to_publish_into_a_section_that_requires_a_byline(tmp_path):
    make_section(name="News", slug="news", requires_byline=True)
    story = ninjs_file(tmp_path / "story.json")
    with pytest.raises(CommandError, match="1 failed"):
        run_import(story, status="published", section="news")
    assert not Article.objects.exists()


def test_importer_reports_the_blocked_story_with_its_reason(tmp_path):
    make_section(name="News", slug="news", requires_byline=True)
    story = ninjs_file(tmp_path / "story.json")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(story), status="published", section="news", stderr=err)
    assert "story.json: not published: News stories need a “By” byline" in err.getvalue()


def test_importer_publishes_with_the_byline_the_section_requires(tmp_path):
    make_section(name="News", slug="news", requires_byline=True)
    story = ninjs_file(tmp_path / "story.json")
    run_import(story, status="published", section="news", author="Amina Odhiambo")
    assert Article.objects.get().is_live


def test_importer_blocks_only_the_bad_stories_of_a_batch(tmp_path):
    make_section(name="News", slug="news", requires_byline=True)
    make_person("Amina Odhiambo")
    good = [
        {
            "uri": f"urn:test:{n}",
            "headline": f"Story {n}",
            "body_html": "<p>Text.</p>",
            "by": "Amina Odhiambo",
        }
        for n in range(5)
    ]
    bad = {"uri": "urn:test:bad", "headline": "No byline", "body_html": "<p>Text.</p>"}
    wire = tmp_path / "wire.jsonl"
    wire.write_text("\n".join(json.dumps(item) for item in [*good, bad]))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"5 created.*1 failed"):
        call_command("import_articles", str(wire), status="published", section="news", stderr=err)
    assert "need a “By” byline" in err.getvalue()
    assert Article.objects.published().count() == 5


def test_importer_drafts_are_not_checked(tmp_path):
    make_section(name="News", slug="news", requires_byline=True)
    run_import(ninjs_file(tmp_path / "story.json"), section="news")
    assert Article.objects.get().status == Article.Status.DRAFT


def test_importer_warnings_do_not_block_publishing(tmp_path):
    story = ninjs_file(tmp_path / "story.json", headline=LONG_HEADLINE)
    run_import(story, status="published")
    assert Article.objects.get().is_live


def test_the_change_form_lists_what_publishing_would_find_before_the_button_is_pressed(
    editor_client,
):
    article = make_in_review(body="", headline=LONG_HEADLINE)
    page = editor_client.get(change_url(article)).content.decode()
    assert "Must fix:</strong> The story has no text" in page
    assert "Check (needs “Publish anyway”): The headline is" in page


def test_reporter_is_not_offered_publish_anyway(reporter_client):
    page = reporter_client.get("/admin/articles/article/add/").content.decode()
    assert "Publish anyway" not in page


def test_editor_is_offered_publish_anyway(editor_client):
    assert "Publish anyway" in editor_client.get("/admin/articles/article/add/").content.decode()
