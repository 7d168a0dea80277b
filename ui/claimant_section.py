"""The claimant in the verdict editor: a ClaimantEditor for the shown group, wired to undoable commands.

Setting or clearing the claimant pushes a ``SetClaimant`` carrying the claimant this window last read, so
one changed elsewhere meanwhile is refused (and shown), never overwritten. "Suggest from the text" reads
the speaker the articles name (``Workbench.suggest_claimant``, on the window's job runner when there is
one); the reviewer accepts it, which is an ordinary, undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.claimant_editor import ClaimantEditor
from ui.commands.base import Command, CommandSink, Notify
from ui.commands.claimants import SetClaimant
from workbench.errors import WorkbenchError
from workbench.service import Claimant, ClaimantProposal, Workbench


class Runner(Protocol):
    """Starts work on a worker thread and calls back on the GUI thread (ui.workers.JobRunner)."""

    def start(self, title: str, work: Callable[[Any, Any], Any], on_result: Callable[[Any], None] | None = ...,
              on_error: Callable[[str], None] | None = ...) -> object: ...


class ClaimantSection(QObject):
    """Shows and edits the claimant of one group through commands; the verdict editor tells it which group."""

    def __init__(self, parent: QWidget, *, workbench: Callable[[], Workbench | None],
                 undo: Callable[[], CommandSink], notify: Notify) -> None:
        super().__init__(parent)
        self.editor = ClaimantEditor(parent)
        self.editor.setToolTip("Who made the claim (exported as ClaimReview's itemReviewed.author); "
                               "saved when you leave a field, undoable")
        self._workbench, self._undo, self._notify = workbench, undo, notify
        self.runner: Runner | None = None  # the window's job runner (suggestions are read off the GUI thread)
        self.group_id: int | None = None
        self.stored: Claimant | None = None  # as last read: what the next edit expects to find
        self.error_box: QMessageBox | None = None
        self.editor.edited.connect(self._edited)
        self.editor.suggestionRequested.connect(self._suggest)

    def load(self, group_id: int | None, *, force: bool = False) -> None:
        """Show a group's claimant as stored (None: nothing to edit); typing not yet saved is kept."""
        wb = self._workbench()
        try:
            claimant = wb.get_claimant(group_id) if wb is not None and group_id is not None else None
        except WorkbenchError:
            group_id, claimant = None, None
        if group_id != self.group_id:
            self.group_id, self.stored = group_id, claimant
            self.editor.set_group(group_id, claimant)
            return
        self.stored = claimant
        if force or not self.editor.unsaved():
            self.editor.show_claimant(claimant)

    # -- edits -----------------------------------------------------------------------------------------

    def _edited(self, group_id: int, claimant: Claimant | None) -> None:
        wb = self._workbench()
        if wb is None or group_id != self.group_id:
            return
        self._undo().push(SetClaimant(wb, group_id, claimant, expected=self.stored, notify=self._notify,
                                      refused=self._refused))

    def _refused(self, command: Command, error: WorkbenchError) -> None:
        group_id = command.group_id if isinstance(command, SetClaimant) else None
        if group_id is not None and group_id == self.group_id:
            self.load(group_id, force=True)  # show what is stored now
        parent = self.editor.window()
        box = QMessageBox(QMessageBox.Icon.Warning, "Claimant not saved",
                          f"{command.text()} — not done: {error}", QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("claimantError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()

    # -- suggestions -----------------------------------------------------------------------------------

    def _suggest(self, group_id: int) -> None:
        wb = self._workbench()
        if wb is None:
            return

        def work(_progress: object, _cancelled: object) -> ClaimantProposal | None:
            return wb.suggest_claimant(group_id)

        def done(proposal: ClaimantProposal | None) -> None:
            if group_id == self.group_id:
                self.editor.show_suggestion(proposal)

        def failed(message: str) -> None:
            if group_id == self.group_id:
                self.editor.suggestion.setText(message)

        if self.runner is None:
            try:
                done(work(None, None))
            except WorkbenchError as exc:
                failed(str(exc))
        else:
            self.runner.start("Reading who made the claim", work, done, failed)
