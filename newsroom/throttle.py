"""Sign-in throttling for the admin (passwords and second-factor tokens), in the shared cache.

Failures are counted in a sliding window, in two counters:

* per **account and address pair** (``LOGIN_FAILURE_LIMIT``, 5): past the limit, that address
  may not try that account again for the cool-off period. A stranger elsewhere on the internet
  therefore cannot lock an editor out: their failures count against their own address only.
* per **address** (``LOGIN_ADDRESS_LIMIT``, 20): one client spraying many accounts is stopped.
  The limit is higher so that a newsroom behind one office NAT is not locked out by one
  forgetful colleague. Behind a reverse proxy the address must be the client's, not the
  proxy's (``DJANGO_BEHIND_HTTPS_PROXY``, SECURITY.md), or everyone shares one counter.

There is deliberately **no per-account ceiling across all addresses**: anyone who knows a
username could trip it from a few addresses and lock the account for everyone, which is the
denial of service this module exists to avoid. Slow guessing of one password from many
addresses is answered by the password validators and, for editors, by the second factor; and
second-factor tokens are further throttled per device by django-otp itself (growing delays
after each wrong token), which only someone who already has the password can trigger.

Locked pairs and addresses are refused without checking the password at all. An editor can
clear an account's lockout from the admin (``/admin/sign-in-lockouts/``): to make that possible
without scanning the cache, each account keeps a short index of the addresses it failed from.

A small cache-based implementation rather than django-axes: we need two counters and a
message, not a database table, its admin and its own middleware. The cache must be shared by
every worker and server (``REDIS_URL``), or each process counts on its own and the limits
multiply by the number of workers; the system check ``newsroom.E002`` refuses that setup.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.utils import timezone

# How many addresses an account's index remembers (for unlocking); older ones age out.
MAX_INDEXED_ADDRESSES = 50


def _digest(*values: str) -> str:
    joined = "\n".join(value.strip().casefold() for value in values)
    return hashlib.sha256(joined.encode()).hexdigest()[:32]


def _pair_key(username: str, address: str) -> str:
    return f"login-failures:pair:{_digest(username, address)}"


def _address_key(address: str) -> str:
    return f"login-failures:address:{_digest(address)}"


def _index_key(username: str) -> str:
    return f"login-failures:account-addresses:{_digest(username)}"


def _timeout() -> int:
    return settings.LOGIN_WINDOW_SECONDS + settings.LOGIN_LOCKOUT_SECONDS


def client_address(request) -> str:
    """The client's address; behind a trusted proxy, the address it forwarded."""
    if settings.LOGIN_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _recent(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < settings.LOGIN_WINDOW_SECONDS]


def _wait(failures: list[float], limit: int, now: float) -> int:
    if len(failures) < limit:
        return 0
    return max(0, int(failures[-1] + settings.LOGIN_LOCKOUT_SECONDS - now) + 1)


def _counters(username: str, address: str) -> list[tuple[str, int]]:
    """(cache key, limit) of every counter this attempt is judged by."""
    counters = []
    if username:
        counters.append((_pair_key(username, address), settings.LOGIN_FAILURE_LIMIT))
    if address:
        counters.append((_address_key(address), settings.LOGIN_ADDRESS_LIMIT))
    return counters


def locked_for(*, username: str, address: str) -> int:
    """Seconds until this account may be tried again from this address (0 when it may)."""
    now = timezone.now().timestamp()
    return max(
        (_wait(_recent(key, now), limit, now) for key, limit in _counters(username, address)),
        default=0,
    )


def record_failure(*, username: str, address: str) -> None:
    """Count one wrong password or token for this account from this address."""
    now = timezone.now().timestamp()
    for key, _limit in _counters(username, address):
        cache.set(key, [*_recent(key, now)[-100:], now], _timeout())
    if username:
        index = [a for a in cache.get(_index_key(username), []) if a != address]
        cache.set(_index_key(username), [*index[-(MAX_INDEXED_ADDRESSES - 1) :], address], None)


def clear_failures(*, username: str, address: str) -> None:
    """After a successful step: forget this pair's failures (never the address's: signing in
    to one's own account must not reset a count run up against colleagues' accounts)."""
    cache.delete(_pair_key(username, address))


def lockouts(*, username: str) -> list[dict]:
    """The addresses this account failed from recently, with counts and seconds still locked."""
    now = timezone.now().timestamp()
    rows = []
    for address in cache.get(_index_key(username), []):
        pair = _recent(_pair_key(username, address), now)
        from_address = _recent(_address_key(address), now)
        if not pair and not from_address:
            continue
        rows.append(
            {
                "address": address,
                "failures": len(pair),
                "address_failures": len(from_address),
                "locked_seconds": locked_for(username=username, address=address),
            }
        )
    return rows


def unlock(*, username: str) -> int:
    """Clear an account's lockout: its failures from every address, and the ceilings of the
    addresses it is locked from (the colleague's own office among them). Returns how many
    addresses were cleared."""
    addresses = cache.get(_index_key(username), [])
    for address in addresses:
        if locked_for(username=username, address=address):
            cache.delete(_address_key(address))
        cache.delete(_pair_key(username, address))
    cache.delete(_index_key(username))
    return len(addresses)


THROTTLED_MESSAGE = (
    "Too many failed sign-in attempts for this account from this address, or from this "
    "address altogether. Try again in %(minutes)s minute(s), or ask an editor to clear the "
    "lockout."
)


def throttled_error(wait: int) -> forms.ValidationError:
    return forms.ValidationError(
        THROTTLED_MESSAGE, code="throttled", params={"minutes": max(1, round(wait / 60))}
    )


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, refusing attempts while a pair or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else ""
        wait = locked_for(username=username, address=address)
        if wait:
            raise throttled_error(wait)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username=username, address=address)
            raise
        clear_failures(username=username, address=address)
        return cleaned
