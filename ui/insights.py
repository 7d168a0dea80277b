"""What the claims table shows beside each group: "5 outlets · 2 independent" and its drift flags.

``Workbench.group_insights`` compares every variant with its canonical wording and every multi-article
group's texts (reprints, wire copy), which can take seconds on a large library, so it runs on the
window's job runner: all groups when a library opens or the whole library changed, only the touched
groups after an edit. A verdict edit changes neither, and reads nothing. Requests made while a read is
running are gathered into one read after it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from ui.commands.base import Change
from ui.context import WindowContext
from ui.models import GroupTableModel
from workbench.service import GroupInsight, Workbench

log = logging.getLogger(__name__)
QUIET_ORIGINS = frozenset({"verdictEditor"})  # panels whose changes leave wording and articles as they were


class InsightLoader(QObject):
    """Keeps a GroupTableModel's insights current, reading them off the GUI thread."""

    def __init__(self, ctx: WindowContext, model: GroupTableModel) -> None:
        super().__init__(ctx.window)
        self.ctx, self.model = ctx, model
        self._pending: set[int] | None = set()  # groups to read next (None: every group)
        self._wanted = False
        self._running = False
        self._generation = 0  # bumped when another library opens: late results are dropped
        ctx.events.libraryChanged.connect(self._library_changed)
        ctx.events.changed.connect(self._changed)

    def _library_changed(self) -> None:
        self._generation += 1
        self.model.set_insights({}, replace=True)
        self.request(None)

    def _changed(self, change: Change) -> None:
        if change.origin not in QUIET_ORIGINS:
            self.request(change.groups)

    def request(self, group_ids: set[int] | None) -> None:
        """Read these groups' insights (None: every group's) as soon as the runner is free of an earlier read."""
        if group_ids is None or self._pending is None:
            self._pending = None
        else:
            self._pending |= group_ids
        self._wanted = True
        if not self._running:
            self._start()

    def _start(self) -> None:
        wb = self.ctx.workbench()
        pending, self._pending, self._wanted = self._pending, set(), False
        if wb is None or pending == set():
            return
        ids = None if pending is None else sorted(pending)
        generation = self._generation
        self._running = True

        def work(_progress: object, _cancelled: object) -> dict[int, GroupInsight]:
            return read_insights(wb, ids)

        def done(found: dict[int, GroupInsight]) -> None:
            if generation == self._generation:
                self.model.set_insights(found, replace=ids is None, asked=ids)
            self._landed()

        def failed(message: str) -> None:
            log.warning("drift and origins not read: %s", message)  # the table shows article counts meanwhile
            self._landed()

        self.ctx.runner.start("Comparing wordings and origins", work, done, failed)

    def _landed(self) -> None:
        self._running = False
        if self._wanted:
            self._start()


def read_insights(wb: Workbench, group_ids: list[int] | None) -> dict[int, GroupInsight]:
    """The insights of these groups (None: every group holding claims); safe on a worker thread."""
    return wb.group_insights(group_ids)
