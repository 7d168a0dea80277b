"""The Matches dock: where the selected claim seems to appear elsewhere, with score bars and word diffs."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.colours import palette_is_dark, text_colour_on
from ui.debounce import Debouncer
from ui.models import HTML_ROLE, SCORE_ROLE, SuggestionModel
from ui.word_diff import diff_legend
from workbench.service import SuggestionInfo

Index = QModelIndex | QPersistentModelIndex


class ScoreDelegate(QStyledItemDelegate):
    """Draws a score as a horizontal bar with its percentage."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        score = float(index.data(SCORE_ROLE) or 0.0)
        share = max(0.0, min(score / 100.0, 1.0))
        box = option.rect.adjusted(4, option.rect.height() // 2 - 7, -4, -(option.rect.height() // 2 - 7))
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(box, 3, 3)
        filled = QRect(box)
        filled.setWidth(int(box.width() * share))
        bar = QColor(_bar_colour(share))
        painter.setBrush(bar)
        painter.drawRoundedRect(filled, 3, 3)
        rest = QRect(box)
        rest.setLeft(filled.right() + 1)
        track = option.palette.color(QPalette.ColorRole.Mid)
        for part, under in ((filled, bar), (rest, track)):  # each part of the label readable on what is under it
            painter.save()
            painter.setClipRect(part)
            painter.setPen(text_colour_on(under))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(110, 24)


class HtmlDelegate(QStyledItemDelegate):
    """Draws a cell's rich text (the word diff), wrapped to the column."""

    def _document(self, option: QStyleOptionViewItem, index: Index, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(role).name()
        body = index.data(HTML_ROLE) or html.escape(str(index.data() or ""))
        doc.setHtml(f"<div style='color:{colour}'>{body}</div>")
        doc.setTextWidth(max(width, 50))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect: QRect = option.rect
        doc = self._document(option, index, rect.width() - 8)
        painter.save()
        painter.translate(rect.left() + 4, rect.top() + 2)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        view = self.parent()
        width = view.columnWidth(index.column()) if isinstance(view, QTableView) else option.rect.width()
        width = width if width > 0 else 400
        doc = self._document(option, index, width - 8)
        return QSize(int(doc.idealWidth()) + 8, int(doc.size().height()) + 4)


class MatchesDock(QDockWidget):
    """Lists suggestions for the selected claim; emits accept, reject and show requests."""

    acceptRequested = Signal(int)
    rejectRequested = Signal(int)
    acceptAllRequested = Signal(float)  # minimum score, 0..100
    showRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Matches", parent)
        self.setObjectName("matchesDock")
        self.claim_id: int | None = None
        self.model = SuggestionModel()
        self.heading = QLabel(self)
        self.heading.setObjectName("matchesHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.view = QTableView(self)
        self.view.setObjectName("matchesView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        self.view.setItemDelegateForColumn(1, ScoreDelegate(self.view))
        self.view.setItemDelegateForColumn(2, HtmlDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 110)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._fit_rows = Debouncer(0, self.view.resizeRowsToContents, self)  # rows as tall as their wrapped text
        header.sectionResized.connect(self._fit_rows.trigger)
        self.view.viewport().installEventFilter(self)
        self.view.doubleClicked.connect(lambda _index: self.show_current())
        self.model.modelReset.connect(self._after_reset)
        self.accept_action = self._view_action(
            "Accept match", [Qt.Key.Key_Return, Qt.Key.Key_Enter], self.accept_current, "acceptMatch"
        )
        self.reject_action = self._view_action(
            "Reject match", [Qt.Key.Key_Backspace, Qt.Key.Key_Delete], self.reject_current, "rejectMatch"
        )
        self.accept_button = self._button("Accept", "Link this passage to the selected claim (Enter)",
                                          self.accept_current)
        self.reject_button = self._button("Reject", "This passage is not the same claim (Backspace or Delete)",
                                          self.reject_current)
        self.show_button = self._button("Show", "Scroll that article's pane to this passage (double-click)",
                                        self.show_current)
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("acceptThreshold")
        self.threshold.setRange(1, 100)
        self.threshold.setValue(85)
        self.threshold.setSuffix(" %")
        self.threshold.setToolTip("Score from which “Accept all” links suggestions")
        self.accept_all_button = self._button("Accept all ≥", "Accept every suggestion scoring at least this much",
                                              lambda: self.acceptAllRequested.emit(float(self.threshold.value())))
        buttons = QHBoxLayout()
        for widget in (self.accept_button, self.reject_button, self.show_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        bulk = QHBoxLayout()
        bulk.addStretch(1)
        bulk.addWidget(self.accept_all_button)
        bulk.addWidget(self.threshold)
        self.legend = QLabel(diff_legend(dark=palette_is_dark()), self)
        self.legend.setObjectName("matchesLegend")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        layout.addLayout(bulk)
        self.setWidget(body)
        self.set_suggestions(None, "", [])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A resized list fits its rows to the new width (wrapped text never clipped)."""
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows.trigger()
        return super().eventFilter(watched, event)

    def _view_action(self, text: str, keys: list[Qt.Key], slot: Callable[[], None], name: str) -> QAction:
        action = QAction(text, self.view)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"match{text.split()[0]}Button" if "≥" not in text else "matchAcceptAllButton")
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def set_suggestions(self, claim_id: int | None, claim_text: str, suggestions: list[SuggestionInfo],
                        busy: bool = False) -> None:
        """Show the suggestions for a claim (pending ones first, best first)."""
        self.claim_id = claim_id
        self.model.set_suggestions(claim_text, [s for s in suggestions if s.state == "pending"])
        if claim_id is None:
            self.heading.setText("Select a claim in an article to see where else it appears.")
        elif busy:
            self.heading.setText(f"Looking for <i>{html.escape(_short(claim_text))}</i> in other articles…")
        elif not self.model.rows:
            self.heading.setText(f"No open suggestions for <i>{html.escape(_short(claim_text))}</i>.")
        else:
            n = len(self.model.rows)
            self.heading.setText(f"{n} possible match{'es' if n != 1 else ''} for "
                                 f"<i>{html.escape(_short(claim_text))}</i>")
        self._update_buttons()

    def _after_reset(self) -> None:
        self.view.resizeRowsToContents()
        self._fit_rows.trigger()  # again once the columns have their final widths
        if self.model.rows:
            self.view.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self.model.rows)
        for widget in (self.accept_button, self.reject_button, self.show_button, self.accept_all_button):
            widget.setEnabled(has)

    def current(self) -> SuggestionInfo | None:
        """The suggestion in the current row."""
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def accept_current(self) -> None:
        """Accept the current suggestion."""
        s = self.current()
        if s is not None and s.id is not None:
            self.acceptRequested.emit(s.id)

    def reject_current(self) -> None:
        """Reject the current suggestion."""
        s = self.current()
        if s is not None and s.id is not None:
            self.rejectRequested.emit(s.id)

    def show_current(self) -> None:
        """Ask the window to show the current suggestion in its article."""
        s = self.current()
        if s is not None:
            self.showRequested.emit(s)


def _bar_colour(share: float) -> str:
    """Green for strong matches, amber for likely ones, red for weak ones."""
    return "#31a354" if share >= 0.8 else "#fdae61" if share >= 0.5 else "#d7301f"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
