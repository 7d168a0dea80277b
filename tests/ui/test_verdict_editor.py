"""The verdict editor on real widgets over a real library file: every edit saved at once and undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ui.settings import REVIEWER_KEY
from ui.verdict_editor import EMPTY_TEXT, VerdictEditor
from workbench.service import EvidenceInfo, Workbench

QUOTE = "We’re currently waiting for the promised answers in order to continue negotiations"


@pytest.fixture
def group_id(seeded: Workbench) -> int:
    return seeded.add_claim(2, quote=QUOTE).group_id


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def editor(qtbot: QtBot, seeded: Workbench, stack: QUndoStack, group_id: int) -> VerdictEditor:
    widget = VerdictEditor(seeded, stack)
    qtbot.addWidget(widget)
    widget.resize(420, 720)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.set_group(group_id)
    return widget


def click_rating(qtbot: QtBot, editor: VerdictEditor, key: str | None) -> None:
    qtbot.mouseClick(editor.rating_picker.button(key), Qt.MouseButton.LeftButton)


def history(editor: VerdictEditor) -> list[str]:
    return [editor.history_list.item(i).text() for i in range(editor.history_list.count())]


def test_empty_state_until_a_group_is_selected(qtbot: QtBot, seeded: Workbench, stack: QUndoStack) -> None:
    editor = VerdictEditor(seeded, stack)
    qtbot.addWidget(editor)
    assert editor.pages.currentWidget() is editor.empty_label
    assert editor.empty_label.text() == EMPTY_TEXT
    editor.set_group(seeded.add_claim(1, quote="Russia").group_id)
    assert editor.pages.currentWidget() is not editor.empty_label
    editor.set_group(None)
    assert editor.pages.currentWidget() is editor.empty_label


def test_clicking_a_rating_saves_it_and_undo_removes_the_first_verdict(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    with qtbot.waitSignal(editor.changed) as signal:
        click_rating(qtbot, editor, "false")
    assert signal.args == [group_id]
    verdict = seeded.get_verdict(group_id)
    assert verdict is not None and verdict.rating == "false" and verdict.reviewer
    assert stack.undoText() == "Set rating to False"

    stack.undo()
    assert seeded.get_verdict(group_id) is None
    assert editor.rating_picker.rating() is None and editor.rating_picker.button(None).isChecked()

    stack.redo()
    assert seeded.get_verdict(group_id).rating == "false"  # type: ignore[union-attr]
    assert editor.rating_picker.button("false").isChecked()


def test_changing_the_rating_records_history_and_undo_restores_the_previous_one(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    click_rating(qtbot, editor, "mostly-false")
    click_rating(qtbot, editor, "false")
    assert seeded.get_verdict(group_id).rating == "false"  # type: ignore[union-attr]
    newest = history(editor)[0]
    assert newest.startswith("tester · ") and newest.endswith("rating: Mostly false → False")
    assert "new verdict · rating: Mostly false" in history(editor)[-1]

    stack.undo()
    assert seeded.get_verdict(group_id).rating == "mostly-false"  # type: ignore[union-attr]
    assert editor.rating_picker.rating() == "mostly-false"
    assert history(editor)[0].endswith("rating: False → Mostly false")
    stack.redo()
    assert seeded.get_verdict(group_id).rating == "false"  # type: ignore[union-attr]


def test_rating_buttons_are_reachable_by_keyboard(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, group_id: int
) -> None:
    first = editor.rating_picker.button("false")
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused is editor.rating_picker.button("mostly-false")
    assert seeded.get_verdict(group_id) is None  # moving the focus chooses nothing
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert seeded.get_verdict(group_id).rating == "mostly-false"  # type: ignore[union-attr]


def test_typing_a_rationale_saves_after_a_pause_and_undoes_as_one_step(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    click_rating(qtbot, editor, "false")
    editor.rationale_edit.setFocus()
    qtbot.keyClicks(editor.rationale_edit, "The ministry")
    assert seeded.get_verdict(group_id).rationale == ""  # type: ignore[union-attr]  # not one save per key
    qtbot.waitUntil(lambda: seeded.get_verdict(group_id).rationale == "The ministry", timeout=3000)  # type: ignore[union-attr]
    qtbot.keyClicks(editor.rationale_edit, " said otherwise.")
    qtbot.waitUntil(
        lambda: seeded.get_verdict(group_id).rationale == "The ministry said otherwise.", timeout=3000  # type: ignore[union-attr]
    )
    assert editor.rationale_edit.textCursor().position() == len("The ministry said otherwise.")  # cursor kept
    assert stack.undoText() == "Edit rationale"
    assert stack.count() == 2  # the rating, then the rationale typed in two bursts

    stack.undo()
    assert seeded.get_verdict(group_id).rationale == ""  # type: ignore[union-attr]
    assert editor.rationale_edit.toPlainText() == ""
    stack.redo()
    assert editor.rationale_edit.toPlainText() == "The ministry said otherwise."


def test_leaving_the_rationale_saves_at_once(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    editor.rationale_edit.setFocus()
    qtbot.keyClicks(editor.rationale_edit, "Checked")
    editor.status_combo.setFocus()
    verdict = seeded.get_verdict(group_id)
    assert verdict is not None and verdict.rationale == "Checked"
    stack.undo()  # the verdict was created by this edit
    assert seeded.get_verdict(group_id) is None


def test_switching_groups_saves_text_still_being_typed(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, group_id: int
) -> None:
    qtbot.keyClicks(editor.rationale_edit, "Half a thought")
    other = seeded.add_claim(1, quote="Russia").group_id
    editor.set_group(other)
    assert seeded.get_verdict(group_id).rationale == "Half a thought"  # type: ignore[union-attr]
    assert editor.rationale_edit.toPlainText() == ""


def test_status_change_is_saved_and_undone(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    click_rating(qtbot, editor, "mixed")
    editor.status_combo.setFocus()
    qtbot.keyClick(editor.status_combo, Qt.Key.Key_Down)
    assert seeded.get_verdict(group_id).status == "review"  # type: ignore[union-attr]
    assert stack.undoText() == "Set status to In review"
    assert history(editor)[0].endswith("status: Draft → In review")
    qtbot.keyClick(editor.status_combo, Qt.Key.Key_Down)
    assert seeded.get_verdict(group_id).status == "final"  # type: ignore[union-attr]
    stack.undo()
    assert seeded.get_verdict(group_id).status == "review"  # type: ignore[union-attr]
    assert editor.status_combo.currentData() == "review"


def test_reviewer_defaults_to_the_user_and_is_remembered(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    from workbench.service.base import default_user

    assert editor.reviewer_edit.text() == default_user()
    click_rating(qtbot, editor, "true")
    editor.reviewer_edit.selectAll()
    qtbot.keyClicks(editor.reviewer_edit, "Ana")
    qtbot.keyClick(editor.reviewer_edit, Qt.Key.Key_Return)
    assert seeded.get_verdict(group_id).reviewer == "Ana"  # type: ignore[union-attr]
    assert QSettings().value(REVIEWER_KEY) == "Ana"
    assert stack.undoText() == "Set reviewer to Ana"

    other = seeded.add_claim(1, quote="Russia").group_id
    editor.set_group(other)
    assert editor.reviewer_edit.text() == "Ana"
    click_rating(qtbot, editor, "mixed")
    assert seeded.get_verdict(other).reviewer == "Ana"  # type: ignore[union-attr]


def test_evidence_add_edit_remove_and_undo(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    click_rating(qtbot, editor, "false")
    table = editor.evidence_table

    def type_into_open_editor(text: str) -> None:
        cell_editor = table.indexWidget(table.currentIndex())  # the line edit of the cell being edited
        assert cell_editor is not None
        qtbot.keyClicks(cell_editor, text)
        qtbot.keyClick(cell_editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
        qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)

    qtbot.mouseClick(editor.add_evidence_button, Qt.MouseButton.LeftButton)
    type_into_open_editor("https://www.mid.ru/en/transcript")
    assert [e.url for e in seeded.get_verdict(group_id).evidence] == ["https://www.mid.ru/en/transcript"]  # type: ignore[union-attr]
    assert stack.undoText() == "Add evidence"

    table.setCurrentCell(0, 2)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    type_into_open_editor("MFA transcript")
    saved = seeded.get_verdict(group_id).evidence  # type: ignore[union-attr]
    assert [(e.url, e.title) for e in saved] == [("https://www.mid.ru/en/transcript", "MFA transcript")]
    assert stack.undoText() == "Add evidence" and stack.count() == 2  # typing one item cell by cell: one step
    assert history(editor)[0].endswith("evidence: edited MFA transcript")

    table.selectRow(0)
    qtbot.mouseClick(editor.remove_evidence_button, Qt.MouseButton.LeftButton)
    assert seeded.get_verdict(group_id).evidence == []  # type: ignore[union-attr]
    assert table.rowCount() == 0 and stack.undoText() == "Remove evidence"

    stack.undo()
    assert [e.title for e in seeded.get_verdict(group_id).evidence] == ["MFA transcript"]  # type: ignore[union-attr]
    assert table.rowCount() == 1 and table.item(0, 1).text() == "https://www.mid.ru/en/transcript"
    stack.undo()
    assert seeded.get_verdict(group_id).evidence == []  # type: ignore[union-attr]
    assert table.rowCount() == 0
    stack.redo()
    assert table.rowCount() == 1 and table.item(0, 2).text() == "MFA transcript"


def test_evidence_links_open_in_the_browser(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, group_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []
    monkeypatch.setattr("ui.evidence_table.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    seeded.set_verdict(group_id, evidence=[EvidenceInfo(url="example.org/report", title="Report")])
    editor.refresh()
    rect = editor.evidence_table.visualItemRect(editor.evidence_table.item(0, 0))
    qtbot.mouseClick(editor.evidence_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == ["http://example.org/report"]
    assert editor.open_evidence_button.isEnabled()


def _other_window(db_path: Path) -> Workbench:
    return Workbench.open(db_path, user="bob")


def test_a_change_from_another_window_is_a_conflict_shown_with_both_versions(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int, db_path: Path
) -> None:
    click_rating(qtbot, editor, "false")
    other = _other_window(db_path)
    try:
        other.set_verdict(group_id, rating="true", rationale="Bob checked the transcript.", expected_version=1)
    finally:
        other.close()
    count = stack.count()

    click_rating(qtbot, editor, "mostly-false")  # this window still thinks version 1 is current
    box = editor.conflict_box
    assert box is not None and box.isVisible()
    text = box.text()
    assert "changed by bob in another window" in text
    assert "Stored now (theirs)" in text and "Your change (not saved)" in text
    assert "True" in text and "Mostly false" in text
    assert seeded.get_verdict(group_id).rating == "true"  # type: ignore[union-attr]
    assert editor.rating_picker.rating() == "true"  # reloaded: shows what is stored
    assert editor.rationale_edit.toPlainText() == "Bob checked the transcript."
    assert stack.count() == count  # nothing to undo for a change that was not made

    keep = box.findChild(QPushButton, "keepTheirs")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert seeded.get_verdict(group_id).rating == "true"  # type: ignore[union-attr]


def test_applying_mine_after_a_conflict_saves_on_top_of_theirs(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int, db_path: Path
) -> None:
    click_rating(qtbot, editor, "false")
    other = _other_window(db_path)
    try:
        other.set_verdict(group_id, rationale="Bob's note")
    finally:
        other.close()
    click_rating(qtbot, editor, "mostly-false")
    box = editor.conflict_box
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(box.findChild(QPushButton, "applyMine"), Qt.MouseButton.LeftButton)
    verdict = seeded.get_verdict(group_id)
    assert verdict is not None and verdict.rating == "mostly-false" and verdict.rationale == "Bob's note"
    assert stack.undoText() == "Set rating to Mostly false"


def test_undo_after_a_change_elsewhere_reports_a_conflict_and_leaves_their_change(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int, db_path: Path
) -> None:
    click_rating(qtbot, editor, "false")
    click_rating(qtbot, editor, "true")
    other = _other_window(db_path)
    try:
        other.set_verdict(group_id, rating="mixed")
    finally:
        other.close()
    stack.undo()
    assert editor.conflict_box is not None and editor.conflict_box.isVisible()
    assert seeded.get_verdict(group_id).rating == "mixed"  # type: ignore[union-attr]
    assert editor.rating_picker.rating() == "mixed"


def test_undoing_the_first_verdict_after_a_change_elsewhere_keeps_the_verdict(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, stack: QUndoStack, group_id: int, db_path: Path
) -> None:
    click_rating(qtbot, editor, "false")
    other = _other_window(db_path)
    try:
        other.set_verdict(group_id, rationale="Bob's evidence")
    finally:
        other.close()
    stack.undo()  # would delete the verdict, and Bob's rationale with it
    box = editor.conflict_box
    assert box is not None and box.isVisible() and box.findChild(QPushButton, "applyMine") is None
    verdict = seeded.get_verdict(group_id)
    assert verdict is not None and verdict.rationale == "Bob's evidence"
    assert stack.count() == 0  # the command that could not be undone is dropped


def test_a_deleted_group_shows_the_empty_state(
    qtbot: QtBot, editor: VerdictEditor, seeded: Workbench, group_id: int
) -> None:
    claim = seeded.get_group(group_id).claims[0]
    seeded.remove_claim(claim.id)
    editor.refresh()
    assert editor.pages.currentWidget() is editor.empty_label
    assert "no longer exists" in editor.empty_label.text()


def test_screenshot(qtbot: QtBot, editor: VerdictEditor, group_id: int, tmp_path: Path) -> None:
    click_rating(qtbot, editor, "mostly-false")
    qtbot.keyClicks(editor.rationale_edit, "The ministry transcript says otherwise.")
    editor.commit_pending()
    image = editor.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "verdict_editor.png"))
