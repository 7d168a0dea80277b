"""The open library: opening and closing it, importing (menus, dialogs, drag and drop), export, reindex.

Reading a whole library, importing, exporting and rebuilding the index run on the window's JobRunner;
only their results reach the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtWidgets import QFileDialog, QMenu

from ui.commands.base import Change
from ui.context import WindowContext
from ui.empty_state import EmptyState
from ui.export_dialog import ExportRequest, run_export_dialog, start_export, start_verdict_import
from ui.open_dialog import OpenLibraryDialog, split_password
from ui.pane_area import MAX_PANES, PaneArea
from ui.state import Snapshot, take_snapshot
from ui.workers import Job
from workbench.errors import WorkbenchError
from workbench.service import (
    ExportReport,
    ImportResult,
    VerdictImportReport,
    Workbench,
    import_file_filters,
    import_format_for,
)

LIBRARY_FILTER = "Claim Workbench library (*.sqlite3 *.sqlite *.db);;All files (*)"
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def importable(paths: Iterable[str]) -> list[str]:
    """The dropped paths the importer takes: folders, and files of a registered import format."""
    return [p for p in paths if Path(p).is_dir() or import_format_for(p) is not None]


class LibraryController(QObject):
    """Opens, closes and fills libraries; the window's File menu and drops land here."""

    def __init__(self, ctx: WindowContext, panes: PaneArea, empty: EmptyState, recent_menu: QMenu) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.panes = panes
        self.empty = empty
        self.recent_menu = recent_menu
        self.db_path = ""
        self.last_export: ExportReport | None = None  # what File → Export… wrote last (tests, status)
        self.last_verdict_import: VerdictImportReport | None = None
        self.open_dialog: OpenLibraryDialog | None = None
        recent_menu.aboutToShow.connect(self._fill_recent)

    # -- opening and closing -----------------------------------------------------------------------

    def open_database(self, target: str | Path | None, *, background: bool = True,
                      restore_panes: bool = False) -> Job | None:
        """Open (create, migrate) a library and show it; the reading happens off the GUI thread.

        Text still being typed is saved, and changes still being written land first (the switch waits for them).
        """
        self.ctx.events.commitPending.emit()
        if self.ctx.undo.busy():
            self.ctx.status("Saving the last change before switching libraries…", 4000)
            self.ctx.undo.when_idle(lambda: self._open_later(target, background, restore_panes))
            return None
        self.close_database()
        target_text = str(target) if target is not None else None

        def work(progress: Progress, cancelled: Cancelled) -> tuple[Workbench, Snapshot]:
            progress(0, 2, "opening")
            wb = Workbench.open(target_text)
            try:
                progress(1, 2, "reading")
                return wb, take_snapshot(wb)
            except BaseException:
                wb.close()
                raise

        def done(result: tuple[Workbench, Snapshot]) -> None:
            self._opened(*result, restore_panes=restore_panes)

        if not background:
            try:
                done(work(lambda *_: None, lambda: False))
            except WorkbenchError as exc:
                self.ctx.show_error(f"Could not open the library: {exc}")
            return None
        return self.ctx.runner.start("Opening library", work, done,
                                     lambda message: self._open_failed(target_text, message))

    def _open_failed(self, target: str | None, message: str) -> None:
        """Say why a library did not open; a server that wants a password gets the Open dialog to type it in."""
        if target is None or "://" not in target or "password" not in message.lower():
            self.ctx.show_error(f"Could not open the library: {message}")
            return
        self.ctx.last_error = message
        dialog = self.open_database_dialog()
        dialog.set_location(split_password(target)[0])
        dialog.show_problem(f"Could not connect: {message}")
        dialog.password.setFocus()

    def _open_later(self, target: str | Path | None, background: bool, restore_panes: bool) -> None:
        self.open_database(target, background=background, restore_panes=restore_panes)

    def _opened(self, wb: Workbench, snapshot: Snapshot, *, restore_panes: bool) -> None:
        path = wb.db.path
        self.db_path = str(path) if path else str(wb.db)
        self.ctx.settings.add_recent(self.db_path)
        self.ctx.state.workbench = wb
        self.ctx.state.apply(snapshot)
        self.ctx.events.libraryChanged.emit()
        self.empty.set_library(self.db_path)
        self.panes.clear()
        self.panes.refresh()
        if restore_panes:
            self._restore_panes()
        elif self.ctx.state.articles and self.ctx.review is not None:
            self.ctx.review.open_first_articles()
        stale = wb.stale_derived_data()
        if stale:
            self.ctx.status(f"The {stale[0].kind.label} was built by another version: Claims → Rebuild search index",
                            15000)

    def close_database(self) -> None:
        """Finish background work, forget undo history and release the open library.

        Callers save typed text (events.commitPending) and wait for pending writes (undo.when_idle) first.
        """
        self.ctx.runner.cancel_all()
        self.ctx.undo.clear()
        if self.ctx.review is not None:
            self.ctx.review.select_claim(None)
        wb = self.ctx.workbench()
        if wb is not None:
            self.ctx.settings.save_panes(self.db_path, self.panes.article_ids())
            wb.close()
        self.db_path = ""
        self.ctx.state.workbench = None
        self.ctx.state.apply(Snapshot())
        self.ctx.events.libraryChanged.emit()
        self.panes.clear()

    def _restore_panes(self) -> None:
        saved = self.ctx.settings.panes(self.db_path)
        if not saved:
            if self.ctx.review is not None:
                self.ctx.review.open_first_articles()
            return
        while len(self.panes.panes) < min(len(saved), MAX_PANES):
            self.panes.add_pane()
        for pane, article_id in zip(self.panes.panes, saved, strict=False):
            if article_id in self.ctx.state.articles:
                self.panes.show_article(article_id, pane)

    def new_database_dialog(self) -> None:
        """Ask for a new library file and open it."""
        path, _ = QFileDialog.getSaveFileName(self.ctx.window, "New library", str(Path.home() / "claims.sqlite3"),
                                              LIBRARY_FILTER)
        if path:
            self.open_database(path)

    def open_database_dialog(self) -> OpenLibraryDialog:
        """Ask for a library file or a team library's connection URL, and open it."""
        if self.open_dialog is not None:
            self.open_dialog.deleteLater()
        dialog = self.open_dialog = OpenLibraryDialog(self.ctx.settings.recent(), Path.home(), self.ctx.window)
        dialog.accepted.connect(lambda: self.open_database(dialog.target(), restore_panes=True))
        dialog.open()
        return dialog

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.ctx.settings.recent()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_database(p, restore_panes=True))
        if not recent:
            self.recent_menu.addAction("No recent libraries").setEnabled(False)

    # -- importing -------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | Path]) -> Job | None:
        """Import files and folders in the background, then show what came in."""
        wb = self.ctx.workbench()
        if wb is None:
            return None
        items = [Path(p) for p in paths]

        def work(progress: Progress, cancelled: Cancelled) -> tuple[list[ImportResult], Snapshot]:
            return wb.import_paths(items, progress=progress, cancelled=cancelled), take_snapshot(wb)

        return self.ctx.runner.start("Importing articles", work, self._imported, self.ctx.show_error)

    def import_samples(self) -> Job | None:
        """Import the bundled sample articles in the background."""
        wb = self.ctx.workbench()
        if wb is None:
            return None

        def work(progress: Progress, cancelled: Cancelled) -> tuple[list[ImportResult], Snapshot]:
            return wb.import_seeds(progress=progress, cancelled=cancelled), take_snapshot(wb)

        return self.ctx.runner.start("Importing the sample articles", work, self._imported, self.ctx.show_error)

    def _imported(self, outcome: tuple[list[ImportResult], Snapshot]) -> None:
        results, snapshot = outcome
        if self.ctx.workbench() is None:
            return
        before = set(self.ctx.state.articles)
        self.ctx.state.apply(snapshot)
        self.panes.refresh()
        self.ctx.events.changed.emit(Change())
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
        self.ctx.status(message, 10000)
        if (counts["imported"] or counts["updated"]) and self.ctx.references is not None:
            self.ctx.references.embed()  # in the background; matching uses the words meanwhile
        if errors:
            details = "\n".join(f"{Path(r.path).name}: {r.message}" for r in errors[:20])
            self.ctx.show_error(f"{message}.\n\n{details}", "Some files were not imported")
        fresh = [a for a in new if a not in before]
        if fresh and all(p.article_id is None for p in self.panes.panes):
            self.panes.open_articles(fresh[: len(self.panes.panes)])

    def import_files_dialog(self) -> None:
        """Ask for article files to import (the filter lists every registered import format)."""
        if self.ctx.workbench() is None:
            return
        home = str(Path.home())
        paths, _ = QFileDialog.getOpenFileNames(self.ctx.window, "Import articles", home, import_file_filters())
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        """Ask for a folder of article files to import."""
        if self.ctx.workbench() is None:
            return
        path = QFileDialog.getExistingDirectory(self.ctx.window, "Import a folder of articles", str(Path.home()))
        if path:
            self.import_paths([path])

    def accepts(self, mime: QMimeData) -> bool:
        """Whether a drag holds something to import (a folder, or a file of a registered format)."""
        return bool(importable(u.toLocalFile() for u in mime.urls() if u.isLocalFile()))

    def drop(self, mime: QMimeData) -> bool:
        """Import what was dropped on the window; False when nothing in it can be imported."""
        paths = importable(u.toLocalFile() for u in mime.urls() if u.isLocalFile())
        if paths:
            self.import_paths(paths)
        return bool(paths)

    # -- export and derived data --------------------------------------------------------------------

    def export_dialog(self) -> None:
        """File → Export…: format, scope and destination; the export runs in the background."""
        if self.ctx.workbench() is not None:
            run_export_dialog(self.ctx, self.export)

    def export(self, request: ExportRequest) -> Job | None:
        """Export in the background; the report is shown (and kept in last_export)."""
        wb = self.ctx.workbench()
        return start_export(self.ctx, wb, request, self._exported) if wb is not None else None

    def _exported(self, report: ExportReport) -> None:
        self.last_export = report

    def import_verdicts_dialog(self) -> None:
        """File → Import verdicts…: apply an edited verdict workbook in the background."""
        if self.ctx.workbench() is None:
            return
        folder = str(self.ctx.settings.export_folder())
        chosen, _ = QFileDialog.getOpenFileName(self.ctx.window, "Import verdicts", folder, "Excel workbook (*.xlsx)")
        if chosen:
            self.ctx.settings.remember_export(Path(chosen).parent)
            self.import_verdicts(Path(chosen), self.ctx.settings.reviewer())

    def import_verdicts(self, path: Path, reviewer: str | None) -> Job | None:
        """Apply an edited workbook's verdicts in the background; the report is kept in last_verdict_import."""
        wb = self.ctx.workbench()
        return start_verdict_import(self.ctx, wb, path, reviewer, self._verdicts_imported) if wb else None

    def _verdicts_imported(self, report: VerdictImportReport) -> None:
        self.last_verdict_import = report

    def reindex(self) -> Job | None:
        """Claims → Rebuild search index: with this version's tokenizer and stemmer, in the background."""
        wb = self.ctx.workbench()
        if wb is None:
            return None

        def done(rebuilt: list[object]) -> None:
            self.ctx.status("Search index rebuilt", 8000)

        return self.ctx.runner.start("Rebuilding the search index",
                                     lambda progress, cancelled: wb.reindex(progress=progress, cancelled=cancelled),
                                     done, self.ctx.show_error)
