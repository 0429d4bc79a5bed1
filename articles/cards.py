"""Story cards, the teaser every list shows (front page, sections, tags, people, the archive).

A card is the same markup wherever it appears, so each is rendered once and kept in the cache,
keyed on what it shows: its story's row (``updated_at``) and the shared counter of the content
version (sections, people, bylines... ``newsroom.content_version.changed``). A list page asks
the cache for its twenty cards in one call and renders only those it lacks, so after one story
is saved each list builds one card again, not twenty. A search result's card carries a snippet
of the words searched for, so search results are always rendered.
"""

from collections.abc import Sequence
from datetime import datetime

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from newsroom import content_version
from newsroom.pagination import Page

TEMPLATE = "_partials/article_card.html"
CARD_SECONDS = 3600


def card_key(article_id: int, updated_at: datetime, *, hide_section: bool, shared_tag: str) -> str:
    return f"card:{article_id}:{int(hide_section)}:{updated_at.timestamp():.6f}:{shared_tag}"


def render_cards(
    request, articles: Page | Sequence, *, hide_section: bool = False, snippets: bool = False
) -> SafeString:
    """The cards of ``articles`` (a list of stories, or a page of a list, whose rows are then
    loaded only for the cards the cache lacks), in order, as one piece of HTML."""
    template = get_template(TEMPLATE)

    def render(article) -> str:
        snippet = article.snippet if snippets else ""
        context = {"article": article, "hide_section": hide_section, "snippet": snippet}
        return template.render(context)

    if snippets:
        return mark_safe("".join(render(article) for article in articles))
    if isinstance(articles, Page):
        ids, load = articles.ids, articles.load
        # One small query by primary key instead of loading the rows.
        stamps = dict(Article.objects.filter(pk__in=ids).values_list("pk", "updated_at"))
    else:
        ids, by_id = [article.pk for article in articles], {a.pk: a for a in articles}
        load = lambda wanted: {pk: by_id[pk] for pk in wanted}  # noqa: E731
        stamps = {a.pk: a.updated_at for a in articles}
    shared = content_version.for_request(request).shared_tag
    keys = {
        pk: card_key(pk, stamps[pk], hide_section=hide_section, shared_tag=shared)
        for pk in ids
        if pk in stamps  # a story deleted since its id was read has no card
    }
    ids = list(keys)
    found = cache.get_many(list(keys.values()))
    rows = load([pk for pk in ids if keys[pk] not in found])
    missing = {keys[pk]: render(article) for pk, article in rows.items()}
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    cards = (found.get(keys[pk]) or missing.get(keys[pk], "") for pk in ids)
    return mark_safe("".join(cards))
