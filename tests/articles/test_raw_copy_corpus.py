"""Raw copy read like a sub-editor: a corpus of short stories written for these tests.

Each story in ``raw_copy_corpus/`` is a ``.txt`` with a ``.json`` beside it naming what a
sub-editor finds: the headline line, the dateline and its parts, the subheads, the lists, the
notes kept out of the body (header blocks, contacts, sign-offs, editor's notes, captions) and
the names in byline credits. The corpus test prints precision, recall and accuracy per part.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from articles.raw_copy import read_raw_copy, split_dateline

CORPUS = Path(__file__).parent / "raw_copy_corpus"
YEAR = 2024  # the year the stories were filed: completes "Oct. 2"
PARTS = ("headline", "dateline", "subheads", "lists", "notes", "credits")


def load_corpus() -> list[tuple[str, str, dict]]:
    """(name, text, expected) for each story, in file order."""
    stories = []
    for path in sorted(CORPUS.glob("*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        expected.setdefault("headline", "")
        stories.append((path.stem, path.read_text(encoding="utf-8"), expected))
    return stories


def read(text: str) -> dict:
    """What the reader finds in a story, in the shape of the expected ``.json``."""
    copy = read_raw_copy(text.split("\n"), year=YEAR)
    dateline = None
    if copy.dateline_text:
        parts = copy.dateline
        dateline = {
            "text": copy.dateline_text,
            "place": parts.place,
            "country": parts.country,
            "date": parts.date.isoformat() if parts.date else None,
            "source": parts.source,
        }
    return {
        "headline": copy.headline,
        "dateline": dateline,
        "subheads": copy.subheads,
        "lists": [[tag, list(items)] for tag, items in copy.lists],
        "notes": [[note.kind, note.text] for note in copy.notes],
        "credits": [list(credit.names) for credit in copy.credits],
    }


def as_items(part: str, value) -> Counter:
    """A part's findings as countable items: a missing dateline is no item at all."""
    if part in ("headline", "dateline"):
        return Counter([json.dumps(value, sort_keys=True)] if value else [])
    return Counter(json.dumps(item, sort_keys=True) for item in value)


def scores(results: list[tuple[dict, dict]]) -> dict[str, dict[str, float]]:
    """Precision, recall and accuracy (stories wholly right) per part over (expected, found)."""
    table = {}
    for part in PARTS:
        found_right = invented = missed = exact = 0
        for expected, found in results:
            want, got = as_items(part, expected[part]), as_items(part, found[part])
            found_right += sum((want & got).values())
            invented += sum((got - want).values())
            missed += sum((want - got).values())
            exact += expected[part] == found[part]
        table[part] = {
            "expected": found_right + missed,
            "precision": found_right / (found_right + invented) if found_right + invented else 1.0,
            "recall": found_right / (found_right + missed) if found_right + missed else 1.0,
            "accuracy": exact / len(results),
        }
    return table


def report(table: dict[str, dict[str, float]], *, title: str) -> list[str]:
    lines = [title, f"{'part':<10} {'items':>5} {'precision':>9} {'recall':>7} {'accuracy':>8}"]
    for part, row in table.items():
        lines.append(
            f"{part:<10} {row['expected']:>5} {row['precision']:>9.3f} {row['recall']:>7.3f} "
            f"{row['accuracy']:>8.3f}"
        )
    return lines


STORIES = load_corpus()


def test_the_corpus_has_at_least_sixty_stories_covering_every_part():
    assert len(STORIES) >= 60
    for part in ("dateline", "subheads", "lists", "notes", "credits"):
        assert sum(bool(expected[part]) for _, _, expected in STORIES) >= 5, part
    kinds = {kind for _, _, expected in STORIES for kind, _ in expected["notes"]}
    assert kinds == {"header", "contact", "sign-off", "editor's note", "caption"}


@pytest.mark.parametrize(("name", "text", "expected"), STORIES, ids=[s[0] for s in STORIES])
def test_each_story_is_read_as_a_sub_editor_reads_it(name, text, expected):
    found = read(text)
    for part in PARTS:
        assert found[part] == expected[part], f"{name}: {part}"


def test_nothing_kept_out_of_the_body_is_in_it():
    for name, text, expected in STORIES:
        body = read_raw_copy(text.split("\n"), year=YEAR).body_html
        for _, note in expected["notes"]:
            for line in note.split("\n"):
                assert line not in body, f"{name}: {line!r} is in the body"
        for names in expected["credits"]:
            for person in names:
                assert person not in body, f"{name}: {person!r} is in the body"


def test_corpus_scores_are_reported_and_perfect(request):
    table = scores([(expected, read(text)) for _, text, expected in STORIES])
    lines = report(table, title=f"raw copy corpus: {len(STORIES)} stories")
    # Printed past pytest's capture, so the figures show without -s.
    capture = request.config.pluginmanager.getplugin("capturemanager")
    terminal = request.config.pluginmanager.getplugin("terminalreporter")
    if capture and terminal:
        with capture.global_and_fixture_disabled():
            terminal.write_line("")
            for line in lines:
                terminal.write_line(line)
    for part, row in table.items():
        assert (row["precision"], row["recall"], row["accuracy"]) == (1.0, 1.0, 1.0), part


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("Nairobi, Kenya – Talks resumed.", "Nairobi, Kenya", "Talks resumed."),
        ("PORT-AU-PRINCE, Haiti — Gangs withdrew.", "PORT-AU-PRINCE, Haiti", "Gangs withdrew."),
        ("Mombasa, Kenya - Port workers struck.", "Mombasa, Kenya", "Port workers struck."),
        ("LONDON — Markets fell.", "LONDON", "Markets fell."),
        ("LONDON — markets fell.", "LONDON", "Markets fell."),
        (
            "President Ruto – who spoke first – said no.",
            "",
            "President Ruto – who spoke first – said no.",
        ),
        ("In the end - after hours - they agreed.", "", "In the end - after hours - they agreed."),
        ("3 p.m. – Prelaunch teleconference", "", "3 p.m. – Prelaunch teleconference"),
        ("UPDATE — The vote was moved.", "", "UPDATE — The vote was moved."),
    ],
)
def test_split_dateline_keeps_what_the_importer_found_before_and_invents_none(
    paragraph, dateline, rest
):
    assert split_dateline(paragraph) == (dateline, rest)


def test_body_html_has_lists_subheads_and_linked_urls_and_is_sanitised():
    copy = read_raw_copy(
        [
            "Officials listed the steps on Monday.",
            "- Register <b>early</b>",
            "- Pay the fee",
            "Next steps",
            "The office opens at eight on weekdays.",
            "https://example.org/apply",
        ]
    )
    assert copy.body_html == (
        "<p>Officials listed the steps on Monday.</p>"
        "<ul><li>Register &lt;b&gt;early&lt;/b&gt;</li><li>Pay the fee</li></ul>"
        "<h2>Next steps</h2><p>The office opens at eight on weekdays.</p>"
        '<p><a href="https://example.org/apply" rel="noopener noreferrer nofollow">'
        "https://example.org/apply</a></p>"
    )
