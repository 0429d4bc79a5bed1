"""Raw text (``.txt``): one paragraph per line, optional ``# Headline`` and ``Id:`` header
lines; the rest is read by ``articles.raw_copy`` (dateline, subheads, lists, and the header
blocks, contacts and sign-offs that are not body); a headline cut from the first sentence when
none is given.

What is not body is kept for the desk, never for readers: a "By" line's people become "By"
bylines and a contributor line's ("Jane Doe contributed to this report", "Additional reporting
by ...") bylines for additional reporting, through the same person matching as any byline
(``writing.py``); the notes, and credits whose names are not people's ("Associated Press",
"Editing by ..."), go to ``source_notes``, one line each ("Contact: ...", "Credit: ...")."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

from articles.importing.decoding import has_visible_text
from articles.importing.drafts import SOURCE_KEY_MAX, StoryDraft
from articles.importing.outcomes import Refused
from articles.raw_copy import Credit, Note, read_raw_copy
from articles.text_format import normalize_line
from people.linking.words import PLACE_WORDS_AFTER, SUFFIXES
from people.names import SURNAME_PARTICLES, words

HEADLINE_TARGET = 100

_HEADER = re.compile(r"^(?:(?P<hash>#)\s+|(?P<key>headline|id)\s*:\s*)(?P<value>\S.*)$", re.I)
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,4}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Adm|Jr|Sr"
    r"|Prof|Pres|Sec|Amb|No|Vol|Inc|Ltd|Co|Corp|vs|etc|approx|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct"
    r"|Nov|Dec|Mt|Ft)\.)$"
)
# Longer than any abbreviation above ("approx.", "U.S.A.") with the character before it.
_ABBREVIATION_LONGEST = 12
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")
_CLAUSE_BREAK = re.compile(r",\s|;\s|:\s|\s[–—]\s|\s\(|\s(?=(?:and|but|while|which|who|as)\s)")
# Words a cut headline must not end on.
_DANGLING = "and or but nor the a an of to in on at for with by from as that which who whose while"
_DANGLING_WORDS = frozenset(_DANGLING.split()) | {"after", "before", "during", "its", "their"}

# How each kind of note reads in ``source_notes`` (``articles.raw_copy`` names the kinds).
_NOTE_LABELS = {
    "header": "Header",
    "contact": "Contact",
    "sign-off": "Sign-off",
    "editor's note": "Editor's note",
    "caption": "Caption",
}
# A contributor line that credits reporting: its people are bylines for additional reporting.
# Other roles ("Editing by", "Compiled by") are not bylines: the line is kept as a note.
_REPORTING_CREDIT = re.compile(r"\bcontributed\b|^\(?\s*(?:additional\s+)?reporting\s+by\b", re.I)
_OTHER_ROLE = re.compile(r"\b(?:editing|edited|writing|written|compiled)\s+by\b", re.I)
# Words that make a credited name an organisation's, not a person's ("Associated Press").
_NOT_PERSON_WORDS = PLACE_WORDS_AFTER | words(
    """
    press news agency staff wire service services times post herald journal daily tribune
    bureau desk network media radio television tv group reuters afp associated report reports
    correspondents writers department ministry office government
    """
)
_NAME_WORD = re.compile(r"[A-Z][^\W\d_]*(?:['’.-][^\W\d_]*)*\.?")


def raw_text_key(path: Path) -> str:
    """A raw-text file's identity: its resolved file URI (hashed if very long)."""
    uri = path.resolve().as_uri()
    if len(uri) > SOURCE_KEY_MAX:
        uri = "urn:sha256:" + hashlib.sha256(uri.encode()).hexdigest()
    return uri


def explicit_key(value: str) -> str:
    """The identity an ``Id:`` header gives: kept as it is when it is a URI, else a URN."""
    value = value.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", value, re.I):
        key = value
    else:
        key = "urn:newsroom:story:" + quote(value, safe="-._~")
    if len(key) > SOURCE_KEY_MAX:
        raise Refused(f"Id: is longer than {SOURCE_KEY_MAX} characters")
    return key


def parse_raw_text(text: str, *, source_key: str) -> StoryDraft:
    """A story from plain text: header lines, dateline, subheads and paragraphs."""
    lines = [line for line in map(normalize_line, text.split("\n")) if has_visible_text(line)]
    headline, marked = "", False
    while lines and (header := _HEADER.match(lines[0])):
        key = (header["key"] or "").lower()
        if header["hash"] or key == "headline":
            if marked:
                break
            headline, marked = header["value"].strip(), True
        elif key == "id":
            source_key = explicit_key(header["value"])
        lines.pop(0)
    if not lines:
        raise Refused("no story text after the header lines")
    copy = read_raw_copy(lines, find_headline=not marked)
    if not copy.blocks:
        raise Refused("no story text after the header lines")
    if not marked:
        headline = copy.headline
    authors, contributors, credit_notes = _read_credits(copy.credits)
    return StoryDraft(
        source_key=source_key,
        headline=headline or derive_headline(copy.lead),
        headline_needs_review=not marked,
        body=copy.body_html,
        dateline=copy.dateline_text,
        bylines=authors or None,
        contributors=contributors or None,
        source_notes="\n".join([*map(_note_line, copy.notes), *credit_notes]),
    )


def _read_credits(credits: tuple[Credit, ...]) -> tuple[list[str], list[str], list[str]]:
    """The names a story's credits give "By" bylines and additional-reporting bylines, and
    the note lines for the credits (or the parts of them) that are not people's."""
    authors, contributors, notes = [], [], []
    for credit in credits:
        is_by = credit.text[:3].lower() == "by "
        people = [name for name in credit.names if is_person_name(name)]
        if not is_by and (
            not _REPORTING_CREDIT.search(credit.text) or _OTHER_ROLE.search(credit.text)
        ):
            people = []
        (authors if is_by else contributors).extend(people)
        if not people or len(people) < len(credit.names):
            notes.append("Credit: " + " / ".join(credit.text.splitlines()))
    return authors, contributors, notes


def _note_line(note: Note) -> str:
    """ "Contact: News Media Contacts / Jane Roe, 202-555-0100": one line, its kind first."""
    label = _NOTE_LABELS.get(note.kind, note.kind.capitalize())
    text = " / ".join(line.strip() for line in note.text.splitlines() if line.strip())
    if text.lower().startswith(label.lower()):  # "Editor's note: ..." says its kind already
        text = text[len(label) :].lstrip(" :–—-")
    return f"{label}: {text}"


def is_person_name(name: str) -> bool:
    """ "Jane Doe", "Ana de la Cruz", "J. R. Okafor Jr.": two to five capitalised words (with
    surname particles), none of them an organisation's or a place's ("Associated Press")."""
    parts = name.split()
    if not 2 <= len(parts) <= 5:
        return False
    for part in parts:
        bare = part.strip(".,").casefold()
        if bare in _NOT_PERSON_WORDS:
            return False
        if not (_NAME_WORD.fullmatch(part) or bare in SURNAME_PARTICLES or bare in SUFFIXES):
            return False
    # "JANE DOE" in capitals is a heading's or an agency's way of writing, not a name to file.
    return not all(part.isupper() and len(part.strip(".")) > 1 for part in parts)


def first_sentence(paragraph: str) -> str:
    """The paragraph up to its first full stop that is not an abbreviation's ("U.S.", "Mr.")."""
    for end in _SENTENCE_END.finditer(paragraph):
        stop = end.start()
        # Only the few characters before the stop can hold an abbreviation: searching from the
        # paragraph's start each time made a long line of "a. B a. B ..." take hours.
        window = max(0, stop - _ABBREVIATION_LONGEST)
        if paragraph[stop] == "." and _ABBREVIATION.search(paragraph, window, stop + 1):
            continue
        return paragraph[: end.end()]
    return paragraph


def derive_headline(paragraph: str, *, limit: int = HEADLINE_TARGET) -> str:
    """A headline from the first sentence, cut at a clause boundary to ``limit`` characters."""
    sentence = first_sentence(paragraph).strip()
    if sentence.endswith(".") and not _ABBREVIATION.search(sentence):
        sentence = sentence[:-1]
    if len(sentence) > limit:
        window = sentence[: limit + 1]
        breaks = [b.start() for b in _CLAUSE_BREAK.finditer(window) if 30 <= b.start() <= limit]
        cut = breaks[-1] if breaks else window.rfind(" ")
        sentence = sentence[: cut if cut > 0 else limit]
    return _trim_dangling(sentence)


def _trim_dangling(text: str) -> str:
    """No trailing comma, dash or "and"."""
    while True:
        text = text.rstrip(" ,;:–—-(")
        head, _, last = text.rpartition(" ")
        if head and last.lower() in _DANGLING_WORDS:
            text = head
            continue
        return text
