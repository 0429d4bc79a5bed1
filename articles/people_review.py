"""The people a story names, for review on its story screen: each person once with how
often the text names them and the editor's decision, the text with those names marked, and
the names the directory lacks (suggestions), and the quotes with how sure each speaker is
(the unsure ones listed for a one-click fix)."""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.text_format import html_blocks
from people.models import Mention, NameSuggestion, Quote
from people.services import get_linker


@dataclass(frozen=True)
class PeopleReview:
    mentions: list[Mention]
    suggestions: list[NameSuggestion]
    marked_text: list[tuple[str, SafeString]]  # (block tag, text with <mark> around names)
    quotes: list[Quote]
    quotes_to_review: list[Quote]  # a guessed speaker or none: an editor picks one
    # Under the quotes: what each short word in their "How sure" column means.
    confidence_legend = tuple(Quote.Confidence.labels)


def people_review(article: Article) -> PeopleReview:
    """What the people panel shows for ``article`` (four queries, whatever its length)."""
    mentions = list(article.mentions.select_related("person").order_by("first_position"))
    suggestions = list(
        article.name_suggestions.filter(status=NameSuggestion.Status.OPEN).order_by("name")
    )
    names = {m.person_id: m.person.name for m in mentions if m.is_visible}
    linker = get_linker()
    blocks = [(tag, _marked(text, linker.find(text), names)) for tag, text in _blocks(article)]
    quotes = list(article.quotes.select_related("speaker").order_by("position"))
    return PeopleReview(
        mentions=mentions,
        suggestions=suggestions,
        marked_text=blocks,
        quotes=quotes,
        quotes_to_review=[q for q in quotes if q.confidence in Quote.TO_REVIEW],
    )


def _blocks(article: Article) -> list[tuple[str, str]]:
    # The linker reads the headline and standfirst too (articles.people_links.article_paragraphs).
    head = [("h2", article.headline)] + ([("p", article.dek)] if article.dek else [])
    return head + html_blocks(article.body)


def _marked(text: str, matches, names: dict[int, str]) -> SafeString:
    parts, done = [], 0
    for match in matches:
        if match.person_id not in names or match.start < done:
            continue
        parts.append(escape(text[done : match.start]))
        parts.append(
            format_html(
                '<mark title="{}">{}</mark>', names[match.person_id], text[match.start : match.end]
            )
        )
        done = match.end
    parts.append(escape(text[done:]))
    # Every piece of the text went through escape() or format_html().
    return mark_safe("".join(parts))
