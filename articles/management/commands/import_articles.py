"""Import stories from raw text, ninjs and Newsroom's full export format."""

import codecs
import os
from collections import Counter

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.importing import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_FILE_BYTES,
    MAX_DEFAULT_JOBS,
    PARALLEL_FROM_BYTES,
    ImportContext,
    ImportOptions,
    Outcome,
    collect_sources,
    default_jobs,
    import_sources,
)
from articles.models import Article, Byline, Section, TaggedArticle
from newsroom import content_version
from newsroom.audit import AuditedCommand
from newsroom.db import refresh_statistics
from newsroom.progress import progress
from people.models import Mention, Person, Quote
from people.services import get_linker
from tags.models import Tag

# A big import changes the tables' sizes enough for the planner to need new statistics.
ANALYZE_AFTER = 1000
IMPORTED_MODELS = [
    Article,
    Article.history.model,
    Byline,
    TaggedArticle,
    Mention,
    Quote,
    Person,
    Tag,
]
STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.PUBLISHED)


def printable(path: str) -> str:
    """A path as a terminal can print it: a name that is not UTF-8 (the operating system
    passes its bytes as lone surrogates) gets U+FFFD where those bytes were."""
    return os.fsencode(path).decode("utf-8", "replace")


class Command(AuditedCommand):
    help = (
        "Create or update articles from files, directories (searched recursively for .txt, "
        ".json, .jsonl and .ndjson) and glob patterns. Raw text: one paragraph per line, an "
        "optional first line '# Headline' (or 'Headline: ...') and 'Id: ...'; ninjs 2.x/1.x "
        "items; or records written by 'export_articles --format full'. --max-bytes bounds "
        "each story (each line of JSON lines), --max-file-bytes each JSON file. Each story "
        "is all or nothing (stories are written in batches, redone one by one if a batch "
        "fails); a story an editor changed since its last import is kept unless --overwrite. "
        "Reasons for refused files go to stderr as 'PATH: reason'; the command "
        "exits non-zero if any file failed."
    )

    audit_target = "articles.Article"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, folders or globs.")
        parser.add_argument("--headline", default="", help="The headline (one file only).")
        parser.add_argument("--section", metavar="SLUG", help="Put the stories in this section.")
        parser.add_argument(
            "--author", default="", metavar="NAME", help="Byline (found or added to people)."
        )
        parser.add_argument(
            "--status",
            choices=STATUSES,
            help="draft (the default for new stories), in_review or published. Without it, "
            "a re-import keeps the article's status.",
        )
        parser.add_argument(
            "--publish-at",
            metavar="ISO",
            help="Publication time, e.g. 2025-01-31T08:00:00+03:00; a future time with "
            "--status published schedules the story.",
        )
        parser.add_argument("--encoding", default="utf-8", help="Text encoding (utf-8).")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help="Refuse a story larger than this: a raw-text file, a JSON file holding one "
            "document, or one line of a JSON lines file (that line fails alone, the others "
            f"import). Default {DEFAULT_MAX_BYTES:,} bytes (2 MB).",
        )
        parser.add_argument(
            "--max-file-bytes",
            type=int,
            default=DEFAULT_MAX_FILE_BYTES,
            help="Refuse a JSON or JSON lines file larger than this, however small its stories "
            f"(it is read whole). Default {DEFAULT_MAX_FILE_BYTES:,} bytes (200 MB).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse, validate and report; write nothing."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            metavar="N",
            help="Processes that read, parse and link files while this one writes (default: "
            f"one per CPU, at most {MAX_DEFAULT_JOBS}, for {PARALLEL_FROM_BYTES:,} bytes of "
            "files or more; else 1).",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace articles an editor changed since they were imported.",
        )

    def handle(self, *args, paths, verbosity=1, **options):
        import_options = self._options(options)
        sources = list(collect_sources(paths))
        if import_options.headline and len(sources) != 1:
            raise CommandError("--headline names the headline of one file; give exactly one.")
        jobs = default_jobs(sources) if options["jobs"] is None else options["jobs"]
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        context = ImportContext(linker=get_linker())
        counts = self.audit_counts = Counter()
        # On a terminal the progress bar owns the last stderr line: clear it before a reason.
        clear = "\r\x1b[K" if self.stderr.isatty() else ""
        # Cached pages go stale once a second during the run, not after every story.
        with content_version.batched():
            shown = progress(sources, total=len(sources), stream=self.stderr, label="Import ")
            results = import_sources(shown, options=import_options, context=context, jobs=jobs)
            for source, result in results:
                counts[result.outcome] += 1
                label = printable(source.label)
                label = f"{label}: {result.where}" if result.where else label
                if result.outcome == Outcome.FAILED:
                    self.stderr.write(f"{clear}{label}: {result.message}")
                elif result.message and verbosity >= 1:
                    self.stdout.write(f"{label}: {result.message}")
                elif verbosity >= 2:
                    self.stdout.write(f"{label}: {result.outcome} {result.slug}".rstrip())
        written = counts[Outcome.CREATED] + counts[Outcome.UPDATED]
        if written >= ANALYZE_AFTER and not import_options.dry_run:
            refresh_statistics(IMPORTED_MODELS)
        summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in Outcome)
        if import_options.dry_run:
            summary = f"Dry run, nothing written: {summary}"
        if counts[Outcome.FAILED]:
            raise CommandError(summary)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def _options(self, options) -> ImportOptions:
        try:
            codecs.lookup(options["encoding"])
            b" ".decode(options["encoding"])  # base64, zlib, rot13: codecs, not text encodings
        except UnicodeDecodeError:
            pass  # a text encoding, in which one byte is not text (UTF-16)
        except LookupError:
            raise CommandError(
                f"--encoding {options['encoding']!r} is not a text encoding."
            ) from None
        for option in ("max_bytes", "max_file_bytes"):
            if options[option] < 1:
                name = "--" + option.replace("_", "-")
                raise CommandError(f"{name} must be a positive number of bytes.")
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                known = ", ".join(Section.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"No section {options['section']!r} (sections: {known}).")
        publish_at = None
        if options["publish_at"]:
            try:
                publish_at = parse_datetime(options["publish_at"])
            except ValueError:
                publish_at = None
            if publish_at is None:
                raise CommandError(
                    f"--publish-at {options['publish_at']!r} is not an ISO date-time "
                    "(e.g. 2025-01-31T08:00:00+03:00)."
                )
            if timezone.is_naive(publish_at):
                publish_at = timezone.make_aware(publish_at)
        return ImportOptions(
            section=section,
            author=" ".join(options["author"].split()),
            status=options["status"],
            publish_at=publish_at,
            headline=" ".join(options["headline"].split()),
            encoding=options["encoding"],
            max_bytes=options["max_bytes"],
            max_file_bytes=options["max_file_bytes"],
            overwrite=options["overwrite"],
            dry_run=options["dry_run"],
        )
