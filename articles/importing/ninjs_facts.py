"""Newsroom's own facts in a ninjs item: the ``x-newsroom`` extension that
``export_articles`` writes (``articles/ninjs_export.py``), read strictly. A story exported by
Newsroom comes back with its slug, status, dates, embargo, expiry, section, dateline,
bylines, tag kinds and mention statuses; an item without the extension is read as any
other source's."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from articles.importing.decoding import check_datetime, check_text
from articles.importing.drafts import NewsroomFacts
from articles.importing.outcomes import Refused
from articles.models import Article
from articles.ninjs_export import BYLINE_ROLES, EXTENSION_ROLE, MENTION_STATUSES
from tags.models import Tag

_STATUSES = frozenset(Article.Status.values)
_KINDS = frozenset(Tag.Kind.values)


def extension(item: dict, *, where: str = "") -> dict | None:
    """The ``x-newsroom`` object of an item's (or an association's) ``altids``, if any."""
    altids = item.get("altids")
    if not altids:
        return None
    if not isinstance(altids, list) or not all(isinstance(entry, dict) for entry in altids):
        raise Refused(f"{where}altids must be a list of objects")
    for entry in altids:
        if entry.get("role") == EXTENSION_ROLE:
            try:
                value = json.loads(check_text(entry.get("value"), name=f"{where}altids value"))
            except ValueError as error:
                raise Refused(f"{where}altids {EXTENSION_ROLE}: not JSON ({error})") from None
            if not isinstance(value, dict):
                raise Refused(f"{where}altids {EXTENSION_ROLE}: not a JSON object")
            return value
    return None


def read_facts(item: dict) -> NewsroomFacts | None:
    """The item's Newsroom facts; None without the extension; ``Refused`` when malformed."""
    facts = extension(item)
    if facts is None:
        return None
    try:
        return _read(facts)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise Refused(
            f"altids {EXTENSION_ROLE} is malformed ({type(error).__name__}: {error})"
        ) from None


def _text(facts: dict, name: str) -> str:
    return check_text(facts.get(name), name=f"{EXTENSION_ROLE} {name}")


def _when(facts: dict, name: str):
    return check_datetime(facts.get(name), name=f"{EXTENSION_ROLE} {name}", example="ISO 8601")


def _choice(value: Any, choices: frozenset, *, name: str) -> str:
    if value not in choices:
        raise Refused(f"{EXTENSION_ROLE} {name} {value!r} is not one of {sorted(choices)}")
    return value


def _entries(facts: dict, name: str, third: str, choices: frozenset) -> list[tuple]:
    entries = facts.get(name) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise Refused(f"{EXTENSION_ROLE} {name} must be a list of objects")
    slug_key = "slug" if name == "tags" else "person"
    return [
        (
            _text(entry, "name"),
            _text(entry, slug_key),
            _choice(entry.get(third), choices, name=f"{name} {third}"),
        )
        for entry in entries
    ]


def _read(facts: dict) -> NewsroomFacts:
    section = facts.get("section")
    if section is not None and not isinstance(section, dict):
        raise Refused(f"{EXTENSION_ROLE} section must be an object or null")
    dateline = facts.get("dateline") or {}
    day = _text(dateline, "date")
    return NewsroomFacts(
        slug=_text(facts, "slug"),
        status=_choice(facts.get("status"), _STATUSES, name="status"),
        headline_needs_review=facts.get("headline_needs_review") is True,
        created_at=_when(facts, "created_at"),
        published_at=_when(facts, "published_at"),
        first_published_at=_when(facts, "first_published_at"),
        revised_at=_when(facts, "revised_at"),
        embargo_until=_when(facts, "embargo_until"),
        expires_at=_when(facts, "expires_at"),
        section=(_text(section, "slug"), _text(section, "name")) if section else None,
        dateline=(
            _text(dateline, "text"),
            _text(dateline, "place"),
            _text(dateline, "country"),
            date.fromisoformat(day) if day else None,
            _text(dateline, "source"),
        ),
        bylines=_entries(facts, "bylines", "role", BYLINE_ROLES),
        tags=_entries(facts, "tags", "kind", _KINDS),
        mentions=_entries(facts, "mentions", "status", MENTION_STATUSES),
        source_notes=_text(facts, "source_notes"),
    )
