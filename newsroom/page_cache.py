"""The anonymous readers' page cache, with a short grace after a change.

Each URL has one entry: the page as rendered at some content version. A request at the
current version gets it at once; any other version is a miss. After a publish (or any change
readers could see) every hot page misses at the same moment, so without help every worker
would render the same page at once. With a grace of ``PAGE_CACHE_GRACE_SECONDS``:

* a page that has such a copy (of the version just before the current one, the change no
  more than the grace ago) is rendered again by one request at a time across all servers:
  that request takes one of ``PAGE_CACHE_RENDER_SLOTS`` render slots and the page's own lock
  in the shared cache (``cache.add``) and renders it;
* any other request for such a page, while its lock or every slot is held, gets the copy,
  marked ``max-age=0`` so no browser or proxy keeps it. So after a publish that makes 200
  hot pages stale, the workers build them again a few at a time between serving copies,
  instead of each reader waiting behind a queue of pages being built;
* a process that has just built such a page serves copies for ``PAGE_CACHE_RENDER_PAUSE``
  times as long as the build took before it builds another (``RenderPacing``): a worker's
  queued readers then wait behind one build, not behind a run of them while the slot keeps
  coming back to it (publish_storm.sh, two workers: with 20 hot pages the p99 was 1.9-2.0x
  the steady p99 without the pause, 1.3-1.4x with 1; with 200, 1.8x and 1.4-1.5x). The price: the
  stale pages take a little longer to be built again (200 pages: 3.4 s instead of 3.1), and
  a grace too short for them all leaves the last ones to be rendered by whoever asks;
* anything else (no copy, an older copy, the grace over) renders as it would with no grace.

The trade-off: for up to the grace after a change some readers see the page as it was. That
includes an unpublish: a story withdrawn (for legal reasons too) stays visible to those
readers for at most that many seconds, counted from the change, never longer, whatever the
lock does. Signed-in users never reach this cache, so they never see a stale copy. 0 turns
the grace off: every miss renders, as before.

Why not ``django.views.decorators.cache`` or a library: the keys carry the content version
and the lock must live in the cache every server shares; with the default local-memory cache
the lock and the copies are per process (threads of one worker share them, two processes do
not), so across workers it takes a shared cache (Redis: ``REDIS_URL``).
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from newsroom.content_version import Version

# How long a lock may stay when its holder dies mid-render: others then render themselves.
LOCK_SECONDS = 10
# The longest pause after a build (one slowed by a lock, say): the process must still take its
# share of the rebuilding within the grace.
MAX_RENDER_PAUSE_SECONDS = 1.0


class RenderPacing:
    """When this process may next build a page during the grace (``time.monotonic()``)."""

    def __init__(self) -> None:
        self.resume_at = 0.0

    def paused(self) -> bool:
        return time.monotonic() < self.resume_at

    def built(self, started: float) -> None:
        """A build that began at ``started`` ended now: pause for a multiple of its length."""
        now = time.monotonic()
        pause = (now - started) * settings.PAGE_CACHE_RENDER_PAUSE
        self.resume_at = now + min(pause, MAX_RENDER_PAUSE_SECONDS)


# One per process: a process's pause is for the readers queued on it.
pacing = RenderPacing()


def hash_url(full_path: str) -> str:
    """What keys and ETags name a URL (path and query string) by."""
    return hashlib.blake2b(full_path.encode(), digest_size=12).hexdigest()


def lock_key(tag: str, url_hash: str) -> str:
    """Held while one request renders the page for the content version ``tag``."""
    return f"page-lock:{tag}:{url_hash}"


def cached_page(
    version: Version,
    url_hash: str,
    render: Callable[[], tuple[HttpResponse, int | None]],
    *,
    grace: int,
) -> HttpResponse:
    """The page for ``url_hash`` at ``version``, from the cache or from ``render``.

    ``render`` returns the response and how many seconds to keep it (``None``: not cacheable).
    """
    key = f"page:{url_hash}"
    entry = cache.get(key)
    if entry is not None and entry[0] == version.tag:
        return entry[1]
    if grace <= 0:
        return _render_and_store(key, version, render)
    if entry is None or not _still_in_grace(entry[0], version, grace):
        return _render_and_store(key, version, render)
    if pacing.paused():
        return _previous(entry)
    slot = _take_render_slot()
    if slot is None:
        return _previous(entry)
    try:
        lock = lock_key(version.tag, url_hash)
        if not cache.add(lock, 1, LOCK_SECONDS):
            return _previous(entry)  # another request is building this page
        started = time.monotonic()
        try:
            return _render_and_store(key, version, render)
        finally:
            cache.delete(lock)
            pacing.built(started)
    finally:
        cache.delete(slot)


def _previous(entry) -> HttpResponse:
    """The copy from just before the change, which no browser or proxy may keep."""
    stale = entry[1]
    stale["Cache-Control"] = "public, max-age=0"
    return stale


def _take_render_slot() -> str | None:
    """The key of a render slot this request now holds, or None when all are taken."""
    for number in range(settings.PAGE_CACHE_RENDER_SLOTS):
        slot = f"page-render-slot:{number}"
        if cache.add(slot, 1, LOCK_SECONDS):
            return slot
    return None


def _render_and_store(key: str, version: Version, render) -> HttpResponse:
    response, seconds = render()
    if seconds is not None:
        cache.set(key, (version.tag, response), seconds)
    return response


def _still_in_grace(tag: str, version: Version, grace: int) -> bool:
    """``tag`` is the version just before ``version``, which came less than ``grace`` ago."""
    just_before = f"{version.epoch}-{version.counter - 1}"
    age = (timezone.now() - version.changed_at).total_seconds()
    return tag == just_before and age <= grace
