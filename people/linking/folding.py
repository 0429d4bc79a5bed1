"""Text and names in one matching form, with a way back to offsets in the original.

``normalize()`` applies NFC, casefolds, folds accents ("Aimé" -> "aime") and turns every
character that is not a letter or digit (quotes, dashes, dots, NBSP, newlines) into a space,
runs of spaces collapsing to one. ``fold()`` does the same and keeps a compact offset map
(breakpoints of collapsed spaces, or a per-character table on the rare slow path for
decomposed or format characters) so every match maps back to the original text.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache


def _build_accent_table() -> dict[str, str]:
    """Accented Latin letters to their base letter ("é" -> "e", "ø" -> "o"), one for one."""
    table = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l"}
    for low, high in ((0x80, 0x250), (0x1E00, 0x1F00)):  # Latin-1, Extended-A/B, Additional
        for cp in range(low, high):
            ch = chr(cp)
            if ch.isalnum() and ch not in table:
                base = unicodedata.normalize("NFD", ch)[0]
                if base != ch and base.isascii() and base.isalpha():
                    table[ch] = base.lower()
    return table


_ACCENTS = _build_accent_table()
_DROPPED_CATEGORIES = ("Mn", "Me", "Cf")
_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_WORD_RUN = re.compile(r"[\W_]{2,}")


def _fold_accent(match: re.Match[str]) -> str:
    return _ACCENTS.get(match.group(), match.group())


class Folded:
    """Normalised text padded with one space each side, with a map back to the original."""

    __slots__ = ("_breaks", "_ends", "_shifts", "_starts", "text")

    def __init__(self, text: str, breaks=None, shifts=None, starts=None, ends=None) -> None:
        self.text = text
        self._breaks = breaks
        self._shifts = shifts
        self._starts = starts
        self._ends = ends

    def start(self, i: int) -> int:
        """Original offset of the first character behind folded character ``i``."""
        if self._starts is not None:
            return self._starts[i]
        k = bisect_right(self._breaks, i) - 1
        return i + (self._shifts[k] if k >= 0 else 0) - 1  # -1: the leading pad space

    def end(self, i: int) -> int:
        """Original offset just after the characters behind folded character ``i``."""
        if self._ends is not None:
            return self._ends[i]
        return self.start(i) + 1


def _casefold_in_place(text: str) -> str | None:
    """Casefolded ``text`` if folding keeps one character per character, else None (rare)."""
    if text.isascii():
        return text.lower()
    if not unicodedata.is_normalized("NFC", text):
        return None
    for ch in set(text):
        if ord(ch) > 0x7F and unicodedata.category(ch) in _DROPPED_CATEGORIES:
            return None
    folded = text.casefold()
    return folded if len(folded) == len(text) else None


def fold(text: str) -> Folded:
    """Normalise ``text`` (see ``normalize``) keeping a way back to original offsets."""
    folded = _casefold_in_place(text)
    if folded is None:
        return _fold_slow(text)
    if not folded.isascii():
        folded = _NON_ASCII_LETTER.sub(_fold_accent, folded)
    padded = f" {folded} "
    # Every run of non-letters becomes one space; runs longer than one shift later offsets.
    breaks: list[int] = []
    shifts: list[int] = []
    removed = 0
    for run in _NON_WORD_RUN.finditer(padded):
        a, b = run.span()
        breaks.append(a - removed + 1)
        removed += b - a - 1
        shifts.append(removed)
    return Folded(_NON_WORD.sub(" ", padded), breaks, shifts)


def _fold_slow(text: str) -> Folded:
    """Character-by-character fold for decomposed accents, format characters and ß-like folds."""
    chars = [" "]
    starts = [0]
    ends = [0]
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.category(text[j]) in _DROPPED_CATEGORIES:
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j]).casefold()
        for ch in piece:
            if unicodedata.category(ch) in _DROPPED_CATEGORIES:
                continue
            ch = _ACCENTS.get(ch, ch) if ch.isalnum() else " "
            if ch == " " and chars[-1] == " ":
                continue
            chars.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    if chars[-1] != " ":
        chars.append(" ")
        starts.append(n)
        ends.append(n)
    return Folded("".join(chars), starts=starts, ends=ends)


def normalize(text: str) -> str:
    """Matching form of ``text``: NFC, casefolded, accents and punctuation folded, spaces single."""
    return fold(text).text.strip(" ")


@lru_cache(maxsize=65536)
def norm(token: str) -> str:
    """``normalize`` for name tokens, cached: directories repeat first names and surnames."""
    return normalize(token)
