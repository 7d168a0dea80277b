"""Plain results of an export and of a verdict import, for the CLI and the GUI to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the file, its format, rows per table or item kind, the scope."""

    path: str
    format: str
    rows: dict[str, int]
    scope: str
    seconds: float
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False

    def summary(self) -> str:
        """One line for the user."""
        if self.cancelled:
            return f"export cancelled; {self.path} was not written"
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        return f"wrote {self.path} ({self.format}; {self.scope}): {counts} in {self.seconds:.1f} s"


@dataclass(frozen=True)
class AppliedRow:
    """A sheet row applied as a new verdict revision."""

    row: int
    group_id: int
    version: int
    changes: dict[str, Any]


@dataclass(frozen=True)
class ConflictRow:
    """A sheet row not applied because the verdict changed in the database since the export."""

    row: int
    group_id: int
    exported_version: int
    current_version: int
    yours: dict[str, Any]
    theirs: dict[str, Any]


@dataclass(frozen=True)
class RowError:
    """A sheet row skipped because it cannot be applied (unknown group or rating, bad value)."""

    row: int
    group_id: int | None
    message: str


@dataclass
class VerdictImportReport:
    """The outcome of importing an edited Verdicts sheet, row by row (filled in as rows are read)."""

    path: str
    reviewer: str
    applied: list[AppliedRow] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[ConflictRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the user."""
        return (
            f"{len(self.applied)} applied, {self.unchanged} unchanged, {len(self.conflicts)} conflict(s), "
            f"{len(self.errors)} error(s)"
        )
