"""A refused action, of every kind, in the real window: it says why, adds no undo step and raises nothing.

"Another program" is a second Workbench on the same library file (its own connections), changing the
library behind the window's back, as the command line or a second window would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from tests.ui.conftest import wait_jobs, wait_writes
from ui.compare_view import CompareView
from ui.main_window import MainWindow
from ui.matches_dock import MatchesDock
from ui.verdict_editor import VerdictEditor
from workbench.service import Workbench

SENTENCE = "“Let’s hope these talks will continue,” Lavrov said."
PRESS_TV_SENTENCE = "Let's hope these talks will continue"


@pytest.fixture
def other(db_path: Path) -> Iterator[Workbench]:
    """Another program working on the same library file."""
    wb = Workbench.open(db_path, user="other")
    yield wb
    wb.close()


def article(window: MainWindow, outlet: str | None) -> int:
    return next(a.id for a in window.state.articles.values() if a.source == outlet)


def select(window: MainWindow, outlet: str | None, text: str, pane: int = 0) -> None:
    """Show an outlet's article in a pane, make it active and select text in it, as a reviewer would."""
    target = window.panes.panes[pane]
    window.panes.show_article(article(window, outlet), target)
    window.panes.set_active(target)
    start = target.text.text.index(text)
    target.text.select_span(start, start + len(text))


def mark(window: MainWindow, outlet: str | None, text: str, pane: int = 0) -> int:
    select(window, outlet, text, pane)
    window.user_actions.mark.trigger()
    wait_writes(window)
    assert window.review.claim_id is not None
    return window.review.claim_id


def refused(window: MainWindow, reason: str) -> None:
    """The window said the action was not done, and why (message box and status bar)."""
    assert reason.lower() in window.ctx.last_error.lower(), window.ctx.last_error
    assert "not done" in window.ctx.last_error
    assert reason.lower() in window.statusBar().currentMessage().lower()
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "errorBox" and w.isVisible())
    assert isinstance(box, QMessageBox) and reason.lower() in box.text().lower()
    box.close()


def steps(window: MainWindow) -> list[str]:
    stack = window.undo.stack
    return [stack.text(i) for i in range(stack.count())]


def test_linking_two_groups_that_both_carry_verdicts_is_refused_and_leaves_no_step(
    qtbot, sample_window: MainWindow
) -> None:
    """The reported bug: a 'Link claims' step was left on the stack, no message, and Ctrl+Z raised."""
    window = sample_window
    first = mark(window, None, SENTENCE)
    second = mark(window, "Press TV", PRESS_TV_SENTENCE, pane=1)
    wait_jobs(qtbot, window)
    for claim in (first, second):
        window.wb.set_verdict(window.state.claims[claim].group_id, rating="false")  # type: ignore[union-attr]
    window.review.select_claim(first)
    before = steps(window)
    select(window, "Press TV", PRESS_TV_SENTENCE, pane=1)
    window.user_actions.link.trigger()
    wait_writes(window)
    refused(window, "both claims already have a verdict")
    assert steps(window) == before and window.undo.stack.index() == len(before)
    assert window.state.claims[first].group_id != window.state.claims[second].group_id
    window.user_actions.undo.trigger()  # undoes the mark before it, and nothing raises
    wait_writes(window)
    assert second not in window.state.claims and first in window.state.claims


def test_marking_in_an_article_another_program_deleted(sample_window: MainWindow, other: Workbench) -> None:
    window = sample_window
    select(window, None, SENTENCE)
    other.delete_article(article(window, None))
    window.user_actions.mark.trigger()
    wait_writes(window)
    refused(window, "no article with id")
    assert steps(window) == [] and window.state.claims == {}


def test_removing_a_claim_another_program_removed(qtbot, sample_window: MainWindow, other: Workbench) -> None:
    window = sample_window
    claim = mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    other.remove_claim(claim)
    window.user_actions.remove_claim.trigger()
    wait_writes(window)
    refused(window, f"no claim with id {claim}")
    assert steps(window) == [f"Mark claim “{SENTENCE[:39]}…”"]


def test_unlinking_a_claim_another_program_unlinked(qtbot, sample_window: MainWindow, other: Workbench) -> None:
    window = sample_window
    claim = mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    select(window, "Press TV", PRESS_TV_SENTENCE, pane=1)
    window.user_actions.link.trigger()
    wait_writes(window)
    window.review.select_claim(claim)
    other.unlink_claim(claim)
    window.user_actions.unlink.trigger()
    wait_writes(window)
    refused(window, "is not linked to any other claim")
    assert [s.split(" “")[0] for s in steps(window)] == ["Mark claim", "Link claims"]


def test_accepting_and_rejecting_a_match_another_program_decided(
    qtbot, sample_window: MainWindow, other: Workbench
) -> None:
    window = sample_window
    mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    matches = window.panel(MatchesDock)
    first, second = matches.model.rows[:2]
    assert first.id is not None and second.id is not None
    other.accept_suggestion(first.id)
    other.accept_suggestion(second.id)
    matches.acceptRequested.emit(first.id)
    wait_writes(window)
    refused(window, f"suggestion {first.id} was already accepted")
    matches.rejectRequested.emit(second.id)
    wait_writes(window)
    refused(window, f"suggestion {second.id} was accepted; unlink the claim instead")
    assert len(steps(window)) == 1
    assert {first.id, second.id}.isdisjoint(s.id for s in matches.model.rows)  # read again: shows what is stored


def test_accepting_several_keeps_those_done_and_reports_the_refused_one(
    qtbot, sample_window: MainWindow, other: Workbench
) -> None:
    window = sample_window
    mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    rows = [s for s in window.panel(MatchesDock).model.rows if s.id is not None]
    assert len(rows) >= 3
    other.accept_suggestion(rows[1].id)  # type: ignore[arg-type]
    window.matching.accept_suggestions([s.id for s in rows])  # type: ignore[misc]
    wait_writes(window)
    refused(window, f"suggestion {rows[1].id} was already accepted")
    assert steps(window)[-1] == "Accept 1 matches"  # the first one, as one undoable step
    assert window.wb.get_suggestion(rows[0].id).state == "accepted"  # type: ignore[union-attr,arg-type]
    assert window.wb.get_suggestion(rows[2].id).state == "pending"  # type: ignore[union-attr,arg-type]


def test_naming_the_outlet_of_an_article_another_program_deleted(sample_window: MainWindow, other: Workbench) -> None:
    window = sample_window
    unknown = article(window, None)
    other.delete_article(unknown)
    window.review.push_outlet(unknown, "Kayhan")
    wait_writes(window)
    refused(window, f"no article with id {unknown}")
    assert steps(window) == []


def test_a_verdict_changed_by_another_program_is_a_conflict_not_a_step(
    qtbot, sample_window: MainWindow, other: Workbench
) -> None:
    window = sample_window
    claim = mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    group = window.state.claims[claim].group_id
    editor = window.panel(VerdictEditor)
    editor.rating_picker.button("false").click()
    wait_writes(window)
    count = len(steps(window))
    other.set_verdict(group, rating="true", rationale="checked by the other program")
    editor.rating_picker.button("mostly-false").click()
    wait_writes(window)
    box = editor.conflict_box
    assert box is not None and box.isVisible() and "changed by other" in box.text()
    assert len(steps(window)) == count and editor.rating_picker.rating() == "true"
    assert window.state.groups[group].rating == "true"  # the window shows what is stored
    box.findChild(QPushButton, "keepTheirs").click()


def test_editing_the_wording_of_a_group_another_program_removed(
    qtbot, sample_window: MainWindow, other: Workbench
) -> None:
    window = sample_window
    claim = mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    compare = window.panel(CompareView)
    assert compare.group_id() == window.state.claims[claim].group_id
    other.remove_claim(claim)  # its group goes with it
    compare.use_wording("A wording for a group that is gone")
    wait_writes(window)
    assert compare.error_box is not None and "no claim group with id" in compare.error_box.text()
    assert len(steps(window)) == 1


def test_an_undo_another_program_made_impossible_drops_the_step_and_says_why(
    qtbot, sample_window: MainWindow, other: Workbench
) -> None:
    window = sample_window
    claim = mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    other.delete_article(article(window, None))  # the claim goes with its article
    window.user_actions.undo.trigger()
    wait_writes(window)
    refused(window, f"no claim with id {claim}")
    assert steps(window) == [] and not window.user_actions.undo.isEnabled()
    assert not window.user_actions.redo.isEnabled()  # nothing half-undone is left to redo


def test_a_redo_another_program_made_impossible_drops_the_step_and_says_why(
    qtbot, sample_window: MainWindow, other: Workbench
) -> None:
    window = sample_window
    mark(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    window.user_actions.undo.trigger()
    wait_writes(window)
    other.delete_article(article(window, None))
    window.user_actions.redo.trigger()
    wait_writes(window)
    refused(window, "no article with id")
    assert steps(window) == []
