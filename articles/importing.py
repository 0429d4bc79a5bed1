"""Import stories: find files safely, read them strictly, parse them, write each in one transaction
(``articles/bulk_import.py`` batches new stories and reads files in parallel on top of this).

Three inputs become articles:

* raw text (``.txt``): one paragraph per line. Optional header lines at the top: ``# Headline``
  (or ``Headline: ...``) and ``Id: ...`` (a stable identity). An opening dateline
  ("Nairobi, Kenya – ", with an en dash, em dash or hyphen) becomes ``Article.dateline``;
  short lines without final punctuation become subheads. Without a headline line the headline
  is cut from the first sentence and flagged ``headline_needs_review``. Identity: ``Id:`` when
  given, else the file's resolved ``file://`` URI, so an edited file updates its article.
* ninjs 2.x / 1.x (``.json``, ``.jsonl``, ``.ndjson``): see ``articles/ninjs.py``.
* Newsroom's own lossless "full" records (``"newsroom_format": "full/1"``), written by
  ``export_articles --format full``: restored as they are, without re-linking people.

Re-imports update the article with the same identity, unless an editor changed it since the
last import (``version != imported_version``): then it is kept unless ``overwrite`` is set.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import html
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from articles.exporting import FULL_FORMAT, full_record
from articles.models import Article, Byline, Correction, Image, Section, TaggedArticle
from articles.services import (
    article_changed,
    get_or_create_tags,
    refresh_search_terms,
    set_bylines,
    set_tags,
)
from articles.text_format import normalize_line, sanitize_html
from people.models import Mention, Person, PersonAlias, Quote
from people.services import restore_person, upsert_person
from tags.models import Tag

# One story: 2 MB (decimal) is far above any real story, far below a video. It bounds a raw
# text file, a JSON file holding one document, and each line of a JSON lines file.
DEFAULT_MAX_BYTES = 2_000_000
# One JSON lines file, read whole: a wire archive of 50,000 stories, not a disk image.
DEFAULT_MAX_FILE_BYTES = 200_000_000
TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
IMPORTABLE_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES
SOURCE_KEY_MAX = 500  # Article.source_key max_length
HEADLINE_TARGET = 100
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


class Refused(Exception):
    """A file or item that cannot be imported; the message is the one-line reason."""


class Skipped(Exception):
    """Not a story Newsroom imports (a ninjs picture, say): counted as skipped, not failed."""


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class ItemResult:
    outcome: Outcome
    where: str = ""  # inside the file: "line 3" for JSON lines, "" for a one-story file
    message: str = ""
    slug: str = ""


# --- Finding files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """A file to read, or a path refused before reading, labelled as the operator named it.

    Only strings are kept (a few hundred bytes per file): a run over 10,000 files holds its
    list of sources, so they stay small.
    """

    label: str
    refusal: str = ""

    @property
    def path(self) -> Path | None:
        return None if self.refusal else Path(self.label)


def collect_sources(arguments: list[str]) -> Iterator[Source]:
    """Files named, globbed or found under directories (recursively), each once, in order."""
    seen: set[tuple[int, int]] = set()
    for argument in arguments:
        if glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                yield Source(label=argument, refusal="no file matches this pattern")
            candidates = (_named_file(match) for match in matches)
        elif Path(argument).is_dir():
            candidates = _walk(Path(argument), root=Path(argument).resolve(), root_label=argument)
        else:
            candidates = iter([_named_file(argument)])
        for source in candidates:
            if not source.refusal:
                try:
                    status = os.stat(source.label)
                except OSError:  # vanished since it was listed: reading it will say so
                    status = None
                if status is not None:
                    # The same file named twice, or reached through a symlink, is read once.
                    identity = (status.st_dev, status.st_ino)
                    if identity in seen:
                        continue
                    seen.add(identity)
            yield source


def _named_file(label: str) -> Source:
    path = Path(label)
    if path.is_symlink() and not path.exists():
        return Source(label=label, refusal=f"broken symlink (to {os.readlink(path)})")
    if not path.exists():
        return Source(label=label, refusal="no such file or directory")
    if path.is_dir():
        # Only reached through a pattern: a directory named as an argument is walked.
        return Source(label=label, refusal="is a directory (a pattern must match files)")
    if not path.is_file():
        return Source(label=label, refusal="not a regular file")
    return Source(label=label)


def _walk(directory: Path, *, root: Path, root_label: str) -> Iterator[Source]:
    """Importable files under ``directory``; symlinks may not lead outside ``root``."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        yield Source(label=str(directory), refusal=f"cannot open directory: {_os_reason(error)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # editor swap files, .DS_Store, .git
        path = Path(entry.path)
        if entry.is_symlink():
            try:
                target = path.resolve()
            except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
                if path.suffix.lower() in IMPORTABLE_SUFFIXES:
                    yield Source(label=entry.path, refusal="symlink loop")
                continue
            if not target.exists():
                if path.suffix.lower() in IMPORTABLE_SUFFIXES:
                    yield Source(
                        label=entry.path, refusal=f"broken symlink (to {os.readlink(path)})"
                    )
            elif not target.is_relative_to(root):
                yield Source(label=entry.path, refusal=f"symlink leads outside {root_label}")
            elif target.is_file() and path.suffix.lower() in IMPORTABLE_SUFFIXES:
                yield Source(label=entry.path)
            # A symlinked directory inside the root is walked through its real path already.
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root=root, root_label=root_label)
        elif entry.is_file(follow_symlinks=False) and path.suffix.lower() in IMPORTABLE_SUFFIXES:
            yield Source(label=entry.path)


# --- Reading text strictly ----------------------------------------------------------------

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What text may not hold, found in one pass: control characters, C1 too (Latin-1 decodes any
# byte, so binary data shows up as these), and half of a UTF-16 pair on its own (JSON's
# "\ud800" or a codec such as unicode_escape can produce one; UTF-8, so no database, cannot
# store it).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_UTF8_BOM = codecs.BOM_UTF8


def _is_surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udfff"


def read_text(
    path: Path,
    *,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    option: str = "--max-bytes",
) -> str:
    """The file's text, NFC, without BOM, with "\\n" line ends; refuses anything doubtful,
    and files larger than ``max_bytes`` (the command's ``option``) unopened."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise Refused(_os_reason(error)) from None
    if size > max_bytes:
        raise Refused(f"larger than {option} ({size:,} > {max_bytes:,} bytes)")
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)  # never more, even if the file grew since stat()
    except OSError as error:
        raise Refused(_os_reason(error)) from None
    if len(raw) > max_bytes:
        raise Refused(f"larger than {option} (more than {max_bytes:,} bytes)")
    return decode_text(raw, encoding=encoding)


def decode_text(raw: bytes, *, encoding: str = "utf-8") -> str:
    """Decode ``raw`` strictly: binary, mis-encoded and blank input is refused with a reason."""
    codec = codecs.lookup(encoding).name
    wide = codec.startswith(("utf-16", "utf-32"))
    if not wide:
        # Before decoding: Latin-1 would happily "decode" an image.
        control = _CONTROL_BYTES.search(raw)
        if control:
            what = "NUL byte" if raw[control.start()] == 0 else f"byte 0x{raw[control.start()]:02x}"
            raise Refused(f"not text: {what} at byte offset {control.start()} (a binary file?)")
        if raw.startswith(_UTF8_BOM) and codec != "utf-8":
            raise Refused(f"starts with a UTF-8 byte-order mark but --encoding is {encoding}")
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as error:
        raise Refused(_decoding_reason(raw, error, encoding=encoding, codec=codec)) from None
    text = text.removeprefix("\ufeff")
    found = _NOT_TEXT.search(text)
    if found:
        line, column = _line_column(text, found.start())
        char = found.group()
        if _is_surrogate(char):
            what, hint = "unpaired surrogate", ""
        else:
            what = "control character"
            hint = (
                "; if it is Windows text, try --encoding cp1252" if "\x80" <= char <= "\x9f" else ""
            )
        raise Refused(f"not text: {what} U+{ord(char):04X} at line {line}, column {column}{hint}")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not has_visible_text(text):
        raise Refused("empty file")
    return text


def has_visible_text(text: str) -> bool:
    """Anything but spaces (any Unicode space) and invisible format characters (ZWSP, BOM)."""
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _decoding_reason(raw: bytes, error: UnicodeDecodeError, *, encoding: str, codec: str) -> str:
    start = error.start
    line = raw.count(b"\n", 0, start) + 1
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode(codec, errors="replace")) + 1
    where = f"at line {line}, column {column} (byte 0x{raw[start]:02x})"
    # Windows text has curly quotes in 0x80-0x9f, where Latin-1 has only control characters.
    legacy = "cp1252" if re.search(rb"[\x80-\x9f]", raw) else "latin-1"
    for candidate in ("utf-8", legacy):
        if candidate == codec or codecs.lookup(candidate).name == codec:
            continue
        try:
            raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        return f"not valid {encoding} {where}; try --encoding {candidate}"
    return f"not valid {encoding} {where}; try another --encoding"


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {(error.strerror or str(error)).lower()}"


def check_text(value: Any, *, name: str) -> str:
    """A string field from JSON: a string, without control characters (PostgreSQL refuses NUL)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Refused(f"{name} must be a string, not {type(value).__name__}")
    found = _NOT_TEXT.search(value)
    if found:
        code = ord(found.group())
        if _is_surrogate(found.group()):
            raise Refused(
                f"{name} contains an unpaired surrogate (U+{code:04X}), which is not text"
            )
        raise Refused(f"{name} contains the control character U+{code:04X}")
    return unicodedata.normalize("NFC", value)


def check_datetime(value: Any, *, name: str, example: str = "") -> datetime | None:
    """An ISO 8601 date-time from JSON, time-zone aware and storable; None when empty."""
    if value in (None, ""):
        return None
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:  # well-formed but impossible, e.g. month 13 or year 0
            parsed = None
    if parsed is None:
        raise Refused(f"{name} {value!r} is not {example or 'an ISO 8601 date-time'}")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    try:
        # Stored in UTC: 0001-01-01 east of Greenwich or 9999-12-31 west of it do not exist.
        parsed.astimezone(UTC)
    except OverflowError:
        raise Refused(f"{name} {value!r} is out of range (years 1 to 9999 in UTC)") from None
    return parsed


# --- What a source says about a story -------------------------------------------------------


@dataclass
class StoryDraft:
    """A story as its source describes it. ``None`` means "the source does not say": keep."""

    source_key: str
    headline: str
    body: str  # sanitised HTML, exactly as it will be stored
    headline_needs_review: bool = False
    dek: str = ""
    dateline: str = ""
    published_at: datetime | None = None
    bylines: list[str] | None = None
    tags: list[tuple[str, str]] | None = None  # (name, Tag.Kind)
    section_slug: str = ""
    people: list[tuple[str, str]] | None = None  # (name, slug), named in the source's metadata


# --- Raw text -----------------------------------------------------------------------------

_HEADER = re.compile(r"^(?:(?P<hash>#)\s+|(?P<key>headline|id)\s*:\s*)(?P<value>\S.*)$", re.I)
_DATELINE_SEPARATOR = re.compile(r"\s(?:[–—―]|--?)\s+")
_PLACE_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_FINAL_PUNCTUATION = tuple(".!?:;,…\"”’'»)]")
_OPENING_QUOTES = tuple("\"“‘'«")
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
    if not marked and len(lines) > 1 and looks_like_subhead(lines[0]):
        # A short unpunctuated first line is far more likely a headline than a subhead.
        headline = lines.pop(0)
    dateline, lines[0] = split_dateline(lines[0])
    blocks = []
    for index, line in enumerate(lines):
        tag = "h2" if index and looks_like_subhead(line) else "p"
        blocks.append(f"<{tag}>{html.escape(line, quote=False)}</{tag}>")
    if not headline:
        headline = derive_headline(lines[0])
    return StoryDraft(
        source_key=source_key,
        headline=headline,
        headline_needs_review=not marked,
        body=sanitize_html("".join(blocks)),
        dateline=dateline,
    )


def looks_like_subhead(line: str) -> bool:
    """Short, capitalised, and not ending like a sentence: "Looking ahead"."""
    return (
        len(line) <= 80
        and len(line.split()) <= 12
        and not line.endswith(_FINAL_PUNCTUATION)
        and not line.startswith(_OPENING_QUOTES)
        and (line[0].isupper() or line[0].isdigit())
    )


def split_dateline(paragraph: str) -> tuple[str, str]:
    """("Nairobi, Kenya", rest) when the paragraph opens with a dateline, else ("", paragraph)."""
    separator = _DATELINE_SEPARATOR.search(paragraph, 0, 80)
    if separator is None:
        return "", paragraph
    place = paragraph[: separator.start()].strip()
    rest = paragraph[separator.end() :].strip()
    words = place.replace(",", " ").split()
    parts = [part.strip() for part in place.split(",")]
    is_place = (
        2 <= len(place) <= 60
        and 1 <= len(words) <= 6
        and all(_PLACE_WORD.match(word) for word in words)
        and all(part[:1].isupper() for part in parts)
        # "Nairobi, Kenya" or "LONDON"; "President Ruto – who ..." is an aside, not a place.
        and ("," in place or place.isupper())
    )
    if not is_place or not rest:
        return "", paragraph
    return place, rest[0].upper() + rest[1:]


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


# --- JSON ---------------------------------------------------------------------------------


def json_entries(
    text: str, *, suffix: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[str, Any]]:
    """(where, value) for each item of a JSON file: one document, a list, or JSON lines.

    ``max_bytes`` bounds one story: a whole document (a list counts as one), or one line of
    JSON lines, which is refused on its own while the other lines are read.
    """
    if suffix == ".json" and (size := _utf8_size(text, at_least=max_bytes)) > max_bytes:
        if not _starts_like_json_lines(text):
            yield (
                "",
                Refused(
                    f"larger than --max-bytes ({size:,} > {max_bytes:,} bytes); many stories "
                    "belong in JSON lines, one story per line"
                ),
            )
            return
        # Too big for one story, but one object per line: read as JSON lines below.
    elif suffix == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            several_lines = len([line for line in text.split("\n") if line.strip()]) > 1
            if not (error.msg == "Extra data" and several_lines):
                yield "", Refused(_json_reason(error))
                return
        except (ValueError, RecursionError) as error:  # too deep, or a number too long
            yield "", Refused(_json_reason(error))
            return
        else:
            if isinstance(document, list):
                yield from ((f"item {n}", value) for n, value in enumerate(document, start=1))
            else:
                yield "", document
            return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        size = _utf8_size(line, at_least=max_bytes)
        if size > max_bytes:
            yield (
                f"line {number}",
                Refused(f"longer than --max-bytes ({size:,} > {max_bytes:,} bytes)"),
            )
            continue
        try:
            yield f"line {number}", json.loads(line)
        except (ValueError, RecursionError) as error:
            yield "", Refused(_json_reason(error, line=number))


def _utf8_size(text: str, *, at_least: int) -> int:
    """The text's size in UTF-8, exact when it may exceed ``at_least`` (encoding is a copy)."""
    if len(text) * 4 <= at_least:  # at most four bytes a character
        return len(text)
    return len(text.encode("utf-8"))


_FIRST_LINE = re.compile(r"\s*(.*)")


def _starts_like_json_lines(text: str) -> bool:
    """Whether the first non-blank line is a JSON object by itself (cheap: one line parsed)."""
    first = _FIRST_LINE.match(text).group(1)
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _json_reason(error: ValueError | RecursionError, *, line: int | None = None) -> str:
    """Why the JSON parser gave up, in one line; ``line`` for a line of JSON lines."""
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg} at line {line or error.lineno} column {error.colno}"
    where = f" at line {line}" if line else ""
    if isinstance(error, RecursionError):
        return f"not valid JSON: arrays or objects nested too deeply{where}"
    if "integer string conversion" in str(error):
        digits = sys.get_int_max_str_digits()
        return f"not valid JSON: a number with more than {digits:,} digits{where}"
    return f"not valid JSON: {error}{where}"


# --- Writing ------------------------------------------------------------------------------


@dataclass
class ImportOptions:
    section: Section | None = None
    author: str = ""
    status: str | None = None  # None: draft for new stories, unchanged for existing ones
    publish_at: datetime | None = None
    headline: str = ""
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES  # one story
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES  # one JSON file, however many stories
    overwrite: bool = False
    dry_run: bool = False


@dataclass
class ImportContext:
    """What one run shares between items: the linker, and lookups that would repeat per item.

    Entries found or created while an item is being written are provisional until its
    transaction commits: a rolled-back item must not leave a cached person that no longer
    exists in the database.
    """

    linker: Any = None
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict)
    _provisional: dict[tuple[str, str], Any] = field(default_factory=dict)

    def lookup(self, kind: str, key: str) -> Any:
        return self._provisional.get((kind, key)) or self._cache.get((kind, key))

    def remember(self, kind: str, key: str, value: Any) -> Any:
        self._provisional[(kind, key)] = value
        return value

    def commit(self) -> None:
        self._cache.update(self._provisional)
        self._provisional.clear()

    def rollback(self) -> None:
        self._provisional.clear()

    def known_person(self, name: str) -> Person | None:
        """The directory person with this name or alias, if there is one."""
        name = " ".join(name.split())
        key = name.casefold()
        person = self.lookup("person", key)
        if person is None:
            person = Person.objects.filter(name__iexact=name).order_by("pk").first()
            holders = self.alias_holders(name) if person is None else []
            person = holders[0] if len(holders) == 1 else person
            if person is not None:
                self.remember("person", key, person)
        return person

    def alias_holders(self, name: str) -> list[Person]:
        """Up to two people holding ``name`` as an alias (two: it is shared, so ambiguous)."""
        return list(Person.objects.filter(aliases__text__iexact=name).distinct().order_by("pk")[:2])

    def person_named(self, name: str, *, slug: str = "") -> Person:
        """The directory person with this name or alias; created (with ``slug``) when missing.
        An alias two people share names neither: the story is refused rather than credited to
        the wrong one."""
        person = self.known_person(name)
        if person is None and len(holders := self.alias_holders(name)) > 1:
            raise Refused(
                f"{name!r} is an alias shared by {holders[0].name} and {holders[1].name} "
                "(and maybe others): write the person's full name"
            )
        if person is None:
            name = " ".join(name.split())
            free = _SLUG.fullmatch(slug) and not Person.objects.filter(slug=slug).exists()
            person, _ = upsert_person(name=name, slug=slug if free else "")
            self.remember("person", name.casefold(), person)
        return person

    def person_by_slug(self, slug: str) -> Person | None:
        person = self.lookup("person-slug", slug)
        if person is None:
            person = Person.objects.filter(slug=slug).first()
            if person is not None:
                self.remember("person-slug", slug, person)
        return person

    def known_tag(self, name: str) -> Tag | None:
        """The tag with this name (any case), if there is one."""
        key = name.casefold()
        tag = self.lookup("tag", key)
        if tag is None:
            tag = Tag.objects.resolve(name)
            if tag is not None:
                self.remember("tag", key, tag)
        return tag

    def tag_named(self, name: str, kind: str) -> Tag:
        tag = self.known_tag(name)
        if tag is None:
            tag = self.remember("tag", name.casefold(), get_or_create_tags([name], kind=kind)[0])
        return tag

    def section_by_slug(self, slug: str) -> Section | None:
        section = self.lookup("section", slug)
        if section is None:
            section = Section.objects.filter(slug=slug).first()
            if section is not None:
                self.remember("section", slug, section)
        return section


def import_item(
    *, item: StoryDraft | dict, options: ImportOptions, context: ImportContext
) -> ItemResult:
    """Write one story (or restore one full record) in its own transaction.

    A failure rolls everything back: no article, person, tag, mention or quote is left
    behind. With ``options.dry_run`` the work is done, validated and then rolled back.
    """
    try:
        with transaction.atomic():
            if isinstance(item, StoryDraft):
                result = _write_story(draft=item, options=options, context=context)
            else:
                result = _restore_full(record=item, options=options, context=context)
            if options.dry_run:
                transaction.set_rollback(True)
    except BaseException:
        context.rollback()
        raise
    if options.dry_run:
        context.rollback()
    else:
        context.commit()
    return result


KEPT_MESSAGE = "edited in Newsroom since the last import; use --overwrite to replace"
_COMPARED_FIELDS = (
    "headline",
    "headline_needs_review",
    "body",
    "dek",
    "dateline",
    "section_id",
    "status",
    "published_at",
    "first_published_at",
)


def _write_story(
    *, draft: StoryDraft, options: ImportOptions, context: ImportContext
) -> ItemResult:
    article = Article.objects.filter(source_key=draft.source_key).first()
    creating = article is None
    if not creating and article.version != article.imported_version and not options.overwrite:
        return ItemResult(Outcome.KEPT, message=KEPT_MESSAGE, slug=article.slug)
    if creating:
        article = Article(source_key=draft.source_key, status=Article.Status.DRAFT)
        before = None
    else:
        before = tuple(getattr(article, name) for name in _COMPARED_FIELDS)

    apply_draft(article, draft=draft, options=options, context=context)

    names = [options.author] if options.author else draft.bylines
    bylines = None
    if names is not None:
        bylines = [(context.person_named(name), Byline.Role.BY) for name in dict.fromkeys(names)]
    tags = None
    if draft.tags is not None:
        tags = list(dict.fromkeys(context.tag_named(name, kind) for name, kind in draft.tags))
    people = None
    if draft.people is not None:
        people = list(
            dict.fromkeys(_person_for(name, slug, context) for name, slug in draft.people)
        )

    if before is not None and before == tuple(getattr(article, n) for n in _COMPARED_FIELDS):
        same_bylines = bylines is None or [(p.pk, r) for p, r in bylines] == list(
            article.bylines.order_by("order", "id").values_list("person_id", "role")
        )
        same_tags = tags is None or {t.pk for t in tags} == set(
            article.taggings.values_list("tag_id", flat=True)
        )
        if same_bylines and same_tags and not _mentions_to_confirm(article, people):
            return ItemResult(Outcome.UNCHANGED, slug=article.slug)

    refuse_unpublishable(
        article,
        by_bylines=None if bylines is None else len(bylines),
        tag_count=None if tags is None else len(tags),
    )
    if creating:
        article.slug = unique_article_slug(article.headline)
        article.version = 1
    else:
        article.version += 1
    article.imported_version = article.version
    # Slug and source key were looked up just above and clean() checks what the constraint
    # checks; skipping those three queries per story matters for bulk imports. The database's
    # unique indexes and check constraint still refuse anything that slips through a race.
    article.full_clean(validate_unique=False, validate_constraints=False)
    article.save()
    if bylines is not None:
        set_bylines(article=article, bylines=bylines)
    if tags and creating:
        # A new story has no tags to replace: one INSERT instead of taggit's diff and signals.
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=tag) for tag in tags
        )
    elif tags is not None:
        set_tags(article=article, tags=tags)
    if people:
        _confirm_mentions(article, people)
    # A brand-new story without confirmed people has no earlier mentions or quotes.
    article_changed(article, linker=context.linker, created=creating and not people)
    return ItemResult(Outcome.CREATED if creating else Outcome.UPDATED, slug=article.slug)


def apply_draft(
    article: Article, *, draft: StoryDraft, options: ImportOptions, context: ImportContext
) -> None:
    """The story's own fields, from the source and the command's options."""
    article.headline = options.headline or draft.headline
    article.headline_needs_review = draft.headline_needs_review and not options.headline
    article.body = draft.body
    article.dek = draft.dek
    article.dateline = draft.dateline
    if options.section is not None:
        article.section = options.section
    elif draft.section_slug and (section := context.section_by_slug(draft.section_slug)):
        article.section = section
    _apply_status(article, draft=draft, options=options)


def refuse_unpublishable(
    article: Article, *, by_bylines: int | None, tag_count: int | None
) -> None:
    """A story this import would publish passes the checks before publishing first
    (``Article.publishing_problems``): an error refuses it, with the reason. Warnings do
    not: ``--status published`` is the operator's acknowledgement, and the flags (such as
    the headline to review) stay on the story for editors."""
    if article.status != Article.Status.PUBLISHED:
        return
    problems = article.publishing_problems(by_bylines=by_bylines, tag_count=tag_count)
    errors = [problem.message for problem in problems if problem.blocking]
    if errors:
        raise Refused("not published: " + " ".join(errors))


def _apply_status(article: Article, *, draft: StoryDraft, options: ImportOptions) -> None:
    """Status and publication time: the options win, then the source, then what is stored."""
    status = options.status or article.status
    published_at = options.publish_at or draft.published_at or article.published_at
    if status == Article.Status.PUBLISHED:
        article.publish(at=published_at)
    elif status == Article.Status.IN_REVIEW:
        article.submit_for_review()
        article.published_at = published_at
    elif status == Article.Status.DRAFT:
        article.back_to_draft()
        article.published_at = published_at
    else:
        article.status = status


def article_slug_base(headline: str, *, limit: int = 80) -> str:
    """A slug from the headline: whole words, at most ``limit`` characters."""
    base = slugify(headline)
    if len(base) > limit:
        base = base[: base.rfind("-", 0, limit + 1)] if "-" in base[: limit + 1] else base[:limit]
    return base.strip("-") or "story"


def unique_article_slug(headline: str, *, limit: int = 80, also_taken: Iterable[str] = ()) -> str:
    """A slug from the headline, with -2, -3... when taken (in the database, or in
    ``also_taken``: slugs of stories about to be written)."""
    base = article_slug_base(headline, limit=limit)
    # A range on the unique index ("base" .. "base-9999999999"), not LIKE 'base%', which
    # SQLite cannot serve from the index: one cheap query however many articles there are.
    candidates = Article.objects.filter(slug__gte=base, slug__lte=f"{base}-9999999999")
    taken = set(candidates.values_list("slug", flat=True)) | set(also_taken)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def unique_article_slugs(headlines: list[str]) -> list[str]:
    """Slugs for stories written together: one query for all, more only where one is taken."""
    bases = [article_slug_base(headline) for headline in headlines]
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    chosen: dict[str, None] = {}  # in order
    for headline, base in zip(headlines, bases, strict=True):
        if base in taken or base in chosen:
            base = unique_article_slug(headline, also_taken=chosen)
        chosen[base] = None
    return list(chosen)


def _person_for(name: str, slug: str, context: ImportContext) -> Person:
    """A person named in the source's metadata: by slug, else by name; created if unknown."""
    person = context.person_by_slug(slug) if slug else None
    if person is None:
        if not name:
            raise Refused(f"people: nobody in the directory has the slug {slug!r}, and no name")
        person = context.person_named(name, slug=slug)
    return person


def _mentions_to_confirm(article: Article, people: list[Person] | None) -> bool:
    if not people:
        return False
    decided = set(
        Mention.objects.filter(article=article, person__in=people)
        .exclude(status=Mention.Status.AUTO)
        .values_list("person_id", flat=True)
    )
    return any(person.pk not in decided for person in people)


def _confirm_mentions(article: Article, people: list[Person]) -> None:
    """The source says the story is about these people: confirmed mentions (rejections stay)."""
    from articles.text_format import html_to_text

    text = "\n".join(part for part in (article.headline, article.dek, html_to_text(article.body)))
    existing = {m.person_id: m for m in Mention.objects.filter(article=article, person__in=people)}
    new = []
    for person in people:
        mention = existing.get(person.pk)
        if mention is None:
            # The linker recounts people it knows; this covers people it has not seen yet.
            position = text.find(person.name)
            new.append(
                Mention(
                    article=article,
                    person=person,
                    status=Mention.Status.CONFIRMED,
                    count=text.count(person.name),
                    first_position=max(position, 0),
                )
            )
        elif mention.status == Mention.Status.AUTO:
            mention.status = Mention.Status.CONFIRMED
            mention.save(update_fields=["status", "updated_at"])
    Mention.objects.bulk_create(new)


# --- Restoring the full format ------------------------------------------------------------

_FULL_REQUIRED = {
    "slug": str,
    "headline": str,
    "body": str,
    "status": str,
    "version": int,
    "people": list,
    "bylines": list,
    "tags": list,
    "mentions": list,
    "quotes": list,
    "corrections": list,
}


def _restore_full(*, record: dict, options: ImportOptions, context: ImportContext) -> ItemResult:
    """Put an exported article back exactly as it was: people, tags, mentions and all."""
    try:
        return _restore_full_record(record=record, options=options, context=context)
    except (KeyError, TypeError, AttributeError) as error:
        # The file is machine-written; a wrong shape means it was cut or edited by hand.
        raise Refused(f"full record is malformed ({type(error).__name__}: {error})") from None


def _restore_full_record(
    *, record: dict, options: ImportOptions, context: ImportContext
) -> ItemResult:
    if record.get("newsroom_format") != FULL_FORMAT:
        raise Refused(
            f"newsroom_format {record.get('newsroom_format')!r} is not supported "
            f"(this Newsroom reads {FULL_FORMAT!r})"
        )
    for key, kind in _FULL_REQUIRED.items():
        if not isinstance(record.get(key), kind):
            raise Refused(f"full record: {key!r} is missing or not a {kind.__name__}")
    # Checked before they are looked up: the database cannot even compare a lone surrogate.
    key = check_text(record.get("source_key"), name="source_key")
    slug = check_text(record["slug"], name="slug")
    article = (
        Article.objects.filter(source_key=key).first()
        if key
        else Article.objects.filter(slug=slug).first()
    )
    creating = article is None
    if not creating:
        if full_record(article) == record:
            return ItemResult(Outcome.UNCHANGED, slug=article.slug)
        if article.version > record["version"] and not options.overwrite:
            return ItemResult(
                Outcome.KEPT,
                message=f"changed in Newsroom since this export (version {article.version}, "
                f"the file has {record['version']}); use --overwrite to replace",
                slug=article.slug,
            )
        article.bylines.all().delete()
        article.mentions.all().delete()
        article.quotes.all().delete()
        article.corrections.all().delete()
    else:
        article = Article()

    people = {
        entry.get("slug"): _restore_person(entry, context) for entry in record["people"] or []
    }

    def person(slug: str | None) -> Person | None:
        if slug is None:
            return None
        if slug not in people:
            raise Refused(f"full record: person {slug!r} is used but not in 'people'")
        return people[slug]

    for name in ("headline", "dek", "body", "dateline", "meta_description", "slug"):
        setattr(article, name, check_text(record.get(name), name=name))
    article.source_key = key or None
    article.status = record["status"]
    article.headline_needs_review = bool(record.get("headline_needs_review"))
    article.published_at = check_datetime(record.get("published_at"), name="published_at")
    article.first_published_at = check_datetime(
        record.get("first_published_at"), name="first_published_at"
    )
    article.revised_at = check_datetime(record.get("revised_at"), name="revised_at")
    article.version = record["version"]
    article.imported_version = record.get("imported_version")
    article.section = _restore_section(record.get("section"), context)
    article.lead_image = _restore_image(record.get("lead_image"))
    username = record.get("created_by")
    article.created_by = (
        get_user_model().objects.filter(username=username).first() if username else None
    )
    article.full_clean()
    article.save()

    _create_all(
        Byline(article=article, person=person(b["person"]), role=b["role"], order=b["order"])
        for b in record["bylines"]
    )
    set_tags(article=article, tags=[_restore_tag(entry, context) for entry in record["tags"]])
    _create_all(
        Mention(
            article=article,
            person=person(m["person"]),
            status=m["status"],
            count=m["count"],
            first_position=m["first_position"],
        )
        for m in record["mentions"]
    )
    _create_all(
        Quote(
            article=article,
            speaker=person(q.get("speaker")),
            speaker_text=check_text(q.get("speaker_text"), name="quote speaker_text"),
            text=check_text(q["text"], name="quote text"),
            position=q["position"],
            source=q["source"],
        )
        for q in record["quotes"]
    )
    _create_all(
        Correction(
            article=article,
            kind=c["kind"],
            text=check_text(c["text"], name="correction text"),
            created_at=check_datetime(c["created_at"], name="correction created_at"),
        )
        for c in record["corrections"]
    )
    # Derived search terms only; mentions and quotes are restored as they were, not re-found.
    refresh_search_terms(article)
    # auto_now/auto_now_add fields can only be set back with an UPDATE.
    Article.objects.filter(pk=article.pk).update(
        created_at=check_datetime(record.get("created_at"), name="created_at")
        or article.created_at,
        updated_at=check_datetime(record.get("updated_at"), name="updated_at")
        or article.updated_at,
    )
    return ItemResult(Outcome.CREATED if creating else Outcome.UPDATED, slug=article.slug)


def _create_all(objects: Iterable[Any]) -> None:
    """Validate each row (choices, lengths, uniqueness) and insert them in one query per model."""
    objects = list(objects)
    for obj in objects:
        obj.full_clean()
    if objects:
        type(objects[0]).objects.bulk_create(objects)


def _restore_person(entry: dict, context: ImportContext) -> Person:
    """The person with this slug; created with the exported details when missing."""
    slug = entry.get("slug")
    if not isinstance(slug, str) or not slug:
        raise Refused("full record: a person has no slug")
    person = context.person_by_slug(slug)
    if person is not None:
        return person  # the directory is edited in Newsroom: an article restore leaves it be
    person = restore_person(entry, slug=slug)  # roles branch: details and roles, people/services.py
    photo = entry.get("photo") or ""
    if photo:
        _require_media_file(photo, what=f"portrait of {slug}")
        person.photo = photo
    person.full_clean()
    person.save()
    for alias in entry.get("aliases") or []:
        text = check_text(alias, name="alias")
        if not person.aliases.matching(text).exists():  # another person may share it
            PersonAlias.objects.create(person=person, text=text)
    return context.remember("person-slug", slug, person)


def _restore_tag(entry: dict, context: ImportContext) -> Tag:
    slug = entry.get("slug") or ""
    tag = context.lookup("tag-slug", slug)
    if tag is None:
        name = check_text(entry.get("name"), name="tag name")
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag(
                slug=slug,
                name=name,
                kind=entry.get("kind") or Tag.Kind.TOPIC,
                description=check_text(entry.get("description"), name="tag description"),
            )
            tag.full_clean()
            tag.save()
        context.remember("tag-slug", slug, tag)
    return tag


def _restore_section(entry: dict | None, context: ImportContext) -> Section | None:
    if not entry:
        return None
    section = context.section_by_slug(entry.get("slug") or "")
    if section is None:
        section = Section(
            slug=entry.get("slug") or "",
            name=check_text(entry.get("name"), name="section name"),
            description=check_text(entry.get("description"), name="section description"),
            order=_whole_number(entry.get("order", 100), name="section order"),
        )
        section.full_clean()
        section.save()
        context.remember("section", section.slug, section)
    return section


def _whole_number(value: Any, *, name: str) -> int:
    # bool is an int in Python, and a float such as 1e999 (infinity) is no row number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused(f"full record: {name} must be a whole number, not {value!r}")
    return value


def _restore_image(entry: dict | None) -> Image | None:
    """The library photo with this file name; its record is recreated if only the file is left."""
    if not entry:
        return None
    name = _check_media_name(
        check_text(entry.get("file"), name="lead_image file"), what="lead image"
    )
    image = Image.objects.filter(file=name).first()
    if image is not None:
        return image
    _require_media_file(name, what="lead image")
    image = Image(
        file=name,
        width=entry.get("width") or 0,
        height=entry.get("height") or 0,
        renditions=entry.get("renditions") or [],
        **{
            key: check_text(entry.get(key), name=f"lead_image {key}")
            for key in ("alt_text", "caption", "credit", "source")
        },
    )
    image.full_clean()
    image.save()
    created_at = check_datetime(entry.get("created_at"), name="lead_image created_at")
    if created_at:
        Image.objects.filter(pk=image.pk).update(created_at=created_at)
    return image


def _check_media_name(name: str, *, what: str) -> str:
    """A file name relative to the media storage; never absolute, never climbing out of it."""
    parts = PurePosixPath(name).parts
    if not name or name.startswith(("/", "\\")) or ".." in parts or "\\" in name:
        raise Refused(f"{what} {name!r} is not a file name inside the media storage")
    return name


def _require_media_file(name: str, *, what: str) -> None:
    _check_media_name(name, what=what)
    try:
        exists = default_storage.exists(name)
    except SuspiciousFileOperation:  # the storage's own check, for names the one above missed
        raise Refused(f"{what} {name!r} is not a file name inside the media storage") from None
    if not exists:
        raise Refused(f"{what} {name} is not in the media storage; restore the media files first")


# --- One file, start to finish ------------------------------------------------------------


def import_source(
    *, source: Source, options: ImportOptions, context: ImportContext
) -> Iterator[ItemResult]:
    """Read, parse and write every story in one file: one result per story or refusal."""
    for where, item in source_items(source=source, options=options):
        if isinstance(item, ItemResult):
            yield item
        else:
            yield write_item(item=item, where=where, options=options, context=context)


def source_items(
    *, source: Source, options: ImportOptions
) -> Iterator[tuple[str, StoryDraft | dict | ItemResult]]:
    """Read and parse every story in one file: ``(where, story)`` for each, where a story is
    a draft, a full record, or the result that refuses or skips it."""
    from articles.ninjs import parse_ninjs  # ninjs builds on this module's parts

    path = source.path
    if path is None:
        yield "", ItemResult(Outcome.FAILED, message=source.refusal)
        return
    suffix = path.suffix.lower()
    is_json = suffix in JSON_SUFFIXES
    # A raw-text file is one story. A JSON file may hold many: it is read whole up to the
    # file cap, and json_entries() bounds each story in it by --max-bytes.
    limit, option = (
        (options.max_file_bytes, "--max-file-bytes")
        if is_json
        else (options.max_bytes, "--max-bytes")
    )
    try:
        text = read_text(path, encoding=options.encoding, max_bytes=limit, option=option)
    except Refused as error:
        yield "", ItemResult(Outcome.FAILED, message=str(error))
        return
    file_key = raw_text_key(path)
    entries = (
        json_entries(text, suffix=suffix, max_bytes=options.max_bytes)
        if is_json
        else iter([("", text)])
    )
    for where, value in entries:
        try:
            if isinstance(value, Refused):
                raise value
            if not is_json:
                yield where, parse_raw_text(value, source_key=file_key)
            elif isinstance(value, dict) and "newsroom_format" in value:
                yield where, value
            else:
                fallback = f"{file_key}#{where.replace(' ', '-')}" if where else file_key
                yield where, parse_ninjs(value, fallback_key=fallback[:SOURCE_KEY_MAX])
        except Exception as error:  # whatever a file holds, it fails alone
            yield where, _refusal(error, where=where)


def write_item(
    *, item: StoryDraft | dict, where: str, options: ImportOptions, context: ImportContext
) -> ItemResult:
    """``import_item``, with a refusal turned into a result that says why."""
    try:
        return _with_where(import_item(item=item, options=options, context=context), where)
    except Exception as error:  # rolled back: the story fails alone
        return _refusal(error, where=where)


def _refusal(error: Exception, *, where: str) -> ItemResult:
    """The result for a story that raised ``error``: skipped, or failed with a one-line reason.

    Refused, ValidationError and DatabaseError are the expected ones. Anything else is a
    value the checks above did not foresee (a number too large for the database, a date
    out of range...): still this story's failure, never the run's, named by its type.
    """
    if isinstance(error, Skipped):
        return ItemResult(Outcome.SKIPPED, where=where, message=str(error))
    if isinstance(error, Refused):
        message = str(error)
    elif isinstance(error, ValidationError):
        message = describe_validation(error)
    elif isinstance(error, DatabaseError):
        message = f"database refused it: {error}"
    elif isinstance(error, RecursionError):
        message = "nested too deeply to read"
    elif isinstance(error, UnicodeEncodeError) and error.reason == "surrogates not allowed":
        char = error.object[error.start]
        message = f"contains an unpaired surrogate (U+{ord(char):04X}), which is not text"
    else:
        message = f"cannot be imported: {type(error).__name__}: {error}"
    return ItemResult(Outcome.FAILED, where=where, message=_one_line(message))


def _one_line(message: str, *, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _with_where(result: ItemResult, where: str) -> ItemResult:
    return replace(result, where=where)


def describe_validation(error: ValidationError) -> str:
    """One line from a model's ValidationError: "headline: Ensure this value has at most..."."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return "; ".join(error.messages)
