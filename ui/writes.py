"""Database writes off the GUI thread: one writer thread, in order, each result handed back on the GUI thread.

A write can wait up to the busy timeout (15 s) while another program holds the library's write lock.
The GUI thread never waits for it: ``submit(work, landed)`` runs ``work()`` on the writer thread and
calls ``landed(result)`` on the GUI thread once it is done. Writes run one at a time in the order they
were submitted, so an undo submitted after an edit always lands after it. While a write has waited longer
than STALL_MS, ``stalled`` says so (the window shows "the library is busy" until it lands).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ui.debounce import Debouncer

log = logging.getLogger(__name__)
STALL_MS = 300


class _Signals(QObject):
    landed = Signal(object)


class _Write(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Signals()  # created on the GUI thread: its signal is delivered there

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # work is expected to turn refusals into results; this is a bug
            log.exception("a write failed")
            result = exc
        self.signals.landed.emit(result)


class WriteQueue(QObject):
    """Runs writes one after another on a writer thread; reports when they land, and when one stalls."""

    busyChanged = Signal(bool)
    stalled = Signal(bool)  # True: the write in flight has waited over STALL_MS (another program writes)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the writer thread (and its database connection) alive
        self._in_flight: list[_Write] = []
        self._idle_callbacks: list[Callable[[], None]] = []
        self._stall = Debouncer(STALL_MS, lambda: self.stalled.emit(True), self)

    def submit(self, work: Callable[[], Any], landed: Callable[[Any], None]) -> None:
        """Run work() on the writer thread; landed(result) on the GUI thread, in submission order."""
        write = _Write(work)
        write.signals.landed.connect(lambda result, w=write: self._landed(w, result, landed))
        self._in_flight.append(write)
        if len(self._in_flight) == 1:
            self.busyChanged.emit(True)
            self._stall.trigger()
        self._pool.start(write)

    def busy(self) -> bool:
        """True while a write is queued, running, or its result not yet delivered."""
        return bool(self._in_flight)

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call back now if nothing is being written, else once the last write has landed."""
        if not self._in_flight:
            callback()
        else:
            self._idle_callbacks.append(callback)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the writer thread is done (closing the app, benchmarks); results still need events."""
        return self._pool.waitForDone(timeout_ms)

    def _landed(self, write: _Write, result: Any, landed: Callable[[Any], None]) -> None:
        if write in self._in_flight:
            self._in_flight.remove(write)
        try:
            landed(result)
        finally:
            if self._in_flight:
                self._stall.trigger()  # the next write gets its own allowance
                self.stalled.emit(False)
            else:
                self._stall.cancel()
                self.stalled.emit(False)
                self.busyChanged.emit(False)
                callbacks, self._idle_callbacks = self._idle_callbacks, []
                for callback in callbacks:
                    callback()
