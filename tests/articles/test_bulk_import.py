"""The importer at scale: stories written in batches and read by worker processes are stored
whole (people, quotes, bylines, tags, history, suggestions), in file order, and nothing is
lost or doubled when a batch fails."""

import io
import json
import os
import signal
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from articles.importing import at_scale, collect_sources, writing
from articles.models import Article, Image
from newsroom.db import insert_plain
from people.models import Mention, NameSuggestion, Person, Quote
from tests.factories import make_article, make_person, make_tag

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Halima Wekesa", "Foreign Minister"),
    ("Tobias Lindgren", "President"),
    ("Odile Marchetti", "Governor"),
    ("Kwame Asamoah", "Senator"),
]


@pytest.fixture
def directory():
    return {name: make_person(name, honorific=title) for name, title in PEOPLE}


def story_text(number: int) -> str:
    """A raw wire story naming directory people, with quotes and a subhead."""
    first, second = PEOPLE[number % 4], PEOPLE[(number + 1) % 4]
    return (
        f"Mombasa, Kenya – {first[1]} {first[0]} met {second[0]} on Monday about "
        f"port fees, story {number}, and both said the talks would go on.\n"
        f"{first[0].split()[-1]} has argued for lower fees since the spring.\n"
        f"“We want ships back in this harbour before the rains,” {first[0]} said.\n"
        "What happens next\n"
        f"“The numbers have to work for the dock workers first,” said {second[0]}.\n"
        f"Officials expect {second[1]} {second[0]} to report back within a month.\n"
    )


def ninjs_item(number: int) -> dict:
    return {
        "uri": f"urn:test:bulk:{number}",
        "type": "text",
        "headlines": [{"role": "main", "value": f"Port fees talks, round {number}"}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": story_text(number)}],
        "by": "Kwame Asamoah",
        "located": "Mombasa, Kenya",
        "firstcreated": "2025-03-04T08:00:00Z",
        "subjects": [{"name": "Shipping"}, {"name": "Trade"}],
        "people": [{"name": "Odile Marchetti", "rel": "mentioned"}],
    }


def write_stories(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"story-{number:03d}.txt"
        path.write_text(story_text(number), encoding="utf-8")
        paths.append(path)
    items = "\n".join(json.dumps(ninjs_item(number)) for number in range(count))
    (folder / "wire.jsonl").write_text(items + "\n", encoding="utf-8")
    return paths


def run_import(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def snapshot() -> dict:
    """Everything an import stores, by story identity, without ids or times."""
    stories = {}
    for article in Article.objects.order_by("source_key"):
        stories[article.source_key] = {
            "fields": (
                article.slug,
                article.headline,
                article.headline_needs_review,
                article.dek,
                article.body,
                article.body_text,
                article.dateline,
                article.status,
                article.published_at,
                article.version,
                article.imported_version,
            ),
            "search_terms": sorted(article.search_terms.split()),
            "mentions": sorted(
                article.mentions.values_list("person__name", "count", "first_position", "status")
            ),
            "quotes": list(
                article.quotes.order_by("position").values_list(
                    "speaker__name", "speaker_text", "text", "position", "source"
                )
            ),
            "bylines": list(
                article.bylines.order_by("order").values_list("person__name", "role", "order")
            ),
            "tags": sorted(article.taggings.values_list("tag__name", flat=True)),
            "versions": article.history.count(),
        }
    suggestions = sorted(NameSuggestion.objects.values_list("key", "occurrences", "status"))
    return {"stories": stories, "suggestions": suggestions}


def forget_imported_stories() -> None:
    Article.history.all().delete()
    Article.objects.all().delete()
    NameSuggestion.objects.all().delete()


def test_a_batch_stores_each_story_whole(directory, tmp_path):
    make_tag("Shipping")
    make_tag("Trade")
    write_stories(tmp_path / "in", 6)

    out, err = run_import(tmp_path / "in")
    assert "12 created" in out and err == ""
    stories = snapshot()["stories"]
    wire = stories["urn:test:bulk:2"]
    assert wire["fields"][1:] == (
        "Port fees talks, round 2",
        False,
        "",
        wire["fields"][4],
        wire["fields"][5],
        "Mombasa, Kenya",
        "draft",
        datetime(2025, 3, 4, 8, 0, tzinfo=UTC),
        1,
        1,
    )
    assert wire["fields"][0] == "port-fees-talks-round-2"
    assert wire["fields"][5].startswith("Mombasa, Kenya – Governor Odile Marchetti met Kwame")
    # Story 2 names Odile Marchetti three ways; the wire item also lists her as its subject.
    assert wire["mentions"] == [
        ("Kwame Asamoah", 3, 71, "auto"),
        ("Odile Marchetti", 3, 42, "confirmed"),
    ]
    assert wire["bylines"] == [("Kwame Asamoah", "by", 0)]
    assert wire["tags"] == ["Shipping", "Trade"]
    assert [quote[0] for quote in wire["quotes"]] == ["Odile Marchetti", "Kwame Asamoah"]
    assert {quote[4] for quote in wire["quotes"]} == {"auto"}
    terms = ["Kwame", "Asamoah", "Odile", "Marchetti", "Shipping", "Trade"]
    assert wire["search_terms"] == sorted(terms)
    assert wire["versions"] == 1

    raw = next(story for key, story in stories.items() if key.endswith("story-002.txt"))
    assert raw["fields"][6] == "Mombasa, Kenya" and raw["fields"][2] is True  # headline cut
    # The headline cut from the first sentence names both again.
    assert raw["mentions"] == [("Kwame Asamoah", 4, 29, "auto"), ("Odile Marchetti", 4, 0, "auto")]
    assert raw["bylines"] == [] and raw["tags"] == [] and raw["versions"] == 1
    assert raw["search_terms"] == sorted(["Kwame", "Asamoah", "Odile", "Marchetti"])


def test_a_story_whose_byline_is_new_is_stored_whole_with_the_stories_around_it(
    directory, tmp_path
):
    # A person and a tag the directory lacks are created inside the batch, once.
    folder = tmp_path / "in"
    write_stories(folder, 3)
    items = [
        ninjs_item(n) | {"by": "Nadia Oyelaran", "subjects": [{"name": "Ports"}]} for n in (0, 1)
    ]
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(item) for item in items) + "\n")

    out, err = run_import(folder)
    assert "5 created" in out and err == ""
    for key in ("urn:test:bulk:0", "urn:test:bulk:1"):
        article = Article.objects.get(source_key=key)
        assert list(article.bylines.values_list("person__name", flat=True)) == ["Nadia Oyelaran"]
        assert list(article.taggings.values_list("tag__name", flat=True)) == ["Ports"]
        assert "Nadia Oyelaran" in article.search_terms
        assert article.mentions.get(person__name="Odile Marchetti").status == "confirmed"
    assert Person.objects.filter(name="Nadia Oyelaran").count() == 1


def test_a_story_refused_in_a_batch_fails_alone_with_its_reason(directory, tmp_path):
    write_stories(tmp_path / "in", 3)
    (tmp_path / "in" / "wire.jsonl").unlink()
    too_long = ninjs_item(9) | {"headlines": [{"role": "main", "value": "Port " * 100}]}
    (tmp_path / "in" / "story-001b.json").write_text(json.dumps(too_long), encoding="utf-8")
    with pytest.raises(Exception, match=r"3 created.*1 failed"):
        run_import(tmp_path / "in")
    assert Article.objects.count() == Article.history.count() == 3
    assert not Article.objects.filter(source_key="urn:test:bulk:9").exists()


def test_new_stories_are_written_with_a_few_statements_per_batch(directory, tmp_path):
    write_stories(tmp_path / "in", 20)
    (tmp_path / "in" / "wire.jsonl").unlink()  # its byline and tags would be created first
    with CaptureQueriesContext(connection) as queries:
        run_import(tmp_path / "in")
    assert Article.objects.count() == 20
    assert Mention.objects.count() == 40 and Quote.objects.count() == 40
    # One story at a time costs a dozen statements each (240 here).
    assert len(queries) < 40


def test_a_failed_batch_is_written_again_story_by_story_and_nothing_is_doubled(
    directory, tmp_path, monkeypatch
):
    write_stories(tmp_path / "in", 5)
    real_insert = writing._insert

    def insert_then_fail(plans, mentions):
        real_insert(plans, mentions)
        if len(plans) > 1:  # a batch fails; each story written on its own lands
            raise DatabaseError("the disk is full (simulated)")

    monkeypatch.setattr(writing, "_insert", insert_then_fail)
    out, err = run_import(tmp_path / "in")
    assert "10 created" in out and err == ""
    assert Article.objects.count() == 10
    assert Article.history.count() == 10
    assert Mention.objects.filter(article__source_key="urn:test:bulk:0").count() == 3


def test_results_keep_file_order_when_some_stories_cannot_be_batched(directory, tmp_path):
    folder = tmp_path / "in"
    write_stories(folder, 3)
    (folder / "wire.jsonl").unlink()
    # A byline nobody has entered yet: the story creates the person in its own transaction.
    (folder / "story-001.txt").unlink()
    item = ninjs_item(1) | {"by": "Nadia Oyelaran"}
    (folder / "story-001.json").write_text(json.dumps(item), encoding="utf-8")
    (folder / "story-001b.txt").write_text(" \n", encoding="utf-8")

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception, match="3 created"):
        call_command("import_articles", str(folder), stdout=out, stderr=err, verbosity=2)
    lines = [line.split(":")[0].rsplit("/", 1)[-1] for line in out.getvalue().splitlines()]
    assert lines[:3] == ["story-000.txt", "story-001.json", "story-002.txt"]
    assert "story-001b.txt: empty file" in err.getvalue()


def test_the_same_story_twice_in_one_run_is_one_article(directory, tmp_path):
    first = ninjs_item(7)
    second = first | {"headlines": [{"role": "main", "value": "Port fees deal signed"}]}
    (tmp_path / "wire.jsonl").write_text(f"{json.dumps(first)}\n{json.dumps(second)}\n")
    out, _ = run_import(tmp_path / "wire.jsonl")
    assert "1 created, 1 updated" in out
    assert Article.objects.get().headline == "Port fees deal signed"


def test_worker_processes_store_the_same_stories_in_the_same_order(directory, tmp_path):
    write_stories(tmp_path / "in", 6)
    (tmp_path / "in" / "story-003.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(Exception, match=r"11 created.*1 failed"):
        call_command(
            "import_articles", str(tmp_path / "in"), stdout=io.StringIO(), stderr=io.StringIO()
        )
    serial = snapshot()

    forget_imported_stories()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception, match=r"11 created.*1 failed"):
        call_command(
            "import_articles", str(tmp_path / "in"), jobs=2, stdout=out, stderr=err, verbosity=2
        )
    assert snapshot() == serial
    assert "story-003.txt: not text" in err.getvalue()
    names = [line.split(":")[0].rsplit("/", 1)[-1] for line in out.getvalue().splitlines()]
    assert names[:5] == [f"story-{n:03d}.txt" for n in (0, 1, 2, 4, 5)]


def test_files_a_reader_process_cannot_send_back_are_read_by_the_writer(
    directory, tmp_path, monkeypatch
):
    write_stories(tmp_path / "in", 3)

    writer, real_read_source = os.getpid(), at_scale.read_source

    def read_source(source, **options):
        if os.getpid() != writer:  # in a forked reader
            # What a reader meets when a story cannot be pickled back (MaybeEncodingError).
            raise RuntimeError("cannot send these stories back (simulated)")
        return real_read_source(source, **options)

    monkeypatch.setattr(at_scale, "read_source", read_source)
    out, err = run_import(tmp_path / "in", jobs=2)
    assert "6 created" in out and err == ""
    assert Article.objects.count() == 6


def test_a_batch_broken_in_an_unforeseen_way_is_written_again_story_by_story(
    directory, tmp_path, monkeypatch
):
    write_stories(tmp_path / "in", 3)
    real_insert = writing._insert

    def insert_then_break(plans, mentions):
        real_insert(plans, mentions)
        if len(plans) > 1:  # a batch fails; each story written on its own lands
            raise OverflowError("Python int too large to convert to SQLite INTEGER (simulated)")

    monkeypatch.setattr(writing, "_insert", insert_then_break)
    out, err = run_import(tmp_path / "in")
    assert "6 created" in out and err == ""
    assert Article.objects.count() == Article.history.count() == 6


def test_jobs_must_be_at_least_one(tmp_path):
    with pytest.raises(Exception, match="--jobs must be at least 1"):
        run_import(tmp_path, jobs=0)


def test_a_name_suggested_by_several_stories_of_one_batch_counts_each_story(tmp_path):
    for number in range(3):
        (tmp_path / f"s{number}.txt").write_text(
            f"Kisumu, Kenya – Prime Minister Xavier Obuya opened bridge {number} on Friday, "
            "officials said.\n",
            encoding="utf-8",
        )
    run_import(tmp_path)
    suggestion = NameSuggestion.objects.get()
    assert suggestion.name == "Xavier Obuya"
    assert suggestion.occurrences == 3


def test_insert_plain_refuses_models_with_structured_fields():
    with pytest.raises(TypeError, match="Image"):
        insert_plain([Image(alt_text="A harbour crane")], now=None)


def test_body_changed_after_a_save_is_cleaned_again():
    article = make_article(body="<p>First version.</p>")
    article.body = '<p>Second version.</p><script>alert("x")</script>'
    article.save()
    article.refresh_from_db()
    assert article.body == "<p>Second version.</p>"
    assert article.body_text == "Second version."


def test_readers_get_small_files_in_runs_and_big_files_one_at_a_time(tmp_path):
    for number in range(120):
        (tmp_path / f"small-{number:03d}.txt").write_text("Nairobi, Kenya – Short.\n")
    (tmp_path / "a-wire.jsonl").write_bytes(b" " * at_scale.TASK_BYTES)
    sources = list(collect_sources([str(tmp_path)]))
    tasks = [len(task) for task in at_scale._tasks(sources)]
    assert tasks == [1, 50, 50, 20]
    # 120 small files are not worth forking for; a big import is.
    assert at_scale.default_jobs(sources[1:]) == 1
    assert at_scale.default_jobs(sources * 3) == min(os.cpu_count(), 4)


def test_a_big_import_refreshes_the_planner_statistics_on_postgresql(
    directory, tmp_path, monkeypatch
):
    from articles.management.commands import import_articles

    monkeypatch.setattr(import_articles, "ANALYZE_AFTER", 3)
    write_stories(tmp_path / "small", 1)
    write_stories(tmp_path / "big", 2)
    with CaptureQueriesContext(connection) as small:
        run_import(tmp_path / "small")  # 2 stories
    with CaptureQueriesContext(connection) as big:
        run_import(tmp_path / "big")  # 4 stories
    analyzed = [q["sql"] for q in big.captured_queries if q["sql"].startswith("ANALYZE")]
    assert not [q for q in small.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analyzed and '"articles_article"' in analyzed[0]
    else:
        assert analyzed == []  # SQLite's queries do without statistics


def test_a_forked_reader_dies_when_terminated_whatever_handler_its_parent_installed():
    # A task worker run earlier in the same process ("finish the current task first") left a
    # SIGTERM handler; a reader inheriting it would outlive the pool's terminate.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        at_scale._start_reader(None, None)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)
