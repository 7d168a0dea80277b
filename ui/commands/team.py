"""Undoable team actions: who a claim group is assigned to, and resolving a disagreement of blind raters."""

from __future__ import annotations

from collections.abc import Sequence

from ui.commands.base import Change, Command, Notify, Refused
from ui.commands.verdicts import SetVerdict, VersionBook
from workbench.service import Workbench


def _names(logins: Sequence[str]) -> str:
    return ", ".join(logins) if len(logins) <= 3 else f"{', '.join(logins[:2])} and {len(logins) - 2} more"


class AssignGroup(Command):
    """Put a claim group in exactly these logins' queues (undo puts back who had it before)."""

    def __init__(self, wb: Workbench, group_id: int, logins: Sequence[str], *, notify: Notify,
                 refused: Refused) -> None:
        super().__init__(f"Assign group {group_id}", notify=notify, refused=refused)
        self.wb, self.group_id = wb, group_id
        self.after = tuple(dict.fromkeys(n.strip() for n in logins if n.strip()))
        self.before: tuple[str, ...] | None = None  # read by the first do()

    def do(self) -> Change | None:
        if self.before is None:
            self.before = tuple(a.login for a in self.wb.list_assignments(group_id=self.group_id))
            if set(self.before) == set(self.after):
                return None
            added = [n for n in self.after if n not in self.before]
            removed = [n for n in self.before if n not in self.after]
            if added and not removed:
                self.setText(f"Assign group {self.group_id} to {_names(added)}")
            elif removed and not added:
                self.setText(f"Unassign group {self.group_id} from {_names(removed)}")
        self._set(self.before, self.after)
        return Change(groups={self.group_id})

    def inverse(self) -> Change:
        assert self.before is not None  # inverse() follows a do() that succeeded
        self._set(self.after, self.before)
        return Change(groups={self.group_id})

    def _set(self, have: Sequence[str], want: Sequence[str]) -> None:
        added = [n for n in want if n not in have]
        if added:  # first: it checks the names (a team login?) before anything is taken away
            self.wb.assign(self.group_id, added)
        for login in have:
            if login not in want:
                self.wb.unassign(self.group_id, login)


def resolve_disagreement(wb: Workbench, group_id: int, rating: str, label: str, *, notify: Notify,
                         refused: Refused) -> SetVerdict:
    """The command setting a disagreed group's verdict rating to the one chosen (against the version read now)."""
    versions = VersionBook()
    current = wb.get_verdict(group_id)
    versions.loaded(group_id, current.version if current else 0)
    return SetVerdict(wb, group_id, {"rating": rating}, versions=versions, text=f"Resolve group {group_id} as {label}",
                      reviewer_if_new=wb.user, notify=notify, refused=refused)
