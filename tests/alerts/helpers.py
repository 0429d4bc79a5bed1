"""Small helpers for the alert tests: a confirmed follower, a mention, one run of the sender."""

from django.core.management import call_command
from django.utils import timezone

from alerts.models import Follow, Subscriber
from people.models import Mention


def make_follower(email: str, kind: str, target, *, frequency=Subscriber.Frequency.INSTANT):
    subscriber, _ = Subscriber.objects.get_or_create(
        email=email, defaults={"confirmed_at": timezone.now(), "frequency": frequency}
    )
    Follow.objects.create(subscriber=subscriber, kind=kind, target_id=target.pk)
    return subscriber


def mention(article, person, status=Mention.Status.CONFIRMED):
    return Mention.objects.create(article=article, person=person, status=status, count=1)


def send_alerts():
    call_command("send_alerts", verbosity=0)
