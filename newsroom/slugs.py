"""Unique slugs: the one way a new row gets an address no other row holds (a story, a
person...). It is told which rows to check, so it imports no app.

``unique_slug(text, rows=..., max_length=..., fallback=...)`` for one row, ``unique_slugs``
for rows written together, ``free_slug`` for a slug already made (``slug``, ``slug-2``...).
"""

from collections.abc import Iterable

from django.db import models
from django.utils.text import slugify

# Numbered slugs run from "base-2" up; "base-9999999999" closes the range that finds them.
_LAST_NUMBERED = "-9999999999"


def slug_base(text: str, *, max_length: int, fallback: str) -> str:
    """``text`` as a slug of whole words, at most ``max_length`` characters (a single word
    longer than that is cut); ``fallback`` when nothing is left ("story", "person")."""
    base = slugify(text)
    if len(base) > max_length:
        cut = base.rfind("-", 0, max_length + 1)
        base = base[:cut] if cut != -1 else base[:max_length]
    return base.strip("-") or fallback


def _queryset(rows) -> models.QuerySet:
    return rows._default_manager.all() if isinstance(rows, type) else rows.all()


def free_slug(
    slug: str,
    *,
    rows,
    field: str = "slug",
    exclude_pk=None,
    also_taken: Iterable[str] = (),
) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... when a row of ``rows`` (a model, manager or
    queryset) other than ``exclude_pk`` holds it in ``field``, or ``also_taken`` has it
    (slugs of rows about to be written).

    One query: a range on the unique index ("base" .. "base-9999999999"), not
    LIKE 'base%', which SQLite cannot serve from the index.
    """
    nearby = _queryset(rows).filter(
        **{f"{field}__gte": slug, f"{field}__lte": f"{slug}{_LAST_NUMBERED}"}
    )
    if exclude_pk is not None:
        nearby = nearby.exclude(pk=exclude_pk)
    taken = set(nearby.values_list(field, flat=True)) | set(also_taken)
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def unique_slug(
    text: str,
    *,
    rows,
    max_length: int,
    fallback: str,
    field: str = "slug",
    exclude_pk=None,
    also_taken: Iterable[str] = (),
) -> str:
    """A slug made from ``text`` (``slug_base``) that no row of ``rows`` holds (``free_slug``).
    ``max_length`` bounds the words: leave room in the field for a "-2" suffix."""
    base = slug_base(text, max_length=max_length, fallback=fallback)
    return free_slug(base, rows=rows, field=field, exclude_pk=exclude_pk, also_taken=also_taken)


def unique_slugs(
    texts: list[str], *, rows, max_length: int, fallback: str, field: str = "slug"
) -> list[str]:
    """Slugs for rows written together, in order: distinct from each other and from every row
    of ``rows``. One query for all, one more only for each slug already taken."""
    bases = [slug_base(text, max_length=max_length, fallback=fallback) for text in texts]
    existing = _queryset(rows).filter(**{f"{field}__in": set(bases)})
    taken = set(existing.values_list(field, flat=True))
    chosen: dict[str, None] = {}  # in order
    for base in bases:
        if base in taken or base in chosen:
            base = free_slug(base, rows=rows, field=field, also_taken=chosen)
        chosen[base] = None
    return list(chosen)
