"""The main window: panes in the centre, registered docks around them, menus and toolbar over one set of actions.

The window only builds and connects. What it does lives in composed controllers — ``library``
(opening, importing, exporting), ``review`` (selection, claim edits) and ``matching`` — which share a
WindowContext with the docks (ui.docks). Writes go through ``undo`` (off the GUI thread).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QTabWidget, QToolBar, QToolButton, QWidget

from ui.actions import WindowActions
from ui.context import WindowContext, WindowEvents
from ui.controllers.analysis import AnalysisController
from ui.controllers.library import LibraryController
from ui.controllers.live import LiveController
from ui.controllers.matching import MatchingController
from ui.controllers.references import ReferencesController
from ui.controllers.review import ReviewController
from ui.controllers.team import TeamController
from ui.docks import DOCKS, build_docks
from ui.empty_state import EmptyState
from ui.help import show_about, show_shortcuts
from ui.pane_area import MAX_PANES, PaneArea
from ui.resources import app_icon
from ui.settings import AppSettings
from ui.state import LibraryState
from ui.undo import UndoController
from ui.workers import JobPanel, JobRunner
from workbench.service import Workbench

W = TypeVar("W", bound=QWidget)
BUSY_TEXT = "Saving… the library is busy (another program is writing to it); your change is kept and saved shortly"


class MainWindow(QMainWindow):
    """The Claim Workbench window over one open library."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.undo = UndoController(self)
        self.runner = JobRunner(self)
        self.state = LibraryState(parent=self)
        self.ctx = WindowContext(window=self, state=self.state, undo=self.undo, runner=self.runner,
                                 settings=AppSettings(settings), events=WindowEvents(self))
        self.user_actions = WindowActions(self, self.undo)
        self.ctx.actions = self.user_actions
        self.panes = PaneArea(self.state, self)
        self.empty = EmptyState(self)
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.setObjectName("recentMenu")
        self.review = ReviewController(self.ctx, self.panes)
        self.matching = MatchingController(self.ctx, self.review, self.panes)
        self.library = LibraryController(self.ctx, self.panes, self.empty, self.recent_menu)
        self.analysis = AnalysisController(self.ctx)
        self.ctx.review, self.ctx.matching, self.ctx.library = self.review, self.matching, self.library
        self.ctx.analysis = self.analysis
        self.references = self.ctx.references = ReferencesController(self.ctx)  # fact-checks, embedding
        self.live = LiveController(self.ctx)  # changes made elsewhere appear without a reload
        self.team = self.ctx.team = TeamController(self.ctx)
        self._build_centre()
        self.docks = build_docks(self.ctx)
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.resize(1400, 900)
        self._update_title()
        self._update_actions()

    # -- what tests and the app entry points use --------------------------------------------------

    @property
    def settings(self) -> AppSettings:
        """What the app remembers between runs."""
        return self.ctx.settings

    @property
    def wb(self) -> Workbench | None:
        """The open library's service."""
        return self.state.workbench

    def panel(self, kind: type[W]) -> W:
        """The window's one widget of a kind (a dock's content: MatchesDock, VerdictEditor…)."""
        found = self.findChild(kind)
        if found is None:
            raise LookupError(f"the window has no {kind.__name__}")
        return found

    def busy(self) -> bool:
        """True while background work runs or a write is on its way."""
        return self.runner.busy() or self.undo.busy()

    def show_dock(self, name: str) -> None:
        """Show a dock and bring it to the front of its tabs."""
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    def restore_window(self) -> bool:
        """Geometry and dock layout from the last session; False on a first run."""
        return self.settings.restore_window(self)

    # -- construction ----------------------------------------------------------------------------

    def _build_centre(self) -> None:
        a = self.user_actions
        self.removeAction(a.remove_claim)
        self.panes.addAction(a.remove_claim)
        self.panes.set_context_actions([a.mark, a.link, a.unlink, a.remove_claim, a.find_matches])
        self.centre = QStackedWidget(self)
        self.centre.setObjectName("centre")
        self.centre.addWidget(self.empty)
        self.centre.addWidget(self.panes)
        self.setCentralWidget(self.centre)

    def _build_menus(self) -> None:
        a = self.user_actions
        bar = self.menuBar()
        file = self._menu(bar.addMenu("&File"), "fileMenu")
        file.addActions([a.new_db, a.open_db])
        file.addMenu(self.recent_menu)
        file.addSeparator()
        file.addActions([a.import_files, a.import_folder, a.open_samples, a.import_factchecks])
        file.addSeparator()
        file.addActions([a.export, a.import_verdicts])
        file.addSeparator()
        file.addAction(a.quit)
        edit = self._menu(bar.addMenu("&Edit"), "editMenu")
        edit.addActions([a.undo, a.redo])
        edit.addSeparator()
        edit.addActions([a.mark, a.remove_claim])
        edit.addSeparator()
        edit.addAction(a.find)
        self.view_menu = self._menu(bar.addMenu("&View"), "viewMenu")
        self.view_menu.addActions([a.add_pane, a.remove_pane])
        self.view_menu.addSeparator()
        self.view_menu.addActions([a.show_overview, a.show_conflicts])
        self.view_menu.addSeparator()
        for spec in DOCKS:
            self.view_menu.addAction(self.docks[spec.name].toggleViewAction())
        claims = self._menu(bar.addMenu("&Claims"), "claimsMenu")
        claims.addActions([a.mark, a.remove_claim, a.link, a.unlink])
        claims.addSeparator()
        claims.addActions([a.find_matches, a.match_all, a.reindex])
        claims.addSeparator()
        claims.addActions([a.next_claim, a.previous_claim])
        claims.addSeparator()
        claims.addActions([a.my_queue, a.assign, a.disagreements])
        claims.addSeparator()
        claims.addAction(a.rating_scale)
        help_menu = self._menu(bar.addMenu("&Help"), "helpMenu")
        help_menu.addActions([a.shortcuts, a.about])

    @staticmethod
    def _menu(menu: QMenu, name: str) -> QMenu:
        menu.setObjectName(name)
        return menu

    def _build_toolbar(self) -> None:
        a = self.user_actions
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for group in ([a.import_files, a.import_folder], [a.mark, a.remove_claim, a.find_matches, a.match_all],
                      [a.previous_claim, a.next_claim], [a.undo, a.redo]):
            self.toolbar.addActions(group)
            self.toolbar.addSeparator()
        self.toolbar.addAction(a.add_pane)
        for action in (a.undo, a.redo):  # their text names the step ("Undo Mark claim …"): keep it in the tooltip
            button = self.toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(self.toolbar)
        self.view_menu.addAction(self.toolbar.toggleViewAction())

    def _build_status_bar(self) -> None:
        self.job_panel = JobPanel(self.runner, self)
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.busy_label = QLabel(BUSY_TEXT, self)
        self.busy_label.setObjectName("libraryBusy")
        self.busy_label.hide()
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.job_panel)
        self.library_label = QLabel(self)
        self.library_label.setObjectName("libraryLabel")
        status.addPermanentWidget(self.library_label)
        self.team_label = QLabel(self)
        self.team_label.setObjectName("teamLabel")
        self.team_label.setToolTip("Your login and role in this team library")
        status.addPermanentWidget(self.team_label)

    def _connect(self) -> None:
        a, library, review, matching = self.user_actions, self.library, self.review, self.matching
        for action, slot in (
            (a.new_db, library.new_database_dialog), (a.open_db, library.open_database_dialog),
            (a.open_samples, library.import_samples), (a.import_files, library.import_files_dialog),
            (a.import_folder, library.import_folder_dialog), (a.export, library.export_dialog),
            (a.import_verdicts, library.import_verdicts_dialog), (a.reindex, library.reindex), (a.quit, self.close),
            (a.import_factchecks, self.references.import_factchecks_dialog),
            (a.mark, review.mark_selection), (a.remove_claim, review.remove_selected_claim),
            (a.link, review.link_selection), (a.unlink, review.unlink_current), (a.add_pane, self._add_pane),
            (a.remove_pane, self._remove_pane), (a.find_matches, matching.find_matches),
            (a.match_all, matching.match_all), (a.next_claim, lambda: review.step_claim(1)),
            (a.previous_claim, lambda: review.step_claim(-1)),
            (a.shortcuts, lambda: show_shortcuts(self, a.all())), (a.about, lambda: show_about(self)),
            (a.cancel_job, self.job_panel.cancel), (a.assign, self.team.assign_dialog),
            (a.disagreements, lambda: self.show_dock("disagreementsDock")),
            (a.cancel_job, self.job_panel.cancel), (a.rating_scale, self.analysis.choose_scale),
            (a.show_overview, lambda: self.show_dock("overviewDock")),
            (a.show_conflicts, lambda: self.show_dock("conflictsDock")),
        ):
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
        self.empty.samplesRequested.connect(library.import_samples)
        self.empty.importRequested.connect(library.import_files_dialog)
        self.panes.activeChanged.connect(self._update_actions)
        self.panes.selectionChanged.connect(self._update_actions)
        events = self.ctx.events
        events.selectionChanged.connect(lambda *_: self._update_actions())
        events.libraryChanged.connect(self._update_title)
        self.state.reloaded.connect(self._after_reload)
        self.runner.started.connect(lambda _job: self._update_actions())
        self.runner.ended.connect(lambda _job: self._update_actions())
        self.undo.writes.stalled.connect(self.busy_label.setVisible)

    # -- state of the window -----------------------------------------------------------------------

    def _add_pane(self) -> None:
        self.panes.add_pane()
        self._update_actions()

    def _remove_pane(self) -> None:
        self.panes.remove_pane()
        self._update_actions()

    def _update_actions(self) -> None:
        a = self.user_actions
        has_db = self.wb is not None
        pane = self.panes.active
        selection = pane is not None and pane.article_id is not None and pane.text.textCursor().hasSelection()
        claim, claims = self.review.claim_id, bool(self.state.claims)
        for action in (a.import_files, a.import_folder, a.open_samples, a.export, a.import_verdicts, a.reindex,
                       a.rating_scale, a.import_factchecks):
            action.setEnabled(has_db)
        a.mark.setEnabled(has_db and selection)
        a.remove_claim.setEnabled(has_db and claim is not None)
        a.link.setEnabled(has_db and claim is not None and selection)
        group = self.state.groups.get(self.review.group_id) if self.review.group_id is not None else None
        a.unlink.setEnabled(has_db and group is not None and len(group.claims) > 1)
        a.find_matches.setEnabled(has_db and claim is not None)
        for action in (a.match_all, a.next_claim, a.previous_claim):
            action.setEnabled(has_db and claims)
        a.add_pane.setEnabled(len(self.panes.panes) < MAX_PANES)
        a.remove_pane.setEnabled(len(self.panes.panes) > 1)
        a.cancel_job.setEnabled(self.runner.busy())

    def _after_reload(self) -> None:
        has_articles = bool(self.state.articles)
        self.centre.setCurrentWidget(self.panes if has_articles else self.empty)
        n_articles, n_groups = len(self.state.articles), len(self.state.groups)
        articles = f"{n_articles} article{'s' if n_articles != 1 else ''}"
        groups = f"{n_groups} claim group{'s' if n_groups != 1 else ''}"
        self.library_label.setText(f"{articles} · {groups}" if self.wb is not None else "No library open")
        self._update_actions()

    def _update_title(self) -> None:
        wb = self.wb
        file = wb.db.path if wb is not None else None
        name = Path(file).name if file else wb.db.display if wb is not None else "no library"  # never a password
        self.setWindowTitle(f"{name} — Claim Workbench")
        self.setWindowFilePath(str(file) if file else "")
        self.team_label.setText(self.team.summary)
        self.team_label.setVisible(bool(self.team.summary))

    # -- drops and closing -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files and folders dragged from the desktop can be dropped anywhere on the window."""
        if self.library.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import the dropped files and folders (those of a registered format)."""
        if self.library.drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _close_now(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save typed text and wait (without freezing) for pending writes; then save the layout and close."""
        self.ctx.events.commitPending.emit()
        if self.undo.busy():
            event.ignore()
            self.statusBar().showMessage("Saving your last change; the window closes when it is written…")
            self.undo.when_idle(self._close_now)
            return
        self.settings.save_window(self)
        self.library.close_database()
        super().closeEvent(event)
