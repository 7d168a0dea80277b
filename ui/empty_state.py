"""What the window shows while the library holds no articles: two clear ways to start."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ui.names import named
from ui.resources import app_icon


class EmptyState(QWidget):
    """Offers the sample articles and importing; emits which the user chose."""

    samplesRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        icon = named(QLabel(self), "emptyIcon")
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = named(QLabel("This library has no articles yet", self), "emptyTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = named(QLabel(self), "emptyLibraryPath")
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = named(QLabel(
            "Import news articles (text, HTML, PDF or Word files), or try the five sample articles about one event. "
            "You can also drop files or folders anywhere on this window.", self,
        ), "emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))
        self.samples = named(QPushButton("Open the sample articles", self), "emptySamples")
        self.samples.setDefault(True)
        self.samples.setToolTip("Import the five bundled sample articles into this library")
        self.samples.clicked.connect(self.samplesRequested)
        self.importer = named(QPushButton("Import articles…", self), "emptyImport")
        self.importer.setToolTip("Choose article files to import (Ctrl+I)")
        self.importer.clicked.connect(self.importRequested)
        for button in (self.samples, self.importer):
            button.setMinimumHeight(36)
            button.setMinimumWidth(200)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.samples)
        buttons.addWidget(self.importer)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(icon)
        layout.addWidget(title)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.where)
        layout.addStretch(3)

    def set_library(self, path: str) -> None:
        """Name the library file the articles would go into."""
        self.where.setText(f"Library: {path}" if path else "")



@dataclass(frozen=True)
class PagedPanel:
    """A panel that shows a muted message while it has nothing to show, else its page."""

    pages: QStackedWidget
    empty_label: QLabel
    page: QWidget
    layout: QVBoxLayout


def paged_panel(owner: QWidget, empty_text: str, empty_name: str) -> PagedPanel:
    """Lay out owner as a stack of a muted empty message at the top (shown first) and a page to fill."""
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    pages = QStackedWidget(owner)
    outer.addWidget(pages)
    empty = QLabel(empty_text, owner)
    empty.setObjectName(empty_name)
    empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)  # not adrift mid-dock
    empty.setWordWrap(True)
    empty.setMargin(16)
    muted = empty.palette()
    muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
    empty.setPalette(muted)
    pages.addWidget(empty)
    page = QWidget(owner)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(6, 6, 6, 6)
    pages.addWidget(page)
    return PagedPanel(pages, empty, page, layout)
