"""Team work in the window: assigning claim groups to reviewers, "My queue", resolving blind raters' disagreements.

Assigning and resolving are undoable commands (ui/commands/team.py) written off the GUI thread; a refusal
(a reviewer may not assign; a verdict changed meanwhile) is reported through the window's refusal path.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

from ui.assign_dialog import AssignDialog
from ui.commands.team import AssignGroup, resolve_disagreement
from ui.context import WindowContext
from ui.signoff import team_summary, team_view
from workbench.errors import WorkbenchError
from workbench.service import Workbench

ASSIGN_TIP = "Put the selected claim group in reviewers' queues"
ASSIGN_REFUSED_TIP = "Only an editor assigns claim groups to reviewers"


class TeamController(QObject):
    """Who the user is in the library, the group assignments, the My queue count, resolving disagreements."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.role = "owner"
        self.summary = ""  # login · role · sign-off, on a server library (the status bar shows it)
        self.dialog: AssignDialog | None = None
        ctx.events.libraryChanged.connect(self._library_changed)
        ctx.events.selectionChanged.connect(lambda *_: self.update_actions())
        ctx.state.reloaded.connect(self._count_queue)
        self.update_actions()

    def _library_changed(self) -> None:
        team = team_view(self.ctx.workbench())
        self.role = team.role if team is not None else "owner"
        self.summary = team_summary(team)
        self.update_actions()
        self._count_queue()

    def can_assign(self) -> bool:
        """Whether this user may assign groups here (everyone but a team's reviewers)."""
        return self.ctx.workbench() is not None and self.role != "reviewer"

    def update_actions(self) -> None:
        a, review = self.ctx.actions, self.ctx.review
        if a is None or review is None:
            return
        has_db = self.ctx.workbench() is not None
        a.assign.setEnabled(self.can_assign() and review.group_id is not None)
        key = a.assign.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{ASSIGN_REFUSED_TIP if has_db and not self.can_assign() else ASSIGN_TIP} ({key})"
        a.assign.setToolTip(tip)
        a.assign.setStatusTip(tip)
        a.my_queue.setEnabled(has_db)
        a.disagreements.setEnabled(has_db)

    def _count_queue(self) -> None:
        wb, a = self.ctx.workbench(), self.ctx.actions
        if a is None:
            return
        mine = sum(1 for g in self.ctx.state.groups.values() if wb is not None and wb.user in g.assignees)
        a.my_queue.setText(f"My &queue ({mine})")

    # -- assigning ---------------------------------------------------------------------------------

    def assign_dialog(self, group_id: int | None = None) -> AssignDialog | None:
        """Ask who the group (the selected one by default) should be assigned to; assign on OK."""
        wb, review = self.ctx.workbench(), self.ctx.review
        group_id = group_id if group_id is not None else review.group_id if review is not None else None
        group = self.ctx.state.groups.get(group_id) if group_id is not None else None
        if wb is None or group is None:
            self.ctx.status("Select a claim group first, then assign it", 6000)
            return None
        if not self.can_assign():
            self.ctx.status(ASSIGN_REFUSED_TIP, 6000)
            return None
        people, free = self._people(wb)
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = self.dialog = AssignDialog(group, people, free_names=free, parent=self.ctx.window)
        dialog.accepted.connect(lambda: self.assign(group.id, dialog.chosen()))
        dialog.open()
        return dialog

    def _people(self, wb: Workbench) -> tuple[list[tuple[str, str]], bool]:
        """Whom a group can be assigned to, with a note, and whether other names may be typed in."""
        if wb.db.on_server:
            try:
                members = wb.team_list()
            except WorkbenchError:
                members = []
            if members:  # a team library: its logins only (the server checks it too)
                ordered = sorted(members, key=lambda m: (m.role != "reviewer", m.login))
                return [(m.login, m.role) for m in ordered], False
        names = sorted({n for g in self.ctx.state.groups.values() for n in g.assignees} | {wb.user})
        return [(n, "you" if n == wb.user else "") for n in names], True

    def assign(self, group_id: int, logins: list[str]) -> None:
        """Put the group in exactly these logins' queues (one undoable step)."""
        wb, review = self.ctx.workbench(), self.ctx.review
        if wb is not None and review is not None:
            self.ctx.undo.push(AssignGroup(wb, group_id, logins, notify=review.apply_change,
                                           refused=self.ctx.report_refusal))

    # -- disagreements ---------------------------------------------------------------------------------

    def resolve(self, group_id: int, rating: str) -> None:
        """Set the verdict rating of a group its blind raters disagree on (one undoable step)."""
        wb, review = self.ctx.workbench(), self.ctx.review
        if wb is None or review is None:
            return
        scale = self.ctx.state.ratings.get(rating)
        try:
            command = resolve_disagreement(wb, group_id, rating, scale.label if scale else rating,
                                           notify=review.apply_change, refused=self.ctx.report_refusal)
        except WorkbenchError as exc:
            self.ctx.show_error(str(exc))
            return
        self.ctx.undo.push(command)
