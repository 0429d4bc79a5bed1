"""Tag upkeep: merging duplicates."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.functions import Lower

from newsroom import audit
from newsroom.content_version import changed
from newsroom.models import PathRedirect
from tags.models import Tag, TagSynonym


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
    from django.db.models import Count

    groups: dict[str, list[Tag]] = {}
    tags = Tag.objects.annotate(uses=Count("taggings"), lowered=Lower("name"))
    for tag in tags.order_by("-uses", "pk"):
        groups.setdefault(_folded(tag.name), []).append(tag)
    return [group for group in groups.values() if len(group) > 1]
