"""The Library dock: outlets and their articles with claim counts, a filter, double-click to open.

Claim counts and dates come first; the titles come last and their column grows to the longest title
(the dock scrolls sideways rather than cutting titles), with the full title on hover. Articles without an
outlet invite the reviewer to name it (right-click → Set outlet…).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.models import ID_ROLE, UNKNOWN_OUTLET_ROLE, LibraryModel
from ui.state import LibraryState

TITLE, CLAIMS, DATE = range(3)


class LibraryDock(QDockWidget):
    """Lists the library; emits the article to open, or whose outlet to set."""

    articleActivated = Signal(int)
    outletRequested = Signal(int)

    def __init__(self, state: LibraryState, parent: QWidget | None = None) -> None:
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self.model = LibraryModel(state)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(TITLE)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("libraryFilter")
        self.filter.setPlaceholderText("Filter outlets and articles")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only outlets and articles whose name contains this text")
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView(self)
        self.view.setObjectName("libraryView")
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setToolTip("Double-click an article (or press Enter) to open it in a pane; drag it onto a pane")
        header = self.view.header()
        header.moveSection(header.visualIndex(TITLE), 2)  # counts and dates first, titles last and growing
        self.view.setTreePosition(TITLE)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CLAIMS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.model.modelReset.connect(self.view.expandAll)
        self.model.rowsInserted.connect(lambda *_: self.view.expandAll())
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.setWidget(body)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.view.expandAll()

    def _activated(self, index: QModelIndex) -> None:
        article_id = index.siblingAtColumn(TITLE).data(ID_ROLE)
        if article_id is not None:
            self.articleActivated.emit(int(article_id))

    def _menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position).siblingAtColumn(TITLE)
        article_id = index.data(ID_ROLE)
        if article_id is None:
            return
        menu = QMenu(self)
        menu.setObjectName("libraryMenu")
        menu.addAction("Open in a pane", lambda: self.articleActivated.emit(int(article_id)))
        outlet = menu.addAction("Set outlet…" if index.data(UNKNOWN_OUTLET_ROLE) else "Change outlet…",
                                lambda: self.outletRequested.emit(int(article_id)))
        outlet.setObjectName("setOutlet")
        menu.popup(self.view.viewport().mapToGlobal(position))

    def select_article(self, article_id: int) -> None:
        """Highlight an article's row (without opening it)."""
        matches = self.model.match(self.model.index(0, 0), ID_ROLE, article_id, 1,
                                   Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
        if matches:
            index = self.proxy.mapFromSource(matches[0])
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
