import json

from django.core.management.base import BaseCommand, CommandError

from alerts.models import Subscriber


class Command(BaseCommand):
    help = "Print everything stored about one alert subscriber, as JSON (read-only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
        if subscriber is None:
            raise CommandError(f"No subscriber with the address {email!r}.")
        self.stdout.write(json.dumps(subscriber.export(), indent=2))
