"""A verdict edit refused because another window changed the verdict: both versions side by side, and a choice."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.revision_text import evidence_name, shorten
from workbench.errors import VerdictConflict, WorkbenchError
from workbench.service import STATUS_LABELS, RatingInfo


def command_text(fields: dict[str, Any], ratings: Sequence[RatingInfo]) -> str:
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
            names = [evidence_name(e if isinstance(e, dict) else e.__dict__) for e in value or []]
            return "<br>".join(html.escape(n) for n in names) or "<i>none</i>"
        return html.escape(shorten(str(value), 400)).replace("\n", "<br>") if value else "<i>empty</i>"

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


def refusal_box(
    parent: QWidget, group_id: int, error: WorkbenchError, wanted: dict[str, Any], ratings: Sequence[RatingInfo],
    *, who: str, apply_mine: Callable[[dict[str, Any]], None],
) -> QMessageBox:
    """An open, window-modal box about a refused verdict edit; a conflict offers to apply the change anyway."""
    box = QMessageBox(parent)
    box.setObjectName("verdictConflict")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if isinstance(error, VerdictConflict):
        box.setWindowTitle("Verdict changed elsewhere")
        box.setText(conflict_html(group_id, error, wanted, {r.key: r.label for r in ratings}, who=who))
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
                if box.clickedButton() is mine:
                    apply_mine(dict(wanted))

            box.finished.connect(decided)
    else:
        box.setWindowTitle("Verdict not saved")
        box.setText(html.escape(str(error)))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
