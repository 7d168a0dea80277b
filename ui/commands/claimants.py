"""Undoable edits of a claim group's claimant (who made the claim).

The claimant is written with the one this window last showed (``expected``): a claimant changed by
another program meanwhile is a VerdictConflict — a refusal, never overwritten. Undo writes the
previous claimant back on the same condition.
"""

from __future__ import annotations

from collections.abc import Callable

from ui.commands.base import Change, Command, Notify, Refused, short
from workbench.service import Claimant, ClaimantType, Workbench


def claimant_text(claimant: Claimant | None) -> str:
    """The undo step's name: "Set claimant “Sergei Lavrov”" or "Clear claimant"."""
    return f"Set claimant “{short(claimant.display(), 40)}”" if claimant else "Clear claimant"


class SetClaimant(Command):
    """Set (or, with None, clear) a group's claimant; undo puts back the one it replaced."""

    def __init__(self, wb: Workbench, group_id: int, claimant: Claimant | None, *, expected: Claimant | None,
                 notify: Notify, refused: Refused, settled: Callable[[], None] | None = None) -> None:
        super().__init__(claimant_text(claimant), notify=notify, refused=refused, settled=settled)
        self.wb, self.group_id, self.claimant = wb, group_id, claimant
        self.previous = expected  # what the window showed: what undo puts back
        self._done_once = False

    def do(self) -> Change | None:
        if not self._done_once and self.claimant == self.previous:
            return None
        self._store(self.claimant, expected=self.previous)
        self._done_once = True
        return Change(groups={self.group_id})

    def inverse(self) -> Change:
        self._store(self.previous, expected=self.claimant)
        return Change(groups={self.group_id})

    def _store(self, claimant: Claimant | None, *, expected: Claimant | None) -> None:
        if claimant is None:
            self.wb.clear_claimant(self.group_id, expected=expected)
        else:
            self.wb.set_claimant(self.group_id, claimant.name, role=claimant.role,
                                 organization=claimant.type == ClaimantType.ORGANIZATION, expected=expected)
