"""The Claims table's filter: the text typed in its filter box and, with "My queue", only one login's groups."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ui.models import GroupTableModel


class ClaimsFilter(QSortFilterProxyModel):
    """Filters claim groups by text (every column) and, when set, by who they are assigned to."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue_of: str | None = None
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_queue(self, login: str | None) -> None:
        """Show only the groups in this login's queue (None: every group)."""
        if login == self.queue_of:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.queue_of = login
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.queue_of = login
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        queue = self.queue_of
        if queue is not None and isinstance(model, GroupTableModel) and queue not in model.rows[source_row].assignees:
            return False
        return super().filterAcceptsRow(source_row, source_parent)
