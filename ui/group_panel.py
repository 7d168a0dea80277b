"""What the verdict editor and the compare view share: a panel showing one claim group of one library."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from workbench.service import GroupInfo, Workbench


class GroupPanel(QWidget):
    """Shows the claim group chosen with set_group; subclasses draw it in _reload and edit it through commands."""

    changed = Signal(int)  # the group this panel changed (also on undo/redo)

    def __init__(self, workbench: Workbench, undo_stack: QUndoStack, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.workbench = workbench
        self.undo_stack = undo_stack
        self._group_id: int | None = None
        self._group: GroupInfo | None = None
        self._loading = False

    def set_group(self, group_id: int | None) -> None:
        """Show a claim group (None: the empty state); pending typing is saved first."""
        self.commit_pending()
        self._group_id = group_id
        self._reload()

    def group_id(self) -> int | None:
        """The group shown, or None."""
        return self._group_id

    def refresh(self) -> None:
        """Read the shown group again (after links, unlinks or edits elsewhere in the window)."""
        self._reload()

    def set_workbench(self, workbench: Workbench) -> None:
        """Switch to another library; shows the empty state."""
        self.commit_pending()
        self.workbench = workbench
        self._group_id = None
        self._library_switched()
        self._reload()

    def commit_pending(self) -> None:
        """Save text typed but not yet saved (before switching groups or libraries, or closing)."""

    def _library_switched(self) -> None:
        """Forget what belonged to the previous library (called before the empty state is shown)."""

    def _reload(self) -> None:
        raise NotImplementedError

    def _applied(self, group_id: int) -> None:
        """A command of this panel was done, undone or redone."""
        if group_id == self._group_id:
            self._reload()
        self.changed.emit(group_id)
