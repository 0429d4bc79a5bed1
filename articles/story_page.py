"""What a story's page shows besides the template: read and built once, kept per content version.

Every change readers could see bumps the content version (``newsroom.content_version``): an
edit, a publish or unpublish, a byline, tag, correction, mention, person, tag or photo of a
live story, a scheduled time passing. So for a published story the row, its bylines, tags,
corrections and people (with their roles), the body with its links, the related stories and
the JSON-LD are the same for every reader until the version changes: ``cached_story_page``
gathers them once per story and version (about two thirds of an uncached page view at 100,000
stories was building and running those eight queries) and each view only renders the template.

Previews never come from the cache: a draft's bylines or tags change without a new version.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString

from articles.models import Article
from articles.rendering import render_body
from articles.structured_data import news_article, social_card
from newsroom import content_version

RELATED_STORIES = 4
# Finding the stories that share most people and tags with a story is most of the cost of its
# first view after a change, so the ranked candidates are kept this long whatever changes
# elsewhere (a new story can take that long to appear among others' related stories). They are
# checked against what is live on every view, and more are kept than shown, so a story taken
# down never shows and its place is filled.
RELATED_CANDIDATES = 3 * RELATED_STORIES
RELATED_CANDIDATES_SECONDS = 600


def related_candidates_key(article: Article, people, tags) -> str:
    """Per story and per set of people and tags it names (an edit of either finds again)."""
    named = ",".join([*(f"p{person.pk}" for person in people), *(f"t{tag.pk}" for tag in tags)])
    digest = hashlib.blake2b(named.encode(), digest_size=8).hexdigest()
    return f"related-candidates:{article.pk}:{digest}"


@dataclass(frozen=True)
class StoryPage:
    article: Article
    bylines: list
    tags: list
    corrections: list
    people: list
    body: SafeString
    related: list
    social_card: dict | None
    # None while the story has live updates: the JSON-LD then lists the updates page shown.
    structured_data: dict | None


def story_page(article: Article, *, preview_request: HttpRequest | None = None) -> StoryPage:
    """``article``'s page data (``article`` from ``for_article_page()``): five queries for its
    parts, one for the photos in its body, up to three for the related stories (which a
    preview keeps in the cache per content version)."""
    bylines, tags, corrections, people = article.page_parts()

    def related() -> list[Article]:
        candidates = cache.get_or_set(
            related_candidates_key(article, people, tags),
            lambda: Article.objects.related_candidates(
                article, people=people, tags=tags, count=RELATED_CANDIDATES
            ),
            RELATED_CANDIDATES_SECONDS,
        )
        return Article.objects.related_to(
            article, people=people, tags=tags, limit=RELATED_STORIES, candidates=candidates
        )

    if preview_request is None:
        related_stories = related()
    else:
        related_stories = content_version.cached(preview_request, f"related:{article.pk}", related)
    structured_data = None
    if not article.has_live_updates_section:
        structured_data = news_article(
            article, bylines=bylines, people=people, corrections=corrections, tags=tags
        )
    return StoryPage(
        article=article,
        bylines=bylines,
        tags=tags,
        corrections=corrections,
        people=people,
        body=render_body(article, people, article.body_photos()),
        related=related_stories,
        social_card=social_card(article),
        structured_data=structured_data,
    )


def cached_story_page(request: HttpRequest, slug: str) -> StoryPage:
    """The page data of the published story at ``slug``, kept until anything public changes;
    raises ``Article.DoesNotExist`` (nothing is cached for a slug readers cannot see)."""

    def gather() -> StoryPage:
        article = Article.objects.published().for_article_page().get(slug=slug)
        return story_page(article)

    return content_version.cached(request, f"story-page:{slug}", gather)
