"""Tags as stories show them. Which tags readers may see (those on a published story) and
which a staff member may see (``Article.visible_to_q``) depends on stories, so it lives here:
``tags`` may not import ``articles``."""

from django.db.models import Exists, OuterRef, QuerySet

from articles.models import Article, TaggedArticle, live_article_exists
from tags.models import Tag


def public_tags(tags: QuerySet | None = None) -> QuerySet:
    """Tags on at least one published story (a tag made for an embargoed story stays out of
    every public list until the story is published); ``tags`` narrows the rows (all tags)."""
    tags = Tag.objects.all() if tags is None else tags
    taggings = TaggedArticle.objects.filter(
        live_article_exists("content_object_id"), tag=OuterRef("pk")
    )
    return tags.filter(Exists(taggings))


def tags_visible_to(user, tags: QuerySet | None = None) -> QuerySet:
    """Tags ``user`` may see in the admin: those on no story yet and those on a story they
    may see (``Article.visible_to_q``); as in ``public_tags()``, a tag made for a colleague's
    unpublished story stays hidden."""
    tags = Tag.objects.all() if tags is None else tags
    stories = Article.visible_to_q(user, prefix="content_object__")
    if not stories:  # no condition: this user sees every story, so every tag
        return tags
    taggings = TaggedArticle.objects.filter(tag=OuterRef("pk"))
    return tags.filter(~Exists(taggings) | Exists(taggings.filter(stories)))
