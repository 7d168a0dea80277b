"""Errors a user can cause, with messages fit to show as they are."""

from __future__ import annotations

from pathlib import Path


class WorkbenchError(Exception):
    """Base class: the message is shown to the user verbatim (CLI stderr, GUI dialog)."""


class ImportFailed(WorkbenchError):
    """A file could not be imported; the message names the file and the problem."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        shown = str(self.path).replace("\n", "\\n").replace("\r", "\\r")  # one line, whatever the name
        super().__init__(f"{shown}: {reason}")


class DatabaseError(WorkbenchError):
    """The database cannot be opened or used (not a database, corrupt, locked)."""


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer Claim Workbench; it is left untouched."""


class NotFound(WorkbenchError):
    """An id (article, claim, group, suggestion, verdict) does not exist."""


class SpanOutOfRange(WorkbenchError):
    """A span does not fit the article's text, or is empty."""


class QuoteNotFound(WorkbenchError):
    """A quote does not occur in the article (or not as often as asked)."""


class VerdictConflict(WorkbenchError):
    """A verdict changed in the database since the caller loaded it."""

    def __init__(self, message: str, *, yours: dict | None = None, theirs: dict | None = None) -> None:
        self.yours = yours or {}
        self.theirs = theirs or {}
        super().__init__(message)


class InvalidValue(WorkbenchError):
    """A value given by the user is not acceptable (unknown rating, bad status...)."""


class MissingSetting(WorkbenchError):
    """An export needs a library setting that is not set (or not usable); ``key`` names it."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


class PermissionRefused(WorkbenchError):
    """The database refused an action to this login (team rules: roles, sign-off, append-only history)."""


class TransientError(DatabaseError):
    """An action the database server gave up on, in a way that may not happen again.

    retryable: the server rolled the action back (nothing of it was saved), so running it again is safe.
    """

    def __init__(self, message: str, *, retryable: bool) -> None:
        self.retryable = retryable
        super().__init__(message)


class ConnectionLost(TransientError):
    """The connection to the database server broke during an action."""


class WriteCollision(TransientError):
    """Another user's simultaneous change collided with this one (deadlock, a row both inserted...);
    the server rolled this action back."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=True)
