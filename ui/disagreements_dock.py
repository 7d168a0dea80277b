"""The Disagreements dock: the groups blind raters rated differently, and resolving each into the verdict's rating.

Editors see every rater's rating (reviewers only their own, so they see no disagreements). Choosing a rating
and "Set the verdict's rating" is one undoable step; double-click opens the group in the panes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import WindowContext
from ui.disagreements_view import GROUP_ROLE, DisagreementsView
from workbench.errors import WorkbenchError
from workbench.service import Changes, Disagreement, RatingInfo

LIVE_TABLES = {"ratings", "verdicts", "claim_groups", "claims"}  # what the list shows


class DisagreementsPanel(QWidget):
    """The disagreements table with a bar to resolve the selected one."""

    resolveRequested = Signal(int, str)  # group id, rating key
    groupActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disagreementsPanel")
        self.rows: list[Disagreement] = []
        self.scale: list[RatingInfo] = []
        self.stale = False  # changed while hidden: read when shown
        self.reader: Callable[[], None] | None = None  # set by make(): reads and shows the rows
        self.view = DisagreementsView(self)
        self.view.groupActivated.connect(self.groupActivated)
        self.rating = QComboBox(self)
        self.rating.setObjectName("resolveRating")
        self.rating.setToolTip("The raters' ratings first, then the rest of the scale")
        self.resolve = QPushButton("Set the verdict's rating", self)
        self.resolve.setObjectName("resolveButton")
        self.resolve.setToolTip("Make the chosen rating the group's verdict rating (Ctrl+Z undoes it)")
        self.resolve.clicked.connect(self._resolve)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Resolve the selected group as", self))
        bar.addWidget(self.rating, 1)
        bar.addWidget(self.resolve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.show_rows([], [])

    def show_rows(self, rows: list[Disagreement], scale: list[RatingInfo]) -> None:
        """Show these disagreements, keeping the selected group selected."""
        chosen = self.selected_group()
        self.rows, self.scale = rows, scale
        self.view.show_disagreements(rows, scale)
        self.view.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_ratings())
        row = next((i for i, r in enumerate(rows) if r.group_id == chosen), 0 if rows else -1)
        if row >= 0:
            self.view.table.selectRow(row)
        self._fill_ratings()

    def selected_group(self) -> int | None:
        rows = self.view.table.selectionModel().selectedRows() if self.view.table.selectionModel() else []
        value = rows[0].data(GROUP_ROLE) if rows else None
        return int(value) if value is not None else None

    def _fill_ratings(self) -> None:
        group = self.selected_group()
        row = next((r for r in self.rows if r.group_id == group), None)
        self.rating.clear()
        labels = {r.key: r.label for r in self.scale}
        if row is not None:
            given: dict[str, list[str]] = {}
            for entry in row.ratings:
                given.setdefault(entry.rating, []).append(entry.rater)
            for key, raters in given.items():
                self.rating.addItem(f"{labels.get(key, key)} — {', '.join(raters)}", key)
            self.rating.insertSeparator(self.rating.count())
            for rating in self.scale:
                if rating.key not in given:
                    self.rating.addItem(rating.label, rating.key)
            current = self.rating.findData(row.verdict_rating) if row.verdict_rating else -1
            self.rating.setCurrentIndex(current if current >= 0 else 0)
        self.rating.setEnabled(row is not None)
        self.resolve.setEnabled(row is not None)

    def choose(self, rating: str) -> None:
        """Pick the rating to resolve with (as the user would in the list)."""
        self.rating.setCurrentIndex(self.rating.findData(rating))

    def _resolve(self) -> None:
        group, key = self.selected_group(), self.rating.currentData()
        if group is not None and key:
            self.resolveRequested.emit(group, str(key))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale and self.reader is not None:
            self.reader()


def make(ctx: WindowContext) -> QWidget:
    """The dock's panel, following the library, changes made here and elsewhere; resolving goes to ctx.team."""
    panel = DisagreementsPanel(ctx.window)

    def read(*_args: object) -> None:
        if ctx.window.isVisible() and not panel.isVisible():
            panel.stale = True  # read when shown
            return
        panel.stale = False
        wb = ctx.workbench()
        try:
            rows, scale = (wb.disagreements(), wb.rating_scale()) if wb is not None else ([], [])
        except WorkbenchError as exc:
            ctx.status(str(exc), 8000)
            rows, scale = [], []
        panel.show_rows(rows, scale)

    def elsewhere(found: Changes) -> None:
        if found.everything or found.tables & LIVE_TABLES:
            read()

    panel.reader = read
    ctx.events.libraryChanged.connect(read)
    ctx.events.changed.connect(read)
    ctx.events.elsewhere.connect(elsewhere)
    review = ctx.review
    assert review is not None
    panel.groupActivated.connect(lambda group_id: review.select_group(group_id, open_articles=True))
    panel.resolveRequested.connect(lambda group_id, rating: ctx.team.resolve(group_id, rating) if ctx.team else None)
    return panel
