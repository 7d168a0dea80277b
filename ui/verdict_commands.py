"""Undo commands for verdict edits and for a group's canonical wording; each calls the service and its inverse.

A command cannot raise out of redo()/undo() (Qt calls them), so a failure such as a
VerdictConflict marks the command obsolete (QUndoStack then drops it) and is handed to the
``on_failed`` callback; ``on_applied`` hears the group id after every successful redo or undo.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtGui import QUndoCommand

from workbench.errors import WorkbenchError
from workbench.service import Workbench

VERDICT_FIELDS = ("rating", "rationale", "status", "reviewer", "evidence")
MERGE_SECONDS = 60.0
"""Edits of the same text field within this many seconds undo as one step."""

_VERDICT_MERGE_ID = 0x56455244  # 'VERD'
_CANONICAL_MERGE_ID = 0x43414E4F  # 'CANO'

Applied = Callable[[int], None]
Failed = Callable[[int, WorkbenchError, dict[str, Any]], None]


class VersionBook:
    """The verdict version this window last saw or wrote, per group: what undo and redo expect to find."""

    def __init__(self) -> None:
        self._versions: dict[int, int] = {}

    def expected(self, group_id: int) -> int:
        """The version last seen (0: no verdict)."""
        return self._versions.get(group_id, 0)

    def saw(self, group_id: int, version: int) -> None:
        """Record the version just read or written."""
        self._versions[group_id] = version


class SetVerdictCommand(QUndoCommand):
    """Change some fields of a group's verdict (creating it if needed); undo puts the old values back."""

    def __init__(
        self,
        workbench: Workbench,
        group_id: int,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        *,
        expected_version: int,
        versions: VersionBook,
        text: str,
        merge_key: str | None = None,
        on_applied: Applied | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        super().__init__(text)
        unknown = (set(before) | set(after)) - set(VERDICT_FIELDS)
        if unknown:
            raise ValueError(f"not verdict fields: {sorted(unknown)}")
        self.workbench = workbench
        self.group_id = group_id
        self.before = dict(before)
        self.after = dict(after)
        self.created = expected_version == 0  # undo removes the verdict this command made
        self.merge_key = merge_key
        self._first_expected: int | None = expected_version
        self._versions = versions
        self._on_applied = on_applied
        self._on_failed = on_failed
        self._last_edit = time.monotonic()

    def redo(self) -> None:
        expected = self._first_expected
        if expected is None:
            expected = self._versions.expected(self.group_id)
        self._first_expected = None
        try:
            info = self.workbench.set_verdict(self.group_id, **self.after, expected_version=expected)
        except WorkbenchError as error:
            self._fail(error, self.after)
            return
        self._versions.saw(self.group_id, info.version)
        self._applied()

    def undo(self) -> None:
        expected = self._versions.expected(self.group_id)
        try:
            if self.created:
                self.workbench.delete_verdict(self.group_id, expected_version=expected)
                self._versions.saw(self.group_id, 0)
            else:
                info = self.workbench.set_verdict(self.group_id, **self.before, expected_version=expected)
                self._versions.saw(self.group_id, info.version)
        except WorkbenchError as error:
            self._fail(error, {} if self.created else self.before)  # nothing to re-apply for a removal
            return
        self._applied()

    def id(self) -> int:
        return _VERDICT_MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing in one text field in bursts undoes as one step."""
        if (
            not isinstance(other, SetVerdictCommand)
            or other.isObsolete()
            or other.group_id != self.group_id
            or other.merge_key != self.merge_key
            or other.created
            or other._last_edit - self._last_edit > MERGE_SECONDS
        ):
            return False
        self.after.update(other.after)
        self.before = {**other.before, **self.before}
        self._last_edit = other._last_edit
        if not self.created and all(self.after[k] == self.before.get(k) for k in self.after):
            self.setObsolete(True)  # typed back to where it started: nothing left to undo
        return True

    def _applied(self) -> None:
        if self._on_applied is not None:
            self._on_applied(self.group_id)

    def _fail(self, error: WorkbenchError, wanted: dict[str, Any]) -> None:
        self.setObsolete(True)  # QUndoStack drops a command that could not be applied
        if self._on_failed is not None:
            self._on_failed(self.group_id, error, dict(wanted))


class CanonicalCommand(QUndoCommand):
    """Edit a group's canonical wording; undo restores the wording the service reported as previous."""

    def __init__(
        self,
        workbench: Workbench,
        group_id: int,
        canonical: str,
        *,
        text: str = "Edit canonical wording",
        mergeable: bool = True,
        on_applied: Applied | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        super().__init__(text)
        self.workbench = workbench
        self.group_id = group_id
        self.canonical = canonical
        self.previous: str | None = None  # known after the first redo
        self.mergeable = mergeable
        self._on_applied = on_applied
        self._on_failed = on_failed
        self._last_edit = time.monotonic()

    def redo(self) -> None:
        try:
            previous = self.workbench.set_canonical(self.group_id, self.canonical, expected=self.previous)
        except WorkbenchError as error:
            self._fail(error, self.canonical)
            return
        if self.previous is None:
            self.previous = previous
        self._applied()

    def undo(self) -> None:
        if self.previous is None:
            return
        try:
            self.workbench.set_canonical(self.group_id, self.previous, expected=self.canonical)
        except WorkbenchError as error:
            self._fail(error, self.previous)
            return
        self._applied()

    def id(self) -> int:
        return _CANONICAL_MERGE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Consecutive edits of one group's wording undo as one step."""
        if (
            not isinstance(other, CanonicalCommand)
            or not other.mergeable
            or other.isObsolete()
            or other.group_id != self.group_id
            or other._last_edit - self._last_edit > MERGE_SECONDS
        ):
            return False
        self.canonical = other.canonical
        self._last_edit = other._last_edit
        if self.canonical == self.previous:
            self.setObsolete(True)  # back where it started: nothing left to undo
        return True

    def _applied(self) -> None:
        if self._on_applied is not None:
            self._on_applied(self.group_id)

    def _fail(self, error: WorkbenchError, wanted: str) -> None:
        self.setObsolete(True)
        if self._on_failed is not None:
            self._on_failed(self.group_id, error, {"canonical": wanted})

