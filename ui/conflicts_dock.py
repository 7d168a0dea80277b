"""The Conflicts dock: the Conflicts view in the window, read off the GUI thread, acting through undo commands.

What it lists is read again (on the job runner) when a library opens and after every change, but only
while the dock is shown; a hidden dock reads when it is raised. "Merge" and "Keep apart" go to the
window's AnalysisController, which pushes them as undoable commands; double-clicking a conflict opens
its first group's articles.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from ui.conflicts_view import ConflictsSnapshot, ConflictsView, load_conflicts_snapshot
from ui.context import WindowContext


class ConflictsDock(ConflictsView):
    """The Conflicts view, following the open library."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self._stale = False
        self.on_screen: bool | None = None  # None until Qt says (a tab behind another dock is not on screen)
        self._generation = 0
        self.loaded = False  # a snapshot of the open library is shown (tests wait for it)
        self.empty.setWordWrap(True)

    def reload(self) -> None:
        """Read the conflicts again (now if shown, else when shown)."""
        self.loaded = False
        if self.on_screen is False:
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation, wb = self._generation, self.ctx.workbench()
        if wb is None:
            self.set_snapshot(ConflictsSnapshot([]))
            return

        def work(_progress: object, _cancelled: object) -> ConflictsSnapshot:
            return load_conflicts_snapshot(wb)

        def done(snapshot: ConflictsSnapshot) -> None:
            if generation == self._generation:
                self.set_snapshot(snapshot)
                self.loaded = True

        self.ctx.runner.start("Looking for verdict conflicts", work, done, self.ctx.show_error)

    def set_on_screen(self, visible: bool) -> None:
        """The dock was shown or hidden (or its tab chosen or left); read what changed meanwhile."""
        self.on_screen = visible
        if visible and self._stale:
            self.reload()


def make(ctx: WindowContext) -> QWidget:
    """The Conflicts dock of a window."""
    view = ConflictsDock(ctx)
    dock = QDockWidget("Conflicts", ctx.window)
    dock.setWidget(view)
    dock.visibilityChanged.connect(view.set_on_screen)
    analysis, review = ctx.analysis, ctx.review
    assert analysis is not None and review is not None
    ctx.events.libraryChanged.connect(view.reload)
    ctx.events.changed.connect(lambda _change: view.reload())
    view.merge_requested.connect(analysis.merge_conflict)
    view.keep_apart_requested.connect(analysis.keep_apart)
    view.group_activated.connect(lambda group_id: review.select_group(group_id, open_articles=True))
    return dock
