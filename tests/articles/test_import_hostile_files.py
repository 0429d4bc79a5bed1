"""Hostile and malformed files: each one fails alone with a one-line reason, nothing of it is
stored, and every good file of the same run lands (one by one, batched, and with --jobs)."""

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.exporting import FULL_FORMAT
from articles.models import Article, Byline, Correction, Image, Section
from people.models import Mention, NameSuggestion, Person, PersonAlias, Quote
from tags.models import Tag

pytestmark = pytest.mark.django_db

GOOD_TEXT = "Nairobi, Kenya – Dock workers returned on Monday after a week-long strike.\n"
GOOD_NINJS = {"uri": "urn:good:1", "headline": "Port reopens", "body_text": "Ships moved."}
SURROGATE = "\\ud800"  # as JSON writes it: a lone UTF-16 high surrogate
HUGE_NUMBER = "9" * 5000  # past Python's 4,300-digit limit for int()


def full_record(**changes) -> dict:
    """A minimal valid record in export_articles' full format."""
    return {
        "newsroom_format": FULL_FORMAT,
        "slug": "restored-story",
        "headline": "Restored story",
        "body": "<p>It came back.</p>",
        "status": "draft",
        "version": 1,
        "people": [],
        "bylines": [],
        "tags": [],
        "mentions": [],
        "quotes": [],
        "corrections": [],
    } | changes


def ninjs(**changes) -> dict:
    return {"uri": "urn:bad:1", "headline": "A headline", "body_text": "A body."} | changes


def run(*paths, **options) -> tuple[str, str, str]:
    """Run the import, which must fail; stdout, stderr and the summary."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), str(failure.value)


def stored() -> dict[str, int]:
    models = (
        Article,
        Article.history.model,
        Byline,
        Correction,
        Image,
        Section,
        Person,
        PersonAlias,
        Tag,
        Mention,
        Quote,
        NameSuggestion,
    )
    return {model.__name__: model.objects.count() for model in models}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- The attacks, one at a time, each beside a good file --------------------------------

ATTACKS = {
    "nested-brackets.json": ("[" * 5000 + "]" * 5000, "nested too deeply"),
    "huge-number.json": (
        '{"uri": "urn:n", "headline": "N", "body_text": "n", "version": ' + HUGE_NUMBER + "}",
        "number with more than",
    ),
    "surrogate-headline.json": (
        '{"uri": "urn:s", "headline": "Bad ' + SURROGATE + ' here", "body_text": "s"}',
        "headline contains an unpaired surrogate (U+D800)",
    ),
    "traversal-image.json": (
        json.dumps(full_record(lead_image={"file": "../../etc/passwd"})),
        "lead image '../../etc/passwd' is not a file name inside the media storage",
    ),
    "absolute-image.json": (
        json.dumps(full_record(lead_image={"file": "/etc/passwd"})),
        "lead image '/etc/passwd' is not a file name inside the media storage",
    ),
}


@pytest.mark.parametrize("name", ATTACKS)
def test_a_hostile_json_file_fails_alone_and_the_good_file_of_the_run_lands(tmp_path, name):
    text, reason = ATTACKS[name]
    bad = write(tmp_path / "in" / name, text)
    write(tmp_path / "in" / "good.txt", GOOD_TEXT)
    before = stored()
    _, err, summary = run(tmp_path / "in")
    assert len(err.splitlines()) == 1 and err.startswith(f"{bad}: ")
    assert reason in err
    assert summary == "1 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, 1 failed"
    assert Article.objects.get().dateline == "Nairobi, Kenya"
    after = stored()
    assert after["Article"] == before["Article"] + 1
    assert {k: v for k, v in after.items() if k not in ("Article", "HistoricalArticle")} == {
        k: v for k, v in before.items() if k not in ("Article", "HistoricalArticle")
    }


def test_a_lone_surrogate_in_raw_text_is_refused_as_not_text(tmp_path):
    # unicode_escape is a real codec: "\ud800" written out in ASCII decodes to a lone surrogate.
    bad = write(tmp_path / "escaped.txt", "A story with \\ud800 in it.\n")
    _, err, _ = run(bad, encoding="unicode_escape")
    assert err == f"{bad}: not text: unpaired surrogate U+D800 at line 1, column 14\n"
    assert not Article.objects.exists()


def test_a_file_whose_name_is_not_utf8_imports_and_is_reported_readably(tmp_path):
    # The operating system hands such names over with surrogate escapes ("\udce9").
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text(GOOD_TEXT, encoding="utf-8")
    write(folder / "empty.txt", " \n")
    out, _, summary = run(folder, verbosity=2)
    assert summary.startswith("1 created")
    assert "caf\ufffd.txt: created" in out
    assert Article.objects.get().source_key.endswith("caf%E9.txt")


# --- A catch-list: many malformed files in one run --------------------------------------

MALFORMED = {
    # ninjs with wrong types or impossible values
    "headline-list.json": (ninjs(headline=["a", "list"]), "headline must be a string, not list"),
    "body-number.json": (ninjs(body_text=5), "body must be a string, not int"),
    "bodies-nested.json": (ninjs(bodies=[[[["deep"]]]]), "bodies must be a list of objects"),
    "date-9999-99-99.json": (ninjs(firstcreated="9999-99-99"), "firstcreated '9999-99-99'"),
    "date-year-0.json": (ninjs(firstcreated="0000-01-01T00:00:00Z"), "firstcreated '0000-"),
    "date-before-year-1.json": (
        ninjs(firstcreated="0001-01-01T00:00:00+14:00"),
        "firstcreated '0001-01-01T00:00:00+14:00' is out of range",
    ),
    "date-after-9999.json": (
        ninjs(firstcreated="9999-12-31T23:00:00-12:00"),
        "firstcreated '9999-12-31T23:00:00-12:00' is out of range",
    ),
    "surrogate-body.json": (ninjs(body_text="Bad \ud800"), "body contains an unpaired surrogate"),
    "surrogate-byline.json": (ninjs(by="Jo \udfff Doe"), "by contains an unpaired surrogate"),
    "surrogate-tag.json": (
        ninjs(subjects=[{"name": "Tag \ud800"}]),
        "subjects name contains an unpaired surrogate",
    ),
    "deep-unexpected-field.json": (
        ninjs(headlines=[{"value": json.loads("[" * 400 + "]" * 400)}]),
        "headlines value must be a string, not list",
    ),
    # full records with wrong types or impossible values
    "full-bad-date.json": (
        full_record(created_at="9999-99-99T00:00:00"),
        "created_at '9999-99-99T00:00:00' is not an ISO 8601 date-time",
    ),
    "full-date-out-of-range.json": (
        full_record(published_at="0001-01-01T00:00:00+14:00"),
        "published_at '0001-01-01T00:00:00+14:00' is out of range",
    ),
    "full-infinite-order.json": (
        full_record(section={"slug": "world", "name": "World", "order": 1e999}),
        "section order must be a whole number, not inf",
    ),
    "full-huge-version.json": (full_record(version=10**30), "version"),
    "full-surrogate-slug.json": (full_record(slug="bad-\ud800"), "slug"),
    "full-portrait-traversal.json": (
        full_record(people=[{"slug": "jo", "name": "Jo", "photo": "../../etc/passwd"}]),
        "portrait of jo '../../etc/passwd' is not a file name inside the media storage",
    ),
    "full-people-not-objects.json": (full_record(people=["jo"]), "full record is malformed"),
    "full-headline-number.json": (
        full_record(headline=7),
        "'headline' is missing or not a str",
    ),
}


def write_malformed(folder: Path) -> dict[Path, str]:
    expected = {}
    for name, (document, reason) in MALFORMED.items():
        # ensure_ascii: lone surrogates are written as JSON escapes, as a hostile feed would.
        expected[write(folder / name, json.dumps(document))] = reason
    for name, (text, reason) in ATTACKS.items():
        expected[write(folder / name, text)] = reason
    return expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_malformed_file_fails_cleanly_and_the_good_ones_land(tmp_path, jobs):
    folder = tmp_path / "in"
    expected = write_malformed(folder)
    write(folder / "good.txt", GOOD_TEXT)
    write(folder / "good-ninjs.json", json.dumps(GOOD_NINJS))
    before = stored()
    _, err, summary = run(folder, jobs=jobs)
    reasons = dict(line.split(": ", 1) for line in err.splitlines())
    assert set(reasons) == {str(path) for path in expected}, err
    for path, reason in expected.items():
        assert reason in reasons[str(path)], (path.name, reasons[str(path)])
    assert (
        summary == f"2 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, {len(expected)} failed"
    )
    assert set(Article.objects.values_list("headline", flat=True)) == {
        "Dock workers returned on Monday after a week-long strike",
        "Port reopens",
    }
    assert stored()["Person"] == before["Person"]
    assert stored()["Image"] == stored()["Section"] == stored()["Tag"] == 0


@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_lines_of_a_json_lines_file_fail_alone(tmp_path, jobs):
    lines = [
        json.dumps(GOOD_NINJS),
        "[" * 5000 + "]" * 5000,
        '{"uri": "urn:n", "headline": "N", "body_text": "n", "version": ' + HUGE_NUMBER + "}",
        '{"uri": "urn:s", "headline": "' + SURROGATE + '", "body_text": "s"}',
        json.dumps(full_record(lead_image={"file": "../../etc/passwd"})),
        json.dumps(GOOD_NINJS | {"uri": "urn:good:2", "headline": "Second"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    _, err, summary = run(path, jobs=jobs)
    reasons = err.splitlines()
    assert len(reasons) == 4
    for number, reason in zip((2, 3, 4, 5), reasons, strict=True):
        assert reason.startswith(f"{path}: ") and f"line {number}" in reason, reason
    assert summary == "2 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, 4 failed"
    assert set(Article.objects.values_list("source_key", flat=True)) == {
        "urn:good:1",
        "urn:good:2",
    }
