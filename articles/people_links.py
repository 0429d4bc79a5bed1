"""A story's text as the people linker reads it: where articles meet ``people.links``.

People link plain paragraphs and never parse a story's HTML; this module turns a story (an
article, or the parts of one the importer has read) into those paragraphs.
"""

from articles.text_format import html_paragraphs
from people.linking import MentionLinker
from people.links import LinkResult, Links, link_paragraphs, links_in


def story_paragraphs(headline: str, dek: str, body_html: str) -> list[str]:
    """The text the linker reads: headline, standfirst, then each block of the body."""
    return [p for p in [headline, dek, *html_paragraphs(body_html)] if p]


def article_paragraphs(article) -> list[str]:
    """``story_paragraphs`` of a saved or unsaved article."""
    return story_paragraphs(article.headline, article.dek, article.body)


def read_links(article, linker: MentionLinker | None = None) -> Links:
    """The people ``article`` mentions, its quotes and names worth adding (no queries)."""
    return links_in(article_paragraphs(article), linker=linker)


def link_article(
    article, *, linker: MentionLinker | None = None, dry_run: bool = False, created: bool = False
) -> LinkResult:
    """Store the people ``article`` mentions, its quotes and names worth adding (see
    ``people.links.link_paragraphs``: editors' decisions survive, ``dry_run`` writes nothing)."""
    return link_paragraphs(
        article, article_paragraphs(article), linker=linker, dry_run=dry_run, created=created
    )
