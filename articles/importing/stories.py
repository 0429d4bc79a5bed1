"""A draft's fields on its article: headline, body, section, status and publication time, a
unique slug; and the checks a story this import would publish must pass."""

from __future__ import annotations

from collections.abc import Iterable

from articles.fields import CleanBody
from articles.importing.context import ImportContext, ImportOptions
from articles.importing.drafts import StoryDraft
from articles.importing.outcomes import Refused
from articles.models import Article
from newsroom.slugs import unique_slug, unique_slugs


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
    if draft.source_notes is not None:
        article.source_notes = draft.source_notes
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


ARTICLE_SLUG_WORDS = 80  # characters of headline words in a story's slug (the field holds more)


def unique_article_slug(headline: str, *, also_taken: Iterable[str] = ()) -> str:
    """A slug from the headline, with -2, -3... when a story (or ``also_taken``: stories
    about to be written) has it."""
    return unique_slug(
        headline,
        rows=Article,
        max_length=ARTICLE_SLUG_WORDS,
        fallback="story",
        also_taken=also_taken,
    )


def unique_article_slugs(headlines: list[str]) -> list[str]:
    """Slugs for stories written together: one query for all, more only where one is taken."""
    return unique_slugs(headlines, rows=Article, max_length=ARTICLE_SLUG_WORDS, fallback="story")
