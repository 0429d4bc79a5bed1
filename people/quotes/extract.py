"""Every quotation in an article with its speaker, from paragraphs and the linker's matches.

Paragraphs are joined with "\\n"; every offset refers to that joined text, and the linker's
matches are for all of it, so a speaker written as a bare surname ("Ruto said") resolves with
the whole article's context. Fragments under ``MIN_QUOTE_WORDS`` words are scare quotes
(“peace deal”) unless they end in punctuation *and* carry their own attribution
(“Never,” he said). "He" and "she" resolve to the nearest compatible named person
(``people.quotes.pronouns``), "it" and "they" to the previous quote's speaker ("it" also to the
author of a document named before); a quote with no attribution inherits the speaker of the
previous quote in its paragraph, or of the previous paragraph when it opens its own and nobody
else was named in between. Anything else is unattributed: never a guess across a change of
subject. Each quote says how sure its attribution is (``confidence``).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from people.linking import Match, MentionLinker
from people.quotes.attribution import (
    CERTAIN,
    LIKELY,
    PRONOUNS,
    UNATTRIBUTED,
    QuotedText,
    Speaker,
    attribute,
)
from people.quotes.marks import RawQuote, scan_quotes
from people.quotes.pronouns import document_author, genders, resolve_person_pronoun

# "“…,” she replied": whoever replies is not the one who spoke just before.
_REPLY_AFTER = re.compile(
    r"^\W*(?:he|she)\s+(?:replied|responded|countered|retorted|(?:shot|fired|hit)\s+back)\b"
)

# Shorter quoted fragments are scare quotes or titles unless they carry an attribution.
MIN_QUOTE_WORDS = 4


@dataclass(frozen=True)
class FoundQuote:
    """A quotation and, when the text says so, who said it and how sure that is."""

    text: str
    position: int
    paragraph: int
    speaker_text: str
    speaker_person_id: int | None
    confidence: str = CERTAIN  # certain | likely | guess | unattributed


def extract_quotes(
    paragraphs: Sequence[str], linker: MentionLinker, *, matches: list[Match] | None = None
) -> list[FoundQuote]:
    """Every quotation in the article with its speaker when the text attributes it.

    ``matches``: what ``linker.find`` returned for the joined paragraphs, when the caller
    already has it (else it is found here).
    """
    article = QuotedText(paragraphs, linker, matches)
    raws = scan_quotes(paragraphs, article.starts)
    if not raws:
        return []
    article.quote_spans = [(r.open_pos, r.close_end) for r in raws]
    article.mask_quotes(raws)
    known_genders: dict[int, str] | None = None  # read only when a pronoun needs it

    quotes: list[FoundQuote] = []
    speakers: list[tuple[int, int, Speaker]] = []  # (paragraph, position, speaker) of quotes
    for raw in raws:
        words = " ".join(p.strip() for p in raw.pieces).strip()
        count = len(words.split())
        if not count:
            continue
        speaker, how = attribute(article, raw)
        attributed_short = how in ("after", "colon") and raw.last_char in ".,!?…"
        if count < MIN_QUOTE_WORDS and not attributed_short:
            continue  # a scare quote such as “peace deal”

        if speaker is not None and speaker.person_id is None and speaker.text in PRONOUNS:
            if speaker.text in ("he", "she") and known_genders is None:
                known_genders = genders(article)
            speaker = _resolve_pronoun(article, raw, speaker.text, speakers, known_genders)
        elif speaker is None:
            speaker = _inherited(article, raw, speakers)

        if speaker is not None and speaker.text:
            speakers.append((raw.paragraph, raw.open_pos, speaker))
        quotes.append(
            FoundQuote(
                text=words,
                position=raw.open_pos,
                paragraph=raw.paragraph,
                speaker_text=speaker.text if speaker else "",
                speaker_person_id=speaker.person_id if speaker else None,
                confidence=speaker.confidence if speaker and speaker.text else UNATTRIBUTED,
            )
        )
    return quotes


def _resolve_pronoun(
    article: QuotedText,
    raw: RawQuote,
    pronoun: str,
    speakers: list[tuple[int, int, Speaker]],
    known_genders: dict[int, str] | None,
) -> Speaker | None:
    """Who "he"/"she" (nearest compatible named person) or "it"/"they" (previous speaker,
    or the author of a document named before) is."""
    previous = None
    if speakers and speakers[-1][0] >= raw.paragraph - 2:
        previous = speakers[-1][2]
    if pronoun in ("he", "she"):
        replying = _REPLY_AFTER.match(article.text[raw.close_end : raw.close_end + 40])
        exclude = previous.person_id if replying and previous is not None else None
        return resolve_person_pronoun(
            article, raw.open_pos, raw.paragraph, pronoun, known_genders or {}, exclude=exclude
        )
    if previous is not None:
        return Speaker(previous.text, previous.person_id, LIKELY)
    if pronoun == "it":
        return document_author(article, raw.open_pos, raw.paragraph)
    return None


def _inherited(
    article: QuotedText, raw: RawQuote, speakers: list[tuple[int, int, Speaker]]
) -> Speaker | None:
    """Speaker of an unattributed quote: previous quote in the paragraph, or in the one before
    when this quote opens its paragraph and nobody else was named in between."""
    if not speakers:
        return None
    paragraph, position, speaker = speakers[-1]
    inherited = Speaker(speaker.text, speaker.person_id, LIKELY)
    if paragraph == raw.paragraph:
        return inherited
    para = article.paragraphs[raw.paragraph]
    opens_paragraph = article.starts[raw.paragraph] + len(para) - len(para.lstrip()) == raw.open_pos
    if not (opens_paragraph and paragraph == raw.paragraph - 1):
        return None
    for match in article.matches_in(position, raw.open_pos):
        if match.person_id != speaker.person_id and not article.inside_quote(match.start):
            return None  # someone else was named since: a change of subject
    return inherited
