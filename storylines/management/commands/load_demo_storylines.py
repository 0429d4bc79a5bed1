"""Load the demo storylines (articles/demo/content.json, "storylines"); ``load_demo`` runs it
by name after the stories exist (``articles`` may not import this app)."""

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from articles.management.commands.load_demo import CONTENT_FILE
from articles.models import Article
from newsroom.audit import AuditedCommand
from storylines.models import Storyline, StorylineEntry


class Command(AuditedCommand):
    help = (
        "Load the demo storylines and their entries (stories by slug, milestones by title and "
        "date) from the demo content. Existing storylines are left unchanged. Each storyline "
        "is all or nothing; one that fails (a story missing, an invalid entry) is reported and "
        "the command exits non-zero. --dry-run checks and reports them and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Build and check every storyline, report, and write nothing.",
        )

    def handle(self, *args, dry_run: bool = False, verbosity: int = 1, **options):
        content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        created = failed = 0
        for item in content.get("storylines", []):
            if Storyline.objects.filter(slug=item["slug"]).exists():
                continue
            try:
                with transaction.atomic():
                    load_storyline(item)
                    transaction.set_rollback(dry_run)
            except (ValidationError, Article.DoesNotExist) as error:
                failed += 1
                self.stderr.write(f"{item['slug']}: {error}")
                continue
            created += 1
            if verbosity >= 2:
                self.stdout.write(f"{item['slug']}: {len(item['entries'])} entries")
        self.audit_counts = {"new storylines": created}
        summary = f"Demo storylines: {created} new" + (f", {failed} failed." if failed else ".")
        if dry_run:
            summary = f"Dry run, nothing written: {summary}"
        if failed:
            raise CommandError(summary)
        if verbosity:
            self.stdout.write(summary)


def load_storyline(item: dict) -> Storyline:
    """One storyline of the demo content, with its stories and milestones, checked and saved."""
    storyline = Storyline(
        slug=item["slug"],
        title=item["title"],
        description=item.get("description", ""),
        status=item.get("status", Storyline.Status.DRAFT),
    )
    storyline.full_clean()
    storyline.save()
    for entry in item["entries"]:
        if "article" in entry:
            storyline.add_article(Article.objects.get(slug=entry["article"]))
            continue
        milestone = StorylineEntry(
            storyline=storyline,
            title=entry["title"],
            text=entry.get("text", ""),
            date=date.fromisoformat(entry["date"]),
        )
        milestone.full_clean()
        milestone.save()
    return storyline
