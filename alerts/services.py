"""Following and unfollowing: the workflows behind the reader's pages."""

from django.db import transaction
from django.utils import timezone

from alerts import emails
from alerts.followables import FOLLOWABLES
from alerts.models import Follow, Subscriber


def find_target(kind: str, **lookup):
    """The followable object (by ``pk`` or ``slug``), or None when readers cannot see it."""
    followable = FOLLOWABLES.get(kind)
    return followable.public().filter(**lookup).first() if followable else None


def describe(kind: str, target_id: int) -> str | None:
    """What following it means, e.g. "stories that mention William Ruto"; None when readers
    cannot see the target."""
    target = find_target(kind, pk=target_id)
    return FOLLOWABLES[kind].describe(target) if target else None


def request_follow(*, email: str, kind: str, target_id: int) -> None:
    """Mail a confirmation link to ``email``; nothing is stored until it is clicked. The same
    mail whether or not the address already follows this (no enumeration)."""
    description = describe(kind, target_id)
    if description is None:
        return
    emails.confirmation(email=email, kind=kind, target_id=target_id, description=description).send(
        fail_silently=False
    )


@transaction.atomic
def confirm_follow(*, email: str, kind: str, target_id: int) -> Subscriber | None:
    """The link was clicked: the subscriber (created or confirmed) now follows the target.
    Returns None when the target is no longer visible to readers."""
    if describe(kind, target_id) is None:
        return None
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    Follow.objects.get_or_create(subscriber=subscriber, kind=kind, target_id=target_id)
    return subscriber


def follow_labels(subscriber: Subscriber) -> dict[int, str]:
    """{follow id: what the reader sees}; follows of things no longer public read as such."""
    return {
        follow.pk: describe(follow.kind, follow.target_id) or "something no longer published"
        for follow in subscriber.follows.all()
    }


def update_preferences(subscriber: Subscriber, *, frequency: str, keep) -> None:
    subscriber.frequency = frequency
    subscriber.full_clean()
    subscriber.save(update_fields=["frequency"])
    subscriber.follows.exclude(pk__in=[f.pk for f in keep]).delete()


def unsubscribe(subscriber: Subscriber) -> None:
    """Unsubscribe from everything: the address and all it followed are deleted."""
    subscriber.delete()
