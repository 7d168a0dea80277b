"""The Claims dock: a sortable, filterable table of claim groups; selecting one opens its articles."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models import ID_ROLE, SORT_ROLE, GroupTableModel
from ui.state import LibraryState


class ClaimsDock(QDockWidget):
    """Lists claim groups; emits the group the user selects."""

    groupSelected = Signal(int)

    def __init__(self, state: LibraryState, parent: QWidget | None = None) -> None:
        super().__init__("Claims", parent)
        self.setObjectName("claimsDock")
        self.model = GroupTableModel(state)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("claimsFilter")
        self.filter.setPlaceholderText("Filter claims by wording, outlet, rating, status or reviewer")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView(self)
        self.view.setObjectName("claimsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the wording keeps its width; the table scrolls sideways when narrow
        for column, width in ((0, 320), (1, 160), (2, 150), (3, 110), (4, 80), (5, 100), (6, 120), (7, 120)):
            header.resizeSection(column, width)
        header.moveSection(GroupTableModel.DRIFT, GroupTableModel.SOURCES + 1)  # drift beside the sources
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.empty = QLabel("No claims yet. Select a sentence in an article and press Ctrl+M to mark it.", self)
        self.empty.setObjectName("claimsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.model.modelReset.connect(self._update_empty)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.setWidget(body)
        self._quiet = False
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty.setVisible(self.model.rowCount() == 0)

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._quiet or selected.isEmpty():
            return
        group_id = selected.indexes()[0].data(ID_ROLE)
        if group_id is not None:
            self.groupSelected.emit(int(group_id))

    def focus_filter(self) -> None:
        """Ctrl+F: show the dock and type into its filter."""
        self.show()
        self.raise_()
        self.filter.setFocus()
        self.filter.selectAll()

    def selected_group_ids(self) -> list[int]:
        """The groups selected in the table (for export)."""
        rows = self.view.selectionModel().selectedRows()
        return [int(index.data(ID_ROLE)) for index in rows]

    def select_group(self, group_id: int | None) -> None:
        """Select a group's row without emitting groupSelected (the window already shows it)."""
        self._quiet = True
        try:
            row = self.model.row_of(group_id) if group_id is not None else -1
            if row < 0:
                self.view.clearSelection()
                return
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.view.selectRow(index.row())
                self.view.scrollTo(index)
        finally:
            self._quiet = False
