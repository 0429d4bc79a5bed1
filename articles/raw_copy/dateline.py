"""Finding a dateline at the head of a story's first paragraph, without inventing one.

``split_dateline`` cuts the text before the first dash of the paragraph (a hyphen, en or em
dash, or a double hyphen) and keeps it only when ``articles.datelines.parse_dateline`` reads it
as a place (with, perhaps, a region, a date and a source): the place in capitals ("LONDON",
"RIO DE JANEIRO"), or with a country or U.S. state ("Nairobi, Kenya", "Columbia, S.C."), a
source ("Washington (Reuters)"), a date ("Geneva, 5 March 2023") or two places ("Jerusalem/Gaza").
"President Ruto – who spoke first – said no" and "In 2009 – the year ..." are asides.
"""

from __future__ import annotations

import re

from articles.datelines import Dateline, parse_dateline

# The first dash with space around it, a dash glued to the text ("WASHINGTON—The"), or "--".
_SEPARATOR = re.compile(r"\s+(?:-{1,2}|[–—―‒])\s+|\s*(?:--|[—―])\s*|\s+[–‒]\s*")
_ALONE = re.compile(r"^(?P<head>.+?)\s*(?:-{1,2}|[–—―‒])\s*$")
_HEAD_LIMIT = 100
_PLACE_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_SOURCE_WORD = re.compile(r"^(?:[A-Z][\w.'’&-]*|&|of|de|and|the)$")
# Capitals that open copy without being a place: "UPDATE — ...", "EXCLUSIVE — ...".
_NOT_PLACES = frozenset(
    {"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "CORRECTION", "CORRECTED",
     "WATCH", "LISTEN", "OPINION", "ADVISORY", "NOTE", "EDITOR", "NEW", "LIVE", "URGENT",
     "FLASH", "BULLETIN", "REVIEW", "EDITORIAL", "COMMENT", "FILE", "PHOTO", "VIDEO"}
)  # fmt: skip


def split_dateline(paragraph: str, *, year: int | None = None) -> tuple[str, str]:
    """("NAIROBI, Kenya", rest) when the paragraph opens with a dateline, else ("", paragraph).

    The dateline keeps its words as written, without the dash; ``year`` completes a date that
    has none (it only decides whether the text reads as a dateline, not what it says).
    """
    for separator in _SEPARATOR.finditer(paragraph, 0, _HEAD_LIMIT + 4):
        head = _unwrap(paragraph[: separator.start()].strip())
        rest = paragraph[separator.end() :].strip()
        if not head or not rest:
            return "", paragraph
        if is_dateline(head, year=year):
            return head, rest[0].upper() + rest[1:]
        # Only the first dash can end a dateline, unless it sits inside the place
        # ("PORT-AU-PRINCE" has no spaces, so it is no separator at all).
        return "", paragraph
    return "", paragraph


def dateline_alone(line: str, *, year: int | None = None) -> str:
    """ "WASHINGTON —" on a line of its own: the dateline of the paragraph below, else ""."""
    match = _ALONE.match(line)
    if match and is_dateline(head := _unwrap(match["head"]), year=year):
        return head
    return ""


def _unwrap(head: str) -> str:
    """ "(WASHINGTON)" -> "WASHINGTON": a dateline some press offices put in parentheses."""
    if head.startswith("(") and head.endswith(")") and head.count("(") == 1:
        return head[1:-1].strip()
    return head


def is_dateline(head: str, *, year: int | None = None) -> bool:
    """Whether the text before a dash reads as a dateline (see the module docstring)."""
    if len(head) > _HEAD_LIMIT or len(head.split()) > 14:
        return False
    parts = parse_dateline(head, year=year or 2000)
    if not parts.place or not _is_place(parts.place):
        return False
    if parts.source and not _is_source(parts.source):
        return False
    first = re.split(r"[,(]", head, maxsplit=1)[0].strip()
    capitals = first.isupper() and sum(c.isalpha() for c in first) >= 2
    if capitals and first in _NOT_PLACES:
        return False
    two_places = "/" in first and all(side.strip()[:1].isupper() for side in first.split("/"))
    return capitals or two_places or bool(parts.country or parts.source or parts.date)


def structured(text: str, *, year: int | None = None) -> Dateline:
    """The parts of a dateline ``split_dateline`` found (empty for "")."""
    return parse_dateline(text, year=year) if text else Dateline()


def _is_place(place: str) -> bool:
    parts = [part.strip() for part in place.split(",")]
    words = place.replace(",", " ").replace("/", " ").split()
    return (
        1 <= len(words) <= 7
        and all(_PLACE_WORD.match(word) for word in words)
        and all(part[:1].isupper() for part in parts)
        and all(side.strip()[:1].isupper() for side in parts[0].split("/"))
    )


def _is_source(source: str) -> bool:
    """ "Reuters", "AP", "Agence France-Presse", "VOA News": capitalised, a few words."""
    words = source.split()
    return 1 <= len(words) <= 5 and all(_SOURCE_WORD.match(word) for word in words)
