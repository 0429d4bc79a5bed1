"""What importing one story comes to, and the one-line reason when it fails."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import DatabaseError


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


def refusal(error: Exception, *, where: str) -> ItemResult:
    """The result for a story that raised ``error``: skipped, or failed with a one-line reason.

    Refused, ValidationError and DatabaseError are the expected ones. Anything else is a
    value the checks did not foresee (a number too large for the database, a date out of
    range...): still this story's failure, never the run's, named by its type.
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


def describe_validation(error: ValidationError) -> str:
    """One line from a model's ValidationError: "headline: Ensure this value has at most..."."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return "; ".join(error.messages)


def os_reason(error: OSError) -> str:
    """Why a file could not be opened or read, in the words an operator expects."""
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {(error.strerror or str(error)).lower()}"
