"""The Matches dock: where the selected claim seems to appear elsewhere, by tier, with score bars, word diffs
and why each was suggested; in a second tab, the claims checked before that match it."""

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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.checked_before import CheckedBeforePanel
from ui.colours import palette_is_dark, text_colour_on
from ui.debounce import Debouncer
from ui.flow_layout import FlowLayout
from ui.models import EXPLANATION_ROLE, HTML_ROLE, SCORE_ROLE, TIER_HEADER_ROLE, SuggestionModel
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


class TierHeaderDelegate(QStyledItemDelegate):
    """Draws a tier's header row ("Close wording · 3") in bold on a band; other cells as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.data(TIER_HEADER_ROLE):
            super().paint(painter, option, index)
            return
        palette = option.palette
        painter.save()
        painter.fillRect(option.rect, palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text))  # not greyed out
        text_rect = option.rect.adjusted(6, 0, -6, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, str(index.data()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(0, max(hint.height(), 24)) if index.data(TIER_HEADER_ROLE) else hint  # spans: no column width


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
        self.view.setItemDelegateForColumn(0, TierHeaderDelegate(self.view))
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
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._explain())
        self.explanation = QLabel(self)
        self.explanation.setObjectName("matchExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation.setToolTip("Why the selected passage was suggested: its tier, how similar it is in meaning, "
                                    "wording and words, the words it shares with the claim and those it changes")
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
        self.legend = QLabel(diff_legend(dark=palette_is_dark()), self)
        self.legend.setObjectName("matchesLegend")
        buttons = FlowLayout(spacing=12)  # one row when there is room, two on a narrow dock
        buttons.addWidget(_row(self, [self.accept_button, self.reject_button, self.show_button]))
        buttons.addWidget(_row(self, [self.accept_all_button, self.threshold]))
        buttons.addWidget(self.legend)
        matches = QWidget(self)
        layout = QVBoxLayout(matches)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.explanation)
        layout.addLayout(buttons)
        self.checked = CheckedBeforePanel(self)
        self.checked.title.hide()  # its tab names it, with the count
        # Two tabs rather than one column: in a docked (short) Matches dock both would be a few rows tall.
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("matchesTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(matches, "Matches")
        self.tabs.addTab(self.checked, "Checked before")
        self.tabs.setTabToolTip(0, "Where the selected claim appears in the other articles")
        self.tabs.setTabToolTip(1, "Fact-checks and verdicted claims of this library that match the selected claim")
        self.checked.titleChanged.connect(lambda title: self.tabs.setTabText(1, title))
        body = QWidget(self)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.tabs)
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
        count = len(self.model.rows) if claim_id is not None and not busy else 0
        self.tabs.setTabText(0, f"Matches ({count})" if count else "Matches")
        self._update_buttons()
        self._explain()

    def _after_reset(self) -> None:
        self.view.clearSpans()
        for row in self.model.header_rows():  # a tier's title across the row
            self.view.setSpan(row, 0, 1, self.model.columnCount())
        self.view.resizeRowsToContents()
        self._fit_rows.trigger()  # again once the columns have their final widths
        if self.model.rows:
            self.select_match(0)
        self._update_buttons()

    def select_match(self, position: int) -> None:
        """Select a suggestion by its place in the list (0: the best of the first tier)."""
        if 0 <= position < len(self.model.rows):
            row = self.model.row_of(self.model.rows[position])
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _explain(self) -> None:
        """Say why the current suggestion was made (below the list)."""
        row = self.view.currentIndex().row()
        text = self.model.index(row, 0).data(EXPLANATION_ROLE) if self.current() is not None else None
        self.explanation.setText(text or "")
        self.explanation.setVisible(bool(text))

    def _update_buttons(self) -> None:
        has = bool(self.model.rows)
        for widget in (self.accept_button, self.reject_button, self.show_button, self.accept_all_button):
            widget.setEnabled(has)

    def current(self) -> SuggestionInfo | None:
        """The suggestion in the current row (None on a tier's header)."""
        return self.model.suggestion_at(self.view.currentIndex().row())

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


def _row(parent: QWidget, widgets: list[QWidget]) -> QWidget:
    """Widgets side by side, kept together when the buttons wrap."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


def _bar_colour(share: float) -> str:
    """Green for strong matches, amber for likely ones, red for weak ones."""
    return "#31a354" if share >= 0.8 else "#fdae61" if share >= 0.5 else "#d7301f"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
