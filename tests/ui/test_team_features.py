"""Team features in the real window on an SQLite library (one file, several people by name): assigning groups
and "My queue", resolving blind raters' disagreements, two-person sign-off in the verdict editor, and
File → Open library… with a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QCheckBox

from tests.ui.conftest import make_window, wait_jobs, wait_writes
from ui.claims_dock import ClaimsDock
from ui.disagreements_dock import DisagreementsPanel
from ui.main_window import MainWindow
from ui.open_dialog import OpenLibraryDialog, split_password, with_password
from ui.verdict_editor import VerdictEditor
from workbench.service import SIGNOFF_SETTING, Workbench


@pytest.fixture
def groups(qtbot, sample_window: MainWindow, db_path: Path) -> list[int]:
    """Two claim groups marked by another program (the window shows them: live updates)."""
    other = Workbench.open(db_path, user="ana")
    try:
        made = [other.add_claim(article, start=0, end=40).group_id for article in (1, 2)]
    finally:
        other.close()
    qtbot.waitUntil(lambda: all(g in sample_window.state.groups for g in made), timeout=2000)
    return made


@pytest.fixture
def raters(db_path: Path) -> Iterator[dict[str, Workbench]]:
    opened = {name: Workbench.open(db_path, user=name) for name in ("ana", "ben")}
    yield opened
    for wb in opened.values():
        wb.close()


def test_assigning_fills_my_queue_and_undoes(qtbot, sample_window: MainWindow, groups: list[int]) -> None:
    window = sample_window
    me = window.wb.user  # type: ignore[union-attr]
    claims = window.panel(ClaimsDock)
    box = claims.findChild(QCheckBox, "myQueueBox")
    assert box is not None and box.text() == "My queue (0)" and not box.isChecked()
    window.review.select_group(groups[0])
    window.user_actions.assign.trigger()
    dialog = window.team.dialog
    assert dialog is not None and dialog.name.isVisibleTo(dialog)  # any name on a file library
    dialog.check(me)
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "ben")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.chosen() == [me, "ben"]  # Enter added the name, kept the dialog open
    dialog.accept()
    wait_writes(window)
    assert set(window.state.groups[groups[0]].assignees) == {me, "ben"}
    box.click()
    assert window.user_actions.my_queue.isChecked() and box.text() == "My queue (1)"
    assert claims.proxy.rowCount() == 1
    claims.filter.setText("no such wording")
    assert claims.proxy.rowCount() == 0
    claims.filter.clear()
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert window.state.groups[groups[0]].assignees == () and claims.proxy.rowCount() == 0
    assert claims.empty.isVisible() and "Nothing in your queue" in claims.empty.text()
    window.user_actions.my_queue.trigger()  # Claims → My queue, or Ctrl+Shift+Q
    assert claims.proxy.rowCount() == 2 and not claims.empty.isVisible() and not box.isChecked()


def test_disagreements_are_listed_opened_and_resolved_with_undo(qtbot, sample_window: MainWindow,
                                                                 groups: list[int], raters) -> None:
    window = sample_window
    raters["ana"].rate(groups[0], "false")
    raters["ben"].rate(groups[0], "mostly-true")
    raters["ana"].rate(groups[1], "mixed")
    raters["ben"].rate(groups[1], "mixed")
    dock = window.docks["disagreementsDock"]
    assert not dock.isVisible()  # shown on demand
    window.user_actions.disagreements.trigger()
    panel = window.panel(DisagreementsPanel)
    qtbot.waitUntil(panel.isVisible, timeout=2000)
    assert panel.view.model.rowCount() == 1 and panel.selected_group() == groups[0]
    panel.view.table.doubleClicked.emit(panel.view.model.index(0, 1))
    assert window.review.group_id == groups[0]
    panel.choose("mostly-true")
    panel.resolve.click()
    wait_writes(window)
    assert window.wb.get_verdict(groups[0]).rating == "mostly-true"  # type: ignore[union-attr]
    assert window.panel(VerdictEditor).rating_picker.rating() == "mostly-true"
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert window.wb.get_verdict(groups[0]) is None  # type: ignore[union-attr]
    assert panel.view.model.data(panel.view.model.index(0, 3)) == "—"


def final_enabled(editor: VerdictEditor) -> bool:
    model = editor.status_combo.model()
    assert isinstance(model, QStandardItemModel)
    return model.item(editor.status_combo.findData("final")).isEnabled()


def test_with_two_person_signoff_the_author_cannot_make_the_verdict_final(qtbot, sample_window: MainWindow,
                                                                          groups: list[int], raters) -> None:
    window = sample_window
    window.wb.set_setting(SIGNOFF_SETTING, "on")  # type: ignore[union-attr]
    raters["ana"].set_verdict(groups[1], rating="false", rationale="Ana's reading")
    editor = window.panel(VerdictEditor)
    window.review.select_group(groups[0])
    editor.rating_picker.button("true").click()
    wait_writes(window)
    me = window.wb.user  # type: ignore[union-attr]
    assert editor.signoff.who.text() == f"Written by {me}; not approved yet"
    assert not final_enabled(editor) and "you wrote this verdict" in editor.signoff.why.text()
    window.review.select_group(groups[1])
    assert final_enabled(editor) and not editor.signoff.why.isVisible()
    editor.status_combo.setCurrentIndex(editor.status_combo.findData("final"))
    editor.status_combo.activated.emit(editor.status_combo.findData("final"))
    wait_writes(window)
    assert editor.signoff.who.text().startswith(f"Written by ana; approved by {me}, ")
    assert window.team_label.isHidden()  # a file library has no logins to show


def test_open_library_takes_a_file_and_says_when_there_is_none(qtbot, settings_file: Path, tmp_path: Path) -> None:
    library = tmp_path / "desk.sqlite3"
    Workbench.open(library).close()
    window = make_window(qtbot, settings_file)
    window.user_actions.open_db.trigger()
    dialog = window.library.open_dialog
    assert isinstance(dialog, OpenLibraryDialog) and not dialog.password.isEnabled()
    dialog.set_location(str(tmp_path / "missing.sqlite3"))
    dialog.buttons.button(dialog.buttons.StandardButton.Open).click()
    assert dialog.isVisible() and "no library file" in dialog.problem.text()
    assert not (tmp_path / "missing.sqlite3").exists()
    dialog.set_location(str(library))
    dialog.buttons.button(dialog.buttons.StandardButton.Open).click()
    wait_jobs(qtbot, window)
    assert window.wb is not None and window.wb.db.path == library
    assert window.windowTitle() == "desk.sqlite3 — Claim Workbench"
    window.library.close_database()


def test_a_password_in_a_url_is_split_off_and_put_back_only_to_connect() -> None:
    url = "postgresql://ana:s%40cret@db.example/factcheck?sslmode=require"
    bare, password = split_password(url)
    assert bare == "postgresql://ana@db.example/factcheck?sslmode=require" and password == "s@cret"
    assert with_password(bare, password) == url
    assert split_password("/home/ana/claims.sqlite3") == ("/home/ana/claims.sqlite3", "")
    assert with_password("postgresql://db.example/factcheck", "x") == "postgresql://:x@db.example/factcheck"
