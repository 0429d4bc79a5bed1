"""From a file to stories ready to write: read it strictly, parse it by its format, clean each
body and find the people, quotes and names it holds. Nothing here touches the database, so
the readers of ``at_scale`` run it in other processes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from articles.fields import CleanBody
from articles.importing.context import ImportOptions
from articles.importing.decoding import json_entries, read_text
from articles.importing.drafts import SOURCE_KEY_MAX, StoryDraft
from articles.importing.full_format import is_full_record
from articles.importing.ninjs import parse_ninjs
from articles.importing.outcomes import ItemResult, Outcome, Refused, refusal
from articles.importing.raw_text import parse_raw_text, raw_text_key
from articles.importing.sources import JSON_SUFFIXES, Source
from articles.people_links import story_paragraphs
from people.links import Links, links_in


@dataclass
class Reading:
    """What reading a story found: its clean body (with its plain text), and the people,
    quotes and names worth adding its text holds."""

    body: CleanBody
    links: Links


@dataclass
class Story:
    """A story to write: what its source says, and what reading it found (None when reading
    failed: the writer reads it again, and says why it fails)."""

    draft: StoryDraft
    reading: Reading | None = None
    where: str = ""  # inside the file: "line 3" for JSON lines, "" for a one-story file


def read_story(draft: StoryDraft, *, options: ImportOptions, linker) -> Reading:
    """Clean the body and find what the story says about people (no queries)."""
    body = CleanBody.of(draft.body)
    headline = options.headline or draft.headline
    links = links_in(story_paragraphs(headline, draft.dek, body.html), linker=linker)
    return Reading(body=body, links=links)


def read_source(
    source: Source, *, options: ImportOptions, linker
) -> list[tuple[str, Story | dict | ItemResult]]:
    """``(where, story)`` for every story in one file: a ``Story``, a full record, or the
    result that refuses or skips it."""
    items = []
    for where, item in source_items(source=source, options=options):
        if isinstance(item, StoryDraft):
            try:
                reading = read_story(item, options=options, linker=linker)
            except Exception:  # read again by the writer, where the same error is reported
                reading = None
            item = Story(draft=item, reading=reading, where=where)
        items.append((where, item))
    return items


def source_items(
    *, source: Source, options: ImportOptions
) -> Iterator[tuple[str, StoryDraft | dict | ItemResult]]:
    """Read and parse every story in one file: ``(where, story)`` for each, where a story is
    a draft, a full record, or the result that refuses or skips it."""

    path = source.path
    if path is None:
        yield "", ItemResult(Outcome.FAILED, message=source.refusal)
        return
    suffix = path.suffix.lower()
    is_json = suffix in JSON_SUFFIXES
    # A raw-text file is one story. A JSON file may hold many: it is read whole up to the
    # file cap, and json_entries() bounds each story in it by --max-bytes.
    limit, option = (
        (options.max_file_bytes, "--max-file-bytes")
        if is_json
        else (options.max_bytes, "--max-bytes")
    )
    try:
        text = read_text(path, encoding=options.encoding, max_bytes=limit, option=option)
    except Refused as error:
        yield "", ItemResult(Outcome.FAILED, message=str(error))
        return
    file_key = raw_text_key(path)
    entries = (
        json_entries(text, suffix=suffix, max_bytes=options.max_bytes)
        if is_json
        else iter([("", text)])
    )
    for where, value in entries:
        try:
            if isinstance(value, Refused):
                raise value
            if not is_json:
                yield where, parse_raw_text(value, source_key=file_key)
            elif is_full_record(value):
                yield where, value
            else:
                fallback = f"{file_key}#{where.replace(' ', '-')}" if where else file_key
                yield (
                    where,
                    parse_ninjs(value, fallback_key=fallback[:SOURCE_KEY_MAX], folder=path.parent),
                )
        except Exception as error:  # whatever a file holds, it fails alone
            yield where, refusal(error, where=where)
