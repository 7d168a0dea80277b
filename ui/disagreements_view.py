"""The disagreements to resolve: claim groups whose blind raters gave different ratings (self-contained;
the window shows it as a dock or dialog once wired in). Double-click (or Enter) opens the group."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from workbench.service import Disagreement, RatingInfo

Index = QModelIndex | QPersistentModelIndex
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


class DisagreementsModel(QAbstractTableModel):
    """One row per group: its id, canonical wording, each rater's rating, and the verdict's rating so far."""

    HEADERS = ("Group", "Claim", "Ratings", "Verdict")

    def __init__(self, scale: list[RatingInfo] | None = None) -> None:
        super().__init__()
        self._rows: list[Disagreement] = []
        self._labels = {r.key: r.label for r in scale or []}

    def set_rows(self, rows: list[Disagreement]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _label(self, key: str | None) -> str:
        return self._labels.get(key, key) if key else "—"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == GROUP_ROLE:
            return row.group_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return "\n".join(f"{e.rater}: {self._label(e.rating)}{f' ({e.note})' if e.note else ''}"
                             for e in row.ratings)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return str(row.group_id)
        if column == 1:
            return " ".join(row.canonical.split())
        if column == 2:
            return ", ".join(f"{e.rater}: {self._label(e.rating)}" for e in row.ratings)
        return self._label(row.verdict_rating)


class DisagreementsView(QWidget):
    """The table of disagreements with a count; emits groupActivated(group id) to open a group."""

    groupActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disagreements")
        self.model = DisagreementsModel()
        self.summary = QLabel(self)
        self.table = QTableView(self)
        self.table.setObjectName("disagreementsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(DisagreementsModel.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.show_disagreements([], [])

    def show_disagreements(self, rows: list[Disagreement], scale: list[RatingInfo]) -> None:
        """Show these disagreements (from Workbench.disagreements()), labels from the rating scale."""
        self.model = DisagreementsModel(scale)
        self.model.set_rows(rows)
        self.table.setModel(self.model)
        self.summary.setText(f"{len(rows)} claim group(s) rated differently by their raters" if rows
                             else "No disagreements: every group's raters agree.")

    def _activated(self, index: QModelIndex) -> None:
        group = self.model.data(index, GROUP_ROLE)
        if group is not None:
            self.groupActivated.emit(int(group))
