"""The Compare view on real widgets over a real library file: variants against the canonical wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from ui.compare_view import EMPTY_TEXT, CompareView, change_summary
from ui.word_diff import diff_html, diff_legend
from workbench.service import Workbench

WAITING = "We’re currently waiting for the promised answers in order to continue negotiations"
AWAITING = (
    "We are now awaiting responses to these proposals -- as we were promised -- in order to continue negotiations"
)


@pytest.fixture
def group_id(seeded: Workbench) -> int:
    """One claim in four articles: two outlets word it one way, two another (article 2 is dated)."""
    first = seeded.add_claim(2, quote=WAITING)
    for article_id, quote in ((1, WAITING), (4, AWAITING), (5, AWAITING)):
        seeded.link_claims(seeded.add_claim(article_id, quote=quote).id, first.id)
    group = seeded.get_group(first.group_id)
    assert len(group.claims) == 4
    return group.id


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def view(qtbot: QtBot, seeded: Workbench, stack: QUndoStack, group_id: int) -> CompareView:
    widget = CompareView(seeded, stack)
    qtbot.addWidget(widget)
    widget.resize(460, 640)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.set_group(group_id)
    return widget


def replace_wording(qtbot: QtBot, view: CompareView, text: str) -> None:
    view.canonical_edit.setFocus()
    view.canonical_edit.selectAll()
    qtbot.keyClicks(view.canonical_edit, text)


def test_empty_state_until_a_group_is_selected(qtbot: QtBot, seeded: Workbench, stack: QUndoStack) -> None:
    view = CompareView(seeded, stack)
    qtbot.addWidget(view)
    assert view.pages.currentWidget() is view.empty_label and view.empty_label.text() == EMPTY_TEXT
    assert view.rows == []


def test_one_row_per_variant_with_outlet_date_and_marked_differences(view: CompareView) -> None:
    assert len(view.rows) == 4
    first = view.rows[0]
    assert first.claim.source == "Russialink"  # the only dated article sorts first
    assert "Russialink" in first.header.text() and "2022-01-18" in first.header.text()
    assert first.summary == "same wording"  # the canonical wording is the first claim's text
    differing = next(row for row in view.rows if row.claim.source == "Press TV")
    html = differing.diff.text()
    assert "text-decoration:underline" in html and "text-decoration:line-through" in html
    assert ">+</span>" in html and ">−</span>" in html  # signs as well as colours
    assert "words added" in differing.summary and "missing" in differing.summary
    assert "date unknown" in differing.header.text()


def test_editing_the_canonical_wording_saves_on_enter_and_undo_restores_it(
    qtbot: QtBot, view: CompareView, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    replace_wording(qtbot, view, "Russia awaits written answers before any further talks")
    assert seeded.get_group(group_id).canonical == WAITING  # not saved per key
    qtbot.waitUntil(lambda: view.rows[0].summary != "same wording")  # but the rows follow the typing
    with qtbot.waitSignal(view.changed) as signal:
        qtbot.keyClick(view.canonical_edit, Qt.Key.Key_Return)
    assert signal.args == [group_id]
    assert seeded.get_group(group_id).canonical == "Russia awaits written answers before any further talks"
    assert "\n" not in view.canonical_edit.toPlainText()  # Enter saved instead of breaking the line
    assert stack.undoText() == "Edit canonical wording"

    stack.undo()
    assert seeded.get_group(group_id).canonical == WAITING
    assert view.canonical_edit.toPlainText() == WAITING
    assert view.rows[0].summary == "same wording"
    stack.redo()
    assert seeded.get_group(group_id).canonical == "Russia awaits written answers before any further talks"


def test_wording_is_saved_after_a_pause_in_typing(
    qtbot: QtBot, view: CompareView, seeded: Workbench, group_id: int
) -> None:
    replace_wording(qtbot, view, "Moscow waits")
    qtbot.waitUntil(lambda: seeded.get_group(group_id).canonical == "Moscow waits", timeout=3000)


def test_escape_restores_the_saved_wording_and_an_empty_one_is_never_saved(
    qtbot: QtBot, view: CompareView, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    replace_wording(qtbot, view, "Something else")
    qtbot.keyClick(view.canonical_edit, Qt.Key.Key_Escape)
    assert view.canonical_edit.toPlainText() == WAITING
    view.canonical_edit.selectAll()
    qtbot.keyClick(view.canonical_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(view.canonical_edit, Qt.Key.Key_Return)
    assert seeded.get_group(group_id).canonical == WAITING
    assert view.canonical_edit.toPlainText() == WAITING
    assert stack.count() == 0


def test_use_wording_makes_a_variant_canonical(
    qtbot: QtBot, view: CompareView, seeded: Workbench, stack: QUndoStack, group_id: int
) -> None:
    press_tv = next(row for row in view.rows if row.claim.source == "Press TV")
    qtbot.mouseClick(press_tv.use_button, Qt.MouseButton.LeftButton)
    assert seeded.get_group(group_id).canonical == AWAITING
    press_tv = next(row for row in view.rows if row.claim.source == "Press TV")  # rows are rebuilt
    assert press_tv.summary == "same wording"
    assert stack.undoText() == "Use an outlet's wording as canonical"
    stack.undo()
    assert seeded.get_group(group_id).canonical == WAITING


def test_markup_in_a_claim_is_shown_as_text(qtbot: QtBot, seeded: Workbench, stack: QUndoStack) -> None:
    claim = seeded.add_claim(3, quote="Russia's top diplomat <u>said</u> following high-stakes talks")
    seeded.set_canonical(claim.group_id, "Russia's top diplomat said after talks")
    view = CompareView(seeded, stack)
    qtbot.addWidget(view)
    view.set_group(claim.group_id)
    html = view.rows[0].diff.text()
    assert "&lt;u&gt;" in html and "<u>" not in html


def test_diff_html_escapes_and_marks_changes_without_relying_on_colour() -> None:
    html = diff_html("a <b>x</b> & c", "a <i>x</i> & c", marked=True)
    assert "<b>" not in html and "<i>" not in html and "&lt;" in html and "&amp;" in html
    assert ">−</span>b</span>" in html and ">+</span>i</span>" in html
    plain = diff_html("one, two", "one two")
    assert ">+<" not in plain and "line-through" in plain and "one<span" in plain  # the lost comma hugs "one"
    assert "+added" in diff_legend(marked=True) and "compared with the canonical wording" in diff_legend(
        against="the canonical wording"
    )
    assert "#1e4a27" in diff_html("a", "b", dark=True)


def test_change_summary_counts_words() -> None:
    assert change_summary("a b c", "a b c") == "same wording"
    assert change_summary("a b c", "a x y c") == "2 words added, 1 missing"


def test_screenshot(view: CompareView, tmp_path: Path) -> None:
    image = view.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "compare_view.png"))
