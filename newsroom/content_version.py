"""Read and bump the content version (see ``newsroom.models.ContentVersion``)."""

import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.http import http_date

from newsroom.models import ContentVersion

ROW = 1


@dataclass(frozen=True, slots=True)
class Version:
    """The content version as a request sees it: what cache keys, ETags and Last-Modified are
    made of. A plain value, not a model instance: it is read on every anonymous request, and
    building a model (its init signals, field by field) cost as much as the SELECT itself."""

    epoch: str
    counter: int
    shared_counter: int
    changed_at: datetime
    next_publication_at: datetime | None
    tag: str = field(init=False)  # what cache keys and ETags carry
    # What pieces keyed on their own row's updated_at carry besides it (see ``changed``).
    shared_tag: str = field(init=False)
    last_modified: str = field(init=False)  # changed_at as an HTTP date

    def __post_init__(self):
        object.__setattr__(self, "tag", f"{self.epoch}-{self.counter}")
        object.__setattr__(self, "shared_tag", f"{self.epoch}-s{self.shared_counter}")
        object.__setattr__(self, "last_modified", http_date(self.changed_at.timestamp()))

    def row_tag(self, pk: int, updated_at: datetime) -> str:
        """What a piece built from one row is keyed on: the row as saved and the shared
        counter (a save of that row alone moves only ``counter``, see ``row_saved``)."""
        return f"{pk}:{updated_at.timestamp():.6f}:{self.shared_tag}"

    @classmethod
    def of(cls, row: ContentVersion) -> "Version":
        return cls(
            row.epoch, row.counter, row.shared_counter, row.changed_at, row.next_publication_at
        )


# What makes cached pages go stale by itself (a story's schedule, embargo or expiry), by the
# model whose saves can move that moment: registered by the app that knows (``register_schedule``).
_SCHEDULES: dict[type[Model], Callable[[], datetime | None]] = {}


def register_schedule(model: type[Model], next_change: Callable[[], datetime | None]) -> None:
    """``next_change()`` is the next moment rows of ``model`` appear or leave by themselves:
    the stored ``next_publication_at`` takes it into account, and every save of ``model``
    records it, even a save readers cannot see (a story being scheduled)."""
    _SCHEDULES[model] = next_change


def _next_publication_at() -> datetime | None:
    moments = (next_change() for next_change in _SCHEDULES.values())
    return min((moment for moment in moments if moment is not None), default=None)


_batch: ContextVar[dict | None] = ContextVar("content_version_batch", default=None)
BATCH_INTERVAL_SECONDS = 1.0


@contextmanager
def batched():
    """During a bulk run (an import of thousands of stories), write the version at most once a
    second and once more at the end, instead of two or three times per story."""
    state = {"bump": False, "shared": False, "schedule": False, "last": 0.0}
    token = _batch.set(state)
    try:
        yield
    finally:
        _batch.reset(token)
        if state["bump"]:
            _write(bump=True, shared=state["shared"])
        elif state["schedule"]:
            _write(bump=False)


def changed(*objects) -> None:
    """Rows in ``objects`` were saved or deleted: the one place that decides what that does to
    public caches. Every write path (signals, services writing in bulk, the importer) calls it.

    Readers' pages, ETags and Last-Modified change only when readers could see the change
    (``is_public``): otherwise a draft save would flush every cached page and let anyone watch
    the desk at work. A story's save still records the next scheduled publication time, so a
    scheduled story goes live on time without its scheduling showing anywhere.

    A public change bumps both counters (``ContentVersion.shared_counter`` too), except the
    save of one row whose model keeps its cached pieces by that row's ``updated_at``
    (``row_saved``): only the pages that list or surround it need building again.
    """
    _record(objects, shared=True)


def _record(objects, *, shared: bool) -> None:
    state = _batch.get()
    owed = state is not None and state["bump"] and (state["shared"] or not shared)
    if owed and _too_soon(state):
        return  # a bulk run already owes this bump: spare the checks, one query per row
    if any(is_public(obj) for obj in objects):
        _request(bump=True, shared=shared)
    elif any(obj._meta.concrete_model in _SCHEDULES for obj in objects):
        _request(bump=False)


def is_public(obj) -> bool:
    """Whether readers could see ``obj`` before or after the write that is being recorded:
    each model answers for itself with ``readers_may_see_change`` (a story when it is live or
    was live when loaded, its bylines when it is live, sections always...). A model without
    one is private."""
    return getattr(obj, "readers_may_see_change", False)


def _too_soon(state: dict) -> bool:
    return time.monotonic() - state["last"] < BATCH_INTERVAL_SECONDS


def _request(*, bump: bool, shared: bool = False) -> None:
    state = _batch.get()
    if state is not None:
        state["bump" if bump else "schedule"] = True
        state["shared"] |= shared
        if _too_soon(state):
            return
        state["last"] = time.monotonic()
        shared = state["shared"]
    _write(bump=bump, shared=shared)


def _write(*, bump: bool, shared: bool = False) -> None:
    """Bump the counter (every cached page and ETag is now stale) and, for a change shown in
    many stories' pieces, the shared counter; or only record the next scheduled publication
    time."""
    now = timezone.now()
    fields = {"next_publication_at": _next_publication_at()}
    if bump:
        fields |= {"counter": F("counter") + 1, "changed_at": now}
    if bump and shared:
        fields["shared_counter"] = F("shared_counter") + 1
    forget_last_read()
    if not ContentVersion.objects.filter(pk=ROW).update(**fields):
        _create(now)


def for_request(request) -> Version:
    """The version ``request`` sees, read once per request (the page cache has read it for
    anonymous readers' requests)."""
    version = getattr(request, "content_version", None)
    if version is None:
        version = request.content_version = current()
    return version


def cached(request, key: str, compute, *, timeout: int = 3600):
    """``compute()``, kept in the cache until anything public changes (the key carries the
    content version, so a publish or an edit anywhere makes the next request compute again)."""
    versioned_key = f"{key}:{for_request(request).tag}"
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


# The version this process read last, and when (time.monotonic()): see ``current``.
_last_read: tuple[float, Version] | None = None


def current() -> Version:
    """The current version; bumps it first when a scheduled story's time has come.

    Needed on every anonymous request, before the page cache. A process reads the row again
    once ``CONTENT_VERSION_CHECK_SECONDS`` have passed since its last read (0: on every
    call), so a change made elsewhere reaches its cached pages that much later; its own
    writes reach them at once. The read is a plain primary-key SELECT without the ORM's
    query building, which would cost more than the read itself.
    """
    global _last_read
    now = time.monotonic()
    if _last_read is not None and now - _last_read[0] < settings.CONTENT_VERSION_CHECK_SECONDS:
        version = _last_read[1]
    else:
        version = _read() or Version.of(_create(timezone.now()))
        _last_read = (now, version)
    moment = version.next_publication_at
    if moment is not None and moment <= timezone.now():
        # A scheduled story just went live (or one expired): lists change, no row did.
        _write(bump=True)
        version = Version.of(ContentVersion.objects.get(pk=ROW))
        _last_read = (time.monotonic(), version)
    return version


def forget_last_read() -> None:
    """The next ``current()`` reads the row (after a write by this process)."""
    global _last_read
    _last_read = None


_READ_SQL = (
    "SELECT epoch, counter, shared_counter, changed_at, next_publication_at FROM {table} "
    "WHERE id = %s"
)


def _read() -> Version | None:
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL.format(table=table), [ROW])
        row = cursor.fetchone()
    if row is None:
        return None
    epoch, counter, shared_counter, changed_at, next_publication_at = row
    return Version(
        epoch, counter, shared_counter, _as_datetime(changed_at), _as_datetime(next_publication_at)
    )


def _as_datetime(value) -> datetime | None:
    # SQLite gives text in UTC ("2026-12-06 23:57:44.123456"); PostgreSQL an aware datetime.
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def record_write(sender, instance, **kwargs) -> None:
    """Signal receiver: a save or delete of a model readers may see (``changed`` decides).

    A model whose cached pieces (a story's card and page) are keyed on the row's
    ``updated_at`` says so with ``CACHED_BY_UPDATED_AT = True``: saving one of its rows bumps
    only the counter, as long as the save wrote ``updated_at`` (a save of chosen fields
    without it, or a delete, is a shared change)."""
    if kwargs.get("raw"):  # loaddata
        return
    update_fields = kwargs.get("update_fields")
    if "created" in kwargs and (update_fields is None or "updated_at" in update_fields):
        row_saved(instance)  # a save that wrote updated_at
    else:
        changed(instance)


def row_saved(obj) -> None:
    """``obj``'s row was just written, its ``updated_at`` with it: for a model whose cached
    pieces carry the row's ``updated_at`` (``CACHED_BY_UPDATED_AT``), only the counter is
    bumped; for any other, this is ``changed(obj)``."""
    _record((obj,), shared=not getattr(obj, "CACHED_BY_UPDATED_AT", False))
