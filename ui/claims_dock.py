"""The Claims dock: a sortable, filterable table of claim groups; selecting one opens its articles."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.claims_filter import ClaimsFilter
from ui.models import ID_ROLE, SORT_ROLE, GroupTableModel
from ui.state import LibraryState


class ClaimsDock(QDockWidget):
    """Lists claim groups; emits the group the user selects."""

    groupSelected = Signal(int)

    def __init__(self, state: LibraryState, parent: QWidget | None = None) -> None:
        super().__init__("Claims", parent)
        self.setObjectName("claimsDock")
        self.model = GroupTableModel(state)
        self.proxy = ClaimsFilter(self)  # the typed text, and "My queue"
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
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
        self.filter_row = QHBoxLayout()
        self.filter_row.addWidget(self.filter, 1)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.setWidget(body)
        self._quiet = False
        self._update_empty()

    def _update_empty(self) -> None:
        queue, rows = self.proxy.queue_of, self.model.rows
        empty_queue = queue is not None and bool(rows) and not any(queue in g.assignees for g in rows)
        self.empty.setText("Nothing in your queue: an editor assigns claim groups (Claims → Assign to reviewers…)."
                           if empty_queue else
                           "No claims yet. Select a sentence in an article and press Ctrl+M to mark it.")
        self.empty.setVisible(empty_queue or not rows)

    def add_queue_toggle(self, action: QAction) -> QCheckBox:
        """A check box beside the filter for the checkable "My queue" action (kept in step with it)."""
        box = QCheckBox(self)
        box.setObjectName("myQueueBox")

        def follow() -> None:
            box.setText(action.text().replace("&", ""))
            box.setToolTip(action.toolTip())
            box.setEnabled(action.isEnabled())
            box.setChecked(action.isChecked())

        action.changed.connect(follow)
        action.toggled.connect(box.setChecked)
        box.toggled.connect(action.setChecked)
        follow()
        self.filter_row.addWidget(box)
        return box

    def show_queue_only(self, login: str | None) -> None:
        """Show only the groups assigned to this login (None: every group)."""
        self.proxy.set_queue(login)
        self._update_empty()

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
