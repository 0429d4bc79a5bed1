"""People workflows: linking the people a story mentions, and finding its quotes.

(Placeholder until the mention linker lands: keeps load_demo and imports working.)
"""


def link_article(article) -> None:
    """Find the people and quotes in ``article`` and store them."""
    return None
