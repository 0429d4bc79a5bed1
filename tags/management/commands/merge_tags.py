"""Merge duplicate tags."""

from django.core.management.base import BaseCommand, CommandError
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
        "into the most used of each group."
    )

    def add_arguments(self, parser):
        parser.add_argument("tags", nargs="*", metavar="TAG")
        parser.add_argument("--case-duplicates", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, tags, case_duplicates=False, dry_run=False, **options):
        if case_duplicates == bool(tags):
            raise CommandError("Give either KEEP OTHER [OTHER ...] or --case-duplicates.")
        if case_duplicates:
            plan = [(group[0], group[1:]) for group in case_duplicate_groups()]
        else:
            if len(tags) < 2:
                raise CommandError("Name the tag to keep and at least one tag to merge into it.")
            keep = find_tag(tags[0])
            plan = [(keep, [find_tag(value) for value in tags[1:]])]
        merged = 0
        for keep, others in plan:
            names = ", ".join(t.name for t in others)
            self.stdout.write(f"{'Would merge' if dry_run else 'Merging'} {names} into {keep.name}")
            if not dry_run:
                merged += merge_tags(keep=keep, others=others)
        self.stdout.write(self.style.SUCCESS(f"{merged} tags merged."))
