"""The schedule watchdog, for cron and monitoring."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.watchdog import schedule_problems


class Command(BaseCommand):
    help = (
        "List stories whose time passed without the site following: a publication time "
        "passed but the story was never published (missed schedule), a story expired but "
        "cached pages were not refreshed, an inconsistent embargo. Writes nothing. Exits "
        "non-zero when there is any, so cron or monitoring can alert; --json for machines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            help='Print {"ok", "checked_at", "count", "problems": [...]} on stdout.',
        )

    def handle(self, *args, **options):
        problems = schedule_problems()
        if options["json"]:
            report = {
                "ok": not problems,
                "checked_at": timezone.now().isoformat(),
                "count": len(problems),
                "problems": [problem.as_json() for problem in problems],
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            for problem in problems:
                due = timezone.localtime(problem.due_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(
                    f"{problem.kind}: “{problem.headline}” (id {problem.article_id}, due "
                    f"{due}): {problem.message}. {problem.admin_path}"
                )
            if not problems and options["verbosity"] >= 1:
                self.stdout.write("Schedule OK: nothing missed.")
        if problems:
            raise CommandError(f"{len(problems)} schedule problem(s); see above.")
