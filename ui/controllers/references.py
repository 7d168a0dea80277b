"""Claims checked before: importing fact-checks, the background embedding job, and the Checked before reads.

- ``ReferencesController.import_factchecks``: File → Import fact-checks… (CSV, ClaimReview JSON-LD) on the
  job runner; a message says per file what came in, then the Checked before section and the embedding follow.
- ``ReferencesController.embed``: gives passages, fact-checks and claims their sentence vectors on the job
  runner (progress in the job panel, Esc cancels; it resumes where it stopped), after an import and when a
  library opens with texts still to embed. Matching works meanwhile: unembedded passages count by their words.
- ``CheckedBeforeLoader``: ``Workbench.checked`` for the selected claim, off the GUI thread; requests made
  while a read runs are gathered into one read after it, and a result for a claim no longer selected is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.checked_before import LOOKING, NO_CLAIM, CheckedBeforePanel
from ui.context import WindowContext
from ui.workers import Job
from workbench.service import CheckedResult, EmbeddingSummary, FactCheckImportReport, Workbench

FACTCHECK_FILTER = ("Fact-checks (*.csv *.json *.jsonld);;CSV (*.csv);;ClaimReview JSON-LD (*.json *.jsonld);;"
                    "All files (*)")
EMBED_TITLE = "Embedding passages"
CHECKED_TOP = 10
CHECKED_MIN_SCORE = 30.0  # below this a claim checked before is about something else (a 1 % row only confuses)
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ReferencesController(QObject):
    """Fact-check imports and the embedding job of the open library."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.embedding: Job | None = None  # the running embedding job
        self.last_embedding: EmbeddingSummary | None = None  # what the last run did (tests, status)
        self.last_factcheck_import: list[FactCheckImportReport] = []
        self._embed_again = False
        ctx.events.libraryChanged.connect(self._library_changed)

    # -- importing fact-checks ---------------------------------------------------------------------

    def import_factchecks_dialog(self) -> None:
        """File → Import fact-checks…: ask for CSV or ClaimReview files and import them."""
        if self.ctx.workbench() is None:
            return
        folder = str(self.ctx.settings.export_folder())
        paths, _ = QFileDialog.getOpenFileNames(self.ctx.window, "Import fact-checks", folder, FACTCHECK_FILTER)
        if paths:
            self.ctx.settings.remember_export(Path(paths[0]).parent)
            self.import_factchecks(paths)

    def import_factchecks(self, paths: Sequence[str | Path]) -> Job | None:
        """Import fact-check files in the background; report per file, then refresh Checked before and embed."""
        wb = self.ctx.workbench()
        if wb is None:
            return None
        files = [Path(p) for p in paths]

        def work(progress: Progress, cancelled: Cancelled) -> list[FactCheckImportReport]:
            return wb.import_factchecks(files, progress=progress, cancelled=cancelled)

        def done(reports: list[FactCheckImportReport]) -> None:
            if self.ctx.workbench() is wb:
                self._factchecks_imported(reports)

        return self.ctx.runner.start("Importing fact-checks", work, done, self.ctx.show_error)

    def _factchecks_imported(self, reports: list[FactCheckImportReport]) -> None:
        self.last_factcheck_import = reports
        imported = sum(r.imported for r in reports)
        duplicates = sum(r.duplicates for r in reports)
        errors = sum(len(r.errors) for r in reports)
        summary = f"Imported {imported} fact-check{'s' if imported != 1 else ''}"
        if duplicates:
            summary += f", {duplicates} already in the library"
        if errors:
            summary += f", {errors} row{'s' if errors != 1 else ''} or file{'s' if errors != 1 else ''} refused"
        self.ctx.status(summary, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning if errors else QMessageBox.Icon.Information, "Fact-checks imported",
                          summary + ".", QMessageBox.StandardButton.Ok, self.ctx.window)
        box.setObjectName("factcheckReport")
        box.setInformativeText("\n".join(factcheck_report_lines(reports)))
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.ctx.events.referencesChanged.emit()
        if imported:
            self.embed()

    # -- the embedding job ---------------------------------------------------------------------------

    def _library_changed(self) -> None:
        self.embedding, self._embed_again = None, False  # closing the library cancelled it
        if self.ctx.workbench() is not None:
            self.embed()

    def embed(self) -> Job | None:
        """Embed what still lacks a vector, in the background (once more after a run already going)."""
        wb = self.ctx.workbench()
        if wb is None:
            return None
        if self.embedding is not None:
            self._embed_again = True
            return self.embedding

        def work(progress: Progress, cancelled: Cancelled) -> EmbeddingSummary | None:
            if wb.embedding_status().pending == 0:
                return None  # nothing to do: the encoder is not even loaded
            return wb.embed_pending(progress=progress, cancelled=cancelled)

        def done(summary: EmbeddingSummary | None) -> None:
            if self.ctx.workbench() is not wb:
                return
            self.last_embedding = summary
            if summary is not None and summary.cancelled:
                self.ctx.status(f"Embedding paused after {summary.texts:,} texts: it goes on after the next import or "
                                "when the library opens again (matching uses the words meanwhile)", 15000)
                self._embed_again = False  # the reviewer stopped it: not again until the next import
            elif summary is not None and summary.texts:
                self.ctx.status(f"Embedded {summary.texts:,} passages and texts: matching now compares meaning too",
                                8000)
            ended()
            if summary is not None and summary.texts:
                self.ctx.events.referencesChanged.emit()

        def ended() -> None:  # on delivery, before the runner counts the job ended: a next run starts at once
            if self.embedding is job:
                self.embedding = None
                if self._embed_again and self.ctx.workbench() is wb:
                    self._embed_again = False
                    self.embed()

        def failed(message: str) -> None:
            ended()
            self.ctx.show_error(message)

        job = self.ctx.runner.start(EMBED_TITLE, work, done, failed, background=True)
        self.embedding = job
        return job


def factcheck_report_lines(reports: list[FactCheckImportReport], max_errors: int = 5) -> list[str]:
    """Per file: its name, what was imported, duplicates, and the first refused rows with their line."""
    lines: list[str] = []
    for r in reports:
        name = Path(r.path).name
        lines.append(f"{name}: {r.imported} imported, {r.duplicates} duplicate{'s' if r.duplicates != 1 else ''}, "
                     f"{len(r.errors)} error{'s' if len(r.errors) != 1 else ''}")
        lines.extend(f"    {e}" for e in r.errors[:max_errors])
        if len(r.errors) > max_errors:
            lines.append(f"    … and {len(r.errors) - max_errors} more")
    return lines


class CheckedBeforeLoader(QObject):
    """Fills a CheckedBeforePanel with ``Workbench.checked`` for the selected claim, read off the GUI thread."""

    def __init__(self, ctx: WindowContext, panel: CheckedBeforePanel, top: int = CHECKED_TOP) -> None:
        super().__init__(ctx.window)
        self.ctx, self.panel, self.top = ctx, panel, top
        self.claim_id: int | None = None  # the claim whose results the panel shows (or is reading)
        self._running = False
        self._wanted = False
        ctx.events.selectionChanged.connect(lambda claim_id, _group: self.request(claim_id))
        ctx.events.libraryChanged.connect(lambda: self.request(None))
        ctx.events.referencesChanged.connect(lambda: self.request(self.claim_id))

    def request(self, claim_id: int | None) -> None:
        """Show what was checked before that matches this claim (None: no claim selected)."""
        changed = claim_id != self.claim_id
        self.claim_id = claim_id
        if claim_id is None:
            self.panel.show_message(NO_CLAIM)
            return
        if changed:
            self.panel.show_message(LOOKING)
        self._wanted = True
        if not self._running:
            self._start()

    def _start(self) -> None:
        wb, claim_id = self.ctx.workbench(), self.claim_id
        self._wanted = False
        if wb is None or claim_id is None:
            return
        self._running = True

        def work(_progress: Progress, _cancelled: Cancelled) -> list[CheckedResult]:
            return read_checked(wb, claim_id, self.top)

        def done(results: list[CheckedResult]) -> None:
            if self.ctx.workbench() is wb and claim_id == self.claim_id:  # a stale result is dropped
                self.panel.set_results(results)
            self._landed()

        def failed(message: str) -> None:
            if claim_id == self.claim_id:
                self.panel.show_message(f"Could not look for claims checked before: {message}")
            self._landed()

        self.ctx.runner.start("Looking for claims checked before", work, done, failed)

    def _landed(self) -> None:
        """The read delivered (before the runner counts it ended): the next one, if asked for, starts now."""
        self._running = False
        if self._wanted:
            self._start()


def read_checked(wb: Workbench, claim_id: int, top: int) -> list[CheckedResult]:
    """The claims checked before that match a claim; safe on a worker thread."""
    return wb.checked(claim_id, top=top, min_score=CHECKED_MIN_SCORE)
