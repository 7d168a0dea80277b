"""The main window: panes in the centre, docks around them, menus and toolbar over one set of actions."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from ui.actions import Actions
from ui.claims_dock import ClaimsDock
from ui.empty_state import EmptyState
from ui.help import show_about, show_shortcuts
from ui.library_dock import LibraryDock
from ui.matches_dock import MatchesDock
from ui.pane_area import MAX_PANES, PaneArea
from ui.resources import app_icon
from ui.state import LibraryState
from ui.window_library import LibraryMixin
from ui.window_review import ReviewMixin
from ui.window_settings import WindowSettings
from ui.workers import JobPanel, JobRunner
from workbench.service import ExportReport, VerdictImportReport, Workbench

log = logging.getLogger(__name__)


class MainWindow(LibraryMixin, ReviewMixin, QMainWindow):
    """The Claim Workbench window over one open library."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.settings = WindowSettings(settings or QSettings())
        self.wb: Workbench | None = None
        self.db_path: str = ""
        self.claim_id: int | None = None
        self.group_id: int | None = None
        self.last_error = ""
        self.last_export: ExportReport | None = None  # what File → Export… wrote last (tests, status)
        self.last_verdict_import: VerdictImportReport | None = None
        self.state = LibraryState(parent=self)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self.runner = JobRunner(self)
        self.actions = Actions(self, self.undo_stack)
        self._build_centre()
        self._build_docks()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.resize(1400, 900)
        self._update_title()
        self._update_actions()

    # -- construction ----------------------------------------------------------------------------

    def _build_centre(self) -> None:
        self.panes = PaneArea(self.state, self)
        self.removeAction(self.actions.remove_claim)
        self.panes.addAction(self.actions.remove_claim)
        a = self.actions
        self.panes.set_context_actions([a.mark, a.link, a.unlink, a.remove_claim, a.find_matches])
        self.empty = EmptyState(self)
        self.centre = QStackedWidget(objectName="centre")
        self.centre.addWidget(self.empty)
        self.centre.addWidget(self.panes)
        self.setCentralWidget(self.centre)

    def _build_docks(self) -> None:
        self.library_dock = LibraryDock(self.state, self)
        self.claims_dock = ClaimsDock(self.state, self)
        self.matches_dock = MatchesDock(self)
        self.verdict_editor: Any = None
        self.compare_view: Any = None
        self.verdict_dock = self._dock("verdictDock", "Verdict", "Open a library to record verdicts.")
        self.compare_dock = self._dock("compareDock", "Compare", "Open a library to compare claim variants.")
        # library on the left, verdict on the right, claims (with compare) and matches side by side below
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.verdict_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.claims_dock)
        self.splitDockWidget(self.claims_dock, self.matches_dock, Qt.Orientation.Horizontal)
        self.tabifyDockWidget(self.claims_dock, self.compare_dock)
        self.claims_dock.raise_()
        self.resizeDocks([self.library_dock, self.verdict_dock], [300, 380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.claims_dock, self.matches_dock], [820, 600], Qt.Orientation.Horizontal)
        self.resizeDocks([self.claims_dock], [270], Qt.Orientation.Vertical)
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)

    def _dock(self, name: str, title: str, placeholder: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(_placeholder(placeholder, f"{name}Placeholder"))
        return dock

    def _install_editors(self) -> None:
        """Put a fresh verdict editor and compare view (written alongside this window) over the open library."""
        self.verdict_editor = self._editor(self.verdict_dock, "ui.verdict_editor", "VerdictEditor", "verdict editor")
        self.compare_view = self._editor(self.compare_dock, "ui.compare_view", "CompareView", "comparison view")

    def _editor(self, dock: QDockWidget, module: str, name: str, what: str) -> Any:
        """The widget in a dock, or a placeholder saying why it is missing."""
        old = dock.widget()
        placeholder = f"{dock.objectName()}Placeholder"
        widget: QWidget | None = None
        if self.wb is not None:
            try:
                cls = getattr(importlib.import_module(module), name)
                widget = cls(self.wb, self.undo_stack, dock)
            except (ImportError, AttributeError) as exc:
                log.info("%s.%s is not available: %s", module, name, exc)
                dock.setWidget(_placeholder(f"The {what} is not part of this build yet.", placeholder))
            except Exception:
                log.exception("could not create the %s", what)
                dock.setWidget(_placeholder(f"The {what} could not start; see the log.", placeholder))
        else:
            dock.setWidget(_placeholder(f"Open a library to use the {what}.", placeholder))
        if widget is not None:
            widget.setObjectName(widget.objectName() or name[0].lower() + name[1:])
            changed = getattr(widget, "changed", None)
            if changed is not None:
                changed.connect(self._verdict_changed)
            dock.setWidget(widget)
        if old is not None and old is not dock.widget():
            old.hide()
            old.deleteLater()
        return widget

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.setObjectName("fileMenu")
        file.addActions([a.new_db, a.open_db])
        self.recent_menu = QMenu("Open &recent", self, objectName="recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addMenu(self.recent_menu)
        file.addSeparator()
        file.addActions([a.import_files, a.import_folder, a.open_samples])
        file.addSeparator()
        file.addActions([a.export, a.import_verdicts])
        file.addSeparator()
        file.addAction(a.quit)
        edit = bar.addMenu("&Edit")
        edit.setObjectName("editMenu")
        edit.addActions([a.undo, a.redo])
        edit.addSeparator()
        edit.addActions([a.mark, a.remove_claim])
        edit.addSeparator()
        edit.addAction(a.find)
        view = bar.addMenu("&View")
        view.setObjectName("viewMenu")
        view.addActions([a.add_pane, a.remove_pane])
        view.addSeparator()
        for dock in (self.library_dock, self.claims_dock, self.matches_dock, self.verdict_dock, self.compare_dock):
            view.addAction(dock.toggleViewAction())
        claims = bar.addMenu("&Claims")
        claims.setObjectName("claimsMenu")
        claims.addActions([a.mark, a.remove_claim, a.link, a.unlink])
        claims.addSeparator()
        claims.addActions([a.find_matches, a.match_all])
        claims.addSeparator()
        claims.addActions([a.next_claim, a.previous_claim])
        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        help_menu.addActions([a.shortcuts, a.about])

    def _build_toolbar(self) -> None:
        a = self.actions
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([a.import_files, a.import_folder])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.mark, a.remove_claim, a.find_matches, a.match_all])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.previous_claim, a.next_claim])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a.undo, a.redo])
        self.toolbar.addSeparator()
        self.toolbar.addAction(a.add_pane)
        for action in (a.undo, a.redo):  # their text names the step ("Undo Mark claim …"): keep it in the tooltip
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(self.toolbar)
        self.menuBar().findChild(QMenu, "viewMenu").addAction(self.toolbar.toggleViewAction())

    def _build_status_bar(self) -> None:
        self.job_panel = JobPanel(self.runner, self)
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.job_panel)
        self.library_label = QLabel(objectName="libraryLabel")
        self.statusBar().addPermanentWidget(self.library_label)

    def _connect(self) -> None:
        a = self.actions
        a.new_db.triggered.connect(self.new_database_dialog)
        a.open_db.triggered.connect(self.open_database_dialog)
        a.open_samples.triggered.connect(self.import_samples)
        a.import_files.triggered.connect(self.import_files_dialog)
        a.import_folder.triggered.connect(self.import_folder_dialog)
        a.export.triggered.connect(self.export_dialog)
        a.import_verdicts.triggered.connect(self.import_verdicts_dialog)
        a.quit.triggered.connect(self.close)
        a.mark.triggered.connect(self.mark_selection)
        a.remove_claim.triggered.connect(self.remove_selected_claim)
        a.link.triggered.connect(self.link_selection)
        a.unlink.triggered.connect(self.unlink_current)
        a.find.triggered.connect(self._focus_claims_filter)
        a.add_pane.triggered.connect(self.add_pane)
        a.remove_pane.triggered.connect(self.remove_pane)
        a.find_matches.triggered.connect(lambda: self.find_matches())
        a.match_all.triggered.connect(self.match_all)
        a.next_claim.triggered.connect(lambda: self.step_claim(1))
        a.previous_claim.triggered.connect(lambda: self.step_claim(-1))
        a.shortcuts.triggered.connect(lambda: show_shortcuts(self, self.actions.all()))
        a.about.triggered.connect(lambda: show_about(self))
        a.cancel_job.triggered.connect(self.job_panel.cancel)
        self.empty.samplesRequested.connect(self.import_samples)
        self.empty.importRequested.connect(self.import_files_dialog)
        self.library_dock.articleActivated.connect(self.open_article)
        self.claims_dock.groupSelected.connect(lambda g: self.select_group(g, open_articles=True))
        self.matches_dock.acceptRequested.connect(self.accept_suggestion)
        self.matches_dock.rejectRequested.connect(self.reject_suggestion)
        self.matches_dock.acceptAllRequested.connect(self.accept_all)
        self.matches_dock.showRequested.connect(self.show_suggestion)
        self.panes.claimClicked.connect(lambda c: self.select_claim(c, skip_pane=self.panes.active))
        self.panes.activeChanged.connect(self._update_actions)
        for pane in self.panes.panes:
            pane.text.selectionChanged.connect(self._update_actions)
        self.state.reloaded.connect(self._after_reload)
        self.runner.started.connect(lambda _job: self._update_actions())
        self.runner.ended.connect(lambda _job: self._update_actions())
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
        self.undo_stack.undoTextChanged.connect(lambda text: self._step_tooltip(a.undo, "Undo", text))
        self.undo_stack.redoTextChanged.connect(lambda text: self._step_tooltip(a.redo, "Redo", text))

    # -- state of the window -----------------------------------------------------------------------

    def _update_actions(self) -> None:
        a = self.actions
        has_db = self.wb is not None
        pane = self.panes.active
        selection = pane is not None and pane.article_id is not None and pane.text.textCursor().hasSelection()
        matching = has_db and hasattr(self.wb, "suggest")
        for action in (a.import_files, a.import_folder, a.open_samples):
            action.setEnabled(has_db)
        a.mark.setEnabled(has_db and selection)
        a.remove_claim.setEnabled(has_db and self.claim_id is not None)
        a.link.setEnabled(has_db and self.claim_id is not None and selection)
        group = self.state.groups.get(self.group_id) if self.group_id is not None else None
        a.unlink.setEnabled(has_db and group is not None and len(group.claims) > 1)
        a.find_matches.setEnabled(matching and self.claim_id is not None)
        a.match_all.setEnabled(matching and bool(self.state.claims))
        a.next_claim.setEnabled(bool(self.state.claims))
        a.previous_claim.setEnabled(bool(self.state.claims))
        a.add_pane.setEnabled(len(self.panes.panes) < MAX_PANES)
        a.remove_pane.setEnabled(len(self.panes.panes) > 1)
        a.export.setEnabled(has_db)
        a.import_verdicts.setEnabled(has_db)
        a.cancel_job.setEnabled(self.runner.busy())

    @staticmethod
    def _step_tooltip(action: Any, verb: str, step: str) -> None:
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{verb} {step} ({key})" if step else f"Nothing to {verb.lower()} ({key})")

    def _update_title(self) -> None:
        name = Path(self.db_path).name if self.db_path else "no library"
        self.setWindowTitle(f"{name} — Claim Workbench")
        self.setWindowFilePath(self.db_path)

    def show_error(self, message: str, title: str = "Claim Workbench") -> None:
        """Tell the user what went wrong, in words (never a traceback), without blocking the window."""
        self.last_error = message
        self.statusBar().showMessage(message.splitlines()[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def restore_window(self) -> None:
        """Geometry and dock layout from the last session."""
        self.settings.restore_window(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout and panes, stop background work and release the library."""
        self.settings.save_window(self)
        self.close_database()
        super().closeEvent(event)


def _placeholder(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setMargin(12)
    return label
