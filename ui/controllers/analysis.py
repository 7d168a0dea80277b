"""What linked claims reveal, acted on: verdict conflicts merged or kept apart, the rating scale switched.

Each decision is one undoable command (ui.commands.analysis) pushed on the window's UndoController; its
outcome is drawn by the review controller like any other change, and a refusal is reported by the window.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from ui.commands.analysis import KeepApart, MergeConflict, SwitchScale
from ui.commands.base import Change
from ui.context import WindowContext
from ui.scale_dialog import ScaleDialog
from workbench.service import Scale


class AnalysisController(QObject):
    """Merges or keeps apart conflicting groups and switches the library's rating scale, all undoable."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.scale_dialog: ScaleDialog | None = None  # while it is open (tests fill it in)

    def _notify(self, change: Change) -> None:
        if self.ctx.review is not None:
            self.ctx.review.apply_change(change)

    def merge_conflict(self, group_a: int, group_b: int, keep_verdict_of: int) -> None:
        """Put two conflicting groups into one, keeping one side's verdict."""
        wb = self.ctx.workbench()
        if wb is not None:
            self.ctx.undo.push(MergeConflict(wb, group_a, group_b, keep_verdict_of, notify=self._notify,
                                             refused=self.ctx.report_refusal))

    def keep_apart(self, group_a: int, group_b: int, reason: str) -> None:
        """Record that two groups are different claims, and why."""
        wb = self.ctx.workbench()
        if wb is not None:
            self.ctx.undo.push(KeepApart(wb, group_a, group_b, reason, notify=self._notify,
                                         refused=self.ctx.report_refusal))

    def choose_scale(self) -> None:
        """Claims → Rating scale…: pick a desk's preset or a custom scale, see where today's ratings go, switch."""
        wb = self.ctx.workbench()
        if wb is None:
            return
        self.ctx.events.commitPending.emit()  # a rating typed in the verdict editor is saved on the old scale
        dialog = ScaleDialog(wb, self.ctx.window)
        self.scale_dialog = dialog
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            scale, mapping = dialog.chosen()
            label = scale.label if isinstance(scale, Scale) else next(
                (s.label for s in dialog.scales if s.name == scale), scale)
        finally:
            self.scale_dialog = None
            dialog.deleteLater()
        self.switch_scale(scale, mapping, label)

    def switch_scale(self, scale: str | Scale, mapping: Mapping[str, str], label: str) -> None:
        """Switch to a scale, moving the verdicts as mapped (old key -> new key, "" for unrated); undoable."""
        wb = self.ctx.workbench()
        if wb is not None:
            self.ctx.undo.push(SwitchScale(wb, scale, mapping, label=label, notify=self._notify,
                                           refused=self.ctx.report_refusal))
