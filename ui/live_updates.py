"""Live updates for the window: another program's changes to the open library, delivered on the GUI thread.

The core's ChangeWatcher (a thread: LISTEN/NOTIFY on PostgreSQL, data_version polling on SQLite) hands each
Changes to this object, which merges what arrives within `quiet_ms` and emits `changed(Changes)` once on the
GUI thread. Not wired into the main window yet: the window reloads the named groups, articles and claims
(everything when `Changes.everything`), and ignores `Changes.own` when it already shows its own edits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.service import Changes, ChangeWatcher, Workbench

QUIET_MS = 150  # changes arriving this close together become one reload


class LiveUpdates(QObject):
    """Emits changed(Changes) on the GUI thread when the library changes; start() and stop() it with the library."""

    changed = Signal(object)  # Changes
    _arrived = Signal(object)  # from the watcher thread (queued to this object's thread)

    def __init__(self, workbench: Workbench, parent: QObject | None = None, *, quiet_ms: int = QUIET_MS) -> None:
        super().__init__(parent)
        self._workbench = workbench
        self._watcher: ChangeWatcher | None = None
        self._pending: Changes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(quiet_ms)
        self._timer.timeout.connect(self._deliver)
        self._arrived.connect(self._gather)

    def start(self) -> None:
        """Listen (again) to the library."""
        if self._watcher is None:
            self._watcher = self._workbench.watch(self._arrived.emit, tick=0.25)

    def stop(self) -> None:
        """Stop listening; changes not yet delivered are dropped (call before closing the library)."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        self._timer.stop()
        self._pending = None

    @property
    def running(self) -> bool:
        return self._watcher is not None

    def _gather(self, found: Changes) -> None:
        self._pending = found if self._pending is None else self._pending | found
        if not self._timer.isActive():
            self._timer.start()

    def _deliver(self) -> None:
        found, self._pending = self._pending, None
        if found is not None and self._watcher is not None:
            self.changed.emit(found)
