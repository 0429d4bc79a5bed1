import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from people.models import Mention, Quote
from tests.factories import (
    make_archived,
    make_article,
    make_draft,
    make_in_review,
    make_person,
    make_scheduled,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.2.json").read_text())


def export(**options) -> list[dict]:
    return [json.loads(line) for line in export_text(**options).splitlines()]


def export_text(**options) -> str:
    out = io.StringIO()
    call_command("export_articles", stdout=out, **options)
    return out.getvalue()


def _is_uri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value


def _is_date_time(value: str) -> bool:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.tzinfo is not None and "T" in value


def ninjs_validator():
    """The schema's own draft, with the "uri" and "date-time" formats actually checked."""
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uri")(_is_uri)
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    assert validator_class is jsonschema.Draft202012Validator
    return validator_class(SCHEMA, format_checker=checker)


@pytest.fixture
def newsroom():
    """Stories in every status, with the parts the ninjs export maps."""
    section = make_section(name="World", slug="world")
    reporter = make_person("Amina Odhiambo")
    ruto = make_person("William Ruto", honorific="President")
    biden = make_person("Joe Biden", honorific="President")
    haiti = make_tag("Haiti", slug="haiti", kind="place")
    live = make_article(
        headline="Kenya asks for helicopters",
        slug="kenya-asks-for-helicopters",
        dek="The mission lacks air support.",
        dateline="Nairobi, Kenya",
        body="<p>President William Ruto asked.</p><h2>Next</h2><p>More & less.</p>",
        section=section,
        authors=(reporter, ruto),
        tags=(haiti,),
    )
    Mention.objects.create(article=live, person=ruto, count=1, first_position=10)
    Mention.objects.create(article=live, person=biden, status=Mention.Status.REJECTED)
    Quote.objects.create(article=live, speaker=ruto, text="We will help.", position=40)
    imported = make_draft(headline="From the wire", source_key="urn:agency:2024:1")
    return {
        "live": live,
        "imported": imported,
        "scheduled": make_scheduled(headline="Tomorrow's story"),
        "review": make_in_review(headline="In review"),
        "archived": make_archived(headline="Taken down"),
    }


def test_ninjs_export_validates_against_the_ninjs_2_2_schema(newsroom):
    items = export()
    assert len(items) == 5
    validator = ninjs_validator()
    for item in items:
        errors = [error.message for error in validator.iter_errors(item)]
        assert errors == [], item["uri"]


def test_schema_check_catches_a_broken_item(newsroom):
    item = export()[0]
    item["version"] = 3
    item["uri"] = "not a uri"
    assert len(list(ninjs_validator().iter_errors(item))) == 2


def test_ninjs_item_carries_the_article(newsroom, settings):
    item = next(i for i in export() if i["headlines"][0]["value"] == "Kenya asks for helicopters")
    assert item["uri"] == settings.SITE_URL + "/articles/kenya-asks-for-helicopters/"
    assert item["type"] == "text"
    assert item["version"] == "1"
    assert item["pubstatus"] == "usable"
    assert item["bodies"] == [
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "<p>President William Ruto asked.</p><h2>Next</h2><p>More &amp; less.</p>",
            "wordcount": 8,
        }
    ]
    assert item["descriptions"][0]["value"] == "The mission lacks air support."
    assert item["by"] == "Amina Odhiambo and William Ruto"
    assert item["located"] == "Nairobi, Kenya"
    assert [(s["name"], s["literal"], s["rel"]) for s in item["subjects"]] == [
        ("World", "world", "section"),
        ("Haiti", "haiti", "about"),
    ]
    assert item["people"] == [
        {
            "name": "William Ruto",
            "literal": "william-ruto",
            "uri": settings.SITE_URL + "/people/william-ruto/",
            "rel": "mentioned",
        }
    ]
    assert item["firstcreated"] == newsroom["live"].published_at.astimezone(UTC).isoformat(
        timespec="microseconds"
    ).replace("+00:00", "Z")


def test_ninjs_uri_is_the_source_key_when_the_story_was_imported(newsroom):
    uris = {item["headlines"][0]["value"]: item["uri"] for item in export()}
    assert uris["From the wire"] == "urn:agency:2024:1"


def test_ninjs_uri_of_a_raw_text_import_is_its_page_not_a_local_path(settings):
    make_article(slug="from-a-file", source_key="file:///srv/inbox/story.txt")
    assert export()[0]["uri"] == settings.SITE_URL + "/articles/from-a-file/"


@pytest.mark.parametrize(
    ("key", "pubstatus", "embargoed"),
    [
        ("live", "usable", False),
        ("scheduled", "withheld", True),
        ("review", "withheld", False),
        ("imported", "withheld", False),
        ("archived", "canceled", False),
    ],
)
def test_ninjs_pubstatus_and_embargo_follow_the_status(newsroom, key, pubstatus, embargoed):
    article = newsroom[key]
    item = next(i for i in export() if i["slugline"] == article.slug)
    assert item["pubstatus"] == pubstatus
    assert ("embargoed" in item) is embargoed


def test_status_filter_accepts_repeats_and_comma_lists(newsroom):
    assert {i["slugline"] for i in export(status=["draft,in_review"])} == {
        newsroom["imported"].slug,
        newsroom["review"].slug,
    }
    assert len(export(status=["archived", "published"])) == 3


def test_unknown_status_is_refused(newsroom):
    with pytest.raises(CommandError, match="Unknown status gone"):
        export(status=["gone"])


def test_since_keeps_articles_changed_on_or_after_the_date(newsroom):
    Article.objects.exclude(pk=newsroom["live"].pk).update(
        updated_at=timezone.now() - timedelta(days=10)
    )
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert [i["slugline"] for i in export(since=since)] == [newsroom["live"].slug]


def test_invalid_since_is_refused(newsroom):
    with pytest.raises(CommandError, match="not a date"):
        export(since="last week")


def test_output_file_holds_exactly_what_stdout_would(newsroom, tmp_path):
    path = tmp_path / "out.jsonl"
    call_command("export_articles", output=str(path), format="full", stderr=io.StringIO())
    assert path.read_text(encoding="utf-8") == export_text(format="full")
    assert path.stat().st_mode & 0o777 == 0o644


def test_output_in_a_missing_folder_is_refused(newsroom, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_articles", output=str(tmp_path / "nowhere/out.jsonl"))


@pytest.mark.parametrize("format", ["ninjs", "full"])
def test_export_is_deterministic_with_sorted_keys(newsroom, format):
    first = export_text(format=format)
    assert first == export_text(format=format)
    for line in first.splitlines():
        assert line == json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("format", ["ninjs", "full"])
def test_export_query_count_does_not_grow_with_the_number_of_articles(format):
    def add_articles(count: int) -> None:
        for _ in range(count):
            person = make_person()
            article = make_article(authors=(person,), tags=(make_tag(),))
            Mention.objects.create(article=article, person=person)
            Quote.objects.create(article=article, speaker=person, text="Words.")

    add_articles(2)
    with CaptureQueriesContext(connection) as few:
        export_text(format=format)
    add_articles(8)
    with CaptureQueriesContext(connection) as many:
        export_text(format=format)
    assert len(many) == len(few)


def test_ninjs_export_imports_back_into_an_empty_newsroom(newsroom, tmp_path):
    path = tmp_path / "export.jsonl"
    call_command("export_articles", output=str(path), status=["published"], stderr=io.StringIO())
    live = newsroom["live"]
    expected = (live.headline, live.body, live.dek, live.dateline)
    Article.objects.all().delete()
    call_command("import_articles", str(path), status="published", stdout=io.StringIO())
    article = Article.objects.get(headline=live.headline)
    assert (article.headline, article.body, article.dek, article.dateline) == expected
    assert article.published_at == live.published_at
    assert article.section.slug == "world"
    assert [t.slug for t in article.tags.all()] == ["haiti"]
    assert [b.person.slug for b in article.bylines.all()] == ["amina-odhiambo", "william-ruto"]
    # Mentions come back as editors left them (issue 17): found automatically, and rejected.
    assert dict(article.mentions.values_list("person__slug", "status")) == {
        "william-ruto": "auto",
        "joe-biden": "rejected",
    }
