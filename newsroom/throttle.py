"""Login throttling for the admin, in the shared cache.

Failures are counted per username and per client address in a sliding window; past the limit,
further attempts are refused for a cool-off period, with a clear message, without checking the
password at all. Counting per username locks only the attacked account; counting per address
stops one client from spraying many accounts, with a higher limit so that a newsroom behind one
office NAT is not locked out by one forgetful colleague.

A small cache-based implementation rather than django-axes: we need two counters and a
message, not a database table, its admin and its own middleware. With several app servers the
cache must be shared (REDIS_URL), or each server counts on its own.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.utils import timezone


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def client_address(request) -> str:
    """The client's address; behind a trusted proxy, the address it forwarded."""
    if settings.LOGIN_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _limits() -> list[tuple[str, int]]:
    return [("user", settings.LOGIN_FAILURE_LIMIT), ("address", settings.LOGIN_ADDRESS_LIMIT)]


def locked_for(*, username: str, address: str) -> int:
    """Seconds until this username or address may try again (0 when it may)."""
    now = timezone.now().timestamp()
    waits = []
    for (kind, limit), value in zip(_limits(), (username, address), strict=True):
        if not value:
            continue
        failures = [
            t for t in cache.get(_key(kind, value), []) if now - t < settings.LOGIN_WINDOW_SECONDS
        ]
        if len(failures) >= limit:
            waits.append(int(failures[-1] + settings.LOGIN_LOCKOUT_SECONDS - now) + 1)
    return max([w for w in waits if w > 0], default=0)


def record_failure(*, username: str, address: str) -> None:
    now = timezone.now().timestamp()
    timeout = settings.LOGIN_WINDOW_SECONDS + settings.LOGIN_LOCKOUT_SECONDS
    for kind, value in (("user", username), ("address", address)):
        if not value:
            continue
        key = _key(kind, value)
        recent = [t for t in cache.get(key, []) if now - t < settings.LOGIN_WINDOW_SECONDS]
        cache.set(key, [*recent[-100:], now], timeout)


def clear_failures(*, username: str) -> None:
    cache.delete(_key("user", username))


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, refusing attempts while a username or address is locked."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed sign-in attempts for this account or from this address. "
        "Try again in %(minutes)s minute(s), or ask an administrator to reset your password.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else ""
        wait = locked_for(username=username, address=address)
        if wait:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, round(wait / 60))},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username=username, address=address)
            raise
        clear_failures(username=username)
        return cleaned
