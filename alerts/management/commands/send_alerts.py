from functools import partial

from django.core.management.base import BaseCommand
from django.db import transaction

from alerts import sending, tasks

# A dry run goes through the real sending path with this backend: it accepts every message and
# sends none, so there is no second path that only pretends to send.
NO_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = (
        "Send every alert and digest that is due now, then exit: queue stories that went live "
        "(published, scheduled time reached, embargo lifted), match them to followers and "
        "send up to ALERTS_PER_MINUTE emails. For cron (every minute) and tests; the worker "
        "(`manage.py db_worker`) does the same every minute once started with --schedule. "
        "--dry-run does all of it in a transaction that is rolled back, with no email sent, "
        "and prints what would have been queued and sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Do not send: queue the worker's every-minute run (once; safe to repeat).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be queued and sent; write nothing, send no email.",
        )

    def handle(self, *args, schedule: bool, dry_run: bool = False, **options):
        prefix = "Dry run, nothing written or sent: " if dry_run else ""
        if schedule:
            queued = self._run(tasks.schedule_next_run, dry_run=dry_run)
            self.stdout.write(
                prefix + ("Worker run queued." if queued else "Worker run already queued.")
            )
            return
        email_backend = NO_EMAIL_BACKEND if dry_run else None
        counts = self._run(partial(sending.run_due, email_backend=email_backend), dry_run=dry_run)
        if options["verbosity"]:
            self.stdout.write(
                prefix + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
            )

    def _run(self, work, *, dry_run: bool):
        """``work()``; on a dry run inside a transaction that is rolled back."""
        if not dry_run:
            return work()
        with transaction.atomic():
            result = work()
            transaction.set_rollback(True)
        return result
