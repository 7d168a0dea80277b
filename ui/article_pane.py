"""One article pane: a chooser, a header (outlet, title, date, link) and the highlighted text."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFocusEvent, QPalette
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.article_text import ArticleText
from ui.highlights import Mark
from workbench.service import ArticleDetail, ArticleInfo

ARTICLE_MIME = "application/x-claim-workbench-article"


class ArticlePane(QFrame):
    """Shows one article; the chooser picks which, the main window fills it."""

    articleChosen = Signal(int)
    claimClicked = Signal(int)
    activated = Signal()
    outletRequested = Signal(int)  # the reviewer wants to name the outlet of this (unknown-outlet) article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.article_id: int | None = None
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("articleChooser")
        self.chooser.setToolTip("Choose the article to show in this pane")
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(8)
        self.chooser.activated.connect(self._chosen)
        self.outlet = QLabel(self)
        self.outlet.setObjectName("paneOutlet")
        self.outlet.setTextFormat(Qt.TextFormat.RichText)
        self.outlet.linkActivated.connect(self._outlet_link)
        self.title = QLabel(self)
        self.title.setObjectName("paneTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.meta.setObjectName("paneMeta")
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setOpenExternalLinks(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text = ArticleText(self)
        self.text.claimClicked.connect(self.claimClicked)
        self.text.installEventFilter(self)
        header = QVBoxLayout()
        header.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.outlet, 1)
        row.addWidget(self.meta)
        header.addLayout(row)
        header.addWidget(self.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.chooser)
        layout.addLayout(header)
        layout.addWidget(self.text, 1)
        self.setAcceptDrops(True)
        self.show_placeholder()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept an article dragged from the Library (files go on to the window)."""
        if event.mimeData().hasFormat(ARTICLE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the dropped article here."""
        data = event.mimeData().data(ARTICLE_MIME)
        try:
            article_id = int(bytes(data.data()).decode())
        except ValueError:
            event.ignore()
            return
        event.acceptProposedAction()
        self.articleChosen.emit(article_id)

    def set_articles(self, articles: Iterable[ArticleInfo], label: dict[int, str]) -> None:
        """Fill the chooser (keeping the shown article selected)."""
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItem("Choose an article…", None)
        for article in articles:
            self.chooser.addItem(label.get(article.id, article.title), article.id)
        self._select_in_chooser()
        self.chooser.blockSignals(False)

    def show_article(self, detail: ArticleDetail, marks: Iterable[Mark]) -> None:
        """Show an article with its claims highlighted."""
        self.article_id = detail.id
        self.show_header(detail)
        self.text.show_text(detail.text, marks)
        self._select_in_chooser()

    def show_header(self, info: ArticleDetail | ArticleInfo) -> None:
        """Outlet (or an invitation to name it), title, date and link of the article shown."""
        if info.source:
            self.outlet.setText(html.escape(info.source))
            self.outlet.setToolTip("")
        else:  # invite the reviewer to name it
            link = self.palette().color(QPalette.ColorRole.Link).name()
            self.outlet.setText(
                f"<i>Unknown outlet</i> · <a href='set-outlet' style='color:{link}'>Set the outlet…</a>"
            )
            self.outlet.setToolTip("Name this article's outlet. Articles opening with the same masthead line get it"
                                   " too, now and when they are imported later.")
        self.title.setText(info.title)
        self.title.setToolTip(info.title)
        parts = []
        if info.published:
            parts.append(f"{info.published.day} {info.published:%B %Y}")
        if info.url:
            url = html.escape(info.url, quote=True)
            parts.append(f"<a href='{url}' title='{url}'>Open original</a>")
        self.meta.setText(" · ".join(p for p in parts if p))

    def show_placeholder(self) -> None:
        """An empty pane that says how to fill it."""
        self.article_id = None
        self.outlet.setText("")
        self.title.setText("No article in this pane")
        self.meta.setText("")
        self.text.show_text("")
        self.text.setPlaceholderText(
            "Pick an article above, double-click one in the Library, or drag it here."
        )
        self._select_in_chooser()

    def set_marks(self, marks: Iterable[Mark]) -> None:
        """Redraw the highlights (after a claim or verdict changed)."""
        self.text.set_marks(marks)

    def _select_in_chooser(self) -> None:
        index = self.chooser.findData(self.article_id) if self.article_id is not None else 0
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(max(index, 0))
        self.chooser.blockSignals(False)

    def _chosen(self, index: int) -> None:
        article_id = self.chooser.itemData(index)
        if article_id is not None and article_id != self.article_id:
            self.articleChosen.emit(int(article_id))

    def _outlet_link(self, _link: str) -> None:
        if self.article_id is not None:
            self.outletRequested.emit(self.article_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Focus on the text makes this the active pane."""
        if watched is self.text and isinstance(event, QFocusEvent) and event.gotFocus():
            self.activated.emit()
        return super().eventFilter(watched, event)

    def set_active(self, active: bool) -> None:
        """Mark the pane that Ctrl+M and Delete act on."""
        self.setProperty("active", active)
        self.setFrameShape(QFrame.Shape.Box if active else QFrame.Shape.StyledPanel)
        self.setLineWidth(2 if active else 1)
