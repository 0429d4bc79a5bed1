"""Signed links in alert emails (django.core.signing, keyed by SECRET_KEY).

* A **confirmation** link carries the address and what it asked to follow, and expires
  (``ALERTS_CONFIRM_MAX_AGE_SECONDS``): nothing is stored before its owner clicks it.
* A **subscriber** link (manage, unsubscribe, export) carries the subscriber's id and their
  ``key``; it does not expire, so old emails keep working, and deleting the subscriber or
  replacing the key revokes every link sent so far.
"""

from django.conf import settings
from django.core import signing

from alerts.models import Subscriber

CONFIRM_SALT = "alerts.confirm"
SUBSCRIBER_SALT = "alerts.subscriber"


def confirmation_token(*, email: str, kind: str, target_id: int) -> str:
    return signing.dumps({"e": email, "k": kind, "t": target_id}, salt=CONFIRM_SALT)


def read_confirmation(token: str) -> dict | None:
    """``{"e": email, "k": kind, "t": target id}``, or None when forged or expired."""
    try:
        return signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.ALERTS_CONFIRM_MAX_AGE_SECONDS
        )
    except signing.BadSignature:
        return None


def subscriber_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=SUBSCRIBER_SALT)


def subscriber_from_token(token: str) -> Subscriber | None:
    try:
        pk, key = signing.loads(token, salt=SUBSCRIBER_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=pk, key=key).first()
