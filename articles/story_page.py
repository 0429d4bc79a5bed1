"""What a story's page shows besides the template: read and built once, kept while it holds.

A published story's row, bylines, tags, corrections and people (with their roles), the body
with its links and the JSON-LD are the same for every reader until the story's row is saved
again (its ``updated_at``) or something shown in many stories changes (a section, a person, a
byline, a tag, a photo: the content version's shared counter, ``newsroom.content_version``).
``cached_story_page`` gathers them once per story and that key (about two thirds of an
uncached page view at 100,000 stories was building and running those queries), so a save of
one story builds its own page again, not every story's. The related stories depend on which
other stories are live, so they are kept per content version (``related_stories``).

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
STORY_PAGE_SECONDS = 3600


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
    social_card: dict | None
    # None while the story has live updates: the JSON-LD then lists the updates page shown.
    structured_data: dict | None
    # What the pieces cached from this page are keyed on (``Version.row_tag``); "" for a preview.
    key: str = ""


def story_page(article: Article, *, key: str = "") -> StoryPage:
    """``article``'s page data (``article`` from ``for_article_page()``): five queries for its
    parts, one for the photos in its body."""
    bylines, tags, corrections, people = article.page_parts()
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
        social_card=social_card(article),
        structured_data=structured_data,
        key=key,
    )


def cached_story_page(request: HttpRequest, slug: str) -> StoryPage:
    """The page data of the published story at ``slug``, kept until the story is saved again
    or something shown in many stories changes; raises ``Article.DoesNotExist`` (nothing is
    cached for a slug readers cannot see)."""
    stamp = content_version.cached(
        request,
        f"story-stamp:{slug}",
        lambda: (
            Article.objects.published().filter(slug=slug).values_list("pk", "updated_at").first()
        ),
    )
    if stamp is None:
        raise Article.DoesNotExist
    key = content_version.for_request(request).row_tag(*stamp)
    page = cache.get(f"story-page:{key}")
    if page is None:
        article = Article.objects.published().for_article_page().get(pk=stamp[0])
        page = story_page(article, key=key)
        cache.set(f"story-page:{key}", page, STORY_PAGE_SECONDS)
    return page


def related_stories(request: HttpRequest, page: StoryPage) -> list[Article]:
    """The live stories sharing most people and tags with the story, kept per content version
    and per set of people and tags (a preview with the published story's people and tags
    shares the readers' answer)."""
    article, people, tags = page.article, page.people, page.tags
    key = related_candidates_key(article, people, tags)

    def related() -> list[Article]:
        candidates = cache.get_or_set(
            key,
            lambda: Article.objects.related_candidates(
                article, people=people, tags=tags, count=RELATED_CANDIDATES
            ),
            RELATED_CANDIDATES_SECONDS,
        )
        return Article.objects.related_to(
            article, people=people, tags=tags, limit=RELATED_STORIES, candidates=candidates
        )

    return content_version.cached(request, f"related:{key}", related)
