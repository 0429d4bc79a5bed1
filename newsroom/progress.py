"""A progress bar for long management commands, drawn only on a terminal."""

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int | None, stream=None, label: str = "") -> Iterator[T]:
    """Yield ``items``, redrawing one status line on ``stream`` when it is a terminal."""
    # Unwrap a management command's OutputWrapper, which would end every write with "\n".
    stream = getattr(stream, "_out", stream) or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        yield from items
        return
    started = time.monotonic()
    last_draw = 0.0
    for done, item in enumerate(items, start=1):
        yield item
        now = time.monotonic()
        if now - last_draw >= 0.1 or done == total:
            last_draw = now
            rate = done / max(now - started, 1e-9)
            if total:
                filled = int(30 * done / total)
                bar = "#" * filled + "." * (30 - filled)
                line = f"\r{label}[{bar}] {done}/{total} {rate:,.0f}/s"
            else:
                line = f"\r{label}{done} {rate:,.0f}/s"
            stream.write(line)
            stream.flush()
    stream.write("\n")
    stream.flush()
