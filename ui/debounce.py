"""The one debounce helper: run a callback once a burst of triggers has paused (typing, resizing).

    save = Debouncer(600, self._save, parent=self)
    edit.textChanged.connect(save.trigger)   # each key restarts the pause
    save.flush()                              # leaving the field: run now if something is pending
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Debouncer(QObject):
    """Calls callback interval_ms after the last trigger(); flush() calls it at once if one is pending."""

    def __init__(self, interval_ms: int, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._fire)

    @property
    def pending(self) -> bool:
        """True between a trigger and the call it leads to."""
        return self._timer.isActive()

    def trigger(self, *_args: object) -> None:
        """(Re)start the pause; signal arguments are ignored."""
        self._timer.start()

    def flush(self) -> None:
        """Run the callback now if a trigger is pending."""
        if self._timer.isActive():
            self._fire()

    def cancel(self) -> None:
        """Forget a pending trigger."""
        self._timer.stop()

    def _fire(self) -> None:
        self._timer.stop()
        self._callback()
