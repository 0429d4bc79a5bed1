"""Read IPTC ninjs (News in JSON) items, 2.x and 1.x, into a ``StoryDraft``.

What is read, and where it goes:

=============================================  ==============================================
ninjs                                          Newsroom
=============================================  ==============================================
``uri``                                        ``Article.source_key`` (the identity)
``type``                                       only ``text`` (or a ``composite`` with a body);
                                               pictures, audio, video... are skipped
``headlines`` (2.x) / ``headline`` (1.x)       headline (role "main" first); none: derived
``bodies`` / ``body_html`` / ``body_text``     body; HTML is sanitised, plain text paragraphed
``descriptions`` / ``description_text``        standfirst (role "summary"/"abstract" first);
                                               without a body, the brief's one paragraph
                                               (flagged ``headline_needs_review``)
``by``                                         bylines: "A and B", "A, B & C", "By A"
``located``                                    dateline
``embargoed``, ``firstcreated``,               the publication time, in that order of
``versioncreated``                             preference (used when the story is published)
``subjects``, ``places``, ``organisations``,   tags of kind topic, place, organisation, event;
``events``                                     a subject with ``rel: "section"`` names the
                                               section (matched by slug, never created)
``people``                                     confirmed mentions: matched by ``literal``
                                               (slug), then name or alias; created if unknown
``associations`` (pictures)                    the lead image and the body's figures, in the
                                               photo library (see ``pictures.py``)
``altids`` with role ``x-newsroom``            Newsroom's own facts (``ninjs_facts.py``): they
                                               win over the fields above
=============================================  ==============================================
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from articles.importing.decoding import check_datetime, check_text
from articles.importing.drafts import SOURCE_KEY_MAX, StoryDraft
from articles.importing.ninjs_facts import read_facts
from articles.importing.outcomes import Refused, Skipped
from articles.importing.pictures import read_pictures
from articles.importing.raw_text import derive_headline
from articles.text_format import (
    html_paragraphs,
    html_to_text,
    normalize_line,
    plain_text_to_html,
    sanitize_html,
)
from tags.models import Tag

TEXT_TYPES = frozenset({"text", "composite"})
_TAG_ARRAYS = (
    ("subjects", Tag.Kind.TOPIC),
    ("places", Tag.Kind.PLACE),
    ("organisations", Tag.Kind.ORGANISATION),
    ("events", Tag.Kind.EVENT),
)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)
# Any of these makes a JSON object look like a news item rather than some other document.
_NINJS_WORDS = (
    "uri type headlines headline bodies body_html body_text descriptions description_text by "
    "located firstcreated versioncreated subjects people version pubstatus"
)
_NINJS_KEYS = frozenset(_NINJS_WORDS.split())


def parse_ninjs(item: Any, *, fallback_key: str, folder: Path | None = None) -> StoryDraft:
    """A story from one ninjs object; raises ``Skipped`` for non-text items, else ``Refused``.
    Picture files are read relative to ``folder`` (the imported file's)."""
    if not isinstance(item, dict):
        raise Refused(f"not a ninjs object (expected a JSON object, found {_json_type(item)})")
    if not _NINJS_KEYS & item.keys():
        keys = ", ".join(sorted(item)[:5]) or "none"
        raise Refused(f"not a ninjs object (no uri, headlines or bodies; keys: {keys})")
    kind = check_text(item.get("type"), name="type") or "text"
    body = _body(item)
    if kind not in TEXT_TYPES or (kind == "composite" and not body):
        raise Skipped(f"ninjs type {kind!r} is not a text story")
    headline = _headline(item)
    description = _description(item)
    facts = read_facts(item)
    # Newsroom's own export of a story not written yet: a headline, no body.
    unwritten = facts is not None and bool(headline) and not body
    # A wire brief (NTB's, say): a headline and a description, no body. The description is
    # its one paragraph, and an editor checks it before it runs, as for a derived headline.
    brief = not body and bool(headline and description) and not unwritten
    if brief:
        body = plain_text_to_html(description)
    if not body and not unwritten:
        if not headline:
            raise Refused("no headline and no body")
        raise Refused("no body (bodies, body_html or body_text)")
    paragraphs = html_paragraphs(body)
    if not paragraphs and not unwritten:
        raise Refused("the body has no text")

    uri = check_text(item.get("uri"), name="uri").strip()
    if len(uri) > SOURCE_KEY_MAX:
        raise Refused(f"uri is longer than {SOURCE_KEY_MAX} characters")
    dates = {
        name: _datetime(item, name) for name in ("embargoed", "firstcreated", "versioncreated")
    }
    tags, section_slug = _tags(item)
    pictures, lead = None, ""
    if "associations" in item or "<figure" in body:
        body, pictures, lead = read_pictures(item, body=body, folder=folder)
    draft = StoryDraft(
        source_key=uri or fallback_key,
        headline=headline or derive_headline(paragraphs[0]),
        headline_needs_review=not headline or brief,
        body=body,
        dek="" if brief else description,
        dateline=normalize_line(check_text(item.get("located"), name="located")),
        published_at=dates["embargoed"] or dates["firstcreated"] or dates["versioncreated"],
        bylines=_bylines(item) if "by" in item else None,
        tags=tags,
        section_slug=section_slug,
        people=_people(item) if "people" in item else None,
        pictures=pictures or None,
        lead_picture=lead,
    )
    if facts is not None:
        # Newsroom's own export: its facts are the story's (bylines with roles, tags with
        # kinds, every mention with its status, the dateline as written).
        draft.facts = facts
        draft.headline_needs_review = facts.headline_needs_review
        draft.dateline = facts.dateline[0]
        draft.published_at = facts.published_at
        draft.bylines = [name for name, _slug, _role in facts.bylines]
        draft.tags = [(name, kind) for name, _slug, kind in facts.tags]
        draft.section_slug = facts.section[0] if facts.section else ""
        draft.people = None
        draft.source_notes = facts.source_notes
    return draft


def _json_type(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _objects(item: dict, name: str) -> list[dict]:
    value = item.get(name) or []
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise Refused(f"{name} must be a list of objects")
    return value


def _preferred(entries: list[dict], roles: tuple[str, ...]) -> list[dict]:
    """Entries with a preferred role first (in the order of ``roles``), then the rest."""
    rank = {role: index for index, role in enumerate(roles)}
    return sorted(entries, key=lambda entry: rank.get(str(entry.get("role", "")).lower(), 99))


def _headline(item: dict) -> str:
    for entry in _preferred(_objects(item, "headlines"), ("main", "")):
        value = check_text(entry.get("value"), name="headlines value")
        if "html" in str(entry.get("contenttype", "")):
            value = html_to_text(sanitize_html(value))
        if value := normalize_line(value):
            return value
    return normalize_line(check_text(item.get("headline"), name="headline"))


def _body(item: dict) -> str:
    """Sanitised HTML from the first usable body: HTML preferred, plain text paragraphed."""
    bodies = _preferred(_objects(item, "bodies"), ("main", "", "body"))
    candidates = [
        (str(entry.get("contenttype") or "text/plain").lower(), entry.get("value"))
        for entry in bodies
    ]
    candidates += [("text/html", item.get("body_html")), ("text/plain", item.get("body_text"))]
    candidates.sort(key=lambda pair: "html" not in pair[0])  # stable: HTML first
    for contenttype, value in candidates:
        value = check_text(value, name="body")
        if not value.strip():
            continue
        html = sanitize_html(value) if "html" in contenttype else plain_text_to_html(value)
        if html:
            return html
    return ""


def _description(item: dict) -> str:
    entries = _preferred(_objects(item, "descriptions"), ("summary", "abstract", "", "teaser"))
    for entry in entries:
        value = check_text(entry.get("value"), name="descriptions value")
        if "html" in str(entry.get("contenttype", "")):
            value = html_to_text(sanitize_html(value)).replace("\n", " ")
        if value := normalize_line(value):
            return value
    text = check_text(item.get("description_text"), name="description_text")
    if not text:
        html = check_text(item.get("description_html"), name="description_html")
        text = html_to_text(sanitize_html(html)).replace("\n", " ")
    return normalize_line(text)


def _bylines(item: dict) -> list[str]:
    """Names from a ``by`` line: "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"]."""
    by = normalize_line(check_text(item.get("by"), name="by"))
    names = [_BY_PREFIX.sub("", name).strip() for name in _BYLINE_SPLIT.split(by)]
    return [name for name in names if name]


def _people(item: dict) -> list[tuple[str, str]]:
    people = []
    for entry in _objects(item, "people"):
        name = normalize_line(check_text(entry.get("name"), name="people name"))
        literal = check_text(entry.get("literal"), name="people literal").strip()
        if name or literal:
            people.append((name, literal))
    return people


def _tags(item: dict) -> tuple[list[tuple[str, str]] | None, str]:
    """(name, kind) for every subject, place, organisation and event; and a section slug."""
    if not any(name in item for name, _kind in _TAG_ARRAYS):
        return None, ""
    tags, section_slug = [], ""
    for array, kind in _TAG_ARRAYS:
        for entry in _objects(item, array):
            name = normalize_line(check_text(entry.get("name"), name=f"{array} name"))
            literal = check_text(entry.get("literal"), name=f"{array} literal").strip()
            if array == "subjects" and str(entry.get("rel", "")).lower() == "section":
                section_slug = section_slug or literal
                continue
            if name := name or literal:
                tags.append((name[:100], kind))
    return tags, section_slug


def _datetime(item: dict, name: str) -> datetime | None:
    return check_datetime(
        item.get(name), name=name, example="a date-time (e.g. 2024-11-08T09:30:00Z)"
    )
