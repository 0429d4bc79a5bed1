"""The importer at scale: files read in parallel, stories written in batches.

Importing a story has two halves. Reading it (decoding, parsing, cleaning the body, finding
the people, quotes and names it holds: ``reading.py``) is pure Python and needs no
database; with ``jobs`` > 1 it runs in worker processes, a bounded window of files ahead of
the writer, so memory does not grow with the number of files.

Writing a story one at a time costs a dozen statements and a commit. Stories are queued and
every ``BATCH_SIZE`` written together by the one write path (``writing.write_stories``),
which inserts new stories with one INSERT per table. The queue is written early when a
story comes that is not a story to batch (a full record, a refusal), or one whose source
key is already queued, so results come out in file order and a story met twice in one run
is created, then updated.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from articles.importing.context import ImportContext, ImportOptions
from articles.importing.full_format import restore_record
from articles.importing.outcomes import ItemResult
from articles.importing.reading import Story, read_source
from articles.importing.sources import Source
from articles.importing.writing import write_stories
from people.services import get_linker

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


def import_sources(
    sources: Iterable[Source], *, options: ImportOptions, context: ImportContext, jobs: int = 1
) -> Iterator[tuple[Source, ItemResult]]:
    """Import every story of every source: ``(source, result)`` per story, in file order."""
    context.linker = context.linker or get_linker()  # built here, never in a reader
    queue = _Queue(options=options, context=context)
    for source, items in _read_all(sources, options=options, linker=context.linker, jobs=jobs):
        for where, item in items:
            if isinstance(item, Story):
                yield from queue.add(source, item)
                continue
            yield from queue.write()
            if not isinstance(item, ItemResult):
                item = restore_record(record=item, where=where, options=options, context=context)
            yield source, item
    yield from queue.write()


class _Queue:
    """Stories waiting to be written together, with the files they came from."""

    def __init__(self, *, options: ImportOptions, context: ImportContext, size=BATCH_SIZE):
        self.options = options
        self.context = context
        self.size = size
        self._stories: list[tuple[Source, Story]] = []
        self._keys: set[str] = set()

    def add(self, source: Source, story: Story) -> list[tuple[Source, ItemResult]]:
        """Queue a story; what was written to make room for it (see the module)."""
        written = self.write() if story.draft.source_key in self._keys else []
        self._stories.append((source, story))
        self._keys.add(story.draft.source_key)
        if len(self._stories) >= self.size:
            written += self.write()
        return written

    def write(self) -> list[tuple[Source, ItemResult]]:
        queued, self._stories = self._stories, []
        self._keys.clear()
        if not queued:
            return []
        results = write_stories(
            [story for _source, story in queued], options=self.options, context=self.context
        )
        return [(source, result) for (source, _story), result in zip(queued, results, strict=True)]


def _read_all(sources, *, options, linker, jobs):
    if jobs <= 1:
        for source in sources:
            yield source, read_source(source, options=options, linker=linker)
        return
    # Workers are forked with the linker already built. They never touch the database (the
    # connections they inherit stay unused, and workers leave with os._exit, which does not
    # close them under the parent's feet).
    pool = multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start_reader, initargs=(options, linker)
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
                read = [read_source(source, options=options, linker=linker) for source in chunk]
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
