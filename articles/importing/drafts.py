"""A story as its source describes it, whatever the format: what the parsers make and the
write path stores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SOURCE_KEY_MAX = 500  # Article.source_key max_length


@dataclass
class StoryDraft:
    """A story as its source describes it. ``None`` means "the source does not say": keep."""

    source_key: str
    headline: str
    body: str  # sanitised HTML, exactly as it will be stored
    headline_needs_review: bool = False
    dek: str = ""
    dateline: str = ""
    published_at: datetime | None = None
    bylines: list[str] | None = None
    tags: list[tuple[str, str]] | None = None  # (name, Tag.Kind)
    section_slug: str = ""
    people: list[tuple[str, str]] | None = None  # (name, slug), named in the source's metadata
