"""Read and bump the content version (see ``newsroom.models.ContentVersion``)."""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import timezone

from newsroom.models import ContentVersion

ROW = 1


def _next_publication_at():
    Article = apps.get_model("articles", "Article")
    return Article.objects.scheduled().aggregate(at=Min("published_at"))["at"]


_batch: ContextVar[dict | None] = ContextVar("content_version_batch", default=None)
BATCH_INTERVAL_SECONDS = 1.0


@contextmanager
def batched():
    """During a bulk run (an import of thousands of stories), bump at most once a second and
    once more at the end, instead of two or three times per story."""
    state = {"requested": False, "last": 0.0}
    token = _batch.set(state)
    try:
        yield
    finally:
        _batch.reset(token)
        if state["requested"]:
            bump()


def bump() -> None:
    """Something public changed: every cached page and ETag is now stale."""
    state = _batch.get()
    if state is not None:
        state["requested"] = True
        if time.monotonic() - state["last"] < BATCH_INTERVAL_SECONDS:
            return
        state["last"] = time.monotonic()
    now = timezone.now()
    updated = ContentVersion.objects.filter(pk=ROW).update(
        counter=F("counter") + 1, changed_at=now, next_publication_at=_next_publication_at()
    )
    if not updated:
        _create(now)


def _create(now) -> ContentVersion:
    try:
        with transaction.atomic():
            return ContentVersion.objects.create(
                pk=ROW, counter=1, changed_at=now, next_publication_at=_next_publication_at()
            )
    except IntegrityError:  # another process created it first
        return ContentVersion.objects.get(pk=ROW)


def current() -> ContentVersion:
    """The current version; bumps it first when a scheduled story's time has come."""
    version = ContentVersion.objects.filter(pk=ROW).first()
    now = timezone.now()
    if version is None:
        return _create(now)
    if version.next_publication_at is not None and version.next_publication_at <= now:
        bump()
        version = ContentVersion.objects.get(pk=ROW)
    return version


def bump_on_change(sender, **kwargs) -> None:
    """Signal receiver: any save or delete of a public model bumps the version."""
    if kwargs.get("raw"):  # loaddata
        return
    bump()
