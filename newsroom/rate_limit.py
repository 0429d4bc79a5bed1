"""Counting requests in the shared cache over a sliding pair of clock windows.

Used by the admin sign-in throttle (``newsroom.throttle``) and by the alert sign-up form
(``alerts.forms``). Windows are numbered from the clock (not left to the cache's expiry), so a
count is the same on every server and honours the clock the tests move; adding the previous
window's count means no stretch of one window length ever allows more than the limit. The
cache must be shared by every worker (``REDIS_URL``; check ``newsroom.E002``).
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone


def window_keys(key: str, seconds: int) -> tuple[str, str]:
    """The counter's keys for the current and the previous window of the clock."""
    window = int(timezone.now().timestamp() // seconds)
    return f"{key}:{window}", f"{key}:{window - 1}"


def count(key: str, seconds: int) -> int:
    """Add one and return the count in this window and the one before. ``incr`` is atomic on
    Redis and on the local-memory cache, so parallel requests each get their own number."""
    current, previous = window_keys(key, seconds)
    cache.add(current, 0, 2 * seconds)
    try:
        total = cache.incr(current)
    except ValueError:  # expired between add() and incr()
        cache.add(current, 1, 2 * seconds)
        total = 1
    return total + (cache.get(previous) or 0)


def hashed(*values: str) -> str:
    """A short, stable digest of ``values`` (case- and space-insensitive) for cache keys:
    addresses and usernames never appear in the cache in clear."""
    joined = "\n".join(value.strip().casefold() for value in values)
    return hashlib.sha256(joined.encode()).hexdigest()[:32]
