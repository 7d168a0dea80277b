"""Choosing the library's rating scale: a desk's preset or a custom scale, and where today's ratings go.

The dialog only reads (``Workbench.list_scales`` and ``plan_scale``); ``chosen()`` gives what to pass to
``Workbench.use_scale``, which the window runs as an undoable command (its inverse is
``undo_scale_switch``). Ratings that keep their key, label or a known synonym move by themselves;
for the others each rating carried by verdicts gets a choice of the new scale's ratings or "Unrated",
and OK stays disabled until every one has a target.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.names import named
from workbench.errors import WorkbenchError
from workbench.service import Scale, ScaleInfo, ScalePlan, Workbench, scale_from_json

CUSTOM = "custom"
UNRATED = ""  # the mapping target that leaves verdicts unrated
COLUMNS = ("Colour", "Label", "Key", "ClaimReview value", "Meaning")


class ScaleDialog(QDialog):
    """Pick a scale and map the ratings in use; chosen() is what Workbench.use_scale takes."""

    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scaleDialog")
        self.setWindowTitle("Rating scale")
        self.workbench = workbench
        self.scales = workbench.list_scales()
        self.current = next((s for s in self.scales if s.current), self.scales[0])
        self.plan: ScalePlan | None = None
        self.custom: Scale | None = None
        self.targets: dict[str, QComboBox] = {}
        self.list = named(QListWidget(), "scaleList")
        for s in self.scales:
            self.list.addItem(s.label + ("  (in use)" if s.current else ""))
        if all(s.name != CUSTOM for s in self.scales):
            self.list.addItem("Custom scale…")
        self.list.setMaximumWidth(230)
        self.table = named(QTableWidget(0, len(COLUMNS)), "scaleValues")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _: self._custom_edited())
        self.add_row = named(QPushButton("Add rating"), "scaleAddRating")
        self.add_row.clicked.connect(self._add_row)
        self.remove_row = named(QPushButton("Remove rating"), "scaleRemoveRating")
        self.remove_row.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        self.about = named(QLabel(), "scaleAbout")
        self.about.setWordWrap(True)
        self.mapping = QFormLayout()
        mapping_box = named(QGroupBox("Where today's ratings go"), "scaleMapping")
        mapping_box.setLayout(self.mapping)
        self.status = named(QLabel(), "scaleStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Switch scale")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        edit = QHBoxLayout()
        edit.addWidget(self.add_row)
        edit.addWidget(self.remove_row)
        edit.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.about)
        right.addWidget(self.table, 1)
        right.addLayout(edit)
        right.addWidget(mapping_box)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        self.list.currentRowChanged.connect(self._selected)
        self.list.setCurrentRow(self.scales.index(self.current))

    # -- what the caller gets ----------------------------------------------------------------------

    def chosen(self) -> tuple[str | Scale, dict[str, str]]:
        """(preset name or custom Scale, mapping old key -> new key, "" for unrated) for Workbench.use_scale."""
        scale: str | Scale = self.custom if self._is_custom() and self.custom else self._selected_scale().name
        return scale, {key: str(box.currentData()) for key, box in self.targets.items()
                       if box.currentData() is not None}

    # -- choosing ----------------------------------------------------------------------------------------

    def _is_custom(self) -> bool:
        return self.list.currentRow() >= len(self.scales) or self._selected_scale().name == CUSTOM

    def _selected_scale(self) -> ScaleInfo:
        row = self.list.currentRow()
        return self.scales[row] if 0 <= row < len(self.scales) else self.current

    def _selected(self, row: int) -> None:
        custom = self._is_custom()
        shown = self.current if row >= len(self.scales) else self._selected_scale()
        self.about.setText(f"<b>{html.escape(shown.label if not custom else 'Custom scale')}</b> — "
                           + html.escape(shown.description or "your own ratings: edit the table"))
        self._fill_table(shown, editable=custom)
        self.add_row.setVisible(custom)
        self.remove_row.setVisible(custom)
        if custom:
            self._custom_edited()
        else:
            self.custom = None
            self._plan(shown.name)

    def _fill_table(self, scale: ScaleInfo, *, editable: bool) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for v in scale.values:
            self._append(v.colour, v.label, v.key, "" if v.value is None else str(v.value), v.description, editable)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def _append(self, colour: str, label: str, key: str, value: str, meaning: str, editable: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, text in enumerate((colour, label, key, value, meaning)):
            item = QTableWidgetItem(text)
            if col == 0:
                item.setBackground(QColor(colour))
                item.setForeground(QColor("#1b1b1b"))
            if not editable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, col, item)

    def _add_row(self) -> None:
        self.table.blockSignals(True)
        self._append("#bababa", f"Rating {self.table.rowCount() + 1}", "", "", "", True)
        self.table.blockSignals(False)
        self._custom_edited()

    def _custom_edited(self) -> None:
        if not self._is_custom():
            return
        values = []
        for row in range(self.table.rowCount()):
            cells = [self._cell_text(row, col) for col in range(len(COLUMNS))]
            colour_item = self.table.item(row, 0)
            if colour_item is not None and QColor.isValidColorName(cells[0]):
                colour_item.setBackground(QColor(cells[0]))
            number = int(cells[3]) if cells[3].isdigit() else None
            values.append({"colour": cells[0], "label": cells[1], "key": cells[2] or None, "value": number,
                           "description": cells[4]})
        try:
            self.custom = scale_from_json({"label": "Custom scale", "values": values})
        except WorkbenchError as exc:
            self.custom = None
            self._clear_mapping()
            self._refuse(str(exc))
            return
        self._plan(self.custom)

    def _cell_text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    # -- mapping ---------------------------------------------------------------------------------------------

    def _plan(self, scale: str | Scale) -> None:
        try:
            self.plan = self.workbench.plan_scale(scale)
        except WorkbenchError as exc:
            self._refuse(str(exc))
            return
        self._clear_mapping()
        targets = self.plan.scale.values
        for choice in self.plan.choices:
            if not choice.verdicts:
                continue
            box = named(QComboBox(), f"scaleTarget-{choice.key}")
            if not choice.resolved:
                box.addItem("Choose…", None)
            for v in targets:
                box.addItem(v.label, v.key)
            box.addItem("Unrated (clear the rating)", UNRATED)
            if choice.resolved:
                box.setCurrentIndex(max(box.findData(choice.target if choice.target is not None else UNRATED), 0))
            box.currentIndexChanged.connect(lambda _: self._check())
            why = "" if choice.resolved else (" — ambiguous" if choice.candidates else " — no counterpart")
            self.mapping.addRow(f"{choice.label} ({choice.verdicts} verdict{'s' if choice.verdicts != 1 else ''})"
                                f"{why}", box)
            self.targets[choice.key] = box
        if not self.targets:
            self.mapping.addRow(QLabel("No verdicts carry a rating yet: nothing moves."))
        self._check()

    def _clear_mapping(self) -> None:
        while self.mapping.rowCount():
            self.mapping.removeRow(0)
        self.targets = {}

    def _check(self) -> None:
        missing = [key for key, box in self.targets.items() if box.currentData() is None]
        unchanged = not self._is_custom() and self._selected_scale().current
        ok = not missing and not unchanged and (self.custom is not None or not self._is_custom())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if missing:
            self.status.setText(f"Say where {len(missing)} rating(s) go before switching.")
        elif unchanged:
            self.status.setText("This scale is in use already.")
        else:
            self.status.setText("Switching moves the verdicts listed above in one step; Undo puts them back.")

    def _refuse(self, message: str) -> None:
        self.status.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
