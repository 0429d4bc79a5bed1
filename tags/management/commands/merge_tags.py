"""Merge duplicate tags."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Q

from tags.models import Tag
from tags.services import case_duplicate_groups, merge_tags


def find_tag(value: str) -> Tag:
    tag = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
    if tag is None:
        raise CommandError(f"No tag with slug or name {value!r}.")
    return tag


class Command(BaseCommand):
    help = (
        "Merge tags into one: `merge_tags KEEP OTHER [OTHER ...]` (slugs or names) moves every "
        "article from OTHER to KEEP and deletes OTHER; its page redirects to KEEP's. "
        "`merge_tags --case-duplicates` merges tags whose names differ only by case or spacing "
        "into the most used of each group. Each group is merged in its own transaction; "
        "--dry-run lists the merges and the articles each tag carries, and changes nothing. "
        "Exits non-zero if any merge failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("tags", nargs="*", metavar="TAG")
        parser.add_argument("--case-duplicates", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, tags, case_duplicates=False, dry_run=False, verbosity=1, **options):
        merged = failed = 0
        for keep, others in self._plan(tags, case_duplicates):
            if dry_run:
                merged += len(others)
                if verbosity >= 1:
                    names = ", ".join(f"{t.name} ({t.taggings.count()} articles)" for t in others)
                    self.stdout.write(f"Would merge {names} into {keep.name}")
                continue
            if verbosity >= 1:
                self.stdout.write(f"Merging {', '.join(t.name for t in others)} into {keep.name}")
            try:
                merged += merge_tags(keep=keep, others=others)
            except (ValidationError, DatabaseError) as error:
                failed += 1
                self.stderr.write(f"{keep.name}: {error}")
        if dry_run:
            summary = f"Dry run, nothing written: {merged} tags would be merged."
        else:
            summary = f"{merged} tags merged." + (f" {failed} failed." if failed else "")
        if failed:
            raise CommandError(summary)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def _plan(self, tags: list[str], case_duplicates: bool) -> list[tuple[Tag, list[Tag]]]:
        """(tag to keep, tags to merge into it) for each merge, from the arguments."""
        if case_duplicates == bool(tags):
            raise CommandError("Give either KEEP OTHER [OTHER ...] or --case-duplicates.")
        if case_duplicates:
            return [(group[0], group[1:]) for group in case_duplicate_groups()]
        if len(tags) < 2:
            raise CommandError("Name the tag to keep and at least one tag to merge into it.")
        keep = find_tag(tags[0])
        others = {tag.pk: tag for tag in map(find_tag, tags[1:]) if tag.pk != keep.pk}
        return [(keep, list(others.values()))]
