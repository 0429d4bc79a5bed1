from django import template

from articles.cards import render_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def article_cards(context, articles, hide_section=False, snippets=False):
    """``{% article_cards page hide_section=True %}``: the cards of a list (articles/cards.py)."""
    return render_cards(
        context["request"], articles, hide_section=bool(hide_section), snippets=bool(snippets)
    )
