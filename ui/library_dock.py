"""The Library dock: outlets and their articles with claim counts, a filter, double-click to open."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from ui.models import ID_ROLE, LibraryModel
from ui.state import LibraryState


class LibraryDock(QDockWidget):
    """Lists the library; emits the article to open."""

    articleActivated = Signal(int)

    def __init__(self, state: LibraryState, parent: QWidget | None = None) -> None:
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self.model = LibraryModel(state)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.filter = QLineEdit(objectName="libraryFilter")
        self.filter.setPlaceholderText("Filter outlets and articles")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only outlets and articles whose name contains this text")
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView(objectName="libraryView")
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setToolTip("Double-click an article (or press Enter) to open it in a pane; drag it onto a pane")
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(self._activated)
        self.model.modelReset.connect(self.view.expandAll)
        self.model.rowsInserted.connect(lambda *_: self.view.expandAll())
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.setWidget(body)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.view.expandAll()

    def _activated(self, index: QModelIndex) -> None:
        article_id = index.siblingAtColumn(0).data(ID_ROLE)
        if article_id is not None:
            self.articleActivated.emit(int(article_id))

    def select_article(self, article_id: int) -> None:
        """Highlight an article's row (without opening it)."""
        matches = self.model.match(self.model.index(0, 0), ID_ROLE, article_id, 1,
                                   Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
        if matches:
            index = self.proxy.mapFromSource(matches[0])
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
