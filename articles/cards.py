"""Story cards, the teaser every list shows (front page, sections, tags, people, the archive).

A card is the same markup wherever it appears, so each is rendered once and kept in the cache,
keyed on what it shows: its story's row (``updated_at``) and the shared counter of the content
version (sections, people, bylines... ``newsroom.content_version.changed``). So after one
story is saved, each list builds one card again, not twenty. Each card is also kept under the
current content version, so a list shown again since the last change asks the cache once and
reads no row (two copies of each card in the cache: the price of that one call). A search
result's card carries a snippet of the words searched for, so search results are always
rendered.
"""

from collections.abc import Sequence

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from newsroom import content_version
from newsroom.pagination import Page

TEMPLATE = "_partials/article_card.html"
CARD_SECONDS = 3600


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

        def stamps_of(wanted: list) -> dict:  # one small query by primary key, no rows
            return dict(Article.objects.filter(pk__in=wanted).values_list("pk", "updated_at"))
    else:
        ids, by_id = [article.pk for article in articles], {a.pk: a for a in articles}
        load = lambda wanted: {pk: by_id[pk] for pk in wanted}  # noqa: E731
        stamps_of = lambda wanted: {pk: by_id[pk].updated_at for pk in wanted}  # noqa: E731
    version = content_version.for_request(request)
    # First by content version: a list shown again since the last change costs one cache
    # call and no query. After a change, the cards kept by what they show are asked for.
    current = {pk: f"card:{pk}:{int(hide_section)}:{version.tag}" for pk in ids}
    found = cache.get_many(list(current.values()))
    cards = {pk: found[key] for pk, key in current.items() if key in found}
    wanted = [pk for pk in ids if pk not in cards]
    if wanted:
        keys = {
            pk: f"card:{int(hide_section)}:{version.row_tag(pk, stamp)}"
            for pk, stamp in stamps_of(wanted).items()  # a story deleted since has no card
        }
        kept = cache.get_many(list(keys.values()))
        rows = load([pk for pk, key in keys.items() if key not in kept])
        built = {pk: render(article) for pk, article in rows.items()}
        if built:
            cache.set_many({keys[pk]: card for pk, card in built.items()}, CARD_SECONDS)
        renewed = {pk: kept.get(key) or built.get(pk) for pk, key in keys.items()}
        renewed = {pk: card for pk, card in renewed.items() if card is not None}
        cache.set_many({current[pk]: card for pk, card in renewed.items()}, CARD_SECONDS)
        cards |= renewed
    return mark_safe("".join(cards.get(pk, "") for pk in ids))
