"""Workflows that write an article together with its bylines, tags and people."""

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Byline, Image, TaggedArticle
from articles.people_links import link_article
from newsroom.content_version import row_saved
from newsroom.images import clean_upload, make_crops, make_renditions
from people.models import Mention, Person
from tags.models import Tag
from tags.services import tags_named


def set_bylines(*, article: Article, bylines: Sequence[tuple[Person, str]]) -> None:
    """Replace the article's bylines with ``(person, role)`` pairs, in the given order."""
    with transaction.atomic():
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, person=person, role=role, order=index)
            for index, (person, role) in enumerate(dict.fromkeys(bylines))
        )


def get_or_create_tags(names: Iterable[str], *, kind: str = Tag.Kind.TOPIC) -> list[Tag]:
    """Tags by name, matched case-insensitively; missing ones are created with ``kind``."""
    return tags_named(names, kind=kind)


def set_tags(*, article: Article, tags: Iterable[Tag]) -> None:
    """Replace the article's tags."""
    article.tags.set(list(dict.fromkeys(tags)))


def store_uploaded_image(*, image: Image, upload) -> Image:
    """Save a photo without its metadata (EXIF GPS) and make its renditions, once."""
    clean_file, data = clean_upload(upload)
    return _store_image(image=image, file=clean_file, data=data)


def _store_image(*, image: Image, file: ContentFile, data: bytes) -> Image:
    """The one way a photo's picture reaches storage: its file, then its renditions."""
    with transaction.atomic():
        image.file.save(file.name, file, save=False)
        image.save()
        image.renditions = make_renditions(image.file.name, data)
        image.crops = make_crops(image.file.name, data, focal=image.focal_point)
        image.save(update_fields=["renditions", "crops"])
    return image


def recrop_image(*, image: Image) -> Image:
    """Make a photo's crops again around its (saved) focal point: after it moved."""
    with image.file.open("rb") as stored:
        data = stored.read()
    image.crops = make_crops(image.file.name, data, focal=image.focal_point)
    image.save(update_fields=["crops"])
    return image


def new_version_of_image(*, image: Image, user, article: Article | None = None) -> Image:
    """A copy of a library photo for ``user`` to change: the same picture stored again under
    a new name, with the same words, so changing it leaves every story using the original
    as it was. With ``article`` (one the caller checked ``user`` may change), the copy
    becomes its lead image, as a new version of the story."""
    with image.file.open("rb") as original:
        data = original.read()  # already stripped of metadata when it was stored
    copy = Image(
        focal_x=image.focal_x,
        focal_y=image.focal_y,
        alt_text=image.alt_text,
        caption=image.caption,
        credit=image.credit,
        source=image.source,
        uploaded_by=user,
    )
    extension = PurePosixPath(image.file.name).suffix
    with transaction.atomic():
        _store_image(image=copy, file=ContentFile(data, name=f"copy{extension}"), data=data)
        if article is not None:
            article = Article.objects.select_for_update().get(pk=article.pk)
            article.lead_image = copy
            article.bump_version()
            article._change_reason = f"Lead image: a new version of photo {image.pk}"
            article.full_clean()
            article.save()
    return copy


def search_terms(names: Iterable[str], *, section=None) -> str:
    """The names of a story's people, authors and tags (and its section), once each."""
    names = list(names)
    if section is not None:
        names.append(section.name)
    return " ".join(dict.fromkeys(names))


def refresh_search_terms(article: Article) -> None:
    """Store the names search should find the story by: people, authors, tags, section."""
    # One statement for the three sources of names.
    mentioned = (
        Mention.objects.filter(article=article)
        .exclude(status=Mention.Status.REJECTED)
        .values_list("person__name", flat=True)
    )
    bylined = Byline.objects.filter(article=article).values_list("person__name", flat=True)
    tagged = TaggedArticle.objects.filter(content_object=article).values_list(
        "tag__name", flat=True
    )
    # Default orderings are not allowed inside a compound statement on SQLite.
    names = list(mentioned.order_by().union(bylined.order_by(), tagged.order_by(), all=True))
    terms = search_terms(names, section=article.section if article.section_id else None)
    # A plain UPDATE: not an editor's change, so no new version and no history record. It
    # does write updated_at: the story's cached card and page are keyed on it, and its
    # people's links (just written) are part of the page.
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(search_terms=terms, updated_at=now)
    article.search_terms, article.updated_at = terms, now


def article_changed(article: Article, *, linker=None, created: bool = False):
    """Everything that follows a change to a story's content, whatever made it (admin,
    import, restore, demo loader): link its people and quotes, refresh its search terms.
    ``created``: the story was just created (nothing earlier to reconcile)."""
    result = link_article(article, linker=linker, created=created)
    refresh_search_terms(article)
    # Mentions and quotes were written in bulk, which sends no signals; they show on the
    # story's own page and on lists, so the story's row (its updated_at) is what changed.
    row_saved(article)
    return result
