"""Read and bump the content version (see ``newsroom.models.ContentVersion``)."""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.apps import apps
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsroom.models import ContentVersion

ROW = 1


def _next_publication_at():
    # Any story appearing or leaving by itself (schedule, embargo, expiry): the stored
    # ``next_publication_at`` is the next moment cached pages go stale.
    Article = apps.get_model("articles", "Article")
    return Article.objects.next_visibility_change()


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


def cached(request, key: str, compute, *, timeout: int = 3600):
    """``compute()``, kept in the cache until anything public changes (the key carries the
    content version, so a publish or an edit anywhere makes the next request compute again)."""
    version = getattr(request, "content_version", None)
    if version is None:  # read once per request (the page cache has read it for anonymous ones)
        version = request.content_version = current()
    versioned_key = f"{key}:{version.tag}"
    value = cache.get(versioned_key)
    if value is None:
        value = compute()
        cache.set(versioned_key, value, timeout)
    return value


def _create(now) -> ContentVersion:
    try:
        with transaction.atomic():
            return ContentVersion.objects.create(
                pk=ROW, counter=1, changed_at=now, next_publication_at=_next_publication_at()
            )
    except IntegrityError:  # another process created it first
        return ContentVersion.objects.get(pk=ROW)


def current() -> ContentVersion:
    """The current version; bumps it first when a scheduled story's time has come.

    Read on every anonymous request, before the page cache: a plain primary-key SELECT
    without the ORM's query building, which would cost more than the read itself.
    """
    version = _read()
    now = timezone.now()
    if version is None:
        return _create(now)
    if version.next_publication_at is not None and version.next_publication_at <= now:
        bump()
        version = ContentVersion.objects.get(pk=ROW)
    return version


_COLUMNS = ("id", "counter", "epoch", "changed_at", "next_publication_at")


def _read() -> ContentVersion | None:
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_COLUMNS)} FROM {table} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    if row is None:
        return None
    return ContentVersion.from_db(connection.alias, list(_COLUMNS), _convert(row))


def _convert(row: tuple) -> tuple:
    # SQLite gives naive UTC datetimes (or text); PostgreSQL aware ones.
    return tuple(_as_datetime(value) if index >= 3 else value for index, value in enumerate(row))


def _as_datetime(value):
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


def bump_on_change(sender, **kwargs) -> None:
    """Signal receiver: any save or delete of a public model bumps the version."""
    if kwargs.get("raw"):  # loaddata
        return
    bump()
