"""Choose who a claim group is assigned to: the team's logins (a team library), or names (any other library)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.revision_text import shorten
from workbench.service import GroupInfo


class AssignDialog(QDialog):
    """A checklist of people (checked: the group is in their queue); names can be added unless the team is fixed."""

    def __init__(self, group: GroupInfo, people: Sequence[tuple[str, str]], *, free_names: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.setWindowTitle(f"Assign claim group {group.id}")
        intro = QLabel(
            f"Who should review <i>{html.escape(shorten(group.canonical, 120))}</i>?<br>"
            "A checked person finds the group in their <b>My queue</b>.", self)
        intro.setWordWrap(True)
        self.people = QListWidget(self)
        self.people.setObjectName("assignPeople")
        for login, note in people:
            self._add(login, note, checked=login in group.assignees)
        for login in group.assignees:
            if not self._item(login):
                self._add(login, "", checked=True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.people)
        self.name = QLineEdit(self)
        self.name.setObjectName("assignName")
        self.name.setPlaceholderText("Add a name")
        add = QPushButton("&Add", self)
        add.setObjectName("assignAdd")
        add.clicked.connect(self._add_typed)
        if free_names:
            row = QHBoxLayout()
            row.addWidget(self.name, 1)
            row.addWidget(add)
            layout.addLayout(row)
        else:
            self.name.hide()
            add.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 300)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the name field adds the name (instead of closing the dialog)."""
        if self.focusWidget() is self.name and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._add_typed()
            return
        super().keyPressEvent(event)

    def _item(self, login: str) -> QListWidgetItem | None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == login:
                return item
        return None

    def _add(self, login: str, note: str, *, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(f"{login} ({note})" if note else login, self.people)
        item.setData(Qt.ItemDataRole.UserRole, login)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def _add_typed(self) -> None:
        login = self.name.text().strip()
        if login:
            item = self._item(login) or self._add(login, "", checked=True)
            item.setCheckState(Qt.CheckState.Checked)
            self.name.clear()

    def check(self, login: str, checked: bool = True) -> None:
        """Tick (or untick) a person, as a click would."""
        item = self._item(login) or self._add(login, "", checked=checked)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        """The logins ticked, in list order."""
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in map(self.people.item, range(self.people.count()))
                if item.checkState() == Qt.CheckState.Checked]
