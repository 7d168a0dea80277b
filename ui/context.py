"""What the window's parts share: the library state, undo, jobs, settings and the events they listen to.

Docks and controllers get one WindowContext instead of reaching into the main window. A new dock reads
``ctx.state`` and ``ctx.workbench()``, listens to ``ctx.events`` and acts through ``ctx.review`` /
``ctx.library`` or by pushing commands on ``ctx.undo``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ui.commands.base import Change, Command
from ui.settings import AppSettings
from ui.state import LibraryState
from ui.undo import UndoController
from ui.workers import JobRunner
from workbench.errors import WorkbenchError
from workbench.service import Workbench

if TYPE_CHECKING:
    from ui.actions import WindowActions
    from ui.controllers.analysis import AnalysisController
    from ui.controllers.library import LibraryController
    from ui.controllers.matching import MatchingController
    from ui.controllers.references import ReferencesController
    from ui.controllers.review import ReviewController
    from ui.controllers.team import TeamController


class WindowEvents(QObject):
    """Signals every part of the window may listen to (all on the GUI thread)."""

    libraryChanged = Signal()  # another library was opened, or the library was closed
    commitPending = Signal()  # save text typed but not yet saved, now (before closing or switching libraries)
    selectionChanged = Signal(object, object)  # the current claim id and its group id (None: nothing selected)
    changed = Signal(object)  # a ui.commands.Change was applied (the state already holds it)
    elsewhere = Signal(object)  # workbench.service.Changes another program or reviewer made (live updates)
    matchesChanged = Signal(object)  # the claim whose stored suggestions changed (None: possibly every claim)
    matchingStarted = Signal(int)  # the matcher started looking for this claim
    referencesChanged = Signal()  # fact-checks were imported or texts embedded: "checked before" may differ


@dataclass
class WindowContext:
    """The shared parts of one main window."""

    window: QMainWindow
    state: LibraryState
    undo: UndoController
    runner: JobRunner
    settings: AppSettings
    events: WindowEvents
    actions: WindowActions | None = None  # set once they exist (the window builds them first)
    review: ReviewController | None = None  # set once the controllers exist
    matching: MatchingController | None = None
    library: LibraryController | None = None
    team: TeamController | None = None  # assignments, My queue, disagreements
    analysis: AnalysisController | None = None
    references: ReferencesController | None = None  # fact-check imports, the embedding job
    selected_groups: Callable[[], list[int]] = lambda: []  # the groups selected in the Claims table (export)
    last_error: str = ""

    def workbench(self) -> Workbench | None:
        """The open library's service, or None."""
        return self.state.workbench

    def status(self, message: str, ms: int = 8000) -> None:
        """A passing message in the status bar."""
        self.window.statusBar().showMessage(message, ms)

    def show_error(self, message: str, title: str = "Claim Workbench") -> None:
        """Tell the user what went wrong, in words (never a traceback), without blocking the window."""
        self.last_error = message
        self.status(message.splitlines()[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def report_refusal(self, command: Command, error: WorkbenchError) -> None:
        """A command was refused: say which action and why, then show what the library holds now.

        Nothing was changed and no undo step is left; a refusal usually means the library changed
        elsewhere (another window, the command line), so the window reads it again.
        """
        action = command.text().split("“")[0].strip() or "That action"
        reason = str(error)
        self.show_error(f"{action} — not done: {reason[:1].upper()}{reason[1:]}", "Not done")
        if self.review is not None:
            self.review.apply_change(Change())
        self.events.matchesChanged.emit(None)
