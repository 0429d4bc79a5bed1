"""Newsroom's own lossless records (``"newsroom_format": "full/1"``), written by
``export_articles --format full`` (``articles/exporting.py``): restored as they are, people,
tags, mentions and quotes included, without re-linking people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage

from articles.exporting import FULL_FORMAT, full_record
from articles.importing.context import ImportContext, ImportOptions
from articles.importing.decoding import check_datetime, check_text
from articles.importing.outcomes import ItemResult, Outcome, Refused, refusal
from articles.importing.pictures import place_pictures
from articles.models import Article, Byline, Correction, Image, Section
from articles.ninjs_export import picture_name
from articles.services import refresh_search_terms, set_tags
from people.models import Mention, Person, PersonAlias, Quote
from people.services import restore_person
from tags.models import Tag


def is_full_record(value: Any) -> bool:
    """Whether a JSON value is one of Newsroom's own records rather than a ninjs item."""
    return isinstance(value, dict) and "newsroom_format" in value


def restore_record(
    *, record: dict, where: str, options: ImportOptions, context: ImportContext
) -> ItemResult:
    """Restore one full record in its own transaction; a refusal says why."""
    try:
        with context.transaction(dry_run=options.dry_run):
            result = _restore_full(record=record, options=options, context=context)
    except Exception as error:  # rolled back: the record fails alone
        return refusal(error, where=where)
    return ItemResult(result.outcome, where=where, message=result.message, slug=result.slug)


_FULL_REQUIRED = {
    "slug": str,
    "headline": str,
    "body": str,
    "status": str,
    "version": int,
    "people": list,
    "bylines": list,
    "tags": list,
    "mentions": list,
    "quotes": list,
    "corrections": list,
}


def _restore_full(*, record: dict, options: ImportOptions, context: ImportContext) -> ItemResult:
    """Put an exported article back exactly as it was: people, tags, mentions and all."""
    try:
        return _restore_full_record(record=record, options=options, context=context)
    except (KeyError, TypeError, AttributeError) as error:
        # The file is machine-written; a wrong shape means it was cut or edited by hand.
        raise Refused(f"full record is malformed ({type(error).__name__}: {error})") from None


def _restore_full_record(
    *, record: dict, options: ImportOptions, context: ImportContext
) -> ItemResult:
    if record.get("newsroom_format") != FULL_FORMAT:
        raise Refused(
            f"newsroom_format {record.get('newsroom_format')!r} is not supported "
            f"(this Newsroom reads {FULL_FORMAT!r})"
        )
    for key, kind in _FULL_REQUIRED.items():
        if not isinstance(record.get(key), kind):
            raise Refused(f"full record: {key!r} is missing or not a {kind.__name__}")
    # Checked before they are looked up: the database cannot even compare a lone surrogate.
    key = check_text(record.get("source_key"), name="source_key")
    slug = check_text(record["slug"], name="slug")
    article = (
        Article.objects.filter(source_key=key).first()
        if key
        else Article.objects.filter(slug=slug).first()
    )
    creating = article is None
    if not creating:
        if full_record(article) == record:
            return ItemResult(Outcome.UNCHANGED, slug=article.slug)
        if article.version > record["version"] and not options.overwrite:
            return ItemResult(
                Outcome.KEPT,
                message=f"changed in Newsroom since this export (version {article.version}, "
                f"the file has {record['version']}); use --overwrite to replace",
                slug=article.slug,
            )
        article.bylines.all().delete()
        article.mentions.all().delete()
        article.quotes.all().delete()
        article.corrections.all().delete()
    else:
        article = Article()

    people = {
        entry.get("slug"): _restore_person(entry, context) for entry in record["people"] or []
    }

    def person(slug: str | None) -> Person | None:
        if slug is None:
            return None
        if slug not in people:
            raise Refused(f"full record: person {slug!r} is used but not in 'people'")
        return people[slug]

    for name in ("headline", "dek", "body", "dateline", "meta_description", "slug"):
        setattr(article, name, check_text(record.get(name), name=name))
    for name in ("dateline_place", "dateline_country", "dateline_source", "source_notes"):
        setattr(article, name, check_text(record.get(name), name=name))
    day = check_text(record.get("dateline_date"), name="dateline_date")
    article.dateline_date = date.fromisoformat(day) if day else None
    if "images" in record:  # the body's figures name them by position (older records: by id)
        if not isinstance(record["images"], list):
            raise Refused("full record: 'images' is not a list")
        photos = {
            picture_name(ref): _restore_image(entry, what="body photo")
            for ref, entry in enumerate(record["images"], start=1)
        }
        place_pictures(article, body=article.body, lead="", photos=photos)
    article.source_key = key or None
    article.status = record["status"]
    article.headline_needs_review = bool(record.get("headline_needs_review"))
    article.published_at = check_datetime(record.get("published_at"), name="published_at")
    article.first_published_at = check_datetime(
        record.get("first_published_at"), name="first_published_at"
    )
    article.revised_at = check_datetime(record.get("revised_at"), name="revised_at")
    article.embargo_until = check_datetime(record.get("embargo_until"), name="embargo_until")
    article.expires_at = check_datetime(record.get("expires_at"), name="expires_at")
    article.version = record["version"]
    article.imported_version = record.get("imported_version")
    article.section = _restore_section(record.get("section"), context)
    article.lead_image = _restore_image(record.get("lead_image"), what="lead image")
    username = record.get("created_by")
    article.created_by = (
        get_user_model().objects.filter(username=username).first() if username else None
    )
    article.full_clean()
    article.save()

    _create_all(
        Byline(article=article, person=person(b["person"]), role=b["role"], order=b["order"])
        for b in record["bylines"]
    )
    set_tags(article=article, tags=[_restore_tag(entry, context) for entry in record["tags"]])
    _create_all(
        Mention(
            article=article,
            person=person(m["person"]),
            status=m["status"],
            count=m["count"],
            first_position=m["first_position"],
        )
        for m in record["mentions"]
    )
    _create_all(
        Quote(
            article=article,
            speaker=person(q.get("speaker")),
            speaker_text=check_text(q.get("speaker_text"), name="quote speaker_text"),
            text=check_text(q["text"], name="quote text"),
            position=q["position"],
            source=q["source"],
        )
        for q in record["quotes"]
    )
    _create_all(
        Correction(
            article=article,
            kind=c["kind"],
            text=check_text(c["text"], name="correction text"),
            created_at=check_datetime(c["created_at"], name="correction created_at"),
        )
        for c in record["corrections"]
    )
    # Derived search terms only; mentions and quotes are restored as they were, not re-found.
    refresh_search_terms(article)
    # auto_now/auto_now_add fields can only be set back with an UPDATE.
    Article.objects.filter(pk=article.pk).update(
        created_at=check_datetime(record.get("created_at"), name="created_at")
        or article.created_at,
        updated_at=check_datetime(record.get("updated_at"), name="updated_at")
        or article.updated_at,
    )
    return ItemResult(Outcome.CREATED if creating else Outcome.UPDATED, slug=article.slug)


def _create_all(objects: Iterable[Any]) -> None:
    """Validate each row (choices, lengths, uniqueness) and insert them in one query per model."""
    objects = list(objects)
    for obj in objects:
        obj.full_clean()
    if objects:
        type(objects[0]).objects.bulk_create(objects)


def _restore_person(entry: dict, context: ImportContext) -> Person:
    """The person with this slug; created with the exported details when missing."""
    slug = entry.get("slug")
    if not isinstance(slug, str) or not slug:
        raise Refused("full record: a person has no slug")
    person = context.person_by_slug(slug)
    if person is not None:
        return person  # the directory is edited in Newsroom: an article restore leaves it be
    person = restore_person(entry, slug=slug)  # roles branch: details and roles, people/services.py
    photo = entry.get("photo") or ""
    if photo:
        _require_media_file(photo, what=f"portrait of {slug}")
        person.photo = photo
    person.full_clean()
    person.save()
    for alias in entry.get("aliases") or []:
        text = check_text(alias, name="alias")
        if not person.aliases.matching(text).exists():  # another person may share it
            PersonAlias.objects.create(person=person, text=text)
    return context.remember("person-slug", slug, person)


def _restore_tag(entry: dict, context: ImportContext) -> Tag:
    slug = entry.get("slug") or ""
    tag = context.lookup("tag-slug", slug)
    if tag is None:
        name = check_text(entry.get("name"), name="tag name")
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag(
                slug=slug,
                name=name,
                kind=entry.get("kind") or Tag.Kind.TOPIC,
                description=check_text(entry.get("description"), name="tag description"),
            )
            tag.full_clean()
            tag.save()
        context.remember("tag-slug", slug, tag)
    return tag


def _restore_section(entry: dict | None, context: ImportContext) -> Section | None:
    if not entry:
        return None
    section = context.section_by_slug(entry.get("slug") or "")
    if section is None:
        section = Section(
            slug=entry.get("slug") or "",
            name=check_text(entry.get("name"), name="section name"),
            description=check_text(entry.get("description"), name="section description"),
            order=_whole_number(entry.get("order", 100), name="section order"),
        )
        section.full_clean()
        section.save()
        context.remember("section", section.slug, section)
    return section


def _whole_number(value: Any, *, name: str) -> int:
    # bool is an int in Python, and a float such as 1e999 (infinity) is no row number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(f"full record: {name} must be a whole number, not {value!r}")
    return value


def _restore_image(entry: dict | None, *, what: str) -> Image | None:
    """The library photo with this file name; its record is recreated if only the file is left."""
    if not entry:
        return None
    name = _check_media_name(check_text(entry.get("file"), name=f"{what} file"), what=what)
    image = Image.objects.filter(file=name).first()
    if image is not None:
        return image
    _require_media_file(name, what=what)
    focal_x, focal_y = entry.get("focal_point") or (0.5, 0.5)
    image = Image(
        file=name,
        width=entry.get("width") or 0,
        height=entry.get("height") or 0,
        renditions=entry.get("renditions") or [],
        crops=entry.get("crops") or {},
        focal_x=focal_x,
        focal_y=focal_y,
        **{
            key: check_text(entry.get(key), name=f"{what} {key}")
            for key in ("alt_text", "caption", "credit", "source")
        },
    )
    image.full_clean()
    image.save()
    created_at = check_datetime(entry.get("created_at"), name=f"{what} created_at")
    if created_at:
        Image.objects.filter(pk=image.pk).update(created_at=created_at)
    return image


def _check_media_name(name: str, *, what: str) -> str:
    """A file name relative to the media storage; never absolute, never climbing out of it."""
    parts = PurePosixPath(name).parts
    if not name or name.startswith(("/", "\\")) or ".." in parts or "\\" in name:
        raise Refused(f"{what} {name!r} is not a file name inside the media storage")
    return name


def _require_media_file(name: str, *, what: str) -> None:
    _check_media_name(name, what=what)
    try:
        exists = default_storage.exists(name)
    except SuspiciousFileOperation:  # the storage's own check, for names the one above missed
        raise Refused(f"{what} {name!r} is not a file name inside the media storage") from None
    if not exists:
        raise Refused(f"{what} {name} is not in the media storage; restore the media files first")
