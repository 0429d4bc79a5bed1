"""Find quotations in an article, attribute them to speakers, and suggest missing people.

Pure Python (no Django). Paragraphs are joined with "\\n"; every offset refers to that joined
text, and the ``MentionLinker`` runs once over all of it so a speaker written as a bare surname
("Ruto said") resolves with the whole article's context.

What counts as a quote: text between “ ”, " ", « », ‹ ›, „ “ or (at clear word boundaries)
‘ ’. A quote left open at the end of a paragraph continues when the next paragraph opens with a
quote mark (wire convention). Fragments under ``MIN_QUOTE_WORDS`` words are scare quotes
(“peace deal”) unless they end in punctuation *and* carry their own attribution
(“Never,” he said).

Attribution, in order: after the closing mark (“…,” said X / “…,” X said / “…,” X, who …, said /
“…,” according to X / “…,” read a statement from X), then before the opening mark in the same
sentence (X said: “…” / According to X, “…” / X said the deal was “…”). Pronouns and
descriptions ("he", "the president") resolve to the subject of the latest sentence naming a
person, or to the previous quote's speaker. A quote with no attribution inherits the speaker of
the previous quote in its paragraph, or of the previous paragraph when it opens its own.
"""

from people.quotes.extract import MIN_QUOTE_WORDS, FoundQuote, extract_quotes
from people.quotes.suggestions import NameSuggestion, suggest_names

__all__ = ["MIN_QUOTE_WORDS", "FoundQuote", "NameSuggestion", "extract_quotes", "suggest_names"]
