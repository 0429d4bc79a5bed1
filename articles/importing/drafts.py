"""A story as its source describes it, whatever the format: what the parsers make and the
write path stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

SOURCE_KEY_MAX = 500  # Article.source_key max_length


@dataclass
class PictureDraft:
    """A picture a ninjs item carries (an association of type ``picture``)."""

    name: str
    uri: str  # its identity: the same uri imported again is the same library photo
    href: str  # the rendition to import: the original, else the widest
    path: Path | None = None  # href as a local file (inside the imported file's folder)
    caption: str = ""
    alt_text: str = ""
    credit: str = ""
    source: str = ""
    focal_point: tuple[float, float] | None = None
    renditions: list[dict] = field(default_factory=list)  # href, width, height, contenttype
    problem: str = ""  # why it cannot be imported, found while reading


@dataclass
class NewsroomFacts:
    """What Newsroom's own ninjs export says beyond ninjs (``articles/ninjs_export.py``).
    People and tags are ``(name, slug, role/status/kind)``."""

    slug: str
    status: str
    headline_needs_review: bool
    created_at: datetime | None
    published_at: datetime | None
    first_published_at: datetime | None
    revised_at: datetime | None
    embargo_until: datetime | None
    expires_at: datetime | None
    section: tuple[str, str] | None  # (slug, name)
    dateline: tuple[str, str, str, date | None, str]  # text, place, country, date, source
    bylines: list[tuple[str, str, str]]
    tags: list[tuple[str, str, str]]
    mentions: list[tuple[str, str, str]]
    source_notes: str = ""


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
    contributors: list[str] | None = None  # credited for additional reporting
    tags: list[tuple[str, str]] | None = None  # (name, Tag.Kind)
    section_slug: str = ""
    people: list[tuple[str, str]] | None = None  # (name, slug), named in the source's metadata
    pictures: list[PictureDraft] | None = None  # the lead picture (if any) first
    lead_picture: str = ""  # the name of the picture to place at the top
    facts: NewsroomFacts | None = None
    source_notes: str | None = None  # what the source said that is not the story: desk only
