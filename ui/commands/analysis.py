"""Undoable decisions about what linked claims reveal: merging or keeping apart a verdict conflict, and
switching the library's rating scale.

Each is one service call (one transaction) whose result carries what its inverse needs.
"""

from __future__ import annotations

from collections.abc import Mapping

from ui.commands.base import Change, Command, Notify, Refused, short
from workbench.service import ConflictMerge, KeptApart, Scale, ScaleSwitch, Workbench


class MergeConflict(Command):
    """Put two conflicting groups into one, keeping one side's verdict; undo splits them and restores the other."""

    def __init__(self, wb: Workbench, group_a: int, group_b: int, keep_verdict_of: int, *, notify: Notify,
                 refused: Refused) -> None:
        dropped = group_b if keep_verdict_of == group_a else group_a
        super().__init__(f"Merge groups {group_a} and {group_b} (keep the verdict of {keep_verdict_of}, "
                         f"drop that of {dropped})", notify=notify, refused=refused)
        self.wb, self.group_a, self.group_b, self.keep = wb, group_a, group_b, keep_verdict_of
        self.merge: ConflictMerge | None = None

    def do(self) -> Change:
        self.merge = self.wb.merge_conflict(self.group_a, self.group_b, keep_verdict_of=self.keep)
        return Change(groups={self.group_a, self.group_b, self.merge.group_id})

    def inverse(self) -> Change:
        assert self.merge is not None
        self.wb.undo_merge_conflict(self.merge)
        return Change(groups={self.group_a, self.group_b, self.merge.group_id})


class KeepApart(Command):
    """Record that two groups are different claims (and why); undo reports the conflict again."""

    def __init__(self, wb: Workbench, group_a: int, group_b: int, reason: str, *, notify: Notify,
                 refused: Refused) -> None:
        what = f"group {group_a}" if group_a == group_b else f"groups {group_a} and {group_b}"
        verb = "Dismiss the conflict of" if group_a == group_b else "Keep apart"
        super().__init__(f"{verb} {what} “{short(reason, 30)}”", notify=notify, refused=refused)
        self.wb, self.group_a, self.group_b, self.reason = wb, group_a, group_b, reason
        self.kept: KeptApart | None = None

    def do(self) -> Change:
        self.kept = self.wb.keep_apart(self.group_a, self.group_b, self.reason)
        return Change(groups=set())  # no group changed: only the list of conflicts

    def inverse(self) -> Change:
        assert self.kept is not None
        self.wb.undo_keep_apart(self.kept)
        return Change(groups=set())


class SwitchScale(Command):
    """Switch the library's rating scale, moving every verdict as mapped; undo puts scale and ratings back."""

    def __init__(self, wb: Workbench, scale: str | Scale, mapping: Mapping[str, str], *, label: str,
                 notify: Notify, refused: Refused) -> None:
        super().__init__(f"Switch to the rating scale “{label}”", notify=notify, refused=refused)
        self.wb, self.scale, self.mapping = wb, scale, dict(mapping)
        self.switch: ScaleSwitch | None = None

    def do(self) -> Change:
        self.switch = self.wb.use_scale(self.scale, self.mapping)
        return Change()  # ratings, colours and verdict versions of any group may have moved: read it all

    def inverse(self) -> Change:
        assert self.switch is not None
        self.wb.undo_scale_switch(self.switch)
        return Change()
