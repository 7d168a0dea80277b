"""Compare: every variant of a claim group, one row per outlet and date, word-diffed against the canonical wording.

The canonical wording is edited in place; the rows follow it as you type, and it is saved (through an
undo command) on Enter, when the field loses focus, or after a short pause in typing.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.colours import palette_is_dark
from ui.commands.base import Command, CommandSink
from ui.commands.verdicts import EditCanonical
from ui.compare_drift import DriftBlock, badges, independent_origins, read_drift
from ui.debounce import Debouncer
from ui.empty_state import paged_panel
from ui.group_panel import GroupPanel
from ui.settings import AppSettings
from ui.word_diff import diff_html, diff_legend
from workbench.errors import NotFound, WorkbenchError
from workbench.service import ClaimInfo, DriftInfo, GroupInfo, Workbench
from workbench.worddiff import DELETE, INSERT, word_diff

EMPTY_TEXT = "Select a claim to compare how each outlet worded it"
TYPING_PAUSE_MS = 600
PREVIEW_MS = 120


def _muted(widget: QWidget) -> str:
    """A colour between the text and the background, as CSS, for secondary text in rich labels."""
    palette = widget.palette()
    text, back = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        round(0.62 * text.red() + 0.38 * back.red()),
        round(0.62 * text.green() + 0.38 * back.green()),
        round(0.62 * text.blue() + 0.38 * back.blue()),
    )
    return mixed.name()


def change_summary(canonical: str, variant: str) -> str:
    """'same wording', or how many words were added and left out ("2 added · 1 missing")."""
    parts = word_diff(canonical, variant)
    added = sum(len(p.text.split()) for p in parts if p.op == INSERT)
    missing = sum(len(p.text.split()) for p in parts if p.op == DELETE)
    if not added and not missing:
        return "same wording"
    bits = []
    if added:
        bits.append(f"{added} word{'s' if added != 1 else ''} added")
    if missing:
        bits.append(f"{missing} missing")
    return ", ".join(bits)


class VariantRow(QFrame):
    """One variant: outlet, date and article, then its wording with the differences marked."""

    use_wording = Signal(str)

    def __init__(self, claim: ClaimInfo, published: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim = claim
        self.summary = ""
        self.flags: list[DriftInfo] = []  # drift against the stored canonical wording
        self.setObjectName(f"variant_{claim.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        top = QHBoxLayout()
        outlet = html.escape(claim.source or "Unknown outlet")
        date = published.isoformat() if published else "date unknown"
        title = html.escape(claim.article_title or "")
        self._heading = f"<b>{outlet}</b> · {date}"
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setText(self._heading)
        self.header.setToolTip(f"{claim.source or 'Unknown outlet'}, {date}\n{claim.article_title or ''}")
        top.addWidget(self.header, 1)
        self.use_button = QPushButton("Use wording", self)
        self.use_button.setObjectName("useWording")
        self.use_button.setAutoDefault(False)
        self.use_button.setToolTip("Make this outlet's wording the group's canonical wording (undoable)")
        self.use_button.clicked.connect(lambda: self.use_wording.emit(self.claim.text))
        top.addWidget(self.use_button)
        layout.addLayout(top)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setText(f"<span style='color:{_muted(self)}'>{title}</span>")
        self.title.setVisible(bool(title))
        layout.addWidget(self.title)
        self.diff = QLabel(self)
        self.diff.setObjectName("variantDiff")
        self.diff.setTextFormat(Qt.TextFormat.RichText)
        self.diff.setWordWrap(True)
        self.diff.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.diff.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.diff.setToolTip("+ underlined: words this outlet added · − struck through: canonical words it left out")
        layout.addWidget(self.diff)
        self.drift = DriftBlock(self)
        layout.addWidget(self.drift)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def compare_with(self, canonical: str, *, stored: bool = True) -> None:
        """Mark this variant's differences against a wording (and its drift, when that wording is the stored one)."""
        self.diff.setText(diff_html(canonical, self.claim.text, marked=True, dark=palette_is_dark()))
        self.summary = change_summary(canonical, self.claim.text)
        flags = self.flags if stored else []
        self.drift.show_flags(self.claim.text, flags)
        marks = f" &nbsp;{badges(flags)}" if flags else ""
        self.header.setText(f"{self._heading} · <span style='color:{_muted(self)}'>{self.summary}</span>{marks}")

    def _menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        use = menu.addAction("Use as canonical wording")
        use.triggered.connect(lambda: self.use_wording.emit(self.claim.text))
        copy = menu.addAction("Copy this wording")
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.claim.text))
        menu.popup(self.mapToGlobal(position))


class CompareView(GroupPanel):
    """All variants of the selected claim group against its editable canonical wording."""

    def __init__(self, workbench: Workbench | None, undo: CommandSink, parent: QWidget | None = None, *,
                 settings: AppSettings | None = None) -> None:
        super().__init__(workbench, undo, "compareView", parent, settings=settings)
        self.error_box: QMessageBox | None = None
        self.rows: list[VariantRow] = []
        self._drift: dict[int, list[DriftInfo]] = {}  # the shown group's drift flags by claim
        self._build()
        self._reload()

    # -- public ------------------------------------------------------------------------------------

    def commit_pending(self) -> None:
        """Save a wording typed but not yet saved."""
        self._saver.flush()

    def use_wording(self, text: str) -> None:
        """Make a variant's text the canonical wording (its own undo step)."""
        self._saver.cancel()
        self.current()
        self._save(text, "Use an outlet's wording as canonical", mergeable=False)

    def _save_typed(self) -> None:
        self._save(self.canonical_edit.toPlainText(), "Edit canonical wording", mergeable=True)

    def _save(self, text: str, label: str, *, mergeable: bool) -> None:
        if self._group_id is None or self._group is None or self.workbench is None:
            return
        wording = " ".join(text.split())  # one line: the variants' line breaks are layout, not wording
        if not wording:
            self._show_canonical(self._group.canonical)  # an empty wording is never saved
            return
        if wording == self._group.canonical:
            self._show_canonical(wording)
            return
        self.undo.push(EditCanonical(self.workbench, self._group_id, wording, text=label, mergeable=mergeable,
                                     notify=self._applied, refused=self._refused))

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        panel = paged_panel(self, EMPTY_TEXT, "compareEmpty")
        self.pages, self.empty_label, page, layout = panel.pages, panel.empty_label, panel.page, panel.layout

        heading = QHBoxLayout()
        label = QLabel("&Canonical wording", page)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        heading.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel(page)  # "claim group 3 · 4 variants from 3 outlets"
        self.title_label.setObjectName("compareTitle")
        self.title_label.setTextFormat(Qt.TextFormat.RichText)
        self.title_label.setWordWrap(True)
        heading.addWidget(self.title_label, 1)
        layout.addLayout(heading)
        self.canonical_edit = QPlainTextEdit(page)
        self.canonical_edit.setObjectName("canonicalWording")
        self.canonical_edit.setTabChangesFocus(True)
        self.canonical_edit.setPlaceholderText("How the claim reads in your words")
        self.canonical_edit.setToolTip(
            "The claim in the words every variant is compared with.\n"
            "Saved on Enter, when you leave the field, or after a pause; Esc restores the saved wording."
        )
        self.canonical_edit.textChanged.connect(self._typed)
        self.canonical_edit.installEventFilter(self)
        label.setBuddy(self.canonical_edit)
        self._fit_canonical_height()
        layout.addWidget(self.canonical_edit)

        self.legend = QLabel(page)
        self.legend.setObjectName("compareLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)

        self.variants_area = QScrollArea(page)
        self.variants_area.setObjectName("compareVariants")
        self.variants_area.setWidgetResizable(True)
        self.variants_area.setFrameShape(QFrame.Shape.NoFrame)
        self.variants_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap instead
        self.rows_widget = QWidget(self.variants_area)
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.rows_layout.addStretch(1)
        self.variants_area.setWidget(self.rows_widget)
        layout.addWidget(self.variants_area, 1)

        self._saver = Debouncer(TYPING_PAUSE_MS, self._save_typed, self)
        self._preview = Debouncer(PREVIEW_MS, self._compare_rows, self)

    def _fit_canonical_height(self) -> None:
        """As tall as the wording (two to five lines), so a short dock keeps room for the variants."""
        edit = self.canonical_edit
        edit.document().setTextWidth(edit.viewport().width())
        line = edit.fontMetrics().lineSpacing()
        wanted = edit.document().size().height() + 2 * edit.frameWidth() + 4
        edit.setFixedHeight(int(min(max(wanted, 2 * line + 12), 5 * line + 12)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canonical_edit:
            if event.type() == QEvent.Type.Resize:
                self._fit_canonical_height()
            elif event.type() == QEvent.Type.FocusOut:
                self.commit_pending()
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.commit_pending()  # one line of wording: Enter saves instead of breaking the line
                    return True
                if event.key() == Qt.Key.Key_Escape and self._group is not None:
                    self._saver.cancel()
                    self._show_canonical(self._group.canonical)
                    return True
        return super().eventFilter(watched, event)

    # -- loading -----------------------------------------------------------------------------------

    def _reload(self) -> None:
        group_id = self._group_id
        if group_id is None or self.workbench is None:
            self._show_empty(EMPTY_TEXT)
            return
        try:
            group = self.workbench.get_group(group_id)
        except NotFound:
            self._show_empty("This claim group no longer exists.\n" + EMPTY_TEXT)
            return
        self._group = group
        self._drift = read_drift(self.workbench, group_id)
        published = self._dates(group)
        outlets = len(group.outlets)
        count = len(group.claims)
        independent = independent_origins(self.workbench, group_id) if outlets > 1 else None
        origins = f" ({independent} independent)" if independent is not None else ""
        self.title_label.setText(
            f"<span style='color:{_muted(self)}'>· claim group {group.id}"
            f" · {count} variant{'s' if count != 1 else ''} from {outlets} outlet{'s' if outlets != 1 else ''}"
            f"{origins}</span>"
        )
        self.legend.setText(diff_legend(marked=True, dark=palette_is_dark(), against="the canonical wording"))
        if not self._saver.pending:
            self._show_canonical(group.canonical)
        self._fill_rows(group, published)
        self.pages.setCurrentIndex(1)

    def _show_empty(self, text: str) -> None:
        self._group = None
        self._saver.cancel()
        self._fill_rows(None, {})
        self.empty_label.setText(text)
        self.pages.setCurrentWidget(self.empty_label)

    def _show_canonical(self, text: str) -> None:
        if self.canonical_edit.toPlainText() != text:
            self._loading = True
            try:
                self.canonical_edit.setPlainText(text)
            finally:
                self._loading = False
        self._compare_rows()

    @staticmethod
    def _dates(group: GroupInfo) -> dict[int, dt.date | None]:
        return {c.article_id: c.article_published for c in group.claims}

    def _fill_rows(self, group: GroupInfo | None, published: dict[int, dt.date | None]) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.hide()  # gone from the screen now, not only when the event loop deletes it
            row.deleteLater()
        self.rows = []
        if group is None:
            return
        claims = sorted(
            group.claims,
            key=lambda c: (published.get(c.article_id) or dt.date.max, (c.source or "").casefold(), c.article_id,
                           c.start),
        )
        for claim in claims:
            row = VariantRow(claim, published.get(claim.article_id), self.rows_widget)
            row.flags = self._drift.get(claim.id, [])
            row.use_wording.connect(self.use_wording)
            self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
            self.rows.append(row)
        self._compare_rows()

    def _compare_rows(self) -> None:
        wording = self.canonical_edit.toPlainText()
        stored = self._group is not None and " ".join(wording.split()) == self._group.canonical
        for row in self.rows:
            row.compare_with(wording, stored=stored)

    # -- editing -----------------------------------------------------------------------------------

    def _typed(self) -> None:
        self._fit_canonical_height()
        if self._loading or self._group_id is None:
            return
        self._preview.trigger()
        self._saver.trigger()

    def _refused(self, command: Command, error: WorkbenchError) -> None:
        group_id = command.group_id if isinstance(command, EditCanonical) else None
        if group_id == self._group_id:
            self._saver.cancel()
            self._reload()
        box = QMessageBox(QMessageBox.Icon.Warning, "Wording not saved", str(error),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("canonicalError")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.error_box = box
        box.open()


__all__ = ["EMPTY_TEXT", "CompareView", "VariantRow", "change_summary"]
