"""The importer at scale: files read in parallel, new stories written in batches.

Importing a story has two halves. Reading it (decoding, parsing, cleaning the body, finding
the people, quotes and names it holds) is pure Python and needs no database; with
``jobs`` > 1 it runs in worker processes, a bounded window of files ahead of the writer,
so memory does not grow with the number of files.

Writing a story one at a time costs a dozen statements and a commit (the article, its
history record, bylines, tags, mentions, quotes, name suggestions, search terms). Most of
a bulk import is new stories that name people and tags the directory already has; those
are queued and every ``BATCH_SIZE`` stories written with one INSERT per table. Everything
else (a story already imported, one that would create a person or a tag, a full record, a
dry run) goes through ``import_item`` one by one, so results come out in file order.

Each story stays all-or-nothing: if a batch's transaction fails, it is rolled back and its
stories are written again one at a time, each in its own transaction, so a bad one is
reported with its reason and the good ones land.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from articles.importing import (
    ImportContext,
    ImportOptions,
    ItemResult,
    Outcome,
    Source,
    StoryDraft,
    apply_draft,
    refuse_unpublishable,
    source_items,
    unique_article_slugs,
    write_item,
)
from articles.models import Article, Byline, TaggedArticle
from articles.people_links import read_links
from articles.services import search_terms
from articles.text_format import html_to_text, sanitize_html
from newsroom.content_version import changed
from newsroom.db import insert_plain
from people.models import Mention, Person, Quote
from people.services import Links, found_quote, get_linker, record_suggestions

BATCH_SIZE = 200
# A worker's task is a run of files of about TASK_BYTES (or FILES_PER_TASK small files), and
# a few tasks are in flight: enough to keep the workers busy, few enough that a slow writer
# never holds more than a few megabytes of stories, however many files there are.
TASK_BYTES = 200_000
FILES_PER_TASK = 50
TASKS_IN_FLIGHT = 6
# Forking readers pays off from about 200 stories' worth of files.
PARALLEL_FROM_BYTES = 500_000
MAX_DEFAULT_JOBS = 4


def default_jobs(sources: list[Source]) -> int:
    """Reader processes for these files: one per CPU (at most four) for a big import."""
    if sum(_size(source) for source in sources) < PARALLEL_FROM_BYTES:
        return 1
    return min(os.cpu_count() or 1, MAX_DEFAULT_JOBS)


def _size(source: Source) -> int:
    try:
        return source.path.stat().st_size if source.path else 0
    except OSError:
        return 0  # reading it will say why


@dataclass
class Reading:
    """What reading a new story found: its clean body and plain text, people and quotes."""

    body: str
    body_text: str
    links: Links


def import_sources(
    sources: Iterable[Source], *, options: ImportOptions, context: ImportContext, jobs: int = 1
) -> Iterator[tuple[Source, ItemResult]]:
    """Import every story of every source: ``(source, result)`` per story, in file order."""
    batch = NewStoryBatch(options=options, context=context)
    for source, items in _read_all(sources, options=options, context=context, jobs=jobs):
        for where, item, reading in items:
            if isinstance(item, StoryDraft) and batch.add(source, where, item, reading):
                if batch.full:
                    yield from batch.write()
                continue
            yield from batch.write()
            if not isinstance(item, ItemResult):
                item = write_item(item=item, where=where, options=options, context=context)
            yield source, item
    yield from batch.write()


def read_source(source: Source, *, options: ImportOptions, linker) -> list[tuple]:
    """``(where, story, reading)`` for every story in one file; no database needed."""
    items = []
    for where, item in source_items(source=source, options=options):
        reading = None
        if isinstance(item, StoryDraft) and not options.dry_run:
            try:
                reading = _reading(item, options=options, linker=linker)
            except Exception:  # written on its own, where the same error is reported
                reading = None
        items.append((where, item, reading))
    return items


def _reading(draft: StoryDraft, *, options: ImportOptions, linker) -> Reading:
    body = sanitize_html(draft.body)
    headline = options.headline or draft.headline
    story = SimpleNamespace(headline=headline, dek=draft.dek, body=body)
    links = read_links(story, linker)
    return Reading(body=body, body_text=html_to_text(body), links=links)


def _read_all(sources, *, options, context, jobs):
    context.linker = context.linker or get_linker()  # built here, never in a reader
    if jobs <= 1:
        for source in sources:
            yield source, read_source(source, options=options, linker=context.linker)
        return
    # Workers are forked with the linker already built. They never touch the database (the
    # connections they inherit stay unused, and workers leave with os._exit, which does not
    # close them under the parent's feet).
    pool = multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start_reader, initargs=(options, context.linker)
    )
    try:
        tasks = _tasks(sources)
        in_flight = deque()
        while True:
            for chunk in islice(tasks, TASKS_IN_FLIGHT - len(in_flight)):
                in_flight.append((chunk, pool.apply_async(_read_chunk, (chunk,))))
            if not in_flight:
                break
            chunk, pending = in_flight.popleft()
            try:
                read = pending.get()
            except Exception:
                # A reader could not send its stories back (one too deeply nested to pickle,
                # say): read those files here, where each failure is that file's alone.
                read = [
                    read_source(source, options=options, linker=context.linker) for source in chunk
                ]
            yield from zip(chunk, read, strict=True)
    finally:
        pool.terminate()
        pool.join()


def _tasks(sources: Iterable[Source]) -> Iterator[list[Source]]:
    chunk, size = [], 0
    for source in sources:
        chunk.append(source)
        size += _size(source)
        if size >= TASK_BYTES or len(chunk) >= FILES_PER_TASK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


_reader: tuple | None = None


def _start_reader(options, linker) -> None:
    global _reader
    _reader = (options, linker)
    # A reader must die when the pool terminates it. A handler the parent installed (a task
    # worker's "finish the current task first", say) would be inherited by the fork and keep
    # the reader alive, so the pool's terminate would wait for it forever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _read_chunk(chunk: list[Source]) -> list[list[tuple]]:
    options, linker = _reader
    return [read_source(source, options=options, linker=linker) for source in chunk]


@dataclass
class _Queued:
    source: Source
    where: str
    draft: StoryDraft
    article: Article
    bylines: list[Person]
    taggings: list[TaggedArticle]
    mentions: list[Mention]
    quotes: list[Quote]
    suggestions: list


class NewStoryBatch:
    def __init__(self, *, options: ImportOptions, context: ImportContext, size=BATCH_SIZE):
        self.options = options
        self.context = context
        self.size = size
        self._queue: list[_Queued] = []
        self._keys: set[str] = set()

    @property
    def full(self) -> bool:
        return len(self._queue) >= self.size

    def add(self, source: Source, where: str, draft: StoryDraft, reading: Reading | None) -> bool:
        """Queue a story; False when it must be written on its own (see the module)."""
        if reading is None or draft.source_key in self._keys:
            return False
        try:
            queued = self._prepare(source, where, draft, reading)
        except Exception:  # whatever it is, the story is written on its own, which says why
            return False
        if queued is None:
            return False
        self._queue.append(queued)
        self._keys.add(draft.source_key)
        return True

    def _prepare(self, source, where, draft: StoryDraft, reading: Reading) -> _Queued | None:
        context, options = self.context, self.options
        names = [options.author] if options.author else (draft.bylines or [])
        bylines = [context.known_person(name) for name in dict.fromkeys(names)]
        tags = [context.known_tag(name) for name, _kind in draft.tags or []]
        people = [
            (context.person_by_slug(slug) if slug else None) or context.known_person(name)
            for name, slug in draft.people or []
        ]
        if None in bylines or None in tags or None in people:
            return None  # someone or something new: created in the story's own transaction
        context.commit()  # only rows that exist were looked up

        article = Article(source_key=draft.source_key, status=Article.Status.DRAFT)
        apply_draft(article, draft=draft, options=options, context=context)
        Article._meta.get_field("body").set_cleaned(article, reading.body, reading.body_text)
        article.version = article.imported_version = 1
        refuse_unpublishable(article, by_bylines=len(bylines), tag_count=len(set(tags)))
        # The slug is chosen for the whole batch when it is written; the reader has already
        # cleaned the body (it may be blank).
        article.full_clean(
            exclude=["slug", "body"], validate_unique=False, validate_constraints=False
        )
        article.clean_text_fields()

        mentions = _mentions(article, found=reading.links.found, confirmed=people)
        named = {person.pk: person.name for person in [*bylines, *people]}
        directory = getattr(context.linker, "names", {})
        tags = list(dict.fromkeys(tags))
        article.search_terms = search_terms(
            [
                *(named.get(m.person_id) or directory.get(m.person_id, "") for m in mentions),
                *(person.name for person in bylines),
                *(tag.name for tag in tags),
            ],
            section=article.section,
        )
        return _Queued(
            source=source,
            where=where,
            draft=draft,
            article=article,
            bylines=bylines,
            taggings=[TaggedArticle(content_object=article, tag=tag) for tag in tags],
            mentions=mentions,
            quotes=[found_quote(article, quote) for quote in reading.links.quotes],
            suggestions=reading.links.suggestions,
        )

    def write(self) -> list[tuple[Source, ItemResult]]:
        """Write the queue: new stories in one transaction, the others one by one."""
        queue, self._queue = self._queue, []
        self._keys.clear()
        if not queue:
            return []
        imported = set(
            Article.objects.filter(source_key__in=[q.draft.source_key for q in queue]).values_list(
                "source_key", flat=True
            )
        )
        new = [q for q in queue if q.draft.source_key not in imported]
        results: dict[int, ItemResult] = {}
        if new:
            for queued, slug in zip(
                new, unique_article_slugs([q.article.headline for q in new]), strict=True
            ):
                queued.article.slug = slug
            try:
                with transaction.atomic():
                    _insert(new)
            except Exception:  # rolled back; each is written on its own below, a bad one says why
                pass
            else:
                changed(*(queued.article for queued in new))
                for queued in new:
                    results[id(queued)] = ItemResult(
                        Outcome.CREATED, where=queued.where, slug=queued.article.slug
                    )
        return [
            (
                queued.source,
                results.get(id(queued)) or self._write_one(queued),
            )
            for queued in queue
        ]

    def _write_one(self, queued: _Queued) -> ItemResult:
        return write_item(
            item=queued.draft, where=queued.where, options=self.options, context=self.context
        )


def _mentions(
    article: Article, *, found: dict[int, tuple[int, int]], confirmed: list[Person]
) -> list[Mention]:
    """What the linker found, plus the people the source names (confirmed)."""
    mentions = {
        person_id: Mention(article=article, person_id=person_id, count=count, first_position=first)
        for person_id, (count, first) in found.items()
    }
    for person in dict.fromkeys(confirmed):
        mention = mentions.get(person.pk)
        if mention is None:
            # Someone the linker does not know yet: counted by name, as the one-by-one path does.
            text = "\n".join([article.headline, article.dek, article.body_text])
            position = text.find(person.name)
            mention = mentions[person.pk] = Mention(
                article=article,
                person=person,
                count=text.count(person.name),
                first_position=max(position, 0),
            )
        mention.status = Mention.Status.CONFIRMED
    return list(mentions.values())


def _insert(queue: list[_Queued]) -> None:
    # Related rows point at their article objects, whose ids the INSERT fills in.
    now = timezone.now()
    bulk_create_with_history([queued.article for queued in queue], Article, default_date=now)
    insert_plain(
        [
            Byline(article=queued.article, person=person, role=Byline.Role.BY, order=index)
            for queued in queue
            for index, person in enumerate(queued.bylines)
        ],
        now=now,
    )
    insert_plain([t for queued in queue for t in queued.taggings], now=now)
    insert_plain([m for queued in queue for m in queued.mentions], now=now)
    insert_plain([q for queued in queue for q in queued.quotes], now=now)
    record_suggestions((queued.article, queued.suggestions) for queued in queue)
