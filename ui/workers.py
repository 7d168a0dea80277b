"""Long work off the GUI thread: QRunnable jobs with progress and cancel, and the status-bar panel."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)
ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
Work = Callable[[ProgressFn, CancelledFn], Any]
PROGRESS_INTERVAL_S = 0.05


class JobSignals(QObject):
    """Signals of one job, delivered on the GUI thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    done = Signal()


class Job(QRunnable):
    """Runs work(progress, cancelled) on a pool thread; reports through signals."""

    def __init__(self, title: str, work: Work, *, background: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.title = title
        self.background = background  # upkeep the reviewer did not ask for (embedding): others need not wait
        self.work = work
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self._last_report = 0.0

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called."""
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.signals.progress.emit(done, total, what)

    def run(self) -> None:
        """Do the work; a user-caused error becomes a message, anything else is logged too."""
        try:
            result = self.work(self._progress, self._cancel.is_set)
        except WorkbenchError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:
            log.exception("%s failed", self.title)
            self.signals.failed.emit(f"{self.title} failed: {exc}")
        else:
            self.signals.finished.emit(result)
        finally:
            self.signals.done.emit()


class JobRunner(QObject):
    """Starts jobs on a thread pool and keeps them alive until they end."""

    started = Signal(object)
    ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.jobs: list[Job] = []

    def start(
        self,
        title: str,
        work: Work,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        *,
        background: bool = False,
    ) -> Job:
        """Run work in the background; on_result / on_error are called on the GUI thread.

        background: long upkeep nobody waits for (embedding); ``busy(counting_background=False)`` ignores it.
        """
        job = Job(title, work, background=background)
        if on_result is not None:
            job.signals.finished.connect(on_result)
        if on_error is not None:
            job.signals.failed.connect(on_error)
        job.signals.done.connect(lambda j=job: self._ended(j))
        self.jobs.append(job)
        self.started.emit(job)
        self.pool.start(job)
        return job

    def _ended(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self.ended.emit(job)

    def busy(self, *, counting_background: bool = True) -> bool:
        """True while a job runs or its results are still to be delivered."""
        return any(counting_background or not job.background for job in self.jobs)

    def cancel_all(self, wait_ms: int = 5000) -> None:
        """Cancel every job and wait for the pool to drain (closing the window or the library)."""
        for job in list(self.jobs):
            job.cancel()
        self.pool.waitForDone(wait_ms)


class JobPanel(QWidget):
    """Status-bar panel: what runs, a progress bar and Cancel; hidden while nothing runs."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobPanel")
        self.runner = runner
        self.label = QLabel(self)
        self.label.setObjectName("jobLabel")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("jobProgress")
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("jobCancel")
        self.cancel_button.setToolTip("Stop the running task (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.started.connect(self._started)
        runner.ended.connect(self._ended)
        self.job: Job | None = None
        self.hide()

    def _started(self, job: Job) -> None:
        job.signals.progress.connect(lambda done, total, what, job=job: self._progress(job, done, total, what))
        if self.job is None or not job.background or self.job.background:
            self._show(job)  # background upkeep never hides what the reviewer started (nor takes its Esc)

    def _show(self, job: Job) -> None:
        self.job = job
        self.label.setText(job.title + "…")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(not job.cancelled)
        self.show()

    def _progress(self, job: Job, done: int, total: int, what: str) -> None:
        if job is not self.job:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.bar.setFormat(f"{done:,} / {total:,}")
        self.bar.setToolTip(what)

    def _ended(self, job: Job) -> None:
        if job is self.job:
            remaining = self.runner.jobs
            if remaining:  # the newest the reviewer started, else the newest upkeep
                self._show(next((j for j in reversed(remaining) if not j.background), remaining[-1]))
            else:
                self.job = None
                self.hide()

    def cancel(self) -> None:
        """Cancel the job shown."""
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.job.title + " — cancelling…")
