"""The one body format: sanitised HTML with a small allow-list.

Article bodies are stored as HTML holding only paragraphs, subheads (h2, h3), block quotes,
lists, links, bold, italic and line breaks, and figures that *refer* to library photos by id
(never a copied URL, so replacing or re-cropping a photo changes every story using it):

    <figure data-image="12" data-size="inline"></figure>        one photo
    <figure class="gallery" data-images="12,13,14"></figure>    a gallery, in order
    <figure data-embed="https://vimeo.com/76979871"></figure>  an embed (articles/embeds.py)

The article page turns each figure into its picture, caption and credit
(articles/rendering.py). Everything that writes a body (the admin's editor,
the importer, the shell) goes through ``sanitize_html`` on save, so no stored body can carry a
script, an event handler or a ``javascript:`` link; pages render the stored HTML as it is.
"""

import functools
import html
import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser

import nh3
from django.urls import reverse_lazy

from articles.embeds import PROVIDERS, embed_for
from newsroom.text import clean_text

BODY_TAGS = {"p", "h2", "h3", "blockquote", "ul", "ol", "li", "a", "strong", "em", "br", "figure"}
FIGURE_ATTRIBUTES = {"class", "data-image", "data-size", "data-images", "data-embed"}
BODY_ATTRIBUTES = {"a": {"href", "title"}, "figure": FIGURE_ATTRIBUTES}
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
    # static/js/prose_figure.js: a photo or a gallery from the library, as a reference.
    "NewsroomFigure": {
        "pickerUrl": reverse_lazy("admin:articles_image_picker"),
        "embedProviders": sorted(name for provider in PROVIDERS for name in provider.hosts),
    },
}

# How wide a photo in the body is shown, first the default (what editors pick from).
FIGURE_SIZES = ("inline", "wide", "full")
GALLERY_MAX_PHOTOS = 40

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
    if "<figure" in cleaned:
        cleaned = _canonical_figures(cleaned)
    cleaned = _EMPTY_BLOCK.sub("", cleaned)
    return cleaned.strip()


_IDS = re.compile(r"[1-9][0-9]{0,17}")


class _FigureFinder(HTMLParser):
    """Where each figure tag is in cleaned HTML: (start, end, closing, attributes). A parser,
    not a pattern, so text such as `<figure>` inside an attribute value is not a tag."""

    def __init__(self, value: str) -> None:
        super().__init__(convert_charrefs=True)
        self.value = value
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", value)]
        self.tags: list[tuple[int, int, bool, dict[str, str]]] = []
        self.feed(value)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            start = self._offset()
            end = start + len(self.get_starttag_text() or "")
            self.tags.append((start, end, False, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "figure":
            end = self.tags[-1][1]
            self.tags.append((end, end, True, {}))

    def handle_endtag(self, tag):
        if tag == "figure":
            start = self._offset()
            end = self.value.index(">", start) + 1
            self.tags.append((start, end, True, {}))


def _canonical_figures(cleaned: str) -> str:
    """Each figure rewritten in its one stored form, its contents dropped (the page makes
    them from the photo); a figure that is not a valid photo or gallery is removed."""
    out, position, depth = [], 0, 0
    for start, end, closing, attributes in _FigureFinder(cleaned).tags:
        if depth == 0:
            out.append(cleaned[position:start])
        if closing:
            depth = max(0, depth - 1)
        else:
            if depth == 0:
                out.append(figure_markup(attributes))
            depth += 1
        position = end
    if depth == 0:
        out.append(cleaned[position:])
    return "".join(out)


def figure_markup(attributes: dict[str, str]) -> str:
    """The stored form of a figure with these attributes, or "" when it is not valid."""
    if "data-embed" in attributes:
        embed = embed_for(attributes["data-embed"])
        if embed is None:  # not from a provider we allow
            return ""
        return f'<figure data-embed="{html.escape(embed.url, quote=True)}"></figure>'
    if "data-images" in attributes:
        ids = figure_ids(attributes["data-images"])[:GALLERY_MAX_PHOTOS]
        if not ids:
            return ""
        return f'<figure class="gallery" data-images="{",".join(map(str, ids))}"></figure>'
    ids = figure_ids(attributes.get("data-image", ""))
    if len(ids) != 1:
        return ""
    size = attributes.get("data-size", "")
    size = size if size in FIGURE_SIZES else FIGURE_SIZES[0]
    return f'<figure data-image="{ids[0]}" data-size="{size}"></figure>'


def figure_ids(text: str) -> list[int]:
    """Photo ids from "12,13, 14" (each once, in order); a part that is not an id is
    ignored."""
    parts = (part.strip() for part in text.split(","))
    return list(dict.fromkeys(int(part) for part in parts if _IDS.fullmatch(part)))


# Figures as stored, for the article page and the list of photos a body uses.
STORED_FIGURE = re.compile(
    r'<figure (?:data-image="(?P<image>\d+)" data-size="(?P<size>[a-z]+)"'
    r'|class="gallery" data-images="(?P<images>[\d,]+)"'
    r'|data-embed="(?P<embed>[^"<>]+)")></figure>'
)


def renumber_figures(value: str, new_id: Callable[[int], int | None]) -> str:
    """``value`` with each photo figure's ids passed through ``new_id`` (library ids to
    positions for an export, positions to library ids on import); an id it maps to None
    leaves the figure or gallery, and a figure left with no photo is dropped. Embeds stay."""

    def renumber(match: re.Match) -> str:
        if match.group("embed"):
            return match.group(0)
        found = figure_ids(match.group("image") or match.group("images"))
        ids = [new for old in found if (new := new_id(old)) is not None]
        if not ids:
            return ""
        if match.group("image"):
            return f'<figure data-image="{ids[0]}" data-size="{match.group("size")}"></figure>'
        return f'<figure class="gallery" data-images="{",".join(map(str, ids))}"></figure>'

    return STORED_FIGURE.sub(renumber, value) if "<figure" in value else value


def body_image_ids(value: str) -> list[int]:
    """The library photos a stored body shows, each once, in order of appearance."""
    ids: list[int] = []
    for match in STORED_FIGURE.finditer(value or ""):
        ids.extend(figure_ids(match.group("image") or match.group("images") or ""))
    return list(dict.fromkeys(ids))


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
