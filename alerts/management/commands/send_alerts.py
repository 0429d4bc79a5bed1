from django.core.management.base import BaseCommand

from alerts import sending, tasks


class Command(BaseCommand):
    help = (
        "Send every alert and digest that is due now, then exit: queue stories that went live "
        "(published, scheduled time reached, embargo lifted), match them to followers and "
        "send up to ALERTS_PER_MINUTE emails. For cron (every minute) and tests; the worker "
        "(`manage.py db_worker`) does the same every minute once started with --schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Do not send: queue the worker's every-minute run (once; safe to repeat).",
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            queued = tasks.schedule_next_run()
            self.stdout.write("Worker run queued." if queued else "Worker run already queued.")
            return
        counts = sending.run_due()
        if options["verbosity"]:
            self.stdout.write(
                ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
            )
