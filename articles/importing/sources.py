"""Finding the files to import: named, globbed or found under directories, each once."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from articles.importing.outcomes import os_reason

TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
IMPORTABLE_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES


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
        yield Source(label=str(directory), refusal=f"cannot open directory: {os_reason(error)}")
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
