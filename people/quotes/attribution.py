"""Who said a quotation: the speaker written next to it, pronouns resolved from context.

Attribution, in order: after the closing mark (“…,” said X / “…,” X said / “…,” X, who …, said /
“…,” according to X / “…,” read a statement from X), then before the opening mark in the same
sentence (X said: “…” / According to X, “…” / X said the deal was “…”). A speaker phrase is
resolved to a directory person through the linker's matches.
"""

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from people.linking import Match, MentionLinker
from people.names import DETERMINERS, SURNAME_PARTICLES, words
from people.quotes.marks import RawQuote

_NOT_NEWLINE = re.compile(r"[^\n]")
_VERBS = (
    r"(?:said|says|say|added|adds|told|tells|stated|states|noted|notes|wrote|writes|asked|asks|"
    r"insisted|insists|explained|explains|warned|warns|continued|continues|declared|declares|"
    r"tweeted|tweets|posted|posts|replied|replies|responded|responds|remarked|remarks|argued|"
    r"argues|recalled|recalls|acknowledged|acknowledges|stressed|stresses|emphasi[sz]ed|"
    r"emphasi[sz]es|announced|announces|confirmed|confirms|observed|cautioned|conceded|claimed|"
    r"claims|maintained|reiterated|reiterates|urged|urges|pledged|vowed|promised|admitted|"
    r"suggested|concluded|commented|quipped|exclaimed|recounted|affirmed|assured|lamented|"
    r"complained|countered|predicted|joked|boasted|demanded|reported|reports|shot\s+back|"
    r"fired\s+back|hit\s+back|read|reads)"
)
_TOKEN = r"[^\s,;:!?“”\"«»‹›„()\[\]]+"
_SP = r"[ \t\u00a0]+"
_ADVERB = r"(?:[a-z]+ly|also|later|then|again|once|previously|earlier|further|still|has|had|have)"
_LEAD = r"^\s*[,—–-]?\s*"

_AFTER_VERB_FIRST = re.compile(
    rf"{_LEAD}(?P<verb>{_VERBS}){_SP}(?P<np>{_TOKEN}(?:{_SP}{_TOKEN}){{0,11}})"
)
_AFTER_SPEAKER_FIRST = re.compile(
    rf"{_LEAD}(?P<np>{_TOKEN}(?:{_SP}{_TOKEN}){{0,7}}?){_SP}(?:{_ADVERB}{_SP})?(?P<verb>{_VERBS})\b"
)
# A name followed by a clause between commas: "X, who ..., said", "X, Kenya's envoy, said".
_PARTICLE = "|".join(sorted(SURNAME_PARTICLES, key=lambda p: (-len(p), p)))
_NAME_NP = rf"[A-ZÀ-Þ][\w.’'\-]*(?:\s+(?:[A-ZÀ-Þ][\w.’'\-]*|{_PARTICLE})){{0,3}}"
_APPOSITION = (
    rf"(?:(?P<np>{_TOKEN}(?:{_SP}{_TOKEN}){{0,5}}),\s+(?:who|which)\b[^“”\"«».]*?"
    rf"|(?P<name>{_NAME_NP}),\s+[^,;:“”\"«».]{{1,80}}?),\s+(?:{_ADVERB}\s+)?(?P<verb>{_VERBS})\b"
)
_AFTER_APPOSITION = re.compile(rf"{_LEAD}{_APPOSITION}")
_AFTER_ACCORDING = re.compile(
    rf"{_LEAD}according{_SP}to{_SP}(?P<np>{_TOKEN}(?:{_SP}{_TOKEN}){{0,9}})"
)
_BEFORE_ACCORDING = re.compile(
    rf"\baccording{_SP}to{_SP}(?P<np>{_TOKEN}(?:{_SP}{_TOKEN}){{0,9}})\s*,?\s*$", re.IGNORECASE
)
_BEFORE_APPOSITION = re.compile(rf"(?<![\w’'])(?:{_APPOSITION})")
# Before a quote, participles and verbs of naming also introduce it: "Ruto urged calm, saying
# “…”", "which Blinken described as “…”".
_VERB = re.compile(
    rf"\b(?:{_VERBS}|described|describing|called|calling|dubbed|termed|saying|adding|noting|"
    r"warning|telling|writing|accused|praised|critici[sz]ed|thanked|hailed|condemned|blamed)\b"
)
_BEFORE_QUOTED_AS = re.compile(
    rf"\bquot(?:ed|es|ing){_SP}(?P<np>{_TOKEN}(?:{_SP}{_TOKEN}){{0,7}}?){_SP}as{_SP}saying\s*[:,]?\s*$"
)
# A role word before a name at the end of a speaker phrase: "State Department spokesperson
# Matthew Miller" -> "Matthew Miller".
_ROLE_THEN_NAME = re.compile(
    r"\b(?:spokes(?:person|man|woman)|adviser|advisor|aide|official|envoy|ambassador|minister|"
    r"secretary|director|chief|head|chair(?:man|woman|person)?|commissioner|president|governor|"
    r"senator|leader)\s+(?P<name>[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){1,3})$",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(_TOKEN)
DOCUMENTS = (
    r"(?:statement|readout|release|press\s+release|post|communiqu[eé]|message|letter|note|"
    r"announcement|report|ruling|memo|email|filing)"
)
# "In the words of the chief prosecutor, Ana Lindqvist, “…”".
_BEFORE_WORDS_OF = re.compile(
    rf"\bin{_SP}the{_SP}words{_SP}of{_SP}(?P<np>[^“”\"«»\n]{{1,120}}?)\s*,?\s*$", re.IGNORECASE
)
# "The Ministry of Health’s letter reads: “…”": the organisation (or person) is the speaker.
_ORG_NP = r"(?:[Tt]he\s+)?[A-Z][\w.&\-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w.&\-]*)*"
_BEFORE_DOCUMENT = re.compile(
    rf"(?P<np>{_ORG_NP})[’']s{_SP}(?:[a-z]+{_SP})?{DOCUMENTS}{_SP}(?:reads|read|says|said|"
    r"states|stated|notes|noted|adds|added)\s*[:,]?\s*$"
)
# "a statement from X", "part of the readout shared by X": the speaker is X.
_STATEMENT = re.compile(
    r"^(?:(?:part|parts|an\s+excerpt)\s+of\s+)?(?:a|an|the)\s+"
    rf"(?:(?:joint|brief|written|separate|official|short)\s+)?{DOCUMENTS}\s+"
    r"(?:(?:shared|released|issued|published|posted|sent)\s+)?(?:from|by|of)\s+",
    re.IGNORECASE,
)
# "the statement added" refers back to the statement quoted before, like "it".
_SAME_DOCUMENT = re.compile(rf"^(?:the|that|this)\s+{DOCUMENTS}$", re.IGNORECASE)
# Words that end a speaker phrase written after the verb: "said Ruto, who ...", "said X in ...".
_NP_STOPS = words(
    """
    who which that in at on during after before adding according while when as to with about
    via amid since until because and but or this last
    """
)
# Words that start a clause, so a speaker phrase before the verb cannot reach past them.
_NP_STARTS = words(
    """
    that which who whom when while as because but after before if although though since so
    where said says told and then also
    """
)
PRONOUNS = words("he she they it")
_ABBREVIATIONS = words("mr mrs ms dr st gen sen rep gov lt col maj capt adm sgt jr sr no vs")


# How sure the attribution is (``Quote.Confidence`` stores the same words).
CERTAIN, LIKELY, GUESS, UNATTRIBUTED = "certain", "likely", "guess", "unattributed"


@dataclass
class Speaker:
    """Who said a quote: as written (or resolved), the directory person if known, and how
    sure that is."""

    text: str
    person_id: int | None
    confidence: str = CERTAIN


class QuotedText:
    """The joined text with linker matches, quote spans and sentence helpers."""

    def __init__(
        self, paragraphs: Sequence[str], linker: MentionLinker, matches: list[Match] | None
    ) -> None:
        self.paragraphs = paragraphs
        self.text = "\n".join(paragraphs)
        self.starts = []
        offset = 0
        for para in paragraphs:
            self.starts.append(offset)
            offset += len(para) + 1
        self.linker = linker
        self.matches: list[Match] = linker.find(self.text) if matches is None else matches
        self.match_starts = [m.start for m in self.matches]
        self.quote_spans: list[tuple[int, int]] = []
        self.masked = self.text  # the text with quote interiors blanked (see mask_quotes)

    def mask_quotes(self, raws: list[RawQuote]) -> None:
        """Blank quote interiors in ``masked`` so attribution never reads inside a quote."""
        pieces = []
        last = 0
        for raw in raws:
            inner_start, inner_end = raw.open_pos + 1, raw.close_end - 1
            if raw.last_char in ".!?":
                inner_end -= 1  # keep a closing full stop: it still ends the sentence
            if inner_end <= inner_start:
                continue
            pieces.append(self.text[last:inner_start])
            pieces.append(_NOT_NEWLINE.sub(" ", self.text[inner_start:inner_end]))
            last = inner_end
        pieces.append(self.text[last:])
        self.masked = "".join(pieces)

    def para_end(self, pi: int) -> int:
        """Joined offset of the end of paragraph ``pi``."""
        return self.starts[pi] + len(self.paragraphs[pi])

    def inside_quote(self, pos: int) -> bool:
        """Whether joined offset ``pos`` lies inside a quotation."""
        return any(s <= pos < e for s, e in self.quote_spans)

    def matches_in(self, start: int, end: int) -> list[Match]:
        """Linker matches lying wholly between joined offsets ``start`` and ``end``."""
        i = bisect_left(self.match_starts, start)
        found = []
        while i < len(self.matches) and self.matches[i].start < end:
            if self.matches[i].end <= end:
                found.append(self.matches[i])
            i += 1
        return found

    def sentence_start(self, pos: int, floor: int) -> int:
        """Offset where the sentence containing ``pos`` begins (not before ``floor``)."""
        text = self.masked
        i = pos - 1
        while i > floor:
            ch = text[i]
            if ch in ".!?" and i + 1 < len(text) and text[i + 1 : i + 2].isspace():
                word = re.search(r"(\w+)$", text[floor:i])
                token = word.group(1) if word else ""
                initial = len(token) == 1 and token.isupper()
                if token.lower() not in _ABBREVIATIONS and not initial:
                    return i + 1
            i -= 1
        return floor

    def speaker_from_span(self, start: int, end: int) -> Speaker | None:
        """Turn a speaker phrase at ``text[start:end]`` into a speaker, or None if not one."""
        phrase = self.text[start:end].strip()
        lead = self.text[start:end].find(phrase)
        start, end = start + lead, start + lead + len(phrase)
        statement = _STATEMENT.match(phrase)
        if statement:
            start += statement.end()
            phrase = phrase[statement.end() :]
        if phrase.endswith(".") and not re.search(r"(?:\b[A-Za-z]\.)+$", phrase):
            phrase = phrase[:-1]
            end -= 1
        if not phrase:
            return None
        words = phrase.lower().split()
        for word in (words[-1], words[0]) if len(words) <= 2 else ():
            if word in PRONOUNS:
                return Speaker(word, None)  # "he", "Later he", "He further": resolved later
        if _SAME_DOCUMENT.match(phrase):
            return Speaker("it", None)
        for match in reversed(self.matches_in(start, end)):
            after = self.text[match.end : match.end + 2]
            if after[:1] in "'’" and after[1:2] in ("s", "S"):
                continue  # "Ruto’s spokesman" is not Ruto
            sure = LIKELY if match.kind == "surname" else CERTAIN
            return Speaker(match.surface, match.person_id, sure)
        words = phrase.split()
        if not (words[0].lower() in DETERMINERS or any(w[:1].isupper() for w in words)):
            return None  # "is what critics have long" is not a speaker
        holders = self.linker.people_with_honorific(phrase)
        if holders and words[0].lower() in DETERMINERS:
            for match in reversed(self.matches_in(0, start)):
                if match.person_id in holders:
                    return Speaker(match.surface, match.person_id)
        if "’s " in phrase or "'s " in phrase:
            phrase = re.split(r"[’']s\s+", phrase)[-1]  # "Ruto’s spokesman X" -> "spokesman X"
        role = _ROLE_THEN_NAME.search(phrase)
        if role and all(w[:1].isupper() for w in role.group("name").split()):
            phrase = role.group("name")
        elif words[0].lower() == "the" and len(words) > 1 and words[1][:1].isupper():
            phrase = phrase[4:]  # "the U.S. Department of State" -> "U.S. Department of State"
        # One capitalised word the directory does not resolve: a person we cannot tell apart.
        return Speaker(phrase, None, GUESS if len(phrase.split()) == 1 else CERTAIN)

    def subject_before(self, pos: int, paragraph: int) -> tuple[int, Speaker] | None:
        """The first person named in the latest sentence before ``pos`` that names anyone."""
        floor = self.starts[max(0, paragraph - 1)]
        outside = [m for m in self.matches_in(floor, pos) if not self.inside_quote(m.start)]
        if not outside:
            return None
        last = outside[-1]
        para_floor = max(s for s in self.starts if s <= last.start)
        sentence = self.sentence_start(last.start, para_floor)
        first = next(m for m in outside if m.start >= sentence)
        return last.start, Speaker(first.surface, first.person_id)


def _trim_after_verb(np: str) -> str:
    """Cut a speaker phrase written after the verb at the first clause word or full stop."""
    kept = []
    for token in np.split():
        if token.lower() in _NP_STOPS and kept:
            break
        kept.append(token)
        if (
            token.endswith(".")
            and len(token) > 3
            and not re.fullmatch(r"(?:[A-Za-z]\.)+", token)
            and token.lower().rstrip(".") not in _ABBREVIATIONS
        ):
            break  # a full stop ends the sentence
    if not kept:
        return ""
    # Keep the exact original spacing: return the prefix of ``np`` covering the kept tokens.
    end = 0
    for token in kept:
        end = np.index(token, end) + len(token)
    return np[:end]


def _before_np(text: str, verb_start: int, floor: int) -> tuple[int, int] | None:
    """Span of the speaker phrase right before a verb: "Kenya’s Foreign Minister X said"."""
    segment = text[floor:verb_start]
    tokens = [(m.start() + floor, m.end() + floor) for m in _TOKEN_RE.finditer(segment)]
    if not tokens:
        return None
    # The phrase must touch the verb: no comma or quote mark between them.
    if text[tokens[-1][1] : verb_start].strip():
        return None
    if re.fullmatch(_ADVERB, text[tokens[-1][0] : tokens[-1][1]]) and len(tokens) > 1:
        tokens.pop()
        if text[tokens[-1][1] : tokens[-1][1] + 1].strip():
            return None
    kept: list[tuple[int, int]] = []
    for start, end in reversed(tokens):
        if kept and text[end : kept[-1][0]].strip():
            break  # punctuation between tokens ends the phrase
        word = text[start:end].lower()
        if word in _NP_STARTS:
            break
        kept.append((start, end))
        if len(kept) == 8 or word in DETERMINERS:
            break  # a noun phrase starts at its determiner: "the prime minister said"
    if not kept:
        return None
    return kept[-1][0], kept[0][1]


def _shift(span: tuple[int, int], offset: int) -> tuple[int, int]:
    """A span found in a slice, moved back to joined-text offsets."""
    return span[0] + offset, span[1] + offset


def attribute(article: QuotedText, raw: RawQuote) -> tuple[Speaker | None, str]:
    """The speaker written next to a quote and how it was found ("after", "colon", "embedded")."""
    text = article.text
    para_end = article.para_end(raw.end_paragraph)
    after_end = para_end
    for s, _ in article.quote_spans:
        if raw.close_end <= s < after_end:
            after_end = s
    after = text[raw.close_end : after_end]
    base = raw.close_end

    continues = raw.last_char in ",?!—–-…" or after.lstrip(" ")[:1] == ","
    if raw.close_end < para_end or continues:
        for pattern, verb_first in (
            (_AFTER_VERB_FIRST, True),
            (_AFTER_APPOSITION, False),
            (_AFTER_SPEAKER_FIRST, False),
            (_AFTER_ACCORDING, True),
        ):
            match = pattern.match(after)
            if not match:
                continue
            group = "name" if "name" in match.re.groupindex and match.group("name") else "np"
            np = match.group(group)
            if verb_first:
                reads = match.re is _AFTER_VERB_FIRST and match.group("verb") in ("read", "reads")
                if reads and not _STATEMENT.match(np):
                    continue  # "read" only attributes "read a statement from ..."
                statement = _STATEMENT.match(np)
                head = np[: statement.end()] if statement else ""
                np = head + _trim_after_verb(np[len(head) :])
            elif not continues:
                # After a full stop only a bare "Ruto said." counts as attribution.
                tail = after[match.end() :].lstrip()
                if tail[:1] not in ("", ".", ","):
                    continue
            if not continues and verb_first:
                tail = after[match.start("np") + len(np) :].lstrip()
                if tail[:1] not in ("", ".", ","):
                    continue
            start = base + match.start(group)
            speaker = article.speaker_from_span(start, start + len(np))
            if speaker is not None:
                return speaker, "after"

    # Read the sentence before the quote with other quotes blanked out.
    masked = article.masked
    sentence = article.sentence_start(raw.open_pos, article.starts[raw.paragraph])
    before = masked[sentence : raw.open_pos]
    how = "colon" if before.rstrip()[-1:] in (":", ",") else "embedded"
    match = _BEFORE_ACCORDING.search(before)
    if match:
        speaker = article.speaker_from_span(*_shift(match.span("np"), sentence))
        if speaker is not None:
            return speaker, how
    match = _BEFORE_WORDS_OF.search(before)
    if match:
        speaker = article.speaker_from_span(*_shift(match.span("np"), sentence))
        if speaker is not None:
            return speaker, how
    match = _BEFORE_DOCUMENT.search(before)
    if match:
        start, end = _shift(match.span("np"), sentence)
        named = [m for m in article.matches_in(start, end) if m.end == end]
        if named:
            return Speaker(named[-1].surface, named[-1].person_id), how
        return Speaker(re.sub(r"^[Tt]he\s+", "", text[start:end]), None), how
    match = _BEFORE_QUOTED_AS.search(before)  # "quoted the minister as saying “…”"
    if match:
        speaker = article.speaker_from_span(*_shift(match.span("np"), sentence))
        if speaker is not None:
            return speaker, how
    apposition = list(_BEFORE_APPOSITION.finditer(before))
    verbs = list(_VERB.finditer(before))
    if apposition and (not verbs or apposition[-1].end("verb") >= verbs[-1].end()):
        match = apposition[-1]
        group = "name" if match.group("name") else "np"
        speaker = article.speaker_from_span(*_shift(match.span(group), sentence))
        if speaker is not None:
            return speaker, how
    for verb in reversed(verbs):
        span = _before_np(masked, sentence + verb.start(), sentence)
        if span is None:
            continue
        if verb.group() in ("read", "reads"):
            phrase = text[span[0] : span[1]].strip()
            if phrase.lower() == "it" or _SAME_DOCUMENT.match(phrase):
                return Speaker("it", None), how  # "It reads: “…”": the document named before
            continue
        speaker = article.speaker_from_span(*span)
        if speaker is not None:
            return speaker, how
        break
    return None, "none"
