"""Story cards, the teaser every list shows (front page, sections, tags, people, the archive).

A card is the same markup wherever it appears, so each is rendered once per story and content
version and kept in the cache: a list page asks the cache for its twenty cards in one call and
renders only those it lacks. A search result's card carries a snippet of the words searched
for, so search results are always rendered.
"""

from collections.abc import Sequence

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from newsroom import content_version
from newsroom.pagination import Page

TEMPLATE = "_partials/article_card.html"
CARD_SECONDS = 3600


def card_key(article_id: int, *, hide_section: bool, version_tag: str) -> str:
    return f"card:{article_id}:{int(hide_section)}:{version_tag}"


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
    else:
        ids, by_id = [article.pk for article in articles], {a.pk: a for a in articles}
        load = lambda wanted: {pk: by_id[pk] for pk in wanted}  # noqa: E731
    tag = content_version.for_request(request).tag
    keys = {pk: card_key(pk, hide_section=hide_section, version_tag=tag) for pk in ids}
    found = cache.get_many(list(keys.values()))
    rows = load([pk for pk in ids if keys[pk] not in found])
    missing = {keys[pk]: render(article) for pk, article in rows.items()}
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    cards = (found.get(keys[pk]) or missing.get(keys[pk], "") for pk in ids)
    return mark_safe("".join(cards))
