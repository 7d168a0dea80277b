"""The Conflicts view: groups rated differently though they match, both verdicts side by side.

One click merges the two groups keeping the verdict of one side; "Keep apart" records why they are
different claims. The view only emits these intents (``merge_requested``, ``keep_apart_requested``);
the window runs them as undoable commands through ``Workbench.merge_conflict`` /
``undo_merge_conflict`` and ``keep_apart`` / ``undo_keep_apart``. Everything it shows comes from one
``ConflictsSnapshot`` read on a worker.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.names import named
from workbench.service import STATUS_LABELS, ConflictInfo, GroupInfo, RatingInfo, VerdictInfo, Workbench

TEXT_ON_RATING = "#1b1b1b"
EMPTY_MESSAGE = "No verdict conflicts: every group that matches another carries the same rating."
KIND_LABELS = {"suggestion": "the matcher links them", "similar": "same wording", "notes": "notes disagree"}


@dataclass(frozen=True)
class ConflictsSnapshot:
    """The conflicts with every group and verdict they name, read at once (safe on a worker thread)."""

    conflicts: list[ConflictInfo]
    groups: dict[int, GroupInfo] = field(default_factory=dict)
    verdicts: dict[int, VerdictInfo | None] = field(default_factory=dict)
    ratings: dict[str, RatingInfo] = field(default_factory=dict)


def load_conflicts_snapshot(workbench: Workbench, *, include_kept: bool = False) -> ConflictsSnapshot:
    """Read the conflicts and what the view shows of both sides."""
    conflicts = workbench.conflicts(include_kept=include_kept)
    ids = sorted({gid for c in conflicts for gid in c.group_ids})
    return ConflictsSnapshot(
        conflicts,
        {gid: workbench.get_group(gid) for gid in ids},
        {gid: workbench.get_verdict(gid) for gid in ids},
        {r.key: r for r in workbench.rating_scale()},
    )


def rating_chip(rating: RatingInfo | None, fallback: str | None = None) -> str:
    """A rating as a coloured chip (dark text on the rating's tint), or 'Unrated'."""
    if rating is None:
        label = html.escape(fallback or "Unrated")
        return f"<span style='padding:2px 6px;border:1px solid #888'>&nbsp;{label}&nbsp;</span>"
    return (f"<span style='background:{rating.colour};color:{TEXT_ON_RATING};font-weight:bold'>"
            f"&nbsp;{html.escape(rating.label)}&nbsp;</span>")


class ConflictSide(QFrame):
    """One side of a conflict: the group's wording, its verdict, where it appears; and 'keep this verdict'."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = named(QLabel(), f"{name}Heading")
        self.rating = named(QLabel(), f"{name}Rating")
        self.rating.setTextFormat(Qt.TextFormat.RichText)
        self.wording = named(QLabel(), f"{name}Wording")
        self.details = named(QLabel(), f"{name}Details")
        for label in (self.wording, self.details):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep = named(QPushButton("Merge, keep this verdict"), f"{name}Keep")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.rating)
        layout.addWidget(self.wording)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(self.keep)

    def show_group(self, group: GroupInfo, verdict: VerdictInfo | None, rating: RatingInfo | None,
                   note: str | None = None) -> None:
        claims, outlets = len(group.claims), len(group.outlets)
        self.heading.setText(f"<b>Group {group.id}</b> · {claims} claim{'s' if claims != 1 else ''} in "
                             f"{outlets} outlet{'s' if outlets != 1 else ''}")
        self.rating.setText(rating_chip(rating, note))
        self.wording.setText(f"“{group.canonical}”")
        lines = []
        if verdict is not None:
            lines.append(f"{STATUS_LABELS.get(verdict.status, verdict.status)} · reviewer {verdict.reviewer or '–'} · "
                         f"version {verdict.version}")
            if verdict.rationale:
                lines.append(verdict.rationale)
        lines.append("Outlets: " + ", ".join(group.outlets))
        self.details.setText("\n".join(lines))


class ConflictsView(QWidget):
    """The list of conflicts and the chosen one's two sides, with merge and keep-apart."""

    merge_requested = Signal(int, int, int)  # group_a, group_b, the group whose verdict stays
    keep_apart_requested = Signal(int, int, str)  # group_a, group_b, reason
    group_activated = Signal(int)  # show this group in the window

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsView")
        self.snapshot = ConflictsSnapshot([])
        self.list = named(QListWidget(), "conflictList")
        self.list.setMinimumWidth(220)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._show_current)
        self.list.itemActivated.connect(lambda item: self.group_activated.emit(item.data(Qt.ItemDataRole.UserRole)[0]))
        self.left, self.right = ConflictSide("conflictLeft"), ConflictSide("conflictRight")
        self.left.keep.clicked.connect(lambda: self._merge(0))
        self.right.keep.clicked.connect(lambda: self._merge(1))
        self.why = named(QLabel(), "conflictWhy")
        self.why.setWordWrap(True)
        self.reason = named(QLineEdit(), "conflictReason")
        self.reason.setPlaceholderText("Why are these different claims? (required to keep them apart)")
        self.keep_apart = named(QPushButton("Keep apart"), "conflictKeepApart")
        self.keep_apart.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.keep_apart.setEnabled(bool(text.strip())))
        self.reason.returnPressed.connect(self._keep_apart)
        self.keep_apart.clicked.connect(self._keep_apart)
        sides = QHBoxLayout()
        sides.addWidget(self.left)
        sides.addWidget(self.right)
        apart = QHBoxLayout()
        apart.addWidget(self.reason, 1)
        apart.addWidget(self.keep_apart)
        detail = named(QWidget(), "conflictDetail")
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.why)
        detail_layout.addLayout(sides, 1)
        detail_layout.addLayout(apart)
        self.empty = named(QLabel(EMPTY_MESSAGE), "conflictsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 3)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def set_snapshot(self, snapshot: ConflictsSnapshot) -> None:
        """Show these conflicts (keeps the selected pair selected when it is still there)."""
        current = self.current()
        self.snapshot = snapshot
        self.list.blockSignals(True)
        self.list.clear()
        for c in snapshot.conflicts:
            a, b = c.group_ids
            ratings = " vs ".join(self._label(r) for r in c.ratings)
            pair = f"#{a}" if a == b else f"#{a} ↔ #{b}"
            kept = " · kept apart" if c.kept_apart else ""
            item = QListWidgetItem(f"{pair}  {ratings}\n{KIND_LABELS.get(c.kind, c.kind)} · score {c.score:.0f}{kept}")
            item.setData(Qt.ItemDataRole.UserRole, c.group_ids)
            item.setToolTip(c.detail + (f"\nKept apart: {c.kept_apart}" if c.kept_apart else "")
                            + f"\nDouble-click to open group {a}'s articles")
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.pages.setCurrentIndex(1 if snapshot.conflicts else 0)
        rows = [c.group_ids for c in snapshot.conflicts]
        self.list.setCurrentRow(rows.index(current.group_ids) if current and current.group_ids in rows else 0)
        self._show_current(self.list.currentRow())

    def current(self) -> ConflictInfo | None:
        row = self.list.currentRow()
        return self.snapshot.conflicts[row] if 0 <= row < len(self.snapshot.conflicts) else None

    def _label(self, rating: str | None) -> str:
        found = self.snapshot.ratings.get(rating or "")
        return found.label if found else (rating or "unrated")

    def _show_current(self, row: int) -> None:
        c = self.current()
        if c is None:
            return
        a, b = c.group_ids
        s = self.snapshot
        notes = a == b
        detail = c.detail[:1].upper() + c.detail[1:]
        self.why.setText(f"{detail} (score {c.score:.0f})" + (f" — kept apart: {c.kept_apart}" if c.kept_apart
                                                               else ""))
        for side, gid, rating in ((self.left, a, c.ratings[0]), (self.right, b, c.ratings[1])):
            found = s.ratings.get(rating or "")
            side.show_group(s.groups[gid], s.verdicts.get(gid), found, None if found else rating)
            side.keep.setVisible(not notes)
            other = b if gid == a else a
            side.keep.setToolTip(f"Put both claim groups into one with this verdict; group {other}'s verdict is "
                                 "removed (Undo brings it back)")
        self.keep_apart.setText("Dismiss" if notes else "Keep apart")
        self.reason.clear()

    def _merge(self, side: int) -> None:
        c = self.current()
        if c is not None and c.group_ids[0] != c.group_ids[1]:
            self.merge_requested.emit(c.group_ids[0], c.group_ids[1], c.group_ids[side])

    def _keep_apart(self) -> None:
        c = self.current()
        reason = self.reason.text().strip()
        if c is not None and reason:
            self.keep_apart_requested.emit(c.group_ids[0], c.group_ids[1], reason)
