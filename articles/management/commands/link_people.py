"""Re-link the people mentioned in stories, after the directory changed.

Here rather than in ``people``: it reads stories, and ``people`` may not import ``articles``
(it links the paragraphs ``articles.people_links`` gives it).
"""

from datetime import datetime, time

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.models import Article
from articles.people_links import link_article
from articles.services import article_changed
from newsroom.audit import AuditedCommand
from newsroom.progress import progress
from people.links import get_linker


def parse_since(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since {value!r} is not a date (YYYY-MM-DD) or a date-time.")
        parsed = datetime.combine(day, time.min)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(AuditedCommand):
    help = (
        "Find the people each story mentions (and its quotes) again, with the current "
        "directory. Rejected mentions stay rejected. Reports what changed per article."
    )

    audit_target = "people.Mention"

    def add_arguments(self, parser):
        parser.add_argument("--article", metavar="SLUG", help="Only this article.")
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Only articles changed on or after this date (YYYY-MM-DD or ISO date-time).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, article=None, since=None, dry_run=False, verbosity=1, **options):
        articles = Article.objects.order_by("pk")
        if article:
            articles = articles.filter(slug=article)
            if not articles.exists():
                raise CommandError(f"No article with slug {article!r}.")
        if since:
            articles = articles.filter(updated_at__gte=parse_since(since))
        linker = get_linker()
        total = articles.count()
        changed = 0
        for item in progress(articles.iterator(chunk_size=500), total=total, stream=self.stderr):
            if dry_run:
                result = link_article(item, linker=linker, dry_run=True)
            else:
                result = article_changed(item, linker=linker)
            if result.changed:
                changed += 1
            if verbosity >= 2 or (verbosity >= 1 and result.changed):
                self.stdout.write(f"{item.slug}: {result.describe()}")
        self.audit_counts = {"articles": total, "changed": changed}
        prefix = "Would change" if dry_run else "Changed"
        self.stdout.write(
            self.style.SUCCESS(f"{prefix} mentions in {changed} of {total} articles.")
        )
