"""Workflows that write an article together with its bylines, tags and people."""

from collections.abc import Iterable, Sequence

from django.db import transaction

from articles.models import Article, Byline, Image, TaggedArticle
from newsroom.content_version import changed
from newsroom.images import clean_upload, make_renditions
from people.models import Person
from tags.models import Tag


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
    tags: list[Tag] = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag(name=name[:100], kind=kind)
            tag.slug = tag.slugify(tag.name)
            if Tag.objects.filter(slug=tag.slug).exists():
                tag.slug = f"{tag.slug}-{Tag.objects.count() + 1}"
            tag.full_clean()
            tag.save()
        tags.append(tag)
    return tags


def set_tags(*, article: Article, tags: Iterable[Tag]) -> None:
    """Replace the article's tags."""
    article.tags.set(list(dict.fromkeys(tags)))


def store_uploaded_image(*, image: Image, upload) -> Image:
    """Save a photo without its metadata (EXIF GPS) and make its renditions, once."""
    clean_file, data = clean_upload(upload)
    with transaction.atomic():
        image.file.save(clean_file.name, clean_file, save=False)
        image.save()
        image.renditions = make_renditions(image.file.name, data)
        image.save(update_fields=["renditions"])
    return image


def search_terms(names: Iterable[str], *, section=None) -> str:
    """The names of a story's people, authors and tags (and its section), once each."""
    names = list(names)
    if section is not None:
        names.append(section.name)
    return " ".join(dict.fromkeys(names))


def refresh_search_terms(article: Article) -> None:
    """Store the names search should find the story by: people, authors, tags, section."""
    from people.models import Mention

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
    # A plain UPDATE: not an editor's change, so no new version and no history record.
    Article.objects.filter(pk=article.pk).update(search_terms=terms)
    article.search_terms = terms


def article_changed(article: Article, *, linker=None, created: bool = False):
    """Everything that follows a change to a story's content, whatever made it (admin,
    import, restore, demo loader): link its people and quotes, refresh its search terms.
    ``created``: the story was just created (nothing earlier to reconcile)."""
    from people.services import link_article

    result = link_article(article, linker=linker, created=created)
    refresh_search_terms(article)
    changed(article)  # mentions and quotes were written in bulk, which sends no signals
    return result
