"""The verdict editor: rating, rationale, evidence, status, reviewer and history of one claim group.

Every edit is saved at once through an undo command: choices (rating, status) on click, text fields when
they lose focus or after a short pause in typing. A refused edit (the verdict was changed in another
window meanwhile) shows both versions and offers to apply the change on top.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.claimant_section import ClaimantSection
from ui.commands.base import Change, Command, CommandSink, Refused
from ui.commands.verdicts import SetVerdict, VersionBook
from ui.debounce import Debouncer
from ui.empty_state import paged_panel
from ui.evidence_table import EvidenceEditor
from ui.group_panel import GroupPanel
from ui.rating_picker import RatingPicker
from ui.revision_text import describe_revision, shorten
from ui.settings import AppSettings
from ui.signoff import SignoffLine, change_blocked, final_blocked, team_view
from ui.verdict_conflict import command_text, refusal_box
from workbench.errors import NotFound, VerdictConflict, WorkbenchError
from workbench.service import STATUS_LABELS, GroupInfo, RatingInfo, VerdictInfo, Workbench
from workbench.service.base import default_user

TYPING_PAUSE_MS = 600
EMPTY_TEXT = "Select a claim to record a verdict"
TEXT_FIELDS = ("rationale", "reviewer")


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class VerdictEditor(GroupPanel):
    """Edit the verdict of the selected claim group; every change is an undoable, immediately saved command.

    report: the window's refusal path (one message naming the action and why); without it a box says why.
    """

    assignRequested = Signal(int)  # the group whose assignees the user wants to change

    def __init__(self, workbench: Workbench | None, undo: CommandSink, parent: QWidget | None = None, *,
                 settings: AppSettings | None = None, report: Refused | None = None) -> None:
        super().__init__(workbench, undo, "verdictEditor", parent, settings=settings)
        self.versions = VersionBook()
        self.report = report
        self._saving: dict[int, int] = {}  # group -> saves sent but not answered (its version is this window's)
        self.conflict_box: QMessageBox | None = None
        self._verdict: VerdictInfo | None = None
        self._ratings: list[RatingInfo] = []
        self._in_flight: dict[str, int] = {}  # text field -> saves sent but not landed (keep what is typed)
        self._build()
        self._load_scale()
        self._show_empty(EMPTY_TEXT)

    def _library_switched(self) -> None:
        self.versions = VersionBook()
        self._load_scale()

    def commit_pending(self) -> None:
        """Save text typed but not yet saved (call before closing or switching libraries)."""
        self._rationale_save.flush()
        self._reviewer_save.flush()
        self.claimant.editor.commit()

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        panel = paged_panel(self, EMPTY_TEXT, "verdictEmpty")
        self.pages, self.empty_label, page, layout = panel.pages, panel.empty_label, panel.page, panel.layout
        self._scroll(page)
        self.group_label = QLabel(page)
        self.group_label.setObjectName("verdictGroup")
        self.group_label.setWordWrap(True)
        self.group_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.group_label)
        self.claimant = ClaimantSection(page, workbench=lambda: self.workbench, undo=lambda: self.undo,
                                        notify=self._applied)
        layout.addWidget(self.claimant.editor)
        layout.addWidget(_heading("Rating", page))
        self.rating_picker = RatingPicker(page)
        self.rating_picker.picked.connect(self._rating_picked)
        layout.addWidget(self.rating_picker)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.status_combo = QComboBox(page)
        self.status_combo.setObjectName("verdictStatus")
        for key, label in STATUS_LABELS.items():
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
        form.addRow("Re&viewer:", self.reviewer_edit)
        layout.addLayout(form)
        self.signoff = SignoffLine(page)
        self.signoff.assignRequested.connect(self._assign_requested)
        layout.addWidget(self.signoff)

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.setObjectName("verdictSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.setMinimumHeight(300)  # rationale, evidence and history stay usable; the form scrolls instead
        layout.addWidget(splitter, 1)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setObjectName("verdictRationale")
        self.rationale_edit.setPlaceholderText("Why this rating? What do the sources say?")
        self.rationale_edit.setToolTip("Saved as you type (after a short pause) and when you leave the field")
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.installEventFilter(self)
        self._section(splitter, "&Rationale", self.rationale_edit)
        self.evidence = EvidenceEditor()
        self.evidence.edited.connect(self._evidence_edited)
        self.evidence_table = self.evidence.table
        self.add_evidence_button = self.evidence.add_button
        self.remove_evidence_button = self.evidence.remove_button
        self.open_evidence_button = self.evidence.open_button
        self._section(splitter, "&Evidence", self.evidence, buddy=self.evidence_table)
        self.history_list = QListWidget()
        self.history_list.setObjectName("verdictHistory")
        self.history_list.setWordWrap(True)
        self.history_list.setAlternatingRowColors(True)
        self.history_list.setToolTip("Every saved change to this verdict, newest first")
        self._section(splitter, "&History", self.history_list)
        splitter.setSizes([140, 150, 120])

        self._rationale_save = Debouncer(TYPING_PAUSE_MS, self._commit_rationale, self)
        self._reviewer_save = Debouncer(TYPING_PAUSE_MS, self._commit_reviewer, self)
        self.rationale_edit.textChanged.connect(self._rationale_typed)
        self.reviewer_edit.textEdited.connect(self._reviewer_save.trigger)
        self.reviewer_edit.editingFinished.connect(self._reviewer_save.flush)

    def _assign_requested(self) -> None:
        if self._group_id is not None:
            self.assignRequested.emit(self._group_id)
    def _scroll(self, page: QWidget) -> None:
        """The form scrolls in a short dock instead of making the window taller."""
        scroll = QScrollArea(self)
        scroll.setObjectName("verdictScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidgetResizable(True)
        self.pages.removeWidget(page)
        scroll.setWidget(page)
        self.pages.addWidget(scroll)

    @staticmethod
    def _section(splitter: QSplitter, title: str, body: QWidget, buddy: QWidget | None = None) -> None:
        box = QWidget(splitter)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        label = _heading(title, box)
        label.setBuddy(buddy or body)
        layout.addWidget(label)
        layout.addWidget(body)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.rationale_edit and event.type() == QEvent.Type.FocusOut:
            self._rationale_save.flush()
        return super().eventFilter(watched, event)

    # -- loading -----------------------------------------------------------------------------------

    def _load_scale(self) -> None:
        self._ratings = self.workbench.rating_scale() if self.workbench is not None else []
        self.rating_picker.set_scale(self._ratings)

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.pages.setCurrentWidget(self.empty_label)
        self._group, self._verdict = None, None
        self.claimant.load(None)

    def _reload(self) -> None:
        group_id = self._group_id
        if group_id is None or self.workbench is None:
            self._show_empty(EMPTY_TEXT)
            return
        try:
            group = self.workbench.get_group(group_id)
            verdict = self.workbench.get_verdict(group_id)
        except NotFound:
            self._show_empty("This claim group no longer exists.\n" + EMPTY_TEXT)
            return
        self._group, self._verdict = group, verdict
        if not self._editing(group_id):  # typing on an older version is saved against it: a conflict, no overwrite
            self.versions.loaded(group_id, verdict.version if verdict else 0)
        self.claimant.load(group_id)
        self._loading = True
        try:
            self._show_group(group)
            self._show_team(group, verdict)
            self.rating_picker.set_rating(verdict.rating if verdict else None)
            index = self.status_combo.findData(verdict.status if verdict else "draft")
            self.status_combo.setCurrentIndex(max(index, 0))
            if not self._unsaved("reviewer"):
                reviewer = verdict.reviewer if verdict and verdict.reviewer else self._remembered_reviewer()
                if self.reviewer_edit.text() != reviewer:
                    self.reviewer_edit.setText(reviewer)
            if not self._unsaved("rationale"):
                rationale = verdict.rationale if verdict else ""
                if self.rationale_edit.toPlainText() != rationale:  # keeps the cursor while typing
                    self.rationale_edit.setPlainText(rationale)
            self.evidence.show_evidence(verdict.evidence if verdict else [])
            self._fill_history(verdict)
        finally:
            self._loading = False
        self.pages.setCurrentIndex(1)
        self.evidence.update_buttons()

    def _editing(self, group_id: int) -> bool:
        """True while typing for this group waits to be saved, or a save of it is on its way."""
        typing = group_id == self._group_id and (self._rationale_save.pending or self._reviewer_save.pending)
        return typing or self._saving.get(group_id, 0) > 0

    def _show_team(self, group: GroupInfo, verdict: VerdictInfo | None) -> None:
        """Who wrote and approved, who it is assigned to; Final only for whom may choose it (and why not)."""
        team = team_view(self.workbench)
        self.signoff.show_verdict(group, verdict, team, can_assign=team is not None and team.role != "reviewer")
        final = self.status_combo.findData("final")
        blocked = final_blocked(team, verdict)
        model = self.status_combo.model()
        if isinstance(model, QStandardItemModel):  # a combo box's own model
            model.item(final).setEnabled(not blocked)
        self.status_combo.setItemData(final, blocked[:1].upper() + blocked[1:] if blocked else None,
                                      Qt.ItemDataRole.ToolTipRole)
        locked = bool(change_blocked(team, verdict))  # a reviewer before a final verdict: nothing to change
        for widget in (self.rating_picker, self.status_combo, self.evidence):
            widget.setEnabled(not locked)
        self.rationale_edit.setReadOnly(locked)
    def refresh_if(self, change: Change) -> None:
        """Redraw after a change elsewhere; one touching the whole library may have switched the rating scale."""
        if change.groups is None:
            self._load_scale()
        super().refresh_if(change)

    def _unsaved(self, name: str) -> bool:
        """True while a text field holds typing not yet saved, or a save of it is on its way."""
        debouncer = self._rationale_save if name == "rationale" else self._reviewer_save
        return debouncer.pending or self._in_flight.get(name, 0) > 0

    def _show_group(self, group: GroupInfo) -> None:
        sources = len({c.article_id for c in group.claims})
        outlets = ", ".join(group.outlets)
        self.group_label.setText(
            f"<b>Claim group {group.id}</b> · {sources} source{'s' if sources != 1 else ''}"
            f"<br><i>{html.escape(shorten(group.canonical, 180))}</i>"
        )
        self.group_label.setToolTip(f"{group.canonical}\n\nOutlets: {outlets or 'none'}")

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
        self._save({"rating": key}, command_text({"rating": key}, self._ratings))

    def _status_chosen(self, index: int) -> None:
        key = self.status_combo.itemData(index)
        self._save({"status": key}, command_text({"status": key}, self._ratings))

    def _rationale_typed(self) -> None:
        if not self._loading and self._group_id is not None:
            self._rationale_save.trigger()

    def _commit_rationale(self) -> None:
        self._save({"rationale": self.rationale_edit.toPlainText()}, "Edit rationale", merge_key="rationale")

    def _commit_reviewer(self) -> None:
        name = self.reviewer_edit.text().strip()
        if name:
            self.settings.set_reviewer(name)
        if self._verdict is None:  # remembered for the verdict this group will get; no empty verdict for it
            return
        self._save({"reviewer": name or None}, command_text({"reviewer": name}, self._ratings), merge_key="reviewer")

    def _remembered_reviewer(self) -> str:
        return self.settings.reviewer() or default_user()

    def _evidence_edited(self, items: list[Any], text: str) -> None:
        # typing a new item's URL, title and note cell by cell undoes as one step
        self._save({"evidence": items}, text, merge_key=None if text == "Remove evidence" else "evidence")

    def _save(self, fields: dict[str, Any], text: str, *, merge_key: str | None = None) -> None:
        """Push one command changing these verdict fields (it does nothing when they already hold these values)."""
        group_id = self._group_id
        if group_id is None or self._loading or self.workbench is None:
            return
        for name in set(fields) & set(TEXT_FIELDS):
            self._in_flight[name] = self._in_flight.get(name, 0) + 1
        self._saving[group_id] = self._saving.get(group_id, 0) + 1
        reviewer = self.reviewer_edit.text().strip() or self._remembered_reviewer()
        command = SetVerdict(self.workbench, group_id, fields, versions=self.versions, text=text, merge_key=merge_key,
                             reviewer_if_new=reviewer, notify=self._applied, refused=self._refused,
                             settled=self._answered(group_id, set(fields) & set(TEXT_FIELDS)))
        self.undo.push(command)

    def _answered(self, group_id: int, sent: set[str]) -> Any:
        """The callback telling that a save of these text fields was answered (only its first outcome counts)."""
        waiting = [True]

        def settled() -> None:
            if waiting[0]:
                waiting[0] = False
                self._saving[group_id] = max(0, self._saving.get(group_id, 0) - 1)
                for name in sent:
                    self._in_flight[name] = max(0, self._in_flight.get(name, 0) - 1)

        return settled

    def _refused(self, command: Command, error: WorkbenchError) -> None:
        if not isinstance(command, SetVerdict):
            return
        group_id = command.group_id
        wanted = command.wanted()
        if group_id == self._group_id:
            self._rationale_save.cancel()
            self._reviewer_save.cancel()
            self._reload()  # show what is stored now
        self.changed.emit(group_id)
        if self.report is not None and not isinstance(error, VerdictConflict):
            self.report(command, error)  # one message, as for every other refused action
            return
        self.conflict_box = refusal_box(
            self, group_id, error, wanted, self._ratings, who=self._last_author(group_id),
            apply_mine=lambda fields: self._apply_mine(group_id, fields),
        )

    def _apply_mine(self, group_id: int, fields: dict[str, Any]) -> None:
        if group_id == self._group_id:
            self._save(fields, command_text(fields, self._ratings))

    def _last_author(self, group_id: int) -> str:
        try:
            verdict = self.workbench.get_verdict(group_id) if self.workbench is not None else None
        except WorkbenchError:
            return "someone"
        return (verdict.revisions[-1].changed_by if verdict and verdict.revisions else None) or "someone"


__all__ = ["EMPTY_TEXT", "RatingPicker", "VerdictEditor"]
