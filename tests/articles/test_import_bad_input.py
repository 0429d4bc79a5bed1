"""Bad input: every file gets a one-line reason, nothing half-written, good files still go in."""

import io
import json
import os
import pathlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importing import Refused, read_text
from articles.models import Article
from people.models import Mention, NameSuggestion, Person, Quote
from tags.models import Tag
from tests.factories import make_person

pytestmark = pytest.mark.django_db

GOOD_STORY = "Nairobi, Kenya – Dock workers returned on Monday after a week-long strike.\n"


def import_expecting_failure(*paths, **options) -> tuple[str, str, str]:
    """Run the import, which must fail; return stdout, stderr and the CommandError text."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), str(failure.value)


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def counts() -> dict[str, int]:
    models = (Article, Person, Tag, Mention, Quote, NameSuggestion)
    return {model.__name__: model.objects.count() for model in models}


# --- Empty and binary -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \n\t\r\n\n",
        b"\xef\xbb\xbf",
        "\u00a0\u2003\u3000\u202f\n".encode(),
        "\u200b\u200c\u200d\n\u2060\ufeff".encode(),
    ],
    ids=["zero-bytes", "whitespace", "bom-only", "unicode-spaces", "zero-width"],
)
def test_blank_file_is_refused_as_empty(tmp_path, data):
    path = write_bytes(tmp_path / "blank.txt", data)
    _, err, summary = import_expecting_failure(path)
    assert err == f"{path}: empty file\n"
    assert summary.endswith("1 failed")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"Some text\x00\x00\x00more text", "utf-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "utf-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "latin-1"),
        (b"plain words then a bell \x07 here", "latin-1"),
    ],
    ids=["nul-bytes", "png-utf8", "png-latin1", "bell-latin1"],
)
def test_binary_file_is_refused_as_not_text_whatever_the_encoding(tmp_path, data, encoding):
    path = write_bytes(tmp_path / "photo.txt", data)
    _, err, _ = import_expecting_failure(path, encoding=encoding)
    assert err.startswith(f"{path}: not text: ")
    assert err.count("\n") == 1
    assert not Article.objects.exists()


def test_latin1_decoding_of_c1_controls_is_refused_with_a_cp1252_hint(tmp_path):
    path = write_bytes(tmp_path / "windows.txt", b"He said \x93yes\x94 to the plan.\n")
    _, err, _ = import_expecting_failure(path, encoding="latin-1")
    assert err == (
        f"{path}: not text: control character U+0093 at line 1, column 9; "
        "if it is Windows text, try --encoding cp1252\n"
    )


# --- Encodings --------------------------------------------------------------------------


def test_invalid_utf8_names_the_place_and_suggests_an_encoding(tmp_path):
    path = write_bytes(
        tmp_path / "latin.txt", "Line one.\nLine two.\nThe café opened.\n".encode("latin-1")
    )
    _, err, _ = import_expecting_failure(path)
    assert err == (
        f"{path}: not valid utf-8 at line 3, column 8 (byte 0xe9); try --encoding latin-1\n"
    )


def test_windows_quotes_suggest_cp1252(tmp_path):
    path = write_bytes(tmp_path / "windows.txt", b"He said \x93yes\x94 to the plan.\n")
    _, err, _ = import_expecting_failure(path)
    assert err.endswith("try --encoding cp1252\n")


def test_the_suggested_encoding_keeps_accents_and_quotes(tmp_path):
    latin = write_bytes(tmp_path / "latin.txt", "The café in Thiès opened.\n".encode("latin-1"))
    windows = write_bytes(tmp_path / "windows.txt", b"He said \x93yes\x94 to the plan.\n")
    call_command("import_articles", str(latin), encoding="latin-1", stdout=io.StringIO())
    call_command("import_articles", str(windows), encoding="cp1252", stdout=io.StringIO())
    bodies = set(Article.objects.values_list("body", flat=True))
    assert bodies == {"<p>The café in Thiès opened.</p>", "<p>He said “yes” to the plan.</p>"}


def test_utf8_bom_with_another_encoding_is_refused_rather_than_stored_as_mojibake(tmp_path):
    path = write_bytes(tmp_path / "bom.txt", "\ufeffThe café opened.\n".encode())
    _, err, _ = import_expecting_failure(path, encoding="latin-1")
    assert "byte-order mark" in err
    assert not Article.objects.exists()


def test_bom_and_crlf_line_endings_are_handled(tmp_path):
    data = (
        "\ufeff# Port reopens\r\nMombasa, Kenya – Dock workers returned.\r\n\r\nShips queued.\r\n"
    )
    path = write_bytes(tmp_path / "windows.txt", data.encode())
    call_command("import_articles", str(path), stdout=io.StringIO())
    article = Article.objects.get()
    assert article.headline == "Port reopens"
    assert article.dateline == "Mombasa, Kenya"
    assert article.body == "<p>Dock workers returned.</p><p>Ships queued.</p>"


@pytest.mark.parametrize("encoding", ["klingon-8", "base64", "zlib", "rot13"])
def test_unknown_or_non_text_encoding_stops_the_command(tmp_path, encoding):
    path = write(tmp_path / "a.txt", GOOD_STORY)
    with pytest.raises(CommandError, match=f"--encoding '{encoding}' is not a text encoding"):
        call_command("import_articles", str(path), encoding=encoding, stdout=io.StringIO())


# --- Size -------------------------------------------------------------------------------


def test_file_larger_than_max_bytes_is_refused(tmp_path):
    path = write(tmp_path / "long.txt", "x" * 101)
    _, err, _ = import_expecting_failure(path, max_bytes=100)
    assert err == f"{path}: larger than --max-bytes (101 > 100 bytes)\n"


def test_huge_file_is_refused_without_being_opened(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(5 * 1024**3)  # sparse: 5 GB on paper, nothing on disk
    opened = []
    real_open = pathlib.Path.open
    monkeypatch.setattr(
        pathlib.Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k)
    )
    _, err, _ = import_expecting_failure(path)
    assert "larger than --max-bytes (5,368,709,120 > 2,000,000 bytes)" in err
    assert path not in opened


def wire_line(number: int, *, paragraphs: int = 1) -> str:
    body = "\n\n".join(
        f"Story {number}, paragraph {n}: dock workers and port officials met again." * 12
        for n in range(paragraphs)
    )
    return json.dumps(
        {"uri": f"urn:wire:{number}", "headline": f"Story {number}", "body_text": body}
    )


def test_json_lines_file_over_max_bytes_of_small_stories_imports_without_flags(tmp_path):
    # A wire archive: 2.2 MB in all, about 80 KB a story, far under the 2 MB a story may have.
    lines = [wire_line(number, paragraphs=100) for number in range(28)]
    path = write(tmp_path / "archive.jsonl", "\n".join(lines) + "\n")
    assert path.stat().st_size > 2_000_000
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
    assert "28 created" in out.getvalue()
    assert Article.objects.count() == 28


def test_one_story_line_over_max_bytes_fails_alone_with_its_line_number(tmp_path):
    huge = json.dumps({"uri": "urn:wire:huge", "headline": "Huge", "body_text": "z" * 2_000_000})
    path = write(tmp_path / "feed.ndjson", "\n".join([wire_line(1), huge, wire_line(3)]) + "\n")
    _, err, summary = import_expecting_failure(path)
    size = len(huge.encode())
    assert err == f"{path}: line 2: longer than --max-bytes ({size:,} > 2,000,000 bytes)\n"
    assert summary == "2 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, 1 failed"
    assert set(Article.objects.values_list("source_key", flat=True)) == {"urn:wire:1", "urn:wire:3"}


def test_max_bytes_bounds_each_line_of_a_json_file_holding_json_lines(tmp_path):
    path = write(tmp_path / "feed.json", "\n".join(wire_line(n) for n in range(3)) + "\n")
    call_command("import_articles", str(path), max_bytes=1000, stdout=io.StringIO())
    assert Article.objects.count() == 3


def test_json_document_over_max_bytes_is_refused_as_one_story(tmp_path):
    document = [json.loads(wire_line(n)) for n in range(3)]
    path = write(tmp_path / "list.json", json.dumps(document, indent=2))
    _, err, _ = import_expecting_failure(path, max_bytes=1000)
    size = path.stat().st_size
    assert err == (
        f"{path}: larger than --max-bytes ({size:,} > 1,000 bytes); many stories belong in "
        "JSON lines, one story per line\n"
    )


def test_json_lines_file_over_max_file_bytes_is_refused_unopened(tmp_path):
    path = write(tmp_path / "feed.jsonl", "\n".join(wire_line(n) for n in range(3)) + "\n")
    size = path.stat().st_size
    _, err, _ = import_expecting_failure(path, max_file_bytes=size - 1)
    assert err == f"{path}: larger than --max-file-bytes ({size:,} > {size - 1:,} bytes)\n"
    assert not Article.objects.exists()


def test_max_file_bytes_must_be_positive(tmp_path):
    with pytest.raises(CommandError, match="--max-file-bytes must be a positive number"):
        call_command("import_articles", str(tmp_path), max_file_bytes=0, stdout=io.StringIO())


def test_a_file_that_grew_after_stat_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    path = write(tmp_path / "growing.txt", "y" * 5000)
    real_stat = pathlib.Path.stat

    def stale_stat(self, *args, **kwargs):
        result = real_stat(self, *args, **kwargs)
        if self == path:  # as if the file was 10 bytes when we looked
            return os.stat_result((*result[:6], 10, *result[7:]))
        return result

    monkeypatch.setattr(pathlib.Path, "stat", stale_stat)
    with pytest.raises(Refused, match="more than 100 bytes"):
        read_text(path, max_bytes=100)


# --- Paths ------------------------------------------------------------------------------


def test_unreadable_file_is_refused_and_the_rest_goes_on(tmp_path, monkeypatch):
    locked = write(tmp_path / "locked.txt", GOOD_STORY)
    good = write(tmp_path / "good.txt", "Ships queued at the port.\n")
    # The suite may run as root, who can read a chmod 000 file: refuse the open instead.
    real_open = pathlib.Path.open

    def guarded_open(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    _, err, summary = import_expecting_failure(locked, good)
    assert err == f"{locked}: cannot read: permission denied\n"
    assert summary == "1 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, 1 failed"
    assert Article.objects.get().body == "<p>Ships queued at the port.</p>"


def test_missing_path_is_refused(tmp_path):
    good = write(tmp_path / "good.txt", GOOD_STORY)
    missing = tmp_path / "nowhere.txt"
    _, err, _ = import_expecting_failure(missing, good)
    assert err == f"{missing}: no such file or directory\n"
    assert Article.objects.count() == 1


def test_pattern_matching_nothing_is_refused(tmp_path):
    _, err, _ = import_expecting_failure(str(tmp_path / "*.txt"))
    assert err == f"{tmp_path / '*.txt'}: no file matches this pattern\n"


def test_directory_matched_by_a_glob_is_refused(tmp_path):
    write(tmp_path / "good.txt", GOOD_STORY)
    (tmp_path / "folder.txt").mkdir()
    _, err, _ = import_expecting_failure(str(tmp_path / "*.txt"))
    assert err == f"{tmp_path / 'folder.txt'}: is a directory (a pattern must match files)\n"
    assert Article.objects.count() == 1


def test_symlink_leading_outside_the_directory_is_refused(tmp_path):
    secret = write(tmp_path / "outside/secret.txt", "Not for import.\n")
    inbox = tmp_path / "inbox"
    write(inbox / "good.txt", GOOD_STORY)
    (inbox / "link.txt").symlink_to(secret)
    _, err, _ = import_expecting_failure(inbox)
    assert err == f"{inbox / 'link.txt'}: symlink leads outside {inbox}\n"
    assert Article.objects.get().dateline == "Nairobi, Kenya"


def test_symlink_inside_the_directory_imports_the_file_once(tmp_path):
    inbox = tmp_path / "inbox"
    real = write(inbox / "sub/real.txt", GOOD_STORY)
    (inbox / "alias.txt").symlink_to(real)
    call_command("import_articles", str(inbox), stdout=io.StringIO())
    assert Article.objects.count() == 1


def test_broken_symlink_is_refused(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox / "good.txt", GOOD_STORY)
    (inbox / "broken.txt").symlink_to(tmp_path / "gone.txt")
    _, err, _ = import_expecting_failure(inbox)
    assert err == f"{inbox / 'broken.txt'}: broken symlink (to {tmp_path / 'gone.txt'})\n"
    assert Article.objects.count() == 1


def test_symlink_loop_in_a_folder_is_refused_and_the_rest_goes_on(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox / "good.txt", GOOD_STORY)
    (inbox / "a.txt").symlink_to(inbox / "b.txt")
    (inbox / "b.txt").symlink_to(inbox / "a.txt")
    _, err, summary = import_expecting_failure(inbox)
    assert err == f"{inbox / 'a.txt'}: symlink loop\n{inbox / 'b.txt'}: symlink loop\n"
    assert summary.startswith("1 created")


# --- Markup in raw text is text ---------------------------------------------------------

HOSTILE = (
    "# <b>Bold</b> claims {{ 7|add:7 }}\n"
    "Nairobi, Kenya – The page said <script>alert('x')</script> in plain sight.\n"
    "Another line had <img src=x onerror=alert(1)> and {% now 'Y' %} in it.\n"
)


def test_html_and_template_syntax_in_raw_text_are_stored_as_text(tmp_path):
    call_command("import_articles", str(write(tmp_path / "a.txt", HOSTILE)), stdout=io.StringIO())
    article = Article.objects.get()
    assert article.headline == "<b>Bold</b> claims {{ 7|add:7 }}"
    assert article.body == (
        "<p>The page said &lt;script&gt;alert('x')&lt;/script&gt; in plain sight.</p>"
        "<p>Another line had &lt;img src=x onerror=alert(1)&gt; and {% now 'Y' %} in it.</p>"
    )


def test_html_and_template_syntax_in_raw_text_are_shown_as_text_to_readers(client, tmp_path):
    path = write(tmp_path / "a.txt", HOSTILE)
    call_command("import_articles", str(path), status="published", stdout=io.StringIO())
    article = Article.objects.get()
    pages = {
        "detail": client.get(article.get_absolute_url()).content.decode(),
        "list": client.get("/articles/").content.decode(),
        "feed": client.get("/feeds/latest/").content.decode(),
    }
    for surface, page in pages.items():
        assert "<b>Bold</b>" not in page, surface
        assert "&lt;b&gt;Bold&lt;/b&gt; claims {{ 7|add:7 }}" in page, surface
        assert "claims 14" not in page, surface
    detail = pages["detail"]
    assert "<script>alert" not in detail
    assert "<img src=x" not in detail
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in detail
    assert "{% now 'Y' %}" in detail


# --- JSON -------------------------------------------------------------------------------


def test_invalid_json_names_the_line_and_column(tmp_path):
    path = write(tmp_path / "bad.json", '{\n  "uri": "urn:x",\n  "headline": oops\n}\n')
    _, err, _ = import_expecting_failure(path)
    assert err == f"{path}: not valid JSON: Expecting value at line 3 column 15\n"


def test_bad_line_in_json_lines_fails_alone(tmp_path):
    good = {"uri": "urn:x:1", "headline": "Fine", "body_text": "A body."}
    path = write(tmp_path / "feed.jsonl", json.dumps(good) + '\n{"uri": "urn:x:2",\n')
    _, err, summary = import_expecting_failure(path)
    reason = "Expecting property name enclosed in double quotes at line 2 column 19"
    assert err == f"{path}: not valid JSON: {reason}\n"
    assert summary.startswith("1 created")
    assert Article.objects.get().headline == "Fine"


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ([7], "item 1: not a ninjs object (expected a JSON object, found a number)"),
        ("just words", "not a ninjs object (expected a JSON object, found a string)"),
        (
            {"name": "Jo", "age": 4},
            "not a ninjs object (no uri, headlines or bodies; keys: age, name)",
        ),
        ({"uri": "urn:x", "type": "text"}, "no headline and no body"),
        (
            {"uri": "urn:x", "headlines": [{"value": "Only a headline"}]},
            "no body (bodies, body_html or body_text)",
        ),
        (
            {"uri": "urn:x", "headlines": "Not a list", "body_text": "x"},
            "headlines must be a list of objects",
        ),
        (
            {"uri": "urn:x", "headline": "Bell \u0007", "body_text": "x"},
            "headline contains the control character U+0007",
        ),
    ],
)
def test_json_that_is_not_a_ninjs_story_is_refused_with_a_reason(tmp_path, document, reason):
    path = write(tmp_path / "item.json", json.dumps(document))
    _, err, _ = import_expecting_failure(path)
    assert err == f"{path}: {reason}\n"


@pytest.mark.parametrize("value", ["yesterday", "2024-13-45T00:00:00Z", 20241108])
def test_ninjs_item_with_an_invalid_date_is_refused(tmp_path, value):
    item = {"uri": "urn:x", "headline": "Dated", "body_text": "x", "firstcreated": value}
    path = write(tmp_path / "item.json", json.dumps(item))
    _, err, _ = import_expecting_failure(path)
    assert err == f"{path}: firstcreated {value!r} is not a date-time (e.g. 2024-11-08T09:30:00Z)\n"


# --- Nothing half-written ---------------------------------------------------------------


def test_failed_item_leaves_no_person_tag_mention_or_article_behind(tmp_path):
    make_person("William Ruto", honorific="President")
    before = counts()
    doomed = {
        "uri": "urn:x:doomed",
        "headline": "x" * 301,
        "body_text": "President William Ruto said “we will send more officers next month to help”.",
        "by": "Brand New Reporter",
        "subjects": [{"name": "A brand new topic"}],
        "people": [{"name": "Somebody Unknown"}],
    }
    path = write(tmp_path / "doomed.json", json.dumps(doomed))
    _, err, _ = import_expecting_failure(path)
    assert err == f"{path}: headline: Ensure this value has at most 300 characters (it has 301).\n"
    assert counts() == before


def test_good_files_in_a_batch_with_bad_ones_still_import(tmp_path):
    write(tmp_path / "in/1-good.txt", GOOD_STORY)
    write_bytes(tmp_path / "in/2-empty.txt", b"")
    write_bytes(tmp_path / "in/3-binary.txt", b"\x00\x01\x02")
    write(tmp_path / "in/4-bad.json", "{")
    write(
        tmp_path / "in/5-good.json", json.dumps({"uri": "urn:g", "headline": "G", "body_text": "g"})
    )
    _, err, summary = import_expecting_failure(tmp_path / "in")
    assert summary == "2 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, 3 failed"
    reasons = err.splitlines()
    assert [line.split(": ", 1)[0] for line in reasons] == [
        str(tmp_path / "in/2-empty.txt"),
        str(tmp_path / "in/3-binary.txt"),
        str(tmp_path / "in/4-bad.json"),
    ]
    assert Article.objects.count() == 2


def test_dry_run_still_reports_bad_files(tmp_path):
    write_bytes(tmp_path / "empty.txt", b"")
    _, err, summary = import_expecting_failure(tmp_path / "empty.txt", dry_run=True)
    assert "empty file" in err
    assert summary.startswith("Dry run, nothing written:")
