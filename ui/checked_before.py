"""The "Checked before" section: claims checked before that match the selected claim (fact-checks and
verdicted claims of the library), with rating, organisation, date and link.

A view over ``Workbench.checked`` results; it runs no query itself. The Matches dock holds it; the
window fills it from a worker (``ui.controllers.references.CheckedBeforeLoader`` calls ``set_results``)
and opens the links it is asked to (``linkActivated``: a click on the Link column, a double click or Enter).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.debounce import Debouncer
from ui.models import RowsModel
from workbench.service import CheckedResult

URL_ROLE = Qt.ItemDataRole.UserRole + 1
REFERENCE_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
NO_CLAIM = "Select a claim to see whether it was checked before."
LOOKING = "Looking for claims checked before…"
NOTHING = ("No claim checked before matches this one.\n"
           "Import fact-checks: File → Import fact-checks… (CSV or ClaimReview files). "
           "Claims of this library that have a verdict are searched too.")


class CheckedBeforeModel(RowsModel):
    """One row per claim checked before: score, rating, the claim, who checked it and when."""

    HEADERS = ("Score", "Rating", "Claim checked before", "Checked by", "Date", "Link")
    LINK = 5

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CheckedResult] = []

    def set_results(self, results: list[CheckedResult]) -> None:
        """Show these results, best first."""
        self.beginResetModel()
        self.rows = sorted(results, key=lambda r: -r.score)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == URL_ROLE:
            return r.url
        if role == REFERENCE_ROLE:
            return r.reference_id
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{round(r.score)} %", r.rating or "not rated", r.claim, _checked_by(r),
                    r.date.isoformat() if r.date else "", _host(r.url))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Open {r.url}" if column == self.LINK and r.url else tooltip(r)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.LINK:
            return QApplication.palette().color(QPalette.ColorRole.Link)
        if role == Qt.ItemDataRole.FontRole and column == self.LINK and r.url:
            font = QApplication.font()
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _host(url: str | None) -> str:
    """What the Link column shows: the site's name ("checks.example ↗")."""
    if not url:
        return ""
    host = urlsplit(url).hostname or url
    return (host.removeprefix("www.") + " ↗")[:40]


def _checked_by(r: CheckedResult) -> str:
    if r.kind == "claim":
        return (r.organization or "this library") + f" (group {r.group_id})"
    return r.organization or "unknown"


def tooltip(r: CheckedResult) -> str:
    """What a row's tooltip says: title, link, and why it matched."""
    lines = [r.title or r.claim]
    if r.url:
        lines.append(r.url)
    why = [f"words {round(100 * r.lexical)} %"]
    if r.semantic is not None:
        why.insert(0, f"meaning {round(100 * r.semantic)} %")
    lines.append("Matched on " + ", ".join(why))
    return "\n".join(lines)


class CheckedBeforePanel(QWidget):
    """The section: a title, the table, or a message when nothing checked before matches."""

    linkActivated = Signal(str)  # a row's url, when the user opens it (double click or Enter)
    referenceActivated = Signal(str)  # a row's reference id ("factcheck-12", "claim-34")
    titleChanged = Signal(str)  # "Checked before (3)": for a tab that names the section

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkedBefore")
        self.title = QLabel("Checked before")
        self.title.setObjectName("checkedBeforeTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.model = CheckedBeforeModel()
        self.table = QTableView()
        self.table.setObjectName("checkedBeforeTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._clicked)
        self._fit_rows = Debouncer(0, self.table.resizeRowsToContents, self)  # rows as tall as their wrapped text
        header.sectionResized.connect(self._fit_rows.trigger)
        self.table.viewport().installEventFilter(self)
        self.empty = QLabel(NO_CLAIM)
        self.empty.setObjectName("checkedBeforeEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A resized table fits its rows to the new width (wrapped claims never clipped)."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows.trigger()
        return super().eventFilter(watched, event)

    def set_results(self, results: list[CheckedResult]) -> None:
        """Show the claims checked before that match (an empty list says none does and how to add some)."""
        self.model.set_results(results)
        self._set_title(f"Checked before ({len(results)})" if results else "Checked before")
        self.empty.setText(NOTHING)
        self.stack.setCurrentWidget(self.table if results else self.empty)
        self.table.resizeRowsToContents()
        self._fit_rows.trigger()  # again once the columns have their final widths

    def show_message(self, text: str) -> None:
        """No results to show: say why (no claim selected, still looking)."""
        self.model.set_results([])
        self._set_title("Checked before")
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def _set_title(self, title: str) -> None:
        if title != self.title.text():
            self.title.setText(title)
            self.titleChanged.emit(title)

    def _clicked(self, index: QModelIndex) -> None:
        """A click on the Link column opens the link."""
        url = self.model.data(index, URL_ROLE)
        if index.column() == CheckedBeforeModel.LINK and url:
            self.linkActivated.emit(url)

    def _activated(self, index: QModelIndex) -> None:
        reference = self.model.data(index, REFERENCE_ROLE)
        if reference:
            self.referenceActivated.emit(reference)
        url = self.model.data(index, URL_ROLE)
        if url:
            self.linkActivated.emit(url)
