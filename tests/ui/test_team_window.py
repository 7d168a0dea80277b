"""The window on a team library (PostgreSQL, after `team init`): who wrote and who approved a verdict, "Final"
offered only to an editor other than its last author (and why not, to everyone else), a refused action as one
message, assigning groups and "My queue" (seen live in the reviewer's window), resolving blind raters'
disagreements, and File → Open library… with a connection URL whose password is never kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import make_window, wait_jobs, wait_writes
from ui.assign_dialog import AssignDialog
from ui.claims_dock import ClaimsDock
from ui.disagreements_dock import DisagreementsPanel
from ui.main_window import MainWindow
from ui.open_dialog import OpenLibraryDialog
from ui.verdict_editor import VerdictEditor

pytestmark = pytest.mark.postgresql_only
LATENCY_MS = 2000


@pytest.fixture
def group(team) -> int:
    """A claim group of the team library, marked by the owner."""
    return team.owner.add_claim(1, start=0, end=40).group_id


@pytest.fixture
def windows() -> Iterator[dict[str, MainWindow]]:
    """The windows a test opened, by login (their libraries are closed at the end)."""
    opened: dict[str, MainWindow] = {}
    yield opened
    for window in opened.values():
        window.library.close_database()


def open_window(qtbot, windows: dict[str, MainWindow], team, name: str, tmp_path: Path) -> MainWindow:
    window = make_window(qtbot, tmp_path / f"{name}.ini")
    window.library.open_database(team.url(getattr(team, name)))
    wait_jobs(qtbot, window)
    windows[name] = window
    return window


def final_item_enabled(editor: VerdictEditor) -> bool:
    model = editor.status_combo.model()
    assert isinstance(model, QStandardItemModel)
    return model.item(editor.status_combo.findData("final")).isEnabled()


def choose_status(editor: VerdictEditor, key: str) -> None:
    """Pick a status in the combo box, as a click on its item does."""
    index = editor.status_combo.findData(key)
    editor.status_combo.setCurrentIndex(index)
    editor.status_combo.activated.emit(index)


def shown_verdict(window: MainWindow, group: int) -> VerdictEditor:
    window.review.select_group(group)
    editor = window.panel(VerdictEditor)
    assert editor.group_id() == group
    return editor


def test_a_reviewer_sees_who_wrote_the_verdict_and_why_final_is_not_offered(qtbot, tmp_path: Path, team, group: int,
                                                                              windows) -> None:
    team.open(team.dave).set_verdict(group, rating="false", rationale="No such figure")
    window = open_window(qtbot, windows, team, "alice", tmp_path)
    editor = shown_verdict(window, group)
    assert editor.signoff.who.text() == f"Written by {team.dave}; not approved yet"
    assert not final_item_enabled(editor)
    assert editor.signoff.why.isVisible() and editor.signoff.why.text().endswith(
        "Only an editor can make a verdict final.")
    assert window.team_label.text() == f"{team.alice} · reviewer · two-person sign-off"
    assert not window.user_actions.assign.isEnabled()
    assert "Only an editor assigns" in window.user_actions.assign.toolTip()
    assert "postgresql" in window.windowTitle() and team.alice in window.windowTitle()


def test_an_editor_other_than_the_author_makes_it_final_and_the_window_says_who_approved(
    qtbot, tmp_path: Path, team, group: int, windows
) -> None:
    team.open(team.alice).set_verdict(group, rating="false", rationale="No such figure")
    bob_group = team.owner.add_claim(2, start=0, end=40).group_id
    window = open_window(qtbot, windows, team, "bob", tmp_path)
    editor = shown_verdict(window, bob_group)
    editor.rating_picker.button("true").click()  # bob writes this one: he cannot also approve it
    wait_writes(window)
    assert not final_item_enabled(editor)
    assert "you wrote this verdict, so another editor must make it final" in editor.signoff.why.text()

    editor = shown_verdict(window, group)  # alice wrote this one: bob may approve it
    assert final_item_enabled(editor) and not editor.signoff.why.isVisible()
    choose_status(editor, "final")
    wait_writes(window)
    verdict = window.wb.get_verdict(group)  # type: ignore[union-attr]
    assert (verdict.status, verdict.written_by, verdict.approved_by) == ("final", team.alice, team.bob)
    assert editor.signoff.who.text().startswith(f"Written by {team.alice}; approved by {team.bob}, ")
    assert window.undo.stack.undoText() == "Set status to Final"


def test_a_refused_action_is_one_clear_message_and_leaves_no_step(qtbot, tmp_path: Path, team, group: int,
                                                                   windows) -> None:
    team.open(team.alice).set_verdict(group, rating="false", rationale="No such figure")
    window = open_window(qtbot, windows, team, "bob", tmp_path)
    editor = shown_verdict(window, group)
    assert final_item_enabled(editor)
    team.owner.team_add(team.bob, "reviewer", team.password(team.bob))  # bob is made a reviewer meanwhile
    choose_status(editor, "final")
    wait_writes(window)
    message = "Set status to Final — not done: Only an editor can make a verdict final"
    assert window.ctx.last_error == message and window.statusBar().currentMessage() == message
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorBox" and w.isVisible()]
    assert len(boxes) == 1 and isinstance(boxes[0], QMessageBox) and boxes[0].text() == message
    assert editor.conflict_box is None  # one message, not a second box from the editor
    boxes[0].close()
    assert window.undo.stack.count() == 0
    assert window.wb.get_verdict(group).status == "draft"  # type: ignore[union-attr]
    assert editor.status_combo.currentData() == "draft" and not final_item_enabled(editor)  # read again


def test_an_editor_assigns_a_group_and_it_reaches_the_reviewers_queue_live(qtbot, tmp_path: Path, team, group: int,
                                                                           windows) -> None:
    other = team.owner.add_claim(3, start=0, end=40).group_id
    alice = open_window(qtbot, windows, team, "alice", tmp_path)
    alice.user_actions.my_queue.setChecked(True)
    claims = alice.panel(ClaimsDock)
    assert claims.proxy.rowCount() == 0 and claims.empty.isVisible() and "your queue" in claims.empty.text()
    bob = open_window(qtbot, windows, team, "bob", tmp_path)
    bob.review.select_group(group)
    assert bob.user_actions.assign.isEnabled()
    bob.user_actions.assign.trigger()
    dialog = bob.team.dialog
    assert isinstance(dialog, AssignDialog) and not dialog.name.isVisibleTo(dialog)  # team logins only
    assert [dialog.people.item(i).text() for i in range(2)] == [f"{team.alice} (reviewer)", f"{team.dave} (reviewer)"]
    dialog.check(team.alice)
    dialog.check(team.dave)
    dialog.accept()
    wait_writes(bob)
    assert bob.state.groups[group].assignees == (team.alice, team.dave)
    assert bob.undo.stack.undoText() == f"Assign group {group} to {team.alice}, {team.dave}"

    qtbot.waitUntil(lambda: claims.proxy.rowCount() == 1, timeout=LATENCY_MS)  # in alice's queue, live
    assert claims.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) == group and not claims.empty.isVisible()
    assert alice.user_actions.my_queue.text() == "My &queue (1)"
    alice.user_actions.my_queue.setChecked(False)
    assert claims.proxy.rowCount() == 2 and other in alice.state.groups

    bob.user_actions.undo.trigger()
    wait_writes(bob)
    assert bob.wb.list_assignments(group_id=group) == []  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: alice.user_actions.my_queue.text() == "My &queue (0)", timeout=LATENCY_MS)


def test_an_editor_resolves_a_disagreement_into_the_verdict_and_undoes_it(qtbot, tmp_path: Path, team, group: int,
                                                                          windows) -> None:
    team.open(team.alice).rate(group, "false")
    team.open(team.dave).rate(group, "mostly-true")
    window = open_window(qtbot, windows, team, "bob", tmp_path)
    window.user_actions.disagreements.trigger()
    panel = window.panel(DisagreementsPanel)
    qtbot.waitUntil(panel.isVisible, timeout=LATENCY_MS)
    assert panel.view.model.rowCount() == 1 and panel.selected_group() == group
    assert [panel.rating.itemText(i) for i in range(2)] == [f"False — {team.alice}", f"Mostly true — {team.dave}"]
    panel.choose("false")
    panel.resolve.click()
    wait_writes(window)
    assert window.wb.get_verdict(group).rating == "false"  # type: ignore[union-attr]
    assert window.state.groups[group].rating == "false"
    assert panel.view.model.data(panel.view.model.index(0, 3)) == "False"
    assert window.undo.stack.undoText() == f"Resolve group {group} as False"
    window.user_actions.undo.trigger()  # a team library keeps every verdict: undo clears its rating instead
    wait_writes(window)
    assert window.wb.get_verdict(group).rating is None  # type: ignore[union-attr]
    assert window.ctx.last_error == ""


def test_open_library_takes_a_url_and_never_keeps_or_shows_its_password(qtbot, settings_file: Path, team) -> None:
    password = team.password(team.alice)
    url = team.url(team.alice, password=password, tcp=True)
    window = make_window(qtbot, settings_file)
    window.user_actions.open_db.trigger()
    dialog = window.library.open_dialog
    assert isinstance(dialog, OpenLibraryDialog) and dialog.isVisible()
    dialog.set_location(url)
    assert password not in dialog.location.currentText() and dialog.password.text() == password
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.password.setText("wrong")
    dialog.buttons.button(dialog.buttons.StandardButton.Open).click()
    wait_jobs(qtbot, window)
    assert window.wb is None and "password authentication failed" in window.ctx.last_error
    again = window.library.open_dialog  # asked again, saying why, the URL kept and the password not
    assert again is not None and again is not dialog and again.isVisible()
    assert "password authentication failed" in again.problem.text() and "wrong" not in again.problem.text()
    assert again.location.currentText() == url.replace(f":{password}", "") and again.password.text() == ""
    again.password.setText(password)
    again.buttons.button(again.buttons.StandardButton.Open).click()
    wait_jobs(qtbot, window)
    assert window.wb is not None and window.wb.user == team.alice and len(window.state.articles) == 5
    assert window.windowTitle() == f"{window.wb.db.display} — Claim Workbench"
    assert password not in window.windowTitle() and window.team_label.text().startswith(team.alice)
    window.library.close_database()
    window.settings.qsettings.sync()
    stored = settings_file.read_text(encoding="utf-8")
    assert team.alice in stored and password not in stored
