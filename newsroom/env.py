"""Typed readers for environment variables that fail loudly on malformed values.

Settings are read once at start-up; a typo such as ``DJANGO_DEBUG=ture`` must stop the process
with a message naming the variable, not silently fall back to a default.
"""

import os
import zoneinfo
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """The variable's value, stripped, or ``default`` when unset."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """A boolean from 1/0, true/false, yes/no, on/off (case-insensitive)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_timezone(name: str, default: str) -> str:
    """An IANA time zone name such as ``Africa/Nairobi``."""
    value = env_str(name, default) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a known time zone; use an IANA name such as 'Europe/London'."
        ) from None
    return value


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of ``schemes`` (empty means unset)."""
    value = env_str(name, default)
    if not value:
        return value
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name}={value!r} must start with one of: {', '.join(s + '://' for s in schemes)}."
        )
    return value


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def email_settings(name: str, default: str) -> dict:
    """Django's EMAIL_* settings from one URL: ``smtp://user:pass@host:587`` (STARTTLS),
    ``smtps://user:pass@host:465`` (TLS from the start), ``console:``, ``file:///path/to/dir``
    or ``locmem:``. User and password may be percent-encoded (``%40`` for ``@``).

    Parsed here rather than with dj-email-url: five schemes, and its errors would not name
    the variable.
    """
    raw = env_str(name, default) or default
    try:
        url = urlsplit(raw)
        port = url.port
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={raw!r} is malformed: {error}.") from None
    scheme = url.scheme.lower()
    if scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"{name}={raw!r} must start with one of: {', '.join(s + ':' for s in EMAIL_BACKENDS)}."
        )
    result = {"EMAIL_BACKEND": EMAIL_BACKENDS[scheme]}
    if scheme == "file":
        if not url.path:
            raise ImproperlyConfigured(f"{name}={raw!r} needs a folder: file:///path/to/dir.")
        result["EMAIL_FILE_PATH"] = unquote(url.path)
    if scheme in ("smtp", "smtps"):
        if not url.hostname:
            raise ImproperlyConfigured(f"{name}={raw!r} needs a host: smtp://user:pass@host:587.")
        result |= {
            "EMAIL_HOST": url.hostname,
            "EMAIL_PORT": port or (465 if scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(url.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(url.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp" and (port or 587) != 25,
            "EMAIL_USE_SSL": scheme == "smtps",
        }
    return result
