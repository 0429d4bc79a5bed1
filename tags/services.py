"""Tag upkeep: finding tags by name, merging duplicates."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower

from newsroom import audit
from newsroom.content_version import changed
from newsroom.models import PathRedirect
from newsroom.slugs import free_slug
from tags.models import Tag, TagSynonym


def tags_named(
    names: Iterable[str], *, kind: str = Tag.Kind.TOPIC, create: bool = True
) -> list[Tag]:
    """Tags by name or synonym (``Tag.objects.resolve``), matched case-insensitively ("kenya"
    is the existing "Kenya", "MSS" is "Haiti mission"), one per distinct name, in the order
    given. A missing one is created with ``kind``; with
    ``create=False`` it is returned unsaved (``pk`` None), for a form still checking its input.
    The admin's tag box and the importer both go through here, so neither can trip the
    case-insensitive unique constraint."""
    tags: dict[str, Tag] = {}
    for name in (" ".join(n.split())[:100] for n in names if n and n.strip()):
        key = name.casefold()
        if key in tags:
            continue
        tag = Tag.objects.resolve(name)  # a synonym ("MSS") is its tag
        if tag is None:
            tag = Tag(name=name, kind=kind)
            if create:
                tag.slug = free_slug(tag.slugify(name), rows=Tag)
                tag.full_clean()
                tag.save()
        tags[key] = tag
    return list(tags.values())


def merge_tags(*, keep: Tag, others: Iterable[Tag], actor=None) -> int:
    """Move every article from ``others`` to ``keep``, then delete them; old pages redirect
    and their names become synonyms of ``keep``.

    Recorded as one AuditEvent; ``actor`` is the admin user (None: the command-line user).
    """
    others = [t for t in others if t.pk != keep.pk]
    moved = 0
    with transaction.atomic():
        for other in others:
            tagged_with_keep = keep.taggings.values("content_object_id")
            other.taggings.filter(content_object_id__in=tagged_with_keep).delete()
            moved += other.taggings.update(tag=keep)
            old_path = other.get_absolute_url()
            # The old name and its synonyms keep finding the tag (imports, search).
            other.synonyms.exclude(name__iexact=keep.name).update(tag=keep)
            old_name = other.name
            other.delete()
            if _folded(old_name) != _folded(keep.name) and not (
                TagSynonym.objects.filter(name__iexact=old_name).exists()
            ):
                TagSynonym.objects.create(tag=keep, name=old_name)
            PathRedirect.record(old_path=old_path, new_path=keep.get_absolute_url())
        if others:
            audit.record(
                action="merge_tags",
                actor=actor,
                target=keep,
                arguments=[keep.name, *(other.name for other in others)],
                counts={"tags merged": len(others), "articles moved": moved},
            )
    changed(keep)  # the taggings moved in bulk, which sends no signals
    return len(others)


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def case_duplicate_groups() -> list[list[Tag]]:
    """Tags whose names differ only by case or spacing, the most used first in each group."""
    groups: dict[str, list[Tag]] = {}
    tags = Tag.objects.annotate(uses=Count("taggings"), lowered=Lower("name"))
    for tag in tags.order_by("-uses", "pk"):
        groups.setdefault(_folded(tag.name), []).append(tag)
    return [group for group in groups.values() if len(group) > 1]
