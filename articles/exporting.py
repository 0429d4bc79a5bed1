"""Export articles as JSON lines: IPTC ninjs 2.2 for partners, or Newsroom's lossless "full".

Both formats write one article per line, keys sorted, articles ordered by creation time then
slug, so two exports of the same content are byte-for-byte identical. The "full" format
carries everything needed to restore an article into an empty database (see
``full_record``); ``import_articles`` reads it back without re-linking people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.models import Article, Byline, Image
from articles.ninjs_export import (
    EXTENSION_ROLE,
    LEAD_PICTURE,
    body_images,
    body_with_refs,
    newsroom_facts,
    picture_association,
    picture_name,
)
from articles.text_format import html_to_text
from people.models import Mention, Person, Quote
from people.services import role_records

FULL_FORMAT = "full/1"
FORMATS = ("ninjs", "full")
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
CHUNK_SIZE = 200  # articles per query batch when streaming (prefetches run per batch)


def articles_to_export(*, statuses: Iterable[str] = (), since: datetime | None = None) -> QuerySet:
    """Articles in export order, with everything both formats read prefetched."""
    articles = Article.objects.all()
    if statuses:
        articles = articles.filter(status__in=list(statuses))
    if since is not None:
        articles = articles.filter(updated_at__gte=since)
    return (
        articles.order_by("created_at", "slug")
        .select_related("section", "lead_image", "created_by")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            "bylines__person__aliases",
            "bylines__person__roles",
            "taggings__tag",
            Prefetch("mentions", queryset=Mention.objects.select_related("person")),
            "mentions__person__aliases",
            "mentions__person__roles",
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            "quotes__speaker__aliases",
            "quotes__speaker__roles",
            "corrections",
        )
    )


def export_lines(articles: QuerySet, *, format: str) -> Iterator[str]:
    """One JSON line per article, streamed: memory does not grow with the number of articles."""
    for article in articles.iterator(chunk_size=CHUNK_SIZE):
        record = full_record(article) if format == "full" else ninjs_record(article, newsroom=True)
        yield json.dumps(record, sort_keys=True, ensure_ascii=False)


def parse_since(value: str) -> datetime:
    """A date (midnight, local time) or an ISO date-time; ValueError with a readable message."""
    try:
        parsed = parse_datetime(value)
        day = None if parsed else parse_date(value)
    except ValueError:
        parsed = day = None
    if parsed is None and day is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD) or an ISO date-time")
    if parsed is None:
        parsed = datetime.combine(day, time.min)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def timestamp(value: datetime | None) -> str | None:
    """UTC ISO 8601 with microseconds: exact, sortable, and valid RFC 3339."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# --- Full -------------------------------------------------------------------------------


def full_record(article: Article) -> dict:
    """Everything about one article, people and tags included, as JSON-ready values.

    Database ids never appear: people, tags and sections are named by slug, photos by their
    file name in media storage, and the body's figures refer to the photos in ``images`` by
    position (from 1) instead of by id.
    """
    people: dict[str, Person] = {}

    def ref(person: Person | None) -> str | None:
        if person is None:
            return None
        people[person.slug] = person
        return person.slug

    bylines = sorted(article.bylines.all(), key=lambda b: (b.order, b.role, b.person.slug))
    mentions = sorted(article.mentions.all(), key=lambda m: (m.first_position, m.person.slug))
    quotes = sorted(
        article.quotes.all(),
        key=lambda q: (q.position, q.source, q.text, q.speaker.slug if q.speaker else ""),
    )
    corrections = sorted(article.corrections.all(), key=lambda c: (c.created_at, c.kind, c.text))
    tags = sorted((tagging.tag for tagging in article.taggings.all()), key=lambda t: t.slug)
    section = article.section
    image = article.lead_image
    pictures = body_images(article)  # the body's figures refer to them by position
    return {
        "newsroom_format": FULL_FORMAT,
        "slug": article.slug,
        "headline": article.headline,
        "headline_needs_review": article.headline_needs_review,
        "dek": article.dek,
        "body": body_with_refs(article.body, pictures),
        "images": [image_record(picture) for picture in pictures],
        "dateline": article.dateline,
        "dateline_place": article.dateline_place,
        "dateline_country": article.dateline_country,
        "dateline_date": article.dateline_date.isoformat() if article.dateline_date else None,
        "dateline_source": article.dateline_source,
        "meta_description": article.meta_description,
        "source_notes": article.source_notes,
        "status": article.status,
        "published_at": timestamp(article.published_at),
        "first_published_at": timestamp(article.first_published_at),
        "revised_at": timestamp(article.revised_at),
        "embargo_until": timestamp(article.embargo_until),
        "expires_at": timestamp(article.expires_at),
        "created_at": timestamp(article.created_at),
        "updated_at": timestamp(article.updated_at),
        "created_by": article.created_by.get_username() if article.created_by else None,
        "version": article.version,
        "imported_version": article.imported_version,
        "source_key": article.source_key,
        "section": (
            {
                "slug": section.slug,
                "name": section.name,
                "description": section.description,
                "order": section.order,
            }
            if section
            else None
        ),
        "bylines": [{"person": ref(b.person), "role": b.role, "order": b.order} for b in bylines],
        "tags": [
            {"slug": t.slug, "name": t.name, "kind": t.kind, "description": t.description}
            for t in tags
        ],
        "mentions": [
            {
                "person": ref(m.person),
                "status": m.status,
                "count": m.count,
                "first_position": m.first_position,
            }
            for m in mentions
        ],
        "quotes": [
            {
                "speaker": ref(q.speaker),
                "speaker_text": q.speaker_text,
                "text": q.text,
                "position": q.position,
                "source": q.source,
            }
            for q in quotes
        ],
        "corrections": [
            {"kind": c.kind, "text": c.text, "created_at": timestamp(c.created_at)}
            for c in corrections
        ],
        "lead_image": image_record(image) if image else None,
        "people": [person_record(people[slug]) for slug in sorted(people)],
    }


def image_record(image: Image) -> dict:
    """A library photo, named by its file in media storage (restored only with the media)."""
    return {
        "file": image.file.name,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source": image.source,
        "width": image.width,
        "height": image.height,
        "focal_point": [image.focal_x, image.focal_y],
        "renditions": image.renditions,
        "crops": image.crops,
        "created_at": timestamp(image.created_at),
    }


def person_record(person: Person) -> dict:
    """A directory entry, enough to recreate the person in an empty database."""
    return {
        "slug": person.slug,
        "name": person.name,
        "sort_name": person.sort_name,
        "honorific": person.honorific,
        "roles": role_records(person),
        "bio": person.bio,
        "photo": person.photo.name if person.photo else "",
        "aliases": sorted(alias.text for alias in person.aliases.all()),
    }


# --- ninjs ------------------------------------------------------------------------------


def ninjs_record(article: Article, *, newsroom: bool = False) -> dict:
    """One article as an IPTC ninjs 2.2 text item (validates against the 2.2 schema); with
    ``newsroom``, Newsroom's own facts in the ``x-newsroom`` extension (``ninjs_export``)."""
    site = settings.SITE_URL
    pictures = body_images(article)
    item: dict = {
        "uri": ninjs_uri(article),
        "type": "text",
        "representationtype": "full",
        "standard": {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA},
        "version": str(article.version),
        "slugline": article.slug,
        "language": settings.LANGUAGE_CODE,
        "pubstatus": _pubstatus(article),
        "firstcreated": timestamp(
            article.first_published_at or article.published_at or article.created_at
        ),
        "versioncreated": timestamp(article.updated_at),
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body_with_refs(article.body, pictures),
                "wordcount": _word_count(article),
            }
        ],
    }
    if article.is_scheduled:
        item["embargoed"] = timestamp(article.published_at)
    if article.dek:
        item["descriptions"] = [
            {"role": "summary", "contenttype": "text/plain", "value": article.dek}
        ]
    bylines = sorted(article.bylines.all(), key=lambda b: (b.order, b.role, b.person.slug))
    names = list(dict.fromkeys(b.person.name for b in bylines if b.role == Byline.Role.BY))
    if names:
        item["by"] = " and ".join([", ".join(names[:-1]), names[-1]] if names[:-1] else names)
    if dateline := article.dateline_parts:
        # ninjs has one string; its parts are those a parser reads back (articles.datelines).
        item["located"] = dateline.text(year=article.story_year)
    subjects = [
        {
            "name": tagging.tag.name,
            "literal": tagging.tag.slug,
            "uri": site + tagging.tag.get_absolute_url(),
            "rel": "about",
        }
        for tagging in sorted(article.taggings.all(), key=lambda t: t.tag.slug)
    ]
    if article.section:
        subjects.insert(
            0,
            {
                "name": article.section.name,
                "literal": article.section.slug,
                "uri": site + article.section.get_absolute_url(),
                "rel": "section",
            },
        )
    if subjects:
        item["subjects"] = subjects
    people = [
        {
            "name": m.person.name,
            "literal": m.person.slug,
            "uri": site + m.person.get_absolute_url(),
            "rel": "mentioned",
        }
        for m in sorted(article.mentions.all(), key=lambda m: (m.first_position, m.person.slug))
        if m.status != Mention.Status.REJECTED
    ]
    if people:
        item["people"] = people
    associations = [
        picture_association(image, name=name, newsroom=newsroom)
        for name, image in [
            *([(LEAD_PICTURE, article.lead_image)] if article.lead_image else []),
            *((picture_name(ref), image) for ref, image in enumerate(pictures, start=1)),
        ]
    ]
    if associations:
        item["associations"] = associations
    if newsroom:
        facts = newsroom_facts(article, timestamp=timestamp)
        value = json.dumps(facts, sort_keys=True, ensure_ascii=False)
        item["altids"] = [{"role": EXTENSION_ROLE, "value": value}]
    return item


def ninjs_uri(article: Article) -> str:
    """The item's identity: the source's own URI when it came with one, else its page URL.

    A ``file://`` key (a raw-text import) names a path on the importing machine, which means
    nothing to a partner, so those stories are identified by their page like native ones.
    """
    key = article.source_key or ""
    if key and not key.startswith("file:"):
        return key
    return settings.SITE_URL + article.get_absolute_url()


def _pubstatus(article: Article) -> str:
    """usable: readers can see it; withheld: not yet (draft, review, scheduled); canceled."""
    if article.status == Article.Status.ARCHIVED:
        return "canceled"
    return "usable" if article.is_live else "withheld"


def _word_count(article: Article) -> int:
    return len(html_to_text(article.body).split())
