"""The evidence of a verdict as an editable table (URL, title, note) with Add, Remove and Open link."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.commands.verdicts import evidence_key
from workbench.service import EvidenceInfo

COLUMNS = ("", "URL", "Title", "Note")
OPEN, URL, TITLE, NOTE = range(4)


class EvidenceEditor(QWidget):
    """Edits a list of evidence; emits edited(items, undo text) after each change a reviewer makes."""

    edited = Signal(object, str)  # list[EvidenceInfo] as typed, "Add evidence" / "Edit evidence" / "Remove …"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._shown: list[EvidenceInfo] = []
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("verdictEvidence")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        opener = self.table.horizontalHeaderItem(OPEN)
        if opener is not None:
            opener.setToolTip("Open the link in your browser")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.setToolTip("Sources backing the verdict: double-click or F2 to edit a cell")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(OPEN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(OPEN, 28)
        for column in (URL, TITLE, NOTE):  # share the dock's width; full texts are in the tooltips
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.itemChanged.connect(self._item_edited)
        self.table.cellClicked.connect(self._cell_clicked)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.add_button = self._button("&Add", "addEvidence", "Add a piece of evidence: type its URL, then its title "
                                       "and a note", self.add)
        self.remove_button = self._button("Re&move", "removeEvidence", "Remove the selected evidence (undo brings "
                                          "it back)", self.remove_selected)
        self.open_button = self._button("&Open link", "openEvidence", "Open the selected evidence URL in your "
                                        "browser", lambda: self.open_row(self.table.currentRow()))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.update_buttons()

    def _button(self, text: str, name: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- showing ---------------------------------------------------------------------------------------

    def show_evidence(self, items: Sequence[EvidenceInfo]) -> None:
        """Show stored evidence (rows being typed are kept when they already say the same)."""
        self._shown = list(items)
        if evidence_key(self.evidence()) == evidence_key(items):
            return
        self._loading = True
        try:
            self.table.setRowCount(0)
            for item in items:
                self._append_row(item.url, item.title, item.note)
        finally:
            self._loading = False
        self.update_buttons()

    def evidence(self) -> list[EvidenceInfo]:
        """The rows as typed, leaving out rows still empty."""
        found = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in (URL, TITLE, NOTE)]
            url, title, note = (cell.text().strip() if cell else "" for cell in cells)
            if url or title or note:
                found.append(EvidenceInfo(url=url, title=title, note=note))
        return found

    def _append_row(self, url: str, title: str, note: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        opener = QTableWidgetItem("↗")
        opener.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        opener.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        opener.setToolTip("Open this link in your browser")
        self.table.setItem(row, OPEN, opener)
        self.table.setItem(row, URL, QTableWidgetItem(url))
        self.table.setItem(row, TITLE, QTableWidgetItem(title))
        self.table.setItem(row, NOTE, QTableWidgetItem(note))
        self._style_row(row)
        return row

    def _style_row(self, row: int) -> None:
        link = self.table.item(row, URL)
        if link is None:
            return
        font = link.font()
        font.setUnderline(bool(link.text()))
        link.setFont(font)
        link.setForeground(self.palette().color(QPalette.ColorRole.Link))
        link.setToolTip(f"{link.text()}\nClick ↗ or “Open link” to open it" if link.text() else "Type the URL")
        for column in (TITLE, NOTE):
            cell = self.table.item(row, column)
            if cell is not None:
                cell.setToolTip(cell.text())

    # -- editing ---------------------------------------------------------------------------------------

    def add(self) -> None:
        """Add an empty row and start typing its URL (saved once something is typed)."""
        self._loading = True
        try:
            row = self._append_row("", "", "")
        finally:
            self._loading = False
        self.table.setCurrentCell(row, URL)
        self.table.setFocus()
        self.table.edit(self.table.currentIndex())

    def remove_selected(self) -> None:
        """Remove the selected rows (one undo step)."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        if not rows:
            return
        self._loading = True
        try:
            for row in rows:
                self.table.removeRow(row)
        finally:
            self._loading = False
        self.update_buttons()
        self.edited.emit(self.evidence(), "Remove evidence")

    def _item_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            self._style_row(item.row())
        finally:
            self._loading = False
        wanted = self.evidence()
        before, after = len(evidence_key(self._shown)), len(wanted)
        text = "Add evidence" if after > before else "Remove evidence" if after < before else "Edit evidence"
        self.edited.emit(wanted, text)

    def _cell_clicked(self, row: int, column: int) -> None:
        if column == OPEN:
            self.open_row(row)

    def open_row(self, row: int) -> None:
        """Open a row's URL in the browser."""
        cell = self.table.item(row, URL) if row >= 0 else None
        if cell is not None and cell.text().strip():
            QDesktopServices.openUrl(QUrl.fromUserInput(cell.text().strip()))

    def update_buttons(self) -> None:
        """Remove and Open link need a row (with a URL)."""
        row = self.table.currentRow()
        cell = self.table.item(row, URL) if row >= 0 else None
        self.remove_button.setEnabled(self.table.rowCount() > 0 and row >= 0)
        self.open_button.setEnabled(bool(cell and cell.text().strip()))
