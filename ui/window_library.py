"""The main window's library side: opening libraries, importing (menus, dialogs, drag and drop), export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from ui.export_dialog import run_export_dialog, run_import_verdicts_dialog
from ui.pane_area import MAX_PANES
from ui.state import Snapshot, take_snapshot
from ui.workers import Job
from workbench.errors import WorkbenchError
from workbench.service import Workbench

IMPORT_FILTER = "Articles (*.txt *.md *.html *.htm *.pdf *.docx);;All files (*)"
LIBRARY_FILTER = "Claim Workbench library (*.sqlite3 *.sqlite *.db);;All files (*)"


class LibraryMixin:
    """Open, close and fill libraries; mixed into MainWindow, whose widgets it uses."""

    wb: Workbench | None
    db_path: str
    # -- library -------------------------------------------------------------------------------

    def open_database(self, target: str | Path | None, *, background: bool = True,
                      restore_panes: bool = False) -> Job | None:
        """Open (create, migrate) a library and show it; the reading happens off the GUI thread."""
        self.close_database()
        target_text = str(target) if target is not None else None

        def work(progress: Callable, cancelled: Callable) -> tuple[Workbench, Snapshot]:
            progress(0, 2, "opening")
            wb = Workbench.open(target_text)
            try:
                progress(1, 2, "reading")
                return wb, take_snapshot(wb)
            except BaseException:
                wb.close()
                raise

        def done(result: tuple[Workbench, Snapshot]) -> None:
            self._library_opened(*result, restore_panes=restore_panes)

        if not background:
            try:
                done(work(lambda *_: None, lambda: False))
            except WorkbenchError as exc:
                self.show_error(f"Could not open the library: {exc}")
            return None
        return self.runner.start("Opening library", work, done,
                                 lambda message: self.show_error(f"Could not open the library: {message}"))

    def _library_opened(self, wb: Workbench, snapshot: Snapshot, *, restore_panes: bool) -> None:
        self.wb = wb
        path = wb.db.path
        self.db_path = str(path) if path else str(wb.db)
        self.settings.add_recent(self.db_path)
        self._install_editors()
        self.state.workbench = wb
        self.state.apply(snapshot)
        self.empty.set_library(self.db_path)
        self.panes.clear()
        self.panes.refresh()
        if restore_panes:
            self._restore_panes()
        elif len(self.state.articles) >= 1:
            self._open_first_articles()
        self._update_title()

    def close_database(self) -> None:
        """Finish background work, forget undo history and release the open library."""
        self.runner.cancel_all()
        self.undo_stack.clear()
        self.select_claim(None)
        if self.wb is not None:
            for widget in (self.verdict_editor, self.compare_view):
                commit = getattr(widget, "commit_pending", None)
                if commit is not None:
                    commit()
            self.settings.save_panes(self.db_path, self.panes.article_ids())
            self.wb.close()
        self.wb = None
        self.db_path = ""
        self.state.workbench = None
        self.state.apply(Snapshot())
        self.panes.clear()
        self._install_editors()

    def _open_first_articles(self) -> None:
        """Fill the panes with the group that spans most outlets, else the first articles."""
        linked = sorted(self.state.groups.values(), key=lambda g: -len({c.article_id for c in g.claims}))
        if linked and len({c.article_id for c in linked[0].claims}) > 1:
            self.select_group(linked[0].id, open_articles=True)
            return
        self.panes.open_articles(list(self.state.articles)[: len(self.panes.panes)])

    def _restore_panes(self) -> None:
        saved = self.settings.panes(self.db_path)
        if not saved:
            self._open_first_articles()
            return
        while len(self.panes.panes) < min(len(saved), MAX_PANES):
            self.panes.add_pane()
        for pane, article_id in zip(self.panes.panes, saved, strict=False):
            if article_id in self.state.articles:
                self.panes.show_article(article_id, pane)

    def new_database_dialog(self) -> None:
        """Ask for a new library file and open it."""
        path, _ = QFileDialog.getSaveFileName(self, "New library", str(Path.home() / "claims.sqlite3"), LIBRARY_FILTER)
        if path:
            self.open_database(path)

    def open_database_dialog(self) -> None:
        """Ask for a library file and open it."""
        path, _ = QFileDialog.getOpenFileName(self, "Open library", str(Path.home()), LIBRARY_FILTER)
        if path:
            self.open_database(path, restore_panes=True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_database(p, restore_panes=True))
        if not recent:
            self.recent_menu.addAction("No recent libraries").setEnabled(False)

    # -- importing -------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | Path]) -> Job | None:
        """Import files and folders in the background, then show what came in."""
        if self.wb is None:
            return None
        wb = self.wb
        items = [Path(p) for p in paths]

        def work(progress: Callable, cancelled: Callable) -> tuple[list, Snapshot]:
            results = wb.import_paths(items, progress=progress, cancelled=cancelled)
            return results, take_snapshot(wb)

        return self.runner.start("Importing articles", work, self._imported, self.show_error)

    def import_samples(self) -> Job | None:
        """Import the bundled sample articles in the background."""
        if self.wb is None:
            return None
        wb = self.wb

        def work(progress: Callable, cancelled: Callable) -> tuple[list, Snapshot]:
            results = wb.import_seeds(progress=progress, cancelled=cancelled)
            return results, take_snapshot(wb)

        return self.runner.start("Importing the sample articles", work, self._imported, self.show_error)

    def _imported(self, outcome: tuple[list, Snapshot]) -> None:
        results, snapshot = outcome
        if self.wb is None:
            return
        before = set(self.state.articles)
        self.state.apply(snapshot)
        self.panes.refresh()
        new = [r.article_id for r in results if r.status == "imported" and r.article_id is not None]
        errors = [r for r in results if r.status == "error"]
        counts = {s: sum(1 for r in results if r.status == s) for s in ("imported", "updated", "duplicate")}
        message = f"Imported {counts['imported']} article{'s' if counts['imported'] != 1 else ''}"
        if counts["updated"]:
            message += f", updated {counts['updated']}"
        if counts["duplicate"]:
            message += f", {counts['duplicate']} already in the library"
        if errors:
            message += f", {len(errors)} could not be read"
        self.statusBar().showMessage(message, 10000)
        if errors:
            details = "\n".join(f"{Path(r.path).name}: {r.message}" for r in errors[:20])
            self.show_error(f"{message}.\n\n{details}", "Some files were not imported")
        fresh = [a for a in new if a not in before]
        if fresh and all(p.article_id is None for p in self.panes.panes):
            self.panes.open_articles(fresh[: len(self.panes.panes)])

    def import_files_dialog(self) -> None:
        """Ask for article files to import."""
        if self.wb is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(Path.home()), IMPORT_FILTER)
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        """Ask for a folder of article files to import."""
        if self.wb is None:
            return
        path = QFileDialog.getExistingDirectory(self, "Import a folder of articles", str(Path.home()))
        if path:
            self.import_paths([path])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files and folders dragged from the desktop can be dropped anywhere on the window."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import the dropped files and folders."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- export ---------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        """File → Export…: format, scope and destination; the export runs in the background."""
        if self.wb is not None:
            run_export_dialog(self, self.wb, self.claims_dock.selected_group_ids())

    def import_verdicts_dialog(self) -> None:
        """File → Import verdicts…: apply an edited verdict workbook in the background."""
        if self.wb is not None:
            run_import_verdicts_dialog(self, self.wb)
