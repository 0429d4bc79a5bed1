"""The anonymous readers' page cache, with a short grace after a change.

Each URL has one entry: the page as rendered at some content version. A request at the
current version gets it at once; any other version is a miss. After a publish (or any change
readers could see) every hot page misses at the same moment, so without help every worker
would render the same page at once. With a grace of ``PAGE_CACHE_GRACE_SECONDS``:

* the first request for a page takes a short lock in the shared cache (``cache.add``) and
  renders it;
* a request arriving while that lock is held gets the previous version of the page, marked
  ``max-age=0`` so no browser or proxy keeps it, provided that copy is of the version just
  before the current one and the change happened no more than the grace ago;
* anything else (no copy, an older copy, the grace over, the lock expired) renders as it
  would with no grace.

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
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from newsroom.content_version import Version

# How long a lock may stay when its holder dies mid-render: others then render themselves.
LOCK_SECONDS = 10


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
    lock = lock_key(version.tag, url_hash)
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            return _render_and_store(key, version, render)
        finally:
            cache.delete(lock)
    if entry is not None and _still_in_grace(entry[0], version, grace):
        stale = entry[1]
        stale["Cache-Control"] = "public, max-age=0"
        return stale
    return _render_and_store(key, version, render)


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
