"""Undoable verdict edits and edits of a group's canonical wording.

A verdict is written with the version this window last saw (``VersionBook``): a verdict changed by
another program in the meantime is a VerdictConflict, reported with both versions, never overwritten.
Typing in one field in bursts merges into one undo step.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from ui.commands.base import Change, Command, Notify, Refused
from workbench.errors import PermissionRefused, VerdictConflict
from workbench.service import EvidenceInfo, VerdictInfo, Workbench

VERDICT_FIELDS = ("rating", "rationale", "status", "reviewer", "evidence")
MERGE_SECONDS = 60.0
"""Edits of the same text field within this many seconds undo as one step."""

_VERDICT_MERGE_ID = 0x56455244  # 'VERD'
_CANONICAL_MERGE_ID = 0x43414E4F  # 'CANO'


class VersionBook:
    """The verdict version this window last saw or wrote, per group (used from the GUI and writer threads)."""

    def __init__(self) -> None:
        self._versions: dict[int, int] = {}
        self._lock = threading.Lock()

    def expected(self, group_id: int) -> int:
        """The version a write should find (0: no verdict)."""
        with self._lock:
            return self._versions.get(group_id, 0)

    def wrote(self, group_id: int, version: int) -> None:
        """This window wrote (or was told of) this version: it is current."""
        with self._lock:
            self._versions[group_id] = version

    def loaded(self, group_id: int, version: int) -> None:
        """A version was read; it counts unless this window already wrote a newer one (a read in flight)."""
        with self._lock:
            if version > self._versions.get(group_id, 0) or group_id not in self._versions:
                self._versions[group_id] = version


def verdict_values(verdict: VerdictInfo | None) -> dict[str, Any]:
    """The editable fields of a verdict (the defaults while there is none)."""
    return {
        "rating": verdict.rating if verdict else None,
        "rationale": verdict.rationale if verdict else "",
        "status": verdict.status if verdict else "draft",
        "reviewer": verdict.reviewer if verdict else None,
        "evidence": [EvidenceInfo(url=e.url, title=e.title, note=e.note) for e in verdict.evidence] if verdict else [],
    }


def same_value(a: Any, b: Any) -> bool:
    """Two field values that mean the same (empty is None; evidence compared by its visible parts)."""
    if isinstance(a, list) and isinstance(b, list):
        return evidence_key(a) == evidence_key(b)
    return (a or None) == (b or None)


def evidence_key(items: Sequence[EvidenceInfo]) -> list[tuple[str, str, str]]:
    """Evidence as comparable tuples, leaving out empty rows."""
    return [(e.url, e.title, e.note) for e in items if e.url or e.title or e.note]


class SetVerdict(Command):
    """Change some fields of a group's verdict (creating it if needed); undo puts the old values back."""

    def __init__(self, wb: Workbench, group_id: int, after: Mapping[str, Any], *, versions: VersionBook,
                 text: str, merge_key: str | None = None, reviewer_if_new: str | None = None, notify: Notify,
                 refused: Refused, settled: Callable[[], None] | None = None) -> None:
        super().__init__(text, notify=notify, refused=refused, settled=settled)
        unknown = set(after) - set(VERDICT_FIELDS)
        if unknown:
            raise ValueError(f"not verdict fields: {sorted(unknown)}")
        self.wb, self.group_id, self.versions, self.merge_key = wb, group_id, versions, merge_key
        self.after = dict(after)
        self.reviewer_if_new = reviewer_if_new  # who a verdict this command creates is by, unless after says
        self.before: dict[str, Any] = {}
        self.created = False  # undo removes the verdict this command made
        self._done_once = False
        self._last_edit = time.monotonic()

    def do(self) -> Change | None:
        expected = self.versions.expected(self.group_id)
        if not self._done_once:  # what the fields hold now is what undo puts back
            current = self.wb.get_verdict(self.group_id)
            if current is None and self.reviewer_if_new and "reviewer" not in self.after:
                self.after["reviewer"] = self.reviewer_if_new
            values = verdict_values(current)
            self.before = {k: values[k] for k in self.after}
            self.created = current is None
            if (current.version if current else 0) == expected and all(
                same_value(values[k], v) for k, v in self.after.items()
            ):
                return None
        info = self._write(lambda: self.wb.set_verdict(self.group_id, **self.after, expected_version=expected))
        self._done_once = True
        self.versions.wrote(self.group_id, info.version)
        return Change(groups={self.group_id})

    def inverse(self) -> Change:
        expected = self.versions.expected(self.group_id)
        if self.created:
            try:
                self._write(lambda: self.wb.delete_verdict(self.group_id, expected_version=expected))
                self.versions.wrote(self.group_id, 0)
                return Change(groups={self.group_id})
            except PermissionRefused:  # a team library never deletes a verdict: put its fields back instead
                blank = verdict_values(None)
                info = self._write(lambda: self.wb.set_verdict(
                    self.group_id, **{k: blank[k] for k in self.after if k != "reviewer"}, expected_version=expected))
                self.versions.wrote(self.group_id, info.version)
        else:
            info = self._write(lambda: self.wb.set_verdict(self.group_id, **self.before, expected_version=expected))
            self.versions.wrote(self.group_id, info.version)
        return Change(groups={self.group_id})

    def wanted(self) -> dict[str, Any]:
        """What the refused run tried to store (nothing for an undo that would have removed the verdict)."""
        if self.undoing:
            return {} if self.created else dict(self.before)
        return dict(self.after)

    def _write(self, action: Any) -> Any:
        try:
            return action()
        except VerdictConflict as conflict:  # from now on this window knows the stored version
            self.versions.wrote(self.group_id, int(conflict.theirs.get("version", 0) or 0))
            raise

    def id(self) -> int:
        return _VERDICT_MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing in one text field in bursts undoes as one step."""
        if (
            not isinstance(other, SetVerdict)
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
        if not self.created and all(same_value(self.after[k], self.before.get(k)) for k in self.after):
            self.setObsolete(True)  # typed back to where it started: nothing left to undo
        return True


class EditCanonical(Command):
    """Edit a group's canonical wording; undo restores the wording the service reported as previous."""

    def __init__(self, wb: Workbench, group_id: int, canonical: str, *, text: str = "Edit canonical wording",
                 mergeable: bool = True, notify: Notify, refused: Refused) -> None:
        super().__init__(text, notify=notify, refused=refused)
        self.wb, self.group_id, self.canonical, self.mergeable = wb, group_id, canonical, mergeable
        self.previous: str | None = None  # known after the first do()
        self._last_edit = time.monotonic()

    def do(self) -> Change | None:
        previous = self.wb.set_canonical(self.group_id, self.canonical, expected=self.previous)
        if self.previous is None:
            if previous == self.canonical:
                return None
            self.previous = previous
        return Change(groups={self.group_id})

    def inverse(self) -> Change:
        assert self.previous is not None
        self.wb.set_canonical(self.group_id, self.previous, expected=self.canonical)
        return Change(groups={self.group_id})

    def id(self) -> int:
        return _CANONICAL_MERGE_ID if self.mergeable else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Consecutive edits of one group's wording undo as one step."""
        if (
            not isinstance(other, EditCanonical)
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
