"""Who "he", "she" and "it" are: the nearest compatible named speaker, and documents' authors.

Gender is only what the text says: a courtesy title on a named person ("Ms. Cole", "Mr.
Achebe"), or a sentence opening "He"/"She" right after a sentence naming them (the directory
records none). A pronoun goes to the nearest person (latest sentence first, its subject first)
whose gender the text gives as the pronoun's; failing that, to the nearest whose gender it does
not give; never to someone the text gives the other gender. Looks back ``LOOKBACK`` paragraphs.

"It" and "the statement" are the previous quote's speaker, else the author of the latest
document the text mentions ("a letter from the Northfield Council", "the ministry issued a
statement").
"""

import re
from bisect import bisect_right

from people.quotes.attribution import DOCUMENTS, GUESS, LIKELY, QuotedText, Speaker

LOOKBACK = 3  # paragraphs before the quote's own

_TITLE_GENDER = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "ms": "f",
    "mrs": "f",
    "miss": "f",
    "madam": "f",
    "dame": "f",
    "lady": "f",
}
_PRONOUN_GENDER = {"he": "m", "she": "f"}
_TITLE = re.compile(r"(mr|mrs|ms|miss|madam|sir|lord|dame|lady)\b\.?", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"\b(mr|mrs|ms|miss|madam|sir|lord|dame|lady)\b\.?\s+$", re.IGNORECASE)
_SENTENCE_PRONOUN = re.compile(r"(?:^|(?<=[.!?])\s+|(?<=\n))(He|She)\b", re.MULTILINE)
_ORG = r"(?:the\s+)?[A-Z][\w.&’'\-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w.&’'\-]*)*"
_AUTHORED = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+)?{DOCUMENTS}\s+(?:(?:shared|released|issued|published|"
    rf"posted|sent)\s+)?(?:from|by)\s+(?P<np>{_ORG})"
)
_ISSUED = re.compile(
    rf"(?P<np>{_ORG})\s+(?:issued|released|published|sent|wrote|put\s+out)\s+(?:a|an|its)\s+"
    rf"(?:[a-z]+\s+)?{DOCUMENTS}\b"
)


def genders(article: QuotedText) -> dict[int, str]:
    """Person id -> "m" or "f", where the text says it (see the module docstring)."""
    found: dict[int, str] = {}
    text = article.text
    for match in article.matches:
        if article.inside_quote(match.start):
            continue
        title = _TITLE.match(match.surface) or _TITLE_BEFORE.search(
            text, max(0, match.start - 8), match.start
        )
        if title is not None:
            found.setdefault(match.person_id, _TITLE_GENDER[title.group(1).lower()])
    for pronoun in _SENTENCE_PRONOUN.finditer(article.masked):
        pos = pronoun.start(1)
        paragraph = bisect_right(article.starts, pos) - 1
        subject = article.subject_before(pos, paragraph)
        if subject is not None and subject[1].person_id is not None:
            found.setdefault(subject[1].person_id, _PRONOUN_GENDER[pronoun.group(1).lower()])
    return found


def candidates(article: QuotedText, pos: int, paragraph: int) -> list[Speaker]:
    """People named outside quotes before ``pos``: latest sentence first, its subject first."""
    floor = article.starts[max(0, paragraph - LOOKBACK)]
    outside = [m for m in article.matches_in(floor, pos) if not article.inside_quote(m.start)]
    ordered: list[Speaker] = []
    seen: set[int] = set()
    while outside:
        last = outside[-1]
        para_floor = article.starts[bisect_right(article.starts, last.start) - 1]
        sentence = article.sentence_start(last.start, para_floor)
        in_sentence = [m for m in outside if m.start >= sentence]
        outside = outside[: len(outside) - len(in_sentence)]
        for match in in_sentence:
            if match.person_id not in seen:
                seen.add(match.person_id)
                ordered.append(Speaker(match.surface, match.person_id, LIKELY))
    return ordered


def resolve_person_pronoun(
    article: QuotedText,
    pos: int,
    paragraph: int,
    pronoun: str,
    known: dict[int, str],
    *,
    exclude: int | None = None,
) -> Speaker | None:
    """The nearest compatible named person for "he" or "she" before ``pos`` (not ``exclude``:
    the speaker someone replies to)."""
    want = _PRONOUN_GENDER[pronoun]
    people = [s for s in candidates(article, pos, paragraph) if s.person_id != exclude]
    for speaker in people:
        if known.get(speaker.person_id) == want:
            return speaker
    unknown = [s for s in people if s.person_id is not None and s.person_id not in known]
    if not unknown:
        return None
    first = unknown[0]
    if len(people) == 1:
        return first
    return Speaker(first.text, first.person_id, GUESS)


def document_author(article: QuotedText, pos: int, paragraph: int) -> Speaker | None:
    """Who wrote the latest document mentioned before ``pos``: "a letter from X"."""
    floor = article.starts[max(0, paragraph - 1)]
    before = article.masked[floor:pos]
    hits = [m for pattern in (_AUTHORED, _ISSUED) for m in pattern.finditer(before)]
    if not hits:
        return None
    hit = max(hits, key=lambda m: m.start("np"))
    start, end = floor + hit.start("np"), floor + hit.end("np")
    for match in article.matches_in(start, end):
        return Speaker(match.surface, match.person_id, LIKELY)
    name = re.split(r"\.\s", re.sub(r"^[Tt]he\s+", "", article.text[start:end]))[0]
    return Speaker(name, None, LIKELY)
