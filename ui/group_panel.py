"""What the verdict editor and the compare view share: a panel showing one claim group of the open library."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ui.commands.base import Change, Command, CommandSink
from ui.settings import AppSettings
from workbench.errors import WorkbenchError
from workbench.service import GroupInfo, Workbench


class GroupPanel(QWidget):
    """Shows the claim group chosen with set_group; subclasses draw it in _reload and edit it through commands.

    Edits go to ``undo`` (the window's UndoController, or a plain QUndoStack in tests) as commands whose
    outcome comes back to ``_applied`` (drawn, and announced with ``changed``) or ``_refused``.
    A panel hidden in a shown window (a dock tab behind another) reads its group when it is shown.
    """

    changed = Signal(int)  # a group this panel changed (also on undo and redo)

    def __init__(self, workbench: Workbench | None, undo: CommandSink, name: str, parent: QWidget | None = None,
                 *, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.workbench = workbench
        self.undo = undo
        self.settings = settings or AppSettings()
        self._group_id: int | None = None
        self._group: GroupInfo | None = None
        self._loading = False
        self._stale = False  # the group changed while the panel was hidden: read it when shown

    def set_library(self, workbench: Workbench | None) -> None:
        """Switch to another library (None: closed); pending typing is saved first, then the panel is empty."""
        self.commit_pending()
        self.workbench = workbench
        self._group_id = None
        self._library_switched()
        self._redraw()

    def set_group(self, group_id: int | None) -> None:
        """Show a claim group (None: the empty state); pending typing is saved first."""
        if group_id == self._group_id:
            return
        self.commit_pending()
        self._group_id = group_id
        self._redraw()

    def group_id(self) -> int | None:
        """The group shown, or None."""
        return self._group_id

    def refresh(self) -> None:
        """Read the shown group again."""
        self._redraw()

    def refresh_if(self, change: Change) -> None:
        """Read the shown group again when a change elsewhere in the window touched it."""
        if change.origin == self.objectName():
            return
        if self._group_id is not None and (change.groups is None or self._group_id in change.groups):
            self._redraw()

    def _redraw(self) -> None:
        """Read and draw the group now, or when shown if the panel is hidden in a shown window."""
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._reload()

    def current(self) -> None:
        """Make sure what the panel holds is read (before acting on it while hidden)."""
        if self._stale:
            self._stale = False
            self._reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.current()

    def commit_pending(self) -> None:
        """Save text typed but not yet saved (before switching groups or libraries, or closing)."""

    def _library_switched(self) -> None:
        """Forget what belonged to the previous library (called before the empty state is shown)."""

    def _reload(self) -> None:
        raise NotImplementedError

    def _applied(self, change: Change) -> None:
        """A command of this panel was done, undone or redone: draw it, and tell the window."""
        groups = change.groups or set()
        if self._group_id in groups:
            self._reload()
        for group_id in sorted(groups):
            self.changed.emit(group_id)

    def _refused(self, command: Command, error: WorkbenchError) -> None:
        raise NotImplementedError
