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

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from people.linking import COMMON_FIRST_NAMES, Match, MentionLinker, name_key

__all__ = ["MIN_QUOTE_WORDS", "FoundQuote", "NameSuggestion", "extract_quotes", "suggest_names"]


def _words(text: str) -> list[str]:
    """Split a whitespace-separated word list."""
    return text.split()


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


@dataclass(frozen=True)
class NameSuggestion:
    """A capitalised name in the text that is not in the directory."""

    name: str
    honorific: str
    position: int


# --- quote marks --------------------------------------------------------------------------------

_CLOSERS = {"“": '”"', "«": "»", "‹": "›", "„": "“”", '"': '"', "‘": "’"}
_OPEN_AFTER = "([{—–-/"
_NOT_NEWLINE = re.compile(r"[^\n]")
_MARKS = re.compile('[“”«»‹›„"‘’]')


def _is_opening(para: str, i: int) -> bool:
    """Whether the mark at ``para[i]`` opens a quote."""
    ch = para[i]
    if ch in "“«‹„":
        return True
    before_ok = i == 0 or para[i - 1].isspace() or para[i - 1] in _OPEN_AFTER + '“"'
    nxt = para[i + 1 : i + 2]
    if ch == '"':
        return before_ok and bool(nxt) and not nxt.isspace()
    if ch == "‘":
        return before_ok and nxt.isalnum()
    return False


def _is_closing(para: str, i: int, opener: str) -> bool:
    """Whether ``para[i]`` closes a quote opened with ``opener``."""
    ch = para[i]
    if ch not in _CLOSERS[opener] and not (opener == "“" and ch == "“"):
        return False
    if opener in "‘“" and ch in "’“":
        # An apostrophe ("Kenya’s") or a stray opening mark only closes at a word's end.
        after = para[i + 1 : i + 2]
        return i > 0 and not para[i - 1].isspace() and not after.isalnum()
    return True


@dataclass
class _RawQuote:
    """A quotation as scanned, before attribution."""

    open_pos: int
    paragraph: int
    pieces: list[str]
    close_end: int  # joined offset just after the closing mark (or the paragraph end)
    end_paragraph: int
    last_char: str  # last character inside the marks


def _scan(paragraphs: Sequence[str], starts: list[int]) -> list[_RawQuote]:
    """Every quotation in order, joining quotes that run on across paragraphs."""
    found: list[_RawQuote] = []
    current: _RawQuote | None = None
    opener = ""
    for pi, para in enumerate(paragraphs):
        base = starts[pi]
        pos = content_start = 0
        if current is not None:
            lead = len(para) - len(para.lstrip())
            if para[lead : lead + 1] == opener:
                pos = content_start = lead + 1  # the quote runs on into this paragraph
            else:
                found.append(current)
                current = None
        for mark in _MARKS.finditer(para, pos):  # only quote marks need a look
            i = mark.start()
            if current is None:
                if para[i] in _CLOSERS and _is_opening(para, i):
                    opener = para[i]
                    current = _RawQuote(base + i, pi, [], 0, pi, "")
                    content_start = i + 1
            elif _is_closing(para, i, opener):
                piece = para[content_start:i]
                current.pieces.append(piece)
                current.close_end = base + i + 1
                current.end_paragraph = pi
                current.last_char = piece.rstrip()[-1:]
                found.append(current)
                current = None
        if current is not None:
            piece = para[content_start:]
            current.pieces.append(piece)
            current.close_end = base + len(para)
            current.end_paragraph = pi
            current.last_char = piece.rstrip()[-1:]
    if current is not None:
        found.append(current)
    return found


# --- attribution --------------------------------------------------------------------------------

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
_NAME_NP = r"[A-ZÀ-Þ][\w.’'\-]*(?:\s+(?:[A-ZÀ-Þ][\w.’'\-]*|de|da|van|von|der|al|bin)){0,3}"
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
_DOCUMENTS = (
    r"(?:statement|readout|release|press\s+release|post|communiqu[eé]|message|letter|note|"
    r"announcement)"
)
# "a statement from X", "part of the readout shared by X": the speaker is X.
_STATEMENT = re.compile(
    r"^(?:(?:part|parts|an\s+excerpt)\s+of\s+)?(?:a|an|the)\s+"
    rf"(?:(?:joint|brief|written|separate|official|short)\s+)?{_DOCUMENTS}\s+"
    r"(?:(?:shared|released|issued|published|posted|sent)\s+)?(?:from|by|of)\s+",
    re.IGNORECASE,
)
# "the statement added" refers back to the statement quoted before, like "it".
_SAME_DOCUMENT = re.compile(rf"^(?:the|that|this)\s+{_DOCUMENTS}$", re.IGNORECASE)
# Words that end a speaker phrase written after the verb: "said Ruto, who ...", "said X in ...".
_NP_STOPS = frozenset(
    _words(
        """
    who which that in at on during after before adding according while when as to with about
    via amid since until because and but or this last
    """
    )
)
# Words that start a clause, so a speaker phrase before the verb cannot reach past them.
_NP_STARTS = frozenset(
    _words(
        """
    that which who whom when while as because but after before if although though since so
    where said says told and then also
    """
    )
)
_PRONOUNS = frozenset(_words("he she they it"))
_DETERMINERS = frozenset(_words("the a an his her their its"))
_ABBREVIATIONS = frozenset(
    _words("mr mrs ms dr st gen sen rep gov lt col maj capt adm sgt jr sr no vs")
)


@dataclass
class _Speaker:
    """Who said a quote: as written (or resolved), and the directory person if known."""

    text: str
    person_id: int | None


class _Article:
    """The joined text with linker matches, quote spans and sentence helpers."""

    def __init__(self, paragraphs: Sequence[str], linker: MentionLinker) -> None:
        self.paragraphs = paragraphs
        self.text = "\n".join(paragraphs)
        self.starts = []
        offset = 0
        for para in paragraphs:
            self.starts.append(offset)
            offset += len(para) + 1
        self.linker = linker
        self.matches: list[Match] = linker.find(self.text)
        self.match_starts = [m.start for m in self.matches]
        self.quote_spans: list[tuple[int, int]] = []
        self.masked = self.text  # the text with quote interiors blanked (see mask_quotes)

    def mask_quotes(self, raws: list[_RawQuote]) -> None:
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

    def speaker_from_span(self, start: int, end: int) -> _Speaker | None:
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
            if word in _PRONOUNS:
                return _Speaker(word, None)  # "he", "Later he", "He further": resolved later
        if _SAME_DOCUMENT.match(phrase):
            return _Speaker("it", None)
        for match in reversed(self.matches_in(start, end)):
            after = self.text[match.end : match.end + 2]
            if after[:1] in "'’" and after[1:2] in ("s", "S"):
                continue  # "Ruto’s spokesman" is not Ruto
            return _Speaker(match.surface, match.person_id)
        words = phrase.split()
        if not (words[0].lower() in _DETERMINERS or any(w[:1].isupper() for w in words)):
            return None  # "is what critics have long" is not a speaker
        holders = self.linker.people_with_honorific(phrase)
        if holders and words[0].lower() in _DETERMINERS:
            for match in reversed(self.matches_in(0, start)):
                if match.person_id in holders:
                    return _Speaker(match.surface, match.person_id)
        if "’s " in phrase or "'s " in phrase:
            phrase = re.split(r"[’']s\s+", phrase)[-1]  # "Ruto’s spokesman X" -> "spokesman X"
        role = _ROLE_THEN_NAME.search(phrase)
        if role and all(w[:1].isupper() for w in role.group("name").split()):
            phrase = role.group("name")
        elif words[0].lower() == "the" and len(words) > 1 and words[1][:1].isupper():
            phrase = phrase[4:]  # "the U.S. Department of State" -> "U.S. Department of State"
        return _Speaker(phrase, None)

    def subject_before(self, pos: int, paragraph: int) -> tuple[int, _Speaker] | None:
        """The first person named in the latest sentence before ``pos`` that names anyone."""
        floor = self.starts[max(0, paragraph - 1)]
        outside = [m for m in self.matches_in(floor, pos) if not self.inside_quote(m.start)]
        if not outside:
            return None
        last = outside[-1]
        para_floor = max(s for s in self.starts if s <= last.start)
        sentence = self.sentence_start(last.start, para_floor)
        first = next(m for m in outside if m.start >= sentence)
        return last.start, _Speaker(first.surface, first.person_id)


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
        if len(kept) == 8 or word in _DETERMINERS:
            break  # a noun phrase starts at its determiner: "the prime minister said"
    if not kept:
        return None
    return kept[-1][0], kept[0][1]


def _shift(span: tuple[int, int], offset: int) -> tuple[int, int]:
    """A span found in a slice, moved back to joined-text offsets."""
    return span[0] + offset, span[1] + offset


def _attribute(article: _Article, raw: _RawQuote) -> tuple[_Speaker | None, str]:
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
        if verb.group() in ("read", "reads"):
            continue
        span = _before_np(masked, sentence + verb.start(), sentence)
        if span is None:
            continue
        speaker = article.speaker_from_span(*span)
        if speaker is not None:
            return speaker, how
        break
    return None, "none"


def extract_quotes(paragraphs: Sequence[str], linker: MentionLinker) -> list[FoundQuote]:
    """Every quotation in the article with its speaker when the text attributes it."""
    article = _Article(paragraphs, linker)
    raws = _scan(paragraphs, article.starts)
    article.quote_spans = [(r.open_pos, r.close_end) for r in raws]
    article.mask_quotes(raws)

    quotes: list[FoundQuote] = []
    speakers: list[tuple[int, int, _Speaker]] = []  # (paragraph, position, speaker) of quotes
    for raw in raws:
        words = " ".join(p.strip() for p in raw.pieces).strip()
        count = len(words.split())
        if not count:
            continue
        speaker, how = _attribute(article, raw)
        attributed_short = how in ("after", "colon") and raw.last_char in ".,!?…"
        if count < MIN_QUOTE_WORDS and not attributed_short:
            continue  # a scare quote such as “peace deal”

        if speaker is not None and speaker.person_id is None and speaker.text in _PRONOUNS:
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
    article: _Article, raw: _RawQuote, pronoun: str, speakers: list[tuple[int, int, _Speaker]]
) -> _Speaker | None:
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
    article: _Article, raw: _RawQuote, speakers: list[tuple[int, int, _Speaker]]
) -> _Speaker | None:
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


# --- name suggestions ---------------------------------------------------------------------------

_OFFICE_RE = re.compile(
    r"(?<![\w.\-])(?P<office>(?:(?:Vice|Deputy|Prime|Foreign|Defen[cs]e|Interior|Finance|Trade|"
    r"Health|Cabinet|Acting|Interim|Chief|Senate|House|Majority|Minority|Attorney|Home|"
    r"Labou?r|Education|Energy|Treasury|Commerce|Security|National|Special|Supreme|State|"
    r"Principal|Press|Former|former|deputy|foreign|defense|defence|interior|finance|cabinet|"
    r"national|security|press|special|prime|vice)\s+){0,3}"
    r"(?:Secretary[- ]General|President|Minister|Secretary|Senator|Sen\.|Representative|Rep\.|"
    r"Congressman|Congresswoman|Governor|Gov\.|Mayor|Ambassador|Chancellor|Premier|Speaker|Leader|Chairman|"
    r"Chairwoman|Chairperson|Commissioner|Director|General|Gen\.|Admiral|Adm\.|Colonel|Col\.|"
    r"Lieutenant|Lt\.|Captain|Capt\.|Judge|Justice|King|Queen|Prince|Princess|Pope|Sheikh|Emir|"
    r"Sultan|Envoy|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Professor|Prof\.|spokesperson|spokesman|"
    r"spokeswoman|president|minister|secretary|ambassador|envoy|governor|senator|adviser|"
    r"advisor|director|chief|Lady|Sir|Dame|Lord)"
    r"(?:-elect)?)(?P<of>\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?"
)
_COURTESY = frozenset(_words("mr mr. mrs mrs. ms ms. miss"))
_PARTICLES = frozenset(_words("von van der den de da di du del della dos das la le bin ibn al"))
_NOT_NAMES = frozenset(
    _words(
        """
    department ministry mission office house senate congress council committee commission agency
    authority bank fund court republic kingdom states nations union party government
    administration security support multinational force forces army navy police service
    university college institute foundation association organization organisation company
    corporation group airport street road avenue park square center centre hospital school
    church mosque airlines times post news press affairs state international global national
    federal relations ahead county city island islands river valley hall station bay bridge
    stadium summit conference forum agreement treaty plan act bill day week year january
    february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday the and of in on for with as at by to
    president minister secretary senator governor ambassador general leader chairman speaker
    prime vice deputy foreign united european african american caribbean kenyan haitian
    """
    )
)


_INITIAL = re.compile(r"[A-Z]\.?")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_TRAILING = re.compile(r"(?:[’']s)?[,;:!?)\]”\"’.]*$")
# First names that are also everyday words; too risky for the weak first-name signal.
_WORDLIKE_FIRST_NAMES = frozenset(
    _words(
        """
    will mark bill pat frank rose grace hope joy faith jack ray dean art guy sue may june april
    august paris georgia virginia victoria florence sydney jordan austin madison chase lee
    christian summer
    """
    )
)


def _name_tokens(text: str, pos: int) -> tuple[int, int, list[str]] | None:
    """Two to four capitalised name tokens starting at ``pos``: span and tokens, or None."""
    tokens: list[tuple[str, int, int]] = []
    for match in re.finditer(r"\S+", text[pos : pos + 120]):
        start = pos + match.start()
        if tokens and "\n" in text[tokens[-1][2] : start]:
            break
        raw = match.group()
        token = raw if _INITIAL.fullmatch(raw) else _TRAILING.sub("", raw)
        stripped = token != raw
        lowered = token.lower()
        is_initial = bool(tokens) and _INITIAL.fullmatch(token) is not None
        is_particle = bool(tokens) and lowered in _PARTICLES
        is_word = (
            token[:1].isupper()
            and any(c.islower() for c in token)
            and _WORD.fullmatch(token) is not None
            and lowered not in _NOT_NAMES
        )
        if not (is_word or is_initial or is_particle):
            break
        if not tokens and not is_word:
            return None
        tokens.append((token, start, start + len(token)))
        if stripped or len(tokens) == 4:
            break
    while tokens and (tokens[-1][0].lower() in _PARTICLES or _INITIAL.fullmatch(tokens[-1][0])):
        tokens.pop()
    if sum(1 for t in tokens if not _INITIAL.fullmatch(t[0])) < 2:
        return None
    return tokens[0][1], tokens[-1][2], [t[0] for t in tokens]


def suggest_names(paragraphs: Sequence[str], linker: MentionLinker) -> list[NameSuggestion]:
    """Names written like people (best after an office: "Prime Minister X Y") not yet linked."""
    text = "\n".join(paragraphs)
    matches = linker.find(text)
    taken = [(m.start, m.end) for m in matches]
    found: dict[str, NameSuggestion] = {}

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    def add(tokens: list[str], honorific: str, start: int, end: int) -> None:
        if overlaps(start, end):
            return
        key = name_key(" ".join(tokens))
        taken.append((start, end))
        existing = found.get(key)
        if existing is None:
            found[key] = NameSuggestion(" ".join(tokens), honorific, start)
            return
        # Keep the first spelling and position; prefer a spelled-out office to "Rep." or none.
        better = honorific and (not existing.honorific or existing.honorific.endswith("."))
        found[key] = NameSuggestion(
            existing.name if existing.position <= start else " ".join(tokens),
            honorific if better else existing.honorific,
            min(existing.position, start),
        )

    for office in _OFFICE_RE.finditer(text):
        # "Secretary of State Antony Blinken": the "of ..." part may end at any of its words.
        cuts = [office.end()]
        if office.group("of"):
            words = list(re.finditer(r"\S+", office.group("of")))
            first = 2 if words[1].group() == "the" else 1
            cuts = [office.start("of") + w.end() for w in reversed(words[first:])]
        for pos in cuts:
            parsed = _name_tokens(text, pos) if text[pos : pos + 1].isspace() else None
            if parsed is not None:
                start, end, tokens = parsed
                honorific = _clean_honorific(text[office.start("office") : pos])
                add(tokens, honorific, start, end)
                break

    # Weaker signal: a common first name followed by a capitalised surname, anywhere.
    for match in re.finditer(r"(?<![\w.’'-])([A-Z][a-z]+)\s+(?=[A-Z])", text):
        first = match.group(1).lower()
        if first not in COMMON_FIRST_NAMES or first in _WORDLIKE_FIRST_NAMES:
            continue
        parsed = _name_tokens(text, match.start())
        if parsed is None or len(parsed[2]) > 3:
            continue
        start, end, tokens = parsed
        following = re.match(r"\s+([A-Z]\w+)", text[end : end + 40])
        if following and following.group(1).lower() in _NOT_NAMES:
            continue  # "Grace Church Street"
        add(tokens, "", start, end)

    return sorted(found.values(), key=lambda s: s.position)


def _clean_honorific(office: str) -> str:
    """Honorific as it would be recorded: no "former", no "-elect", none for plain "Mr."."""
    words = office.split()
    while words and words[0].lower() in ("former", "acting", "interim"):
        words.pop(0)
    honorific = " ".join(words).replace("-elect", "")
    if honorific.lower() in _COURTESY:
        return ""
    if honorific.islower():  # "prime minister" in running text is "Prime Minister" on a page
        honorific = " ".join(w if w in ("of", "for", "the") else w.title() for w in words)
    return honorific
