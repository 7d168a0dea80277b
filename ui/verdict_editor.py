"""The verdict editor: rating, rationale, evidence, status, reviewer and history of one claim group.

Every edit is saved at once through an undo command on the window's QUndoStack: choices (rating,
status) on click, text fields when they lose focus or after a short pause in typing.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.empty_state import paged_panel
from ui.group_panel import GroupPanel
from ui.verdict_commands import SetVerdictCommand, VersionBook
from workbench.errors import NotFound, VerdictConflict, WorkbenchError
from workbench.service import (
    STATUS_LABELS,
    EvidenceInfo,
    GroupInfo,
    RatingInfo,
    RevisionInfo,
    VerdictInfo,
    Workbench,
)
from workbench.service.base import default_user
from workbench.worddiff import DELETE, INSERT, similarity, word_diff

STATUSES = tuple(STATUS_LABELS.items())  # (key, label) in workflow order
REVIEWER_KEY = "verdict_editor/reviewer"
TYPING_PAUSE_MS = 600
EMPTY_TEXT = "Select a claim to record a verdict"
_UNRATED = "Unrated"
_EVIDENCE_COLUMNS = ("", "URL", "Title", "Note")
_OPEN, _URL, _TITLE, _NOTE = range(4)


# -- the rating choices -----------------------------------------------------------------------------


class _FlowLayout(QLayout):
    """Lays widgets out left to right and wraps them into as many rows as the width needs."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.sizeHint())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and row_height:
                x, y, row_height = area.x(), y + row_height + self._gap, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


def _text_colour_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on the background."""
    r, g, b = background.redF(), background.greenF(), background.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#111111") if luminance > 0.45 else QColor("#ffffff")


def _swatch(colour: QColor | None, *, checked: bool, size: int, ratio: float, outline: QColor) -> QPixmap:
    """A round colour swatch (hollow for 'unrated'), with a check mark when chosen."""
    pixmap = QPixmap(QSize(size, size) * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRect(1, 1, size - 2, size - 2)
    if colour is None:
        painter.setPen(QPen(outline, 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(QPen(colour.darker(150), 1))
        painter.setBrush(colour)
    painter.drawEllipse(box)
    if checked:
        mark = outline if colour is None else _text_colour_on(colour)
        painter.setPen(QPen(mark, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        s = size
        painter.drawPolyline([QPoint(int(s * 0.28), int(s * 0.52)), QPoint(int(s * 0.44), int(s * 0.68)),
                              QPoint(int(s * 0.73), int(s * 0.34))])
    painter.end()
    return pixmap


class RatingPicker(QWidget):
    """A row of checkable buttons, one per rating in the scale plus 'Unrated'; wraps to the width."""

    picked = Signal(object)  # the rating key, or None for 'unrated'

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingPicker")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.buttonClicked.connect(self._clicked)
        self._layout = _FlowLayout(self)
        self._keys: dict[QAbstractButton, str | None] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_scale(self, ratings: Sequence[RatingInfo]) -> None:
        """Show one button per rating (in scale order), then 'Unrated'."""
        for button in list(self._keys):
            self._group.removeButton(button)
            self._layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._keys.clear()
        choices: list[tuple[str | None, str, QColor | None, str]] = [
            (r.key, r.label, QColor(r.colour), _rating_tooltip(r)) for r in ratings
        ]
        choices.append((None, _UNRATED, None, "No rating yet: the claim is shown in the neutral colour"))
        ratio = self.devicePixelRatioF() or 1.0
        outline = self.palette().color(QPalette.ColorRole.WindowText)
        for key, label, colour, tip in choices:
            button = QPushButton(label, self)
            button.setObjectName(f"rating_{key or 'unrated'}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setToolTip(tip)
            button.setAccessibleName(f"Rating: {label}")
            icon = QIcon()
            icon.addPixmap(_swatch(colour, checked=False, size=14, ratio=ratio, outline=outline), QIcon.Mode.Normal,
                           QIcon.State.Off)
            icon.addPixmap(_swatch(colour, checked=True, size=14, ratio=ratio, outline=outline), QIcon.Mode.Normal,
                           QIcon.State.On)
            button.setIcon(icon)
            if colour is not None:
                text = _text_colour_on(colour).name()
                button.setStyleSheet(
                    f"QPushButton:checked {{ background-color: {colour.name()}; color: {text};"
                    f" border: 2px solid {colour.darker(160).name()}; border-radius: 4px;"
                    " padding: 3px 8px; font-weight: bold; }"
                )
            else:
                button.setStyleSheet(
                    "QPushButton:checked { border: 2px solid palette(window-text); border-radius: 4px;"
                    " padding: 3px 8px; font-weight: bold; }"
                )
            self._group.addButton(button)
            self._layout.addWidget(button)
            self._keys[button] = key
        width = max((b.sizeHint().width() for b in self._keys), default=0) + 8  # room for the bold label
        for button in self._keys:
            button.setMinimumWidth(width)
        self.updateGeometry()

    def set_rating(self, key: str | None) -> None:
        """Check the button of a rating key (None: 'Unrated')."""
        for button, button_key in self._keys.items():
            if button_key == key:
                button.setChecked(True)
                return

    def rating(self) -> str | None:
        """The checked rating key, None for 'Unrated'."""
        button = self._group.checkedButton()
        return self._keys.get(button) if button is not None else None

    def button(self, key: str | None) -> QPushButton:
        """The button of a rating key (None: 'Unrated')."""
        for button, button_key in self._keys.items():
            if button_key == key:
                assert isinstance(button, QPushButton)
                return button
        raise KeyError(key)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout.heightForWidth(width)

    def _clicked(self, button: QAbstractButton) -> None:
        self.picked.emit(self._keys.get(button))


def _rating_tooltip(rating: RatingInfo) -> str:
    place = f" (score {rating.value} of the scale)" if rating.value is not None else " (outside the scale)"
    return f"Rate this claim “{rating.label}”{place}"


# -- history ---------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time in the local time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _evidence_name(item: dict[str, str]) -> str:
    title = (item.get("title") or "").strip()
    url = (item.get("url") or "").strip()
    return _shorten(title or QUrl.fromUserInput(url).host() or url or item.get("note", ""), 40)


def _describe_evidence(old: list[dict[str, str]] | None, new: list[dict[str, str]] | None) -> str:
    old, new = list(old or []), list(new or [])
    key = lambda e: (e.get("url", ""), e.get("title", ""), e.get("note", ""))  # noqa: E731
    added = [e for e in new if key(e) not in {key(o) for o in old}]
    removed = [e for e in old if key(e) not in {key(n) for n in new}]
    if len(added) == len(removed) and added:
        return "evidence: edited " + ", ".join(_evidence_name(e) for e in added)
    words = []
    if added:
        words.append("added " + ", ".join(_evidence_name(e) for e in added))
    if removed:
        words.append("removed " + ", ".join(_evidence_name(e) for e in removed))
    return "evidence: " + ("; ".join(words) or "reordered")


def _describe_rationale(old: str | None, new: str | None) -> str:
    old, new = old or "", new or ""
    if not old:
        return f"rationale: “{_shorten(new, 50)}”"
    if not new:
        return "rationale: cleared"
    if similarity(old, new) < 0.5:
        return f"rationale rewritten: “{_shorten(new, 50)}”"
    added = " … ".join(p.text.strip() for p in word_diff(old, new) if p.op == INSERT)
    removed = " … ".join(p.text.strip() for p in word_diff(old, new) if p.op == DELETE)
    bits = []
    if added:
        bits.append(f"+“{_shorten(added, 40)}”")
    if removed:
        bits.append(f"−“{_shorten(removed, 40)}”")
    return "rationale: " + (" ".join(bits) or "edited")


def describe_revision(revision: RevisionInfo, rating_labels: dict[str, str]) -> tuple[str, str]:
    """One readable line for a revision ("Ana · 2026-11-23 10:12 · rating: Mostly false → False") and a tooltip."""
    when = _local(revision.changed_at).strftime("%Y-%m-%d %H:%M")
    who = revision.changed_by or "someone"
    changes = revision.changes or {}
    created = revision.version == 1 or all(old is None for old, _ in changes.values())

    def rating(key: str | None) -> str:
        return rating_labels.get(key, key) if key else "unrated"

    def status(key: str | None) -> str:
        return STATUS_LABELS.get(key or "", key or "none")

    parts: list[str] = ["new verdict"] if created else []
    tips: list[str] = []
    for field in ("rating", "status", "rationale", "evidence", "reviewer"):
        if field not in changes:
            continue
        old, new = changes[field]
        if created and (not new or (field == "status" and new == "draft") or (field == "reviewer" and new == who)):
            continue
        if field == "rating":
            parts.append(f"rating: {rating(new)}" if created else f"rating: {rating(old)} → {rating(new)}")
        elif field == "status":
            parts.append(f"status: {status(new)}" if created else f"status: {status(old)} → {status(new)}")
        elif field == "reviewer":
            parts.append(f"reviewer: {new}" if created else f"reviewer: {old or 'none'} → {new or 'none'}")
        elif field == "rationale":
            parts.append(_describe_rationale(old, new))
            tips.append(f"Rationale before:\n{old or '(empty)'}\n\nRationale after:\n{new or '(empty)'}")
        elif field == "evidence":
            parts.append(_describe_evidence(old, new))
    line = " · ".join([who, when, *(parts or ["no visible change"])])
    tooltip = f"Version {revision.version}, {_local(revision.changed_at):%Y-%m-%d %H:%M:%S} by {who}"
    return line, "\n\n".join([tooltip, *tips])


# -- the editor ------------------------------------------------------------------------------------


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class VerdictEditor(GroupPanel):
    """Edit the verdict of the selected claim group; every change is an undoable, immediately saved command."""

    def __init__(self, workbench: Workbench, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(workbench, undo_stack, "verdictEditor", parent)
        self.versions = VersionBook()
        self.conflict_box: QMessageBox | None = None
        self._verdict: VerdictInfo | None = None
        self._ratings: list[RatingInfo] = []
        self._rationale_pending = False
        self._reviewer_pending = False
        self._build()
        self._load_scale()
        self._show_empty(EMPTY_TEXT)

    # -- public ------------------------------------------------------------------------------------

    def _library_switched(self) -> None:
        self.versions = VersionBook()
        self._load_scale()

    def commit_pending(self) -> None:
        """Save text typed but not yet saved (call before closing or switching libraries)."""
        self._commit_rationale()
        self._commit_reviewer()

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        panel = paged_panel(self, EMPTY_TEXT, "verdictEmpty")
        self.pages, self.empty_label, page, layout = panel.pages, panel.empty_label, panel.page, panel.layout

        self.group_label = QLabel(page)
        self.group_label.setObjectName("verdictGroup")
        self.group_label.setWordWrap(True)
        self.group_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.group_label)

        layout.addWidget(_heading("Rating", page))
        self.rating_picker = RatingPicker(page)
        self.rating_picker.picked.connect(self._rating_picked)
        layout.addWidget(self.rating_picker)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.status_combo = QComboBox(page)
        self.status_combo.setObjectName("verdictStatus")
        for key, label in STATUSES:
            self.status_combo.addItem(label, key)
        self.status_combo.setToolTip(
            "Draft while you work, In review when a colleague should check it, Final when done"
        )
        self.status_combo.activated.connect(self._status_chosen)
        form.addRow("&Status:", self.status_combo)
        self.reviewer_edit = QLineEdit(page)
        self.reviewer_edit.setObjectName("verdictReviewer")
        self.reviewer_edit.setPlaceholderText(default_user())
        self.reviewer_edit.setToolTip("Who is responsible for this verdict; your name is remembered for new verdicts")
        self.reviewer_edit.textEdited.connect(self._reviewer_typed)
        self.reviewer_edit.editingFinished.connect(self._commit_reviewer)
        form.addRow("Re&viewer:", self.reviewer_edit)
        layout.addLayout(form)

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.setObjectName("verdictSplitter")
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        box = QWidget(splitter)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 4, 0, 0)
        rationale_label = _heading("&Rationale", box)
        box_layout.addWidget(rationale_label)
        self.rationale_edit = QPlainTextEdit(box)
        self.rationale_edit.setObjectName("verdictRationale")
        self.rationale_edit.setPlaceholderText("Why this rating? What do the sources say?")
        self.rationale_edit.setToolTip("Saved as you type (after a short pause) and when you leave the field")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.textChanged.connect(self._rationale_typed)
        self.rationale_edit.installEventFilter(self)
        rationale_label.setBuddy(self.rationale_edit)
        box_layout.addWidget(self.rationale_edit)

        box = QWidget(splitter)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 4, 0, 0)
        evidence_label = _heading("&Evidence", box)
        box_layout.addWidget(evidence_label)
        self.evidence_table = QTableWidget(0, len(_EVIDENCE_COLUMNS), box)
        self.evidence_table.setObjectName("verdictEvidence")
        self.evidence_table.setHorizontalHeaderLabels(list(_EVIDENCE_COLUMNS))
        opener_header = self.evidence_table.horizontalHeaderItem(_OPEN)
        if opener_header is not None:
            opener_header.setToolTip("Open the link in your browser")
        self.evidence_table.verticalHeader().setVisible(False)
        self.evidence_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.evidence_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.evidence_table.setWordWrap(False)
        self.evidence_table.setToolTip("Sources backing the verdict: double-click or F2 to edit a cell")
        header = self.evidence_table.horizontalHeader()
        header.setSectionResizeMode(_OPEN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(_OPEN, 28)
        for column in (_URL, _TITLE, _NOTE):  # share the dock's width; full texts are in the tooltips
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.evidence_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.evidence_table.itemChanged.connect(self._evidence_edited)
        self.evidence_table.cellClicked.connect(self._evidence_cell_clicked)
        self.evidence_table.itemSelectionChanged.connect(self._update_evidence_buttons)
        evidence_label.setBuddy(self.evidence_table)
        box_layout.addWidget(self.evidence_table)
        buttons = QHBoxLayout()
        self.add_evidence_button = QPushButton("&Add", box)
        self.add_evidence_button.setObjectName("addEvidence")
        self.add_evidence_button.setToolTip("Add a piece of evidence: type its URL, then its title and a note")
        self.add_evidence_button.clicked.connect(self.add_evidence)
        self.remove_evidence_button = QPushButton("Re&move", box)
        self.remove_evidence_button.setObjectName("removeEvidence")
        self.remove_evidence_button.setToolTip("Remove the selected evidence (undo brings it back)")
        self.remove_evidence_button.clicked.connect(self.remove_selected_evidence)
        self.open_evidence_button = QPushButton("&Open link", box)
        self.open_evidence_button.setObjectName("openEvidence")
        self.open_evidence_button.setToolTip("Open the selected evidence URL in your browser")
        self.open_evidence_button.clicked.connect(self._open_selected_evidence)
        for button in (self.add_evidence_button, self.remove_evidence_button, self.open_evidence_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)

        box = QWidget(splitter)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 4, 0, 0)
        history_label = _heading("&History", box)
        box_layout.addWidget(history_label)
        self.history_list = QListWidget(box)
        self.history_list.setObjectName("verdictHistory")
        self.history_list.setWordWrap(True)
        self.history_list.setAlternatingRowColors(True)
        self.history_list.setToolTip("Every saved change to this verdict, newest first")
        history_label.setBuddy(self.history_list)
        box_layout.addWidget(self.history_list)
        splitter.setSizes([140, 150, 120])

        self._rationale_timer = QTimer(self)
        self._rationale_timer.setSingleShot(True)
        self._rationale_timer.setInterval(TYPING_PAUSE_MS)
        self._rationale_timer.timeout.connect(self._commit_rationale)
        self._reviewer_timer = QTimer(self)
        self._reviewer_timer.setSingleShot(True)
        self._reviewer_timer.setInterval(TYPING_PAUSE_MS)
        self._reviewer_timer.timeout.connect(self._commit_reviewer)
        self._update_evidence_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.rationale_edit and event.type() == QEvent.Type.FocusOut:
            self._commit_rationale()
        return super().eventFilter(watched, event)

    # -- loading -----------------------------------------------------------------------------------

    def _load_scale(self) -> None:
        self._ratings = self.workbench.rating_scale()
        self.rating_picker.set_scale(self._ratings)

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.pages.setCurrentWidget(self.empty_label)
        self._group, self._verdict = None, None

    def _reload(self) -> None:
        group_id = self._group_id
        if group_id is None:
            self._show_empty(EMPTY_TEXT)
            return
        try:
            group = self.workbench.get_group(group_id)
            verdict = self.workbench.get_verdict(group_id)
        except NotFound:
            self._show_empty("This claim group no longer exists.\n" + EMPTY_TEXT)
            return
        self._group, self._verdict = group, verdict
        self.versions.saw(group_id, verdict.version if verdict else 0)
        self._loading = True
        try:
            self._show_group(group)
            self.rating_picker.set_rating(verdict.rating if verdict else None)
            index = self.status_combo.findData(verdict.status if verdict else "draft")
            self.status_combo.setCurrentIndex(max(index, 0))
            if not self._reviewer_pending:
                reviewer = verdict.reviewer if verdict and verdict.reviewer else self._remembered_reviewer()
                if self.reviewer_edit.text() != reviewer:
                    self.reviewer_edit.setText(reviewer)
            if not self._rationale_pending:
                rationale = verdict.rationale if verdict else ""
                if self.rationale_edit.toPlainText() != rationale:  # keeps the cursor while typing
                    self.rationale_edit.setPlainText(rationale)
            evidence = verdict.evidence if verdict else []
            if _evidence_key(self._table_evidence()) != _evidence_key(evidence):
                self._fill_evidence(evidence)
            self._fill_history(verdict)
        finally:
            self._loading = False
        self.pages.setCurrentIndex(1)
        self._update_evidence_buttons()

    def _show_group(self, group: GroupInfo) -> None:
        sources = len({c.article_id for c in group.claims})
        outlets = ", ".join(group.outlets)
        self.group_label.setText(
            f"<b>Claim group {group.id}</b> · {sources} source{'s' if sources != 1 else ''}"
            f"<br><i>{html.escape(_shorten(group.canonical, 180))}</i>"
        )
        self.group_label.setToolTip(f"{group.canonical}\n\nOutlets: {outlets or 'none'}")

    def _fill_evidence(self, evidence: Sequence[EvidenceInfo]) -> None:
        table = self.evidence_table
        table.setRowCount(0)
        for item in evidence:
            self._append_evidence_row(item.url, item.title, item.note)

    def _append_evidence_row(self, url: str, title: str, note: str) -> int:
        table = self.evidence_table
        row = table.rowCount()
        table.insertRow(row)
        opener = QTableWidgetItem("↗")
        opener.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        opener.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        opener.setToolTip("Open this link in your browser")
        table.setItem(row, _OPEN, opener)
        link = QTableWidgetItem(url)
        table.setItem(row, _URL, link)
        table.setItem(row, _TITLE, QTableWidgetItem(title))
        table.setItem(row, _NOTE, QTableWidgetItem(note))
        self._style_evidence_row(row)
        return row

    def _style_evidence_row(self, row: int) -> None:
        link = self.evidence_table.item(row, _URL)
        if link is None:
            return
        font = link.font()
        font.setUnderline(bool(link.text()))
        link.setFont(font)
        link.setForeground(self.palette().color(QPalette.ColorRole.Link))
        link.setToolTip(f"{link.text()}\nClick ↗ or “Open link” to open it" if link.text() else "Type the URL")
        for column in (_TITLE, _NOTE):
            cell = self.evidence_table.item(row, column)
            if cell is not None:
                cell.setToolTip(cell.text())

    def _fill_history(self, verdict: VerdictInfo | None) -> None:
        self.history_list.clear()
        if verdict is None:
            item = QListWidgetItem("No verdict yet: choose a rating or write a rationale to start one.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.history_list.addItem(item)
            return
        labels = {r.key: r.label for r in self._ratings}
        for revision in sorted(verdict.revisions, key=lambda r: (r.version, r.changed_at), reverse=True):
            line, tooltip = describe_revision(revision, labels)
            item = QListWidgetItem(line)
            item.setToolTip(tooltip)
            self.history_list.addItem(item)

    # -- editing -----------------------------------------------------------------------------------

    def _rating_picked(self, key: str | None) -> None:
        label = next((r.label for r in self._ratings if r.key == key), key)
        self._save({"rating": key}, f"Set rating to {label}" if key else "Clear rating")

    def _status_chosen(self, index: int) -> None:
        key = self.status_combo.itemData(index)
        self._save({"status": key}, f"Set status to {STATUS_LABELS.get(key, key)}")

    def _rationale_typed(self) -> None:
        if self._loading or self._group_id is None:
            return
        self._rationale_pending = True
        self._rationale_timer.start()

    def _commit_rationale(self) -> None:
        self._rationale_timer.stop()
        if not self._rationale_pending:
            return
        self._rationale_pending = False
        self._save({"rationale": self.rationale_edit.toPlainText()}, "Edit rationale", merge_key="rationale")

    def _reviewer_typed(self) -> None:
        self._reviewer_pending = True
        self._reviewer_timer.start()

    def _commit_reviewer(self) -> None:
        self._reviewer_timer.stop()
        if not self._reviewer_pending:
            return
        self._reviewer_pending = False
        name = self.reviewer_edit.text().strip()
        if name:
            QSettings().setValue(REVIEWER_KEY, name)
        if self._verdict is None:  # remembered for the verdict this group will get; no empty verdict for it
            return
        self._save({"reviewer": name or None}, f"Set reviewer to {name}" if name else "Clear reviewer",
                   merge_key="reviewer")

    def _remembered_reviewer(self) -> str:
        value = QSettings().value(REVIEWER_KEY, "")
        return str(value) if value else default_user()

    def add_evidence(self) -> None:
        """Add an empty evidence row and start typing its URL (saved once something is typed)."""
        if self._group_id is None:
            return
        self._loading = True
        try:
            row = self._append_evidence_row("", "", "")
        finally:
            self._loading = False
        self.evidence_table.setCurrentCell(row, _URL)
        self.evidence_table.setFocus()
        self.evidence_table.edit(self.evidence_table.currentIndex())

    def remove_selected_evidence(self) -> None:
        """Remove the selected evidence rows (one undo step)."""
        rows = sorted({index.row() for index in self.evidence_table.selectedIndexes()}, reverse=True)
        if not rows and self.evidence_table.currentRow() >= 0:
            rows = [self.evidence_table.currentRow()]
        if not rows:
            return
        self._loading = True
        try:
            for row in rows:
                self.evidence_table.removeRow(row)
        finally:
            self._loading = False
        self._commit_evidence("Remove evidence")

    def _evidence_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            self._style_evidence_row(item.row())
        finally:
            self._loading = False
        self._commit_evidence()

    def _commit_evidence(self, text: str | None = None) -> None:
        wanted = self._table_evidence()
        before = self._verdict.evidence if self._verdict else []
        if text is None:
            count_before, count_after = len(_evidence_key(before)), len(wanted)
            text = ("Add evidence" if count_after > count_before
                    else "Remove evidence" if count_after < count_before else "Edit evidence")
        # typing a new item's URL, title and note cell by cell undoes as one step
        self._save({"evidence": wanted}, text, merge_key=None if text == "Remove evidence" else "evidence")

    def _table_evidence(self) -> list[EvidenceInfo]:
        """The evidence rows as typed, leaving out rows still empty."""
        found = []
        for row in range(self.evidence_table.rowCount()):
            cells = [self.evidence_table.item(row, column) for column in (_URL, _TITLE, _NOTE)]
            url, title, note = (cell.text().strip() if cell else "" for cell in cells)
            if url or title or note:
                found.append(EvidenceInfo(None, url, title, note))
        return found

    def _evidence_cell_clicked(self, row: int, column: int) -> None:
        if column == _OPEN:
            self._open_row(row)

    def _open_selected_evidence(self) -> None:
        self._open_row(self.evidence_table.currentRow())

    def _open_row(self, row: int) -> None:
        cell = self.evidence_table.item(row, _URL) if row >= 0 else None
        if cell is not None and cell.text().strip():
            QDesktopServices.openUrl(QUrl.fromUserInput(cell.text().strip()))

    def _update_evidence_buttons(self) -> None:
        row = self.evidence_table.currentRow()
        has_rows = self.evidence_table.rowCount() > 0
        cell = self.evidence_table.item(row, _URL) if row >= 0 else None
        self.remove_evidence_button.setEnabled(has_rows and row >= 0)
        self.open_evidence_button.setEnabled(bool(cell and cell.text().strip()))

    # -- saving ------------------------------------------------------------------------------------

    def _current_values(self) -> dict[str, Any]:
        v = self._verdict
        return {
            "rating": v.rating if v else None,
            "rationale": v.rationale if v else "",
            "status": v.status if v else "draft",
            "reviewer": v.reviewer if v else None,
            "evidence": [EvidenceInfo(None, e.url, e.title, e.note) for e in v.evidence] if v else [],
        }

    def _save(self, fields: dict[str, Any], text: str, *, merge_key: str | None = None) -> None:
        """Push one command changing these verdict fields, unless they already hold these values."""
        group_id = self._group_id
        if group_id is None or self._loading:
            return
        current = self._current_values()
        if all(_same(current[k], v) for k, v in fields.items()):
            return
        after = dict(fields)
        if self._verdict is None:
            after.setdefault("reviewer", self.reviewer_edit.text().strip() or self._remembered_reviewer())
        before = {k: current[k] for k in after}
        self.undo_stack.push(SetVerdictCommand(
            self.workbench, group_id, before, after,
            expected_version=self._verdict.version if self._verdict else 0, versions=self.versions,
            text=text, merge_key=merge_key, on_applied=self._applied, on_failed=self._failed,
        ))

    def _failed(self, group_id: int, error: WorkbenchError, wanted: dict[str, Any]) -> None:
        if group_id == self._group_id:
            self._rationale_pending = self._reviewer_pending = False  # show what is stored now
            self._reload()
        self.changed.emit(group_id)
        self._show_failure(group_id, error, wanted)

    def _last_author(self, group_id: int) -> str:
        try:
            verdict = self.workbench.get_verdict(group_id)
        except WorkbenchError:
            return "someone"
        return (verdict.revisions[-1].changed_by if verdict and verdict.revisions else None) or "someone"

    def _show_failure(self, group_id: int, error: WorkbenchError, wanted: dict[str, Any]) -> None:
        box = QMessageBox(self)
        box.setObjectName("verdictConflict")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if isinstance(error, VerdictConflict):
            box.setWindowTitle("Verdict changed elsewhere")
            box.setText(conflict_html(group_id, error, wanted, {r.key: r.label for r in self._ratings},
                                      who=self._last_author(group_id)))
            keep = box.addButton("Keep theirs", QMessageBox.ButtonRole.RejectRole)
            keep.setObjectName("keepTheirs")
            keep.setToolTip("Leave the stored verdict as it is; the editor now shows it")
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            if wanted:
                mine = box.addButton("Apply mine over theirs", QMessageBox.ButtonRole.AcceptRole)
                mine.setObjectName("applyMine")
                mine.setToolTip("Save your change on top of the stored verdict (it can be undone)")

                def decided() -> None:
                    if box.clickedButton() is mine and group_id == self._group_id:
                        self._save(dict(wanted), _command_text(wanted, self._ratings))

                box.finished.connect(decided)
        else:
            box.setWindowTitle("Verdict not saved")
            box.setText(html.escape(str(error)))
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.conflict_box = box
        box.open()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return _evidence_key(a) == _evidence_key(b)
    return (a or None) == (b or None)


def _evidence_key(items: Sequence[EvidenceInfo]) -> list[tuple[str, str, str]]:
    return [(e.url, e.title, e.note) for e in items if e.url or e.title or e.note]


def _command_text(fields: dict[str, Any], ratings: Sequence[RatingInfo]) -> str:
    """The undo text of a change to these fields ("Set rating to False")."""
    shown = [k for k in fields if k != "reviewer"] or list(fields)
    if len(shown) != 1:
        return "Edit verdict"
    field, value = shown[0], fields[shown[0]]
    if field == "rating":
        label = next((r.label for r in ratings if r.key == value), value)
        return f"Set rating to {label}" if value else "Clear rating"
    if field == "status":
        return f"Set status to {STATUS_LABELS.get(value, value)}"
    if field == "reviewer":
        return f"Set reviewer to {value}" if value else "Clear reviewer"
    return {"rationale": "Edit rationale", "evidence": "Edit evidence"}.get(field, "Edit verdict")


def conflict_html(
    group_id: int, error: VerdictConflict, wanted: dict[str, Any], labels: dict[str, str], *,
    who: str = "someone",
) -> str:
    """Rich text for a conflict: the stored value ("theirs") next to yours for each field you changed."""

    def shown(field: str, value: Any) -> str:
        if field == "rating":
            return html.escape(labels.get(value, value) if value else "unrated")
        if field == "status":
            return html.escape(STATUS_LABELS.get(value, value or "—"))
        if field == "evidence":
            names = [_evidence_name(e if isinstance(e, dict) else e.__dict__) for e in value or []]
            return "<br>".join(html.escape(n) for n in names) or "<i>none</i>"
        return html.escape(_shorten(str(value), 400)).replace("\n", "<br>") if value else "<i>empty</i>"

    theirs = error.theirs
    fields = [f for f in ("rating", "status", "reviewer", "rationale", "evidence") if f in wanted]
    if not fields:  # an undo that would have removed the verdict
        fields = [f for f in ("rating", "status", "reviewer", "rationale") if f in theirs]
        wanted = {f: "(verdict removed by your undo)" for f in fields}
    rows = "".join(
        f"<tr><td><b>{field.capitalize()}</b></td>"
        f"<td>{shown(field, theirs[field]) if field in theirs else '<i>see the editor</i>'}</td>"
        f"<td>{shown(field, wanted[field])}</td></tr>"
        for field in fields
    )
    version = theirs.get("version")
    stored = f" (version {version})" if version else ""
    return (
        f"<p><b>The verdict on claim group {group_id} was changed by {html.escape(who)} in another window"
        " while you were editing it.</b><br>"
        f"Your change was <b>not saved</b>. The editor now shows the stored verdict{stored}.</p>"
        "<table cellspacing='0' cellpadding='4' border='1'>"
        "<tr><th align='left'>Field</th><th align='left'>Stored now (theirs)</th>"
        "<th align='left'>Your change (not saved)</th></tr>"
        f"{rows}</table>"
    )


__all__ = ["EMPTY_TEXT", "RatingPicker", "VerdictEditor", "conflict_html", "describe_revision"]
