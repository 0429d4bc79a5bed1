"""Sign-in throttling for the admin (passwords and second-factor tokens), in the shared cache.

Attempts are counted in two counters over the last ``LOGIN_WINDOW_SECONDS`` (or up to twice
that: the current and the previous window of the clock); past a limit, a lock refuses further
attempts for ``LOGIN_LOCKOUT_SECONDS``:

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

An attempt is counted (atomically: ``cache.incr``) *before* its password or code is checked,
and given back when it was right, so a burst of parallel requests cannot all pass while the
first ones are still being checked. Locked pairs and addresses are refused without checking
the password at all. An editor can clear an account's lockout from the admin
(``/admin/sign-in-lockouts/``): to make that possible without scanning the cache, each account
keeps a short index of the addresses it was tried from.

A small cache-based implementation rather than django-axes: we need two counters and a
message, not a database table, its admin and its own middleware. The cache must be shared by
every worker and server (``REDIS_URL``), or each process counts on its own and the limits
multiply by the number of workers; the system check ``newsroom.E002`` refuses that setup.
"""

import contextlib

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.utils import timezone

from newsroom import rate_limit

# How many addresses an account's index remembers (for unlocking); older ones age out.
MAX_INDEXED_ADDRESSES = 50


_digest = rate_limit.hashed


def _pair_key(username: str, address: str) -> str:
    return f"login-failures:pair:{_digest(username, address)}"


def _address_key(address: str) -> str:
    return f"login-failures:address:{_digest(address)}"


def _index_key(username: str) -> str:
    return f"login-failures:account-addresses:{_digest(username)}"


def _lock_key(counter_key: str) -> str:
    return f"{counter_key}:locked"


def client_address(request) -> str:
    """The client's address; behind a trusted proxy, the address it forwarded."""
    if settings.LOGIN_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _counters(username: str, address: str) -> list[tuple[str, int]]:
    """(cache key, limit) of every counter this attempt is judged by."""
    counters = []
    if username:
        counters.append((_pair_key(username, address), settings.LOGIN_FAILURE_LIMIT))
    if address:
        counters.append((_address_key(address), settings.LOGIN_ADDRESS_LIMIT))
    return counters


def _windows(key: str) -> tuple[str, str]:
    return rate_limit.window_keys(key, settings.LOGIN_WINDOW_SECONDS)


def _count(key: str) -> int:
    """Add one attempt and return the attempts in this window and the one before."""
    return rate_limit.count(key, settings.LOGIN_WINDOW_SECONDS)


def _attempts(key: str) -> int:
    return sum(cache.get_many(_windows(key)).values())


def _seconds_left(lock_keys: list[str]) -> int:
    now = timezone.now().timestamp()
    untils = cache.get_many(lock_keys).values()
    return max((int(until - now) + 1 for until in untils if until > now), default=0)


def locked_for(*, username: str, address: str) -> int:
    """Seconds until this account may be tried again from this address (0 when it may)."""
    return _seconds_left([_lock_key(key) for key, _limit in _counters(username, address)])


def begin_attempt(*, username: str, address: str) -> int:
    """Count an attempt *before* its password or code is checked; returns the seconds to wait
    when it is refused (0: go ahead and check it).

    Counting first, atomically, is what bounds parallel requests: checking a password takes a
    few hundred milliseconds, and requests that only read the counters would all pass while
    the first ones are still being checked. A right password or code gives its attempt back
    (``attempt_succeeded``).
    """
    wait = locked_for(username=username, address=address)
    if wait:
        return wait
    over = False
    for key, limit in _counters(username, address):
        if _count(key) > limit:
            until = timezone.now().timestamp() + settings.LOGIN_LOCKOUT_SECONDS
            cache.set(_lock_key(key), until, settings.LOGIN_LOCKOUT_SECONDS)
            over = True
    if username:
        index = [a for a in cache.get(_index_key(username), []) if a != address]
        cache.set(_index_key(username), [*index[-(MAX_INDEXED_ADDRESSES - 1) :], address], None)
    return locked_for(username=username, address=address) if over else 0


def attempt_succeeded(*, username: str, address: str) -> None:
    """The password or code was right: forget the pair's failures, and give the address back
    this one attempt (never its other failures: signing in to one's own account must not
    reset a count run up against colleagues' accounts)."""
    cache.delete_many(_windows(_pair_key(username, address)))
    with contextlib.suppress(ValueError):  # the window has ended since
        cache.decr(_windows(_address_key(address))[0])


def lockouts(*, username: str) -> list[dict]:
    """The addresses this account was tried from recently: failures and seconds still locked."""
    rows = []
    for address in cache.get(_index_key(username), []):
        failures = _attempts(_pair_key(username, address))
        locked = locked_for(username=username, address=address)
        if failures or locked:
            rows.append(
                {
                    "address": address,
                    "failures": failures,
                    "address_failures": _attempts(_address_key(address)),
                    "locked_seconds": locked,
                }
            )
    return rows


def unlock(*, username: str) -> int:
    """Clear an account's lockout: its failures from every address, and the ceilings of the
    addresses it is locked from (the colleague's own office among them). Returns how many
    addresses were cleared."""
    addresses = cache.get(_index_key(username), [])
    keys = [_index_key(username)]
    for address in addresses:
        pair_key, address_key = _pair_key(username, address), _address_key(address)
        keys += [*_windows(pair_key), _lock_key(pair_key)]
        if locked_for(username=username, address=address):
            keys += [*_windows(address_key), _lock_key(address_key)]
    cache.delete_many(keys)
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
        if not (username and self.cleaned_data.get("password")):
            return super().clean()  # a missing field: the form reports it, nothing to count
        address = client_address(self.request) if self.request else ""
        wait = begin_attempt(username=username, address=address)
        if wait:
            raise throttled_error(wait)
        cleaned = super().clean()  # a wrong password raises: the attempt stays counted
        attempt_succeeded(username=username, address=address)
        return cleaned
