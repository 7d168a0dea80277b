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
    """A sheet row not applied: the verdict changed in the database since the export, or the row's
    group id was changed in the sheet (reason says which)."""

    row: int
    group_id: int
    exported_version: int
    current_version: int
    yours: dict[str, Any]
    theirs: dict[str, Any]
    reason: str = "changed in the library since the export"


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
    missing: list[int] = field(default_factory=list)  # exported groups whose rows are gone (nothing was changed)
    notes: list[str] = field(default_factory=list)  # values stored as the sheet showed them (a typed date…)

    def summary(self) -> str:
        """One line for the user."""
        missing = f", {len(self.missing)} row(s) missing" if self.missing else ""
        return (
            f"{len(self.applied)} applied, {self.unchanged} unchanged, {len(self.conflicts)} conflict(s), "
            f"{len(self.errors)} error(s){missing}"
        )

    def missing_text(self) -> str:
        """The missing rows in words (empty when none)."""
        if not self.missing:
            return ""
        shown = ", ".join(str(g) for g in self.missing[:20]) + (" …" if len(self.missing) > 20 else "")
        return (f"rows of {len(self.missing)} exported claim group(s) are gone from the sheet (groups {shown}); "
                "deleting a row does not delete a verdict: nothing was changed for them")
