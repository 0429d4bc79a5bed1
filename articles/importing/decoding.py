"""Reading text strictly: a file's bytes to NFC text, refused with a reason when doubtful;
JSON split into stories; string and date-time values from JSON checked."""

from __future__ import annotations

import codecs
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.importing.outcomes import Refused, os_reason

# One story: 2 MB (decimal) is far above any real story, far below a video. It bounds a raw
# text file, a JSON file holding one document, and each line of a JSON lines file.
DEFAULT_MAX_BYTES = 2_000_000
# One JSON lines file, read whole: a wire archive of 50,000 stories, not a disk image.
DEFAULT_MAX_FILE_BYTES = 200_000_000

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
        raise Refused(os_reason(error)) from None
    if size > max_bytes:
        raise Refused(f"larger than {option} ({size:,} > {max_bytes:,} bytes)")
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)  # never more, even if the file grew since stat()
    except OSError as error:
        raise Refused(os_reason(error)) from None
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
