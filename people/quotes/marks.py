"""Quotation marks: where each quotation opens and closes, across paragraphs.

What counts as a quote: text between “ ”, " ", « », ‹ ›, „ “ or (at clear word boundaries)
‘ ’. A quote left open at the end of a paragraph continues when the next paragraph opens with a
quote mark (wire convention).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CLOSERS = {"“": '”"', "«": "»", "‹": "›", "„": "“”", '"': '"', "‘": "’"}
_OPEN_AFTER = "([{—–-/"
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
class RawQuote:
    """A quotation as scanned, before attribution."""

    open_pos: int
    paragraph: int
    pieces: list[str]
    close_end: int  # joined offset just after the closing mark (or the paragraph end)
    end_paragraph: int
    last_char: str  # last character inside the marks


def scan_quotes(paragraphs: Sequence[str], starts: list[int]) -> list[RawQuote]:
    """Every quotation in order, joining quotes that run on across paragraphs."""
    found: list[RawQuote] = []
    current: RawQuote | None = None
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
                    current = RawQuote(base + i, pi, [], 0, pi, "")
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
