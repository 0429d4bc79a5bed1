"""The one body format: sanitised HTML with a small allow-list.

Article bodies are stored as HTML holding only paragraphs, subheads (h2, h3), block quotes,
lists, links, bold, italic and line breaks. Everything that writes a body (the admin's editor,
the importer, the shell) goes through ``sanitize_html`` on save, so no stored body can carry a
script, an event handler or a ``javascript:`` link; pages render the stored HTML as it is.
"""

import functools
import html
import re
import unicodedata
from html.parser import HTMLParser

import nh3

from newsroom.text import clean_text

BODY_TAGS = {"p", "h2", "h3", "blockquote", "ul", "ol", "li", "a", "strong", "em", "br"}
BODY_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAGS = {"p", "h2", "h3", "blockquote", "ul", "ol", "li"}

# The prose editor's toolbar offers exactly what the sanitiser keeps.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "History": True,
}

_cleaner = nh3.Cleaner(
    tags=BODY_TAGS,
    attributes=BODY_ATTRIBUTES,
    url_schemes=LINK_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
    # <b>/<i> from pasted text become their semantic forms before cleaning (see below).
)

_WHITESPACE_RUN = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|li|blockquote)>\s*(<br>\s*)*</\1>")


def sanitize_html(value: str) -> str:
    """Clean HTML to the body allow-list and NFC-normalise its text."""
    if not value:
        return ""
    value = clean_text(value)
    value = re.sub(r"<(/?)b(\s[^>]*)?>", r"<\1strong>", value, flags=re.IGNORECASE)
    value = re.sub(r"<(/?)i(\s[^>]*)?>", r"<\1em>", value, flags=re.IGNORECASE)
    cleaned = _cleaner.clean(value).strip()
    cleaned = _EMPTY_BLOCK.sub("", cleaned)
    return cleaned.strip()


def plain_text_to_html(text: str) -> str:
    """Paragraphs from plain text: one per line (blank lines ignored), escaped."""
    paragraphs = [normalize_line(line) for line in text.splitlines()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def normalize_line(line: str) -> str:
    """One line of text: NFC, Unicode spaces folded to one space, trimmed."""
    return _WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFC", line)).strip()


class _BlockTextCollector(HTMLParser):
    """Collects the text of each block element, one string per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._tag = "p"
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._parts.append(data)

    def _flush(self) -> None:
        text = normalize_line("".join(self._parts))
        if text:
            self.blocks.append((self._tag, text))
        self._parts = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(value: str) -> list[tuple[str, str]]:
    """(tag, text) for each paragraph, subhead, quote or list item, in order."""
    value = value or ""
    if len(value) > _REMEMBERED_BODY_MAX:
        return _parse_blocks(value)
    return list(_remembered_blocks(value))


# A body is read several times in a row when it is saved or imported (its stored plain
# text, the people linker, the quote finder): parse it once. Bounded in number and size.
_REMEMBERED_BODY_MAX = 64_000


@functools.lru_cache(maxsize=16)
def _remembered_blocks(value: str) -> tuple[tuple[str, str], ...]:
    return tuple(_parse_blocks(value))


def _parse_blocks(value: str) -> list[tuple[str, str]]:
    collector = _BlockTextCollector()
    collector.feed(value)
    collector.close()
    return collector.blocks


def html_paragraphs(value: str) -> list[str]:
    """The text of each block, in order: what the people linker and quote finder read."""
    return [text for _tag, text in html_blocks(value)]


def html_to_text(value: str) -> str:
    """Plain text of a body, one block per line (for search, feeds and linking)."""
    return "\n".join(html_paragraphs(value))
