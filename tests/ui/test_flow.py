"""The whole reviewing flow on real widgets and a real library file, with undo, redo and reopening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.conftest import make_window, wait_jobs, wait_writes
from ui.main_window import MainWindow
from ui.matches_dock import MatchesDock
from ui.verdict_editor import VerdictEditor

SENTENCE = "“Let’s hope these talks will continue,” Lavrov said."
EVIDENCE_URL = "https://www.mid.ru/en/press_service/transcript-2022-01-18"


def article_by_outlet(window: MainWindow, outlet: str | None) -> int:
    return next(a.id for a in window.state.articles.values() if a.source == outlet)


def choose(pane: object, article_id: int) -> None:
    """Pick an article in a pane's chooser, as a user would."""
    index = pane.chooser.findData(article_id)  # type: ignore[attr-defined]
    pane.chooser.setCurrentIndex(index)  # type: ignore[attr-defined]
    pane.chooser.activated.emit(index)  # type: ignore[attr-defined]


def press(qtbot: object, widget: object, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, key, modifier)  # type: ignore[attr-defined]


def test_mark_match_accept_undo_redo_and_reopen(qtbot, settings_file: Path, db_path: Path) -> None:
    window = make_window(qtbot, settings_file)
    window.library.open_database(db_path)
    wait_jobs(qtbot, window)
    assert window.centre.currentWidget() is window.empty

    # open the sample articles from the empty state
    qtbot.mouseClick(window.empty.samples, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot, window)
    assert len(window.state.articles) == 5
    assert window.centre.currentWidget() is window.panes

    # two articles side by side
    left, right = window.panes.panes[:2]
    unknown, press_tv = article_by_outlet(window, None), article_by_outlet(window, "Press TV")
    choose(left, unknown)
    choose(right, press_tv)
    assert (left.article_id, right.article_id) == (unknown, press_tv)

    # select a sentence and mark it with Ctrl+M
    start = left.text.text.index(SENTENCE)
    end = start + len(SENTENCE)
    left.text.setFocus()
    left.text.select_span(start, end)
    assert left.text.selected_span() == (start, end)
    press(qtbot, left.text, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    wait_writes(window)
    assert len(window.state.claims) == 1
    claim = next(iter(window.state.claims.values()))
    assert (claim.article_id, claim.start, claim.end) == (unknown, start, end)
    assert [m.claim_id for m in left.text.marks()] == [claim.id]

    # the matcher runs in the background and finds the sentence in the other article
    wait_jobs(qtbot, window)
    rows = window.panel(MatchesDock).model.rows
    assert rows and rows[0].article_id == press_tv and rows[0].score >= 85
    assert "Lavrov" in rows[0].text

    # accept it with Enter: both panes highlight the group and show it
    right.text.verticalScrollBar().setValue(right.text.verticalScrollBar().maximum())
    window.panel(MatchesDock).select_match(0)
    press(qtbot, window.panel(MatchesDock).view, Qt.Key.Key_Return)
    wait_writes(window)
    group = window.state.groups[window.review.group_id]
    assert {c.article_id for c in group.claims} == {unknown, press_tv}
    variant = next(c for c in group.claims if c.article_id == press_tv)
    assert [m.group_id for m in right.text.marks()] == [group.id]
    assert right.text.emphasised() == [(variant.start, variant.end)]
    assert left.text.emphasised() == [(start, end)]
    window.review.select_claim(claim.id)
    assert right.text.is_visible(variant.start, variant.end)
    assert left.text.is_visible(start, end)
    assert all(r.article_id != press_tv for r in window.panel(MatchesDock).model.rows)

    # rate the group and add evidence in the verdict editor: both highlights take the rating's colour
    editor = window.panel(VerdictEditor)
    assert editor is not None and editor.group_id() == group.id
    qtbot.mouseClick(editor.rating_picker.button("mostly-true"), Qt.MouseButton.LeftButton)
    wait_writes(window)
    colour = window.state.ratings["mostly-true"].colour
    assert window.state.groups[group.id].rating == "mostly-true"
    assert {m.colour for m in left.text.marks() + right.text.marks()} == {colour}
    qtbot.mouseClick(editor.add_evidence_button, Qt.MouseButton.LeftButton)
    cell_editor = QApplication.focusWidget()
    assert isinstance(cell_editor, QLineEdit)
    qtbot.keyClicks(cell_editor, EVIDENCE_URL)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.wb.get_verdict(group.id).evidence))  # the delegate commits queued
    assert [e.url for e in window.wb.get_verdict(group.id).evidence] == [EVIDENCE_URL]

    # undo evidence, rating, accept and mark, one by one; redo them all
    undo, redo = window.user_actions.undo, window.user_actions.redo
    wait_writes(window)
    assert "evidence" in undo.text().lower()

    def step(action: object) -> None:
        action.trigger()  # type: ignore[attr-defined]
        wait_writes(window)

    step(undo)
    assert window.wb.get_verdict(group.id).evidence == []
    step(undo)
    assert window.state.groups[group.id].rating is None
    assert {m.colour for m in left.text.marks()} == {window.state.colour_of(group.id)} != {colour}
    assert "Accept" in undo.text()
    step(undo)
    assert right.text.marks() == []
    assert len(window.state.groups) == 1
    step(undo)
    assert left.text.marks() == [] and window.state.claims == {}
    step(redo)
    assert [m.claim_id for m in left.text.marks()] == [claim.id]
    wait_jobs(qtbot, window)
    step(redo)
    assert [m.group_id for m in right.text.marks()] == [window.review.group_id]
    linked = window.state.groups[window.review.group_id]
    assert len(linked.claims) == 2
    step(redo)
    step(redo)
    assert not redo.isEnabled()
    assert window.state.groups[linked.id].rating == "mostly-true"
    assert [e.url for e in window.wb.get_verdict(linked.id).evidence] == [EVIDENCE_URL]

    # close and reopen: everything as it was, panes included
    window.close()
    again = make_window(qtbot, settings_file)
    again.library.open_database(db_path, restore_panes=True)
    wait_jobs(qtbot, again)
    assert [p.article_id for p in again.panes.panes[:2]] == [unknown, press_tv]
    reopened = again.state.groups[linked.id]
    assert [(c.article_id, c.start, c.end) for c in reopened.claims] == [
        (c.article_id, c.start, c.end) for c in linked.claims
    ]
    assert [m.group_id for m in again.panes.panes[1].text.marks()] == [linked.id]
    assert {m.colour for m in again.panes.panes[1].text.marks()} == {colour}
    assert [e.url for e in again.wb.get_verdict(linked.id).evidence] == [EVIDENCE_URL]
