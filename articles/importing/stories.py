"""A draft's fields on its article: headline, body, section, status and publication time, a
unique slug; and the checks a story this import would publish must pass."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify

from articles.fields import CleanBody
from articles.importing.context import ImportContext, ImportOptions
from articles.importing.drafts import StoryDraft
from articles.importing.outcomes import Refused
from articles.models import Article


def apply_draft(
    article: Article,
    *,
    draft: StoryDraft,
    body: CleanBody,
    options: ImportOptions,
    context: ImportContext,
) -> None:
    """The story's own fields, from the source (its ``body`` as its reader cleaned it) and
    the command's options."""
    article.headline = options.headline or draft.headline
    article.headline_needs_review = draft.headline_needs_review and not options.headline
    article.body = body
    article.dek = draft.dek
    article.dateline = draft.dateline
    if options.section is not None:
        article.section = options.section
    elif draft.section_slug and (section := context.section_by_slug(draft.section_slug)):
        article.section = section
    _apply_status(article, draft=draft, options=options)
    if (facts := draft.facts) is not None:
        # Newsroom's own export: the story's dates and dateline as they were. A section it
        # names that is missing here is created when the story is written (writing.py).
        (
            article.dateline_place,
            article.dateline_country,
            article.dateline_date,
            article.dateline_source,
        ) = facts.dateline[1:]
        if options.status is None and options.publish_at is None:
            article.published_at = facts.published_at  # archived stories keep theirs too
            article.first_published_at = facts.first_published_at
        article.revised_at = facts.revised_at
        article.embargo_until = facts.embargo_until
        article.expires_at = facts.expires_at


def refuse_unpublishable(
    article: Article, *, by_bylines: int | None, tag_count: int | None
) -> None:
    """A story this import would publish passes the checks before publishing first
    (``Article.publishing_problems``): an error refuses it, with the reason. Warnings do
    not: ``--status published`` is the operator's acknowledgement, and the flags (such as
    the headline to review) stay on the story for editors."""
    if article.status != Article.Status.PUBLISHED:
        return
    problems = article.publishing_problems(by_bylines=by_bylines, tag_count=tag_count)
    errors = [problem.message for problem in problems if problem.blocking]
    if errors:
        raise Refused("not published: " + " ".join(errors))


def _apply_status(article: Article, *, draft: StoryDraft, options: ImportOptions) -> None:
    """Status and publication time: the options win, then the source, then what is stored."""
    status = options.status or (draft.facts.status if draft.facts else article.status)
    published_at = options.publish_at or draft.published_at or article.published_at
    if status == Article.Status.PUBLISHED:
        article.publish(at=published_at)
    elif status == Article.Status.IN_REVIEW:
        article.submit_for_review()
        article.published_at = published_at
    elif status == Article.Status.DRAFT:
        article.back_to_draft()
        article.published_at = published_at
    else:
        article.status = status


def article_slug_base(headline: str, *, limit: int = 80) -> str:
    """A slug from the headline: whole words, at most ``limit`` characters."""
    base = slugify(headline)
    if len(base) > limit:
        base = base[: base.rfind("-", 0, limit + 1)] if "-" in base[: limit + 1] else base[:limit]
    return base.strip("-") or "story"


def unique_article_slug(headline: str, *, limit: int = 80, also_taken: Iterable[str] = ()) -> str:
    """A slug from the headline, with -2, -3... when taken (in the database, or in
    ``also_taken``: slugs of stories about to be written)."""
    base = article_slug_base(headline, limit=limit)
    # A range on the unique index ("base" .. "base-9999999999"), not LIKE 'base%', which
    # SQLite cannot serve from the index: one cheap query however many articles there are.
    candidates = Article.objects.filter(slug__gte=base, slug__lte=f"{base}-9999999999")
    taken = set(candidates.values_list("slug", flat=True)) | set(also_taken)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def unique_article_slugs(headlines: list[str]) -> list[str]:
    """Slugs for stories written together: one query for all, more only where one is taken."""
    bases = [article_slug_base(headline) for headline in headlines]
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    chosen: dict[str, None] = {}  # in order
    for headline, base in zip(headlines, bases, strict=True):
        if base in taken or base in chosen:
            base = unique_article_slug(headline, also_taken=chosen)
        chosen[base] = None
    return list(chosen)
