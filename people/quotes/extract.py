"""Every quotation in an article with its speaker, from paragraphs and the linker's matches.

Paragraphs are joined with "\\n"; every offset refers to that joined text, and the linker's
matches are for all of it, so a speaker written as a bare surname ("Ruto said") resolves with
the whole article's context. Fragments under ``MIN_QUOTE_WORDS`` words are scare quotes
(“peace deal”) unless they end in punctuation *and* carry their own attribution
(“Never,” he said). Pronouns and descriptions ("he", "the president") resolve to the subject
of the latest sentence naming a person, or to the previous quote's speaker; a quote with no
attribution inherits the speaker of the previous quote in its paragraph, or of the previous
paragraph when it opens its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from people.linking import Match, MentionLinker
from people.quotes.attribution import PRONOUNS, QuotedText, Speaker, attribute
from people.quotes.marks import RawQuote, scan_quotes

# Shorter quoted fragments are scare quotes or titles unless they carry an attribution.
MIN_QUOTE_WORDS = 4


@dataclass(frozen=True)
class FoundQuote:
    """A quotation and, when the text says so, who said it."""

    text: str
    position: int
    paragraph: int
    speaker_text: str
    speaker_person_id: int | None


def extract_quotes(
    paragraphs: Sequence[str], linker: MentionLinker, *, matches: list[Match] | None = None
) -> list[FoundQuote]:
    """Every quotation in the article with its speaker when the text attributes it.

    ``matches``: what ``linker.find`` returned for the joined paragraphs, when the caller
    already has it (else it is found here).
    """
    article = QuotedText(paragraphs, linker, matches)
    raws = scan_quotes(paragraphs, article.starts)
    article.quote_spans = [(r.open_pos, r.close_end) for r in raws]
    article.mask_quotes(raws)

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
            speaker = _resolve_pronoun(article, raw, speaker.text, speakers)
        if speaker is None:
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
            )
        )
    return quotes


def _resolve_pronoun(
    article: QuotedText, raw: RawQuote, pronoun: str, speakers: list[tuple[int, int, Speaker]]
) -> Speaker | None:
    """Who "he"/"she" (latest named subject) or "it"/"they" (previous speaker) is."""
    previous = None
    if speakers and speakers[-1][0] >= raw.paragraph - 2:
        previous = speakers[-1]
    if pronoun in ("he", "she"):
        subject = article.subject_before(raw.open_pos, raw.paragraph)
        if subject is not None and (previous is None or subject[0] > previous[1]):
            return subject[1]
    if previous is not None:
        return previous[2]
    return None


def _inherited(
    article: QuotedText, raw: RawQuote, speakers: list[tuple[int, int, Speaker]]
) -> Speaker | None:
    """Speaker of an unattributed quote: previous quote in the paragraph, or in the one before."""
    if not speakers:
        return None
    paragraph, _, speaker = speakers[-1]
    if paragraph == raw.paragraph:
        return speaker
    para = article.paragraphs[raw.paragraph]
    opens_paragraph = article.starts[raw.paragraph] + len(para) - len(para.lstrip()) == raw.open_pos
    if opens_paragraph and paragraph == raw.paragraph - 1:
        return speaker
    return None
