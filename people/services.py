"""People workflows: import and merge people, store portraits, add suggested names.

Linking a story's text lives in ``people.links`` and roles in ``people.roles``; their names
are re-exported here for callers that import them from ``people.services``.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from newsroom import audit
from newsroom.images import clean_upload, make_portrait_renditions, validate_image_file
from newsroom.models import PathRedirect
from newsroom.text import clean_name, clean_text
from people.links import (
    LinkResult,
    Links,
    directory_entries,
    directory_version,
    found_quote,
    get_linker,
    link_paragraphs,
    links_in,
    record_suggestions,
    suggestion_key,
)
from people.models import (
    Mention,
    NameSuggestion,
    Person,
    PersonAlias,
    Quote,
    unique_person_slug,
)
from people.roles import RoleSpec, role_records, roles_from_row, set_roles

__all__ = [
    "LinkResult",
    "Links",
    "RoleSpec",
    "create_person_from_suggestion",
    "directory_entries",
    "directory_version",
    "found_quote",
    "get_linker",
    "link_paragraphs",
    "links_in",
    "merge_people",
    "record_suggestions",
    "restore_person",
    "role_records",
    "roles_from_row",
    "set_roles",
    "store_portrait",
    "suggestion_key",
    "upsert_person",
]

PERSON_FIELDS = ("name", "honorific", "bio", "sort_name")


def create_person_from_suggestion(suggestion: NameSuggestion) -> Person:
    """One click in the admin: the person, with the suggested name and honorific."""
    with transaction.atomic():
        person = Person(
            name=suggestion.name,
            honorific=suggestion.honorific,
            slug=unique_person_slug(suggestion.name),
        )
        person.full_clean()
        person.save()
        suggestion.status = NameSuggestion.Status.CREATED
        suggestion.person = person
        suggestion.save(update_fields=["status", "person"])
    return person


def restore_person(entry: dict, *, slug: str) -> Person:
    """Create a person from a full-format export record: details, then roles.

    Older exports carry one ``role`` and ``organisation``; newer ones a ``roles`` list.
    """
    values = {}
    for name in ("name", "sort_name", "honorific", "bio"):
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            raise ValidationError(f"person {name}: expected text")
        values[name] = value or ""
    person = Person(slug=slug, **values)
    roles = roles_from_row(entry) or []
    person.full_clean()
    person.save()
    set_roles(person, roles)
    return person


def upsert_person(
    *,
    name: str,
    slug: str = "",
    aliases: Iterable[str] = (),
    roles: Iterable[RoleSpec] | None = None,
    **fields: str,
) -> tuple[Person, str]:
    """Create or update a person matched by slug, else by name (case-insensitive).

    Returns the person and "created", "updated" or "unchanged". An alias someone else holds
    is kept on both (``PersonAlias.objects.shared()``). ``roles`` (None: leave them be)
    replaces the person's roles. Raises ValidationError with a message an operator can act on.
    """
    name = clean_name(name or "")
    if not name:
        raise ValidationError("name is empty")
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(f"unknown field(s): {', '.join(sorted(unknown))}")
    person = None
    if slug:
        person = Person.objects.filter(slug=slug).first()
    if person is None:
        person = Person.objects.filter(name__iexact=name).first()
    outcome = "unchanged"
    if person is None:
        person = Person(name=name, slug=slug or unique_person_slug(name))
        outcome = "created"
    # Compared as they will be stored, so an unchanged row stays "unchanged".
    values = {"name": name} | {
        key: (clean_name if key in Person.name_fields else clean_text)((value or "").strip())
        for key, value in fields.items()
    }
    for key, value in values.items():
        if getattr(person, key) != value:
            setattr(person, key, value)
            outcome = "updated" if outcome == "unchanged" else outcome
    person.full_clean()
    if outcome != "unchanged":
        person.save()
    for text in dict.fromkeys(clean_name(a) for a in aliases if a):
        if not text or person.aliases.matching(text).exists():
            continue
        alias = PersonAlias(person=person, text=text)
        alias.full_clean()
        alias.save()
        outcome = "updated" if outcome == "unchanged" else outcome
    if roles is not None and set_roles(person, roles):
        outcome = "updated" if outcome == "unchanged" else outcome
    return person, outcome


def merge_people(*, keep: Person, others: Iterable[Person], actor=None) -> int:
    """Fold duplicate people into ``keep``: bylines, mentions, quotes, aliases and accounts
    move over, the duplicates' names become aliases, and their old pages redirect.

    Recorded as one AuditEvent; ``actor`` is the admin user (None: the command-line user).
    """
    others = [p for p in others if p.pk != keep.pk]
    with transaction.atomic():
        for other in others:
            old_urls = [other.get_absolute_url(), *other.extra_public_urls()]
            for byline in other.bylines.all():
                duplicate = keep.bylines.filter(article_id=byline.article_id, role=byline.role)
                if duplicate.exists():
                    byline.delete()
                else:
                    byline.person = keep
                    byline.save(update_fields=["person"])
            for mention in Mention.objects.filter(person=other):
                kept = Mention.objects.filter(person=keep, article_id=mention.article_id).first()
                if kept is None:
                    mention.person = keep
                    mention.save(update_fields=["person"])
                    continue
                kept.count += mention.count
                kept.first_position = min(kept.first_position, mention.first_position)
                if mention.status == Mention.Status.CONFIRMED:
                    kept.status = Mention.Status.CONFIRMED
                kept.save(update_fields=["count", "first_position", "status"])
                mention.delete()
            Quote.objects.filter(speaker=other).update(speaker=keep)
            NameSuggestion.objects.filter(person=other).update(person=keep)
            # An alias both held (a shared alias) stays once, on ``keep``.
            for alias in PersonAlias.objects.filter(person=other):
                if keep.aliases.matching(alias.text).exists():
                    alias.delete()
                else:
                    alias.person = keep
                    alias.save(update_fields=["person"])
            if keep.user_id is None and other.user_id is not None:
                keep.user_id, other.user_id = other.user_id, None
                other.save(update_fields=["user"])
            other_name = other.name
            other.delete()
            if (
                other_name.casefold() != keep.name.casefold()
                and not keep.aliases.matching(other_name).exists()
            ):
                PersonAlias.objects.create(person=keep, text=other_name)
            new_urls = [keep.get_absolute_url(), *keep.extra_public_urls()]
            for old_path, new_path in zip(old_urls, new_urls, strict=True):
                PathRedirect.record(old_path=old_path, new_path=new_path)
        keep.save()  # bumps updated_at: the linker's directory changed
        if others:
            audit.record(
                action="merge_people",
                actor=actor,
                target=keep,
                arguments=[keep.name, *(other.name for other in others)],
                counts={"people merged": len(others)},
            )
    return len(others)


def store_portrait(*, person: Person, upload) -> Person:
    """The one way a person's photo reaches storage: checked, re-encoded without metadata
    (EXIF GPS) under a generated name, and its square renditions made. The caller saves the
    person (the admin with its own save, the importer in its transaction)."""
    validate_image_file(upload)
    clean_file, data = clean_upload(upload)
    person.photo.save(clean_file.name, clean_file, save=False)
    person.photo_renditions = make_portrait_renditions(person.photo.name, data)
    return person
