from django.core.management.base import BaseCommand, CommandError

from alerts import services
from alerts.models import Subscriber


class Command(BaseCommand):
    # Not an AuditedCommand: the audit trail would keep the very address being erased.
    help = (
        "Delete one alert subscriber: the address, what it follows and the record of what "
        "was sent to it. Use --dry-run to see what would go; it deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted.")

    def handle(self, *args, email: str, dry_run: bool, verbosity: int = 1, **options):
        subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
        if subscriber is None:
            raise CommandError(f"No subscriber with the address {email!r}.")
        follows, deliveries = subscriber.follows.count(), subscriber.deliveries.count()
        if not dry_run:
            services.unsubscribe(subscriber)
        verb = "Dry run, nothing written: would delete" if dry_run else "Deleted"
        if verbosity >= 1:
            self.stdout.write(
                f"{verb} the subscriber, {follows} follow(s), {deliveries} delivery record(s)."
            )
