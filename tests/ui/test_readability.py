"""What a walk through the real window found hard to read, and the fixes: outlets, titles, paragraphs, rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QStyleOptionViewItem

from tests.ui.conftest import wait_jobs, wait_writes
from ui.library_dock import TITLE, LibraryDock
from ui.main_window import MainWindow
from ui.matches_dock import MatchesDock
from ui.models import ID_ROLE, UNKNOWN_OUTLET_ROLE
from ui.verdict_editor import VerdictEditor

SENTENCE = "“Let’s hope these talks will continue,” Lavrov said."


def unknown_article(window: MainWindow) -> int:
    return next(a.id for a in window.state.articles.values() if a.source is None)


def test_an_unknown_outlet_invites_naming_it_and_the_name_is_undoable(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    article = unknown_article(window)
    pane = window.panes.panes[0]
    window.panes.show_article(article, pane)
    assert "Set the outlet…" in pane.outlet.text() and "masthead" in pane.outlet.toolTip()
    pane.outlet.linkActivated.emit("set-outlet")  # as a click on the link does
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "outletDialog")
    assert isinstance(dialog, QInputDialog) and "Press TV" in dialog.comboBoxItems()
    dialog.setTextValue("Kayhan")
    dialog.accept()
    wait_writes(window)
    assert window.state.articles[article].source == "Kayhan"
    assert pane.outlet.text() == "Kayhan" and pane.chooser.currentText().startswith("Kayhan — ")
    model = window.panel(LibraryDock).model
    assert "Kayhan" in [model.item(r, 0).text() for r in range(model.rowCount())]
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert window.state.articles[article].source is None and "Set the outlet…" in pane.outlet.text()


def test_the_library_offers_to_name_an_unknown_outlet_and_shows_whole_titles(sample_window: MainWindow) -> None:
    window = sample_window
    dock = window.panel(LibraryDock)
    model = dock.model
    unknown = next(model.item(r, 0) for r in range(model.rowCount()) if model.item(r, 0).data(UNKNOWN_OUTLET_ROLE))
    assert unknown.text() == "Unknown outlet" and unknown.font().italic() and "Right-click" in unknown.toolTip()
    header = dock.view.header()
    assert header.visualIndex(TITLE) == 2  # counts and dates first, titles last
    assert not header.stretchLastSection() and header.sectionResizeMode(TITLE) == header.ResizeMode.ResizeToContents
    longest = max(
        (model.item(r, 0).child(c, 0) for r in range(model.rowCount()) for c in range(model.item(r, 0).rowCount())),
        key=lambda item: len(item.text()),
    )
    assert longest.toolTip().splitlines()[0] == longest.text().removesuffix("  (reprint)")  # the whole title
    index = dock.proxy.mapFromSource(longest.index())
    assert dock.view.columnWidth(TITLE) >= dock.view.fontMetrics().horizontalAdvance(longest.text())  # not cut
    assert dock.view.horizontalScrollBar().maximum() > 0  # scrolls sideways instead
    assert index.data(ID_ROLE) is not None


def test_paragraphs_of_single_line_break_articles_stand_apart(sample_window: MainWindow) -> None:
    window = sample_window
    pane = window.panes.panes[0]
    tehran = unknown_article(window)  # the Tehran daily seed: one line break between paragraphs
    window.panes.show_article(tehran, pane)
    text = pane.text
    assert "\n\n" not in text.text.strip()
    block = text.document().firstBlock()
    layout = text.document().documentLayout()
    lines_height = sum(block.layout().lineAt(n).height() for n in range(block.layout().lineCount()))
    assert layout.blockBoundingRect(block).height() >= lines_height + text.fontMetrics().lineSpacing() * 0.5
    spaced = next(a.id for a in window.state.articles.values() if a.source == "Press TV")  # blank lines already
    window.panes.show_article(spaced, pane)
    block = pane.text.document().firstBlock()
    lines_height = sum(block.layout().lineAt(n).height() for n in range(block.layout().lineCount()))
    assert pane.text.document().documentLayout().blockBoundingRect(block).height() <= lines_height + 1


def test_match_rows_are_as_tall_as_their_wrapped_text(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    pane = window.panes.panes[0]
    window.panes.show_article(unknown_article(window), pane)
    window.panes.set_active(pane)
    start = pane.text.text.index(SENTENCE)
    pane.text.select_span(start, start + len(SENTENCE))
    window.user_actions.mark.trigger()
    wait_jobs(qtbot, window)
    matches = window.panel(MatchesDock)
    view = matches.view
    matches.setFloating(True)
    matches.resize(420, 500)  # narrow: the diffs wrap over several lines
    qtbot.waitUntil(lambda: view.columnWidth(2) < 260, timeout=5000)
    qtbot.wait(50)  # the rows are fitted once the columns have their new widths
    delegate = view.itemDelegateForColumn(2)
    option = QStyleOptionViewItem()
    option.font = view.font()
    needed = [delegate.sizeHint(option, matches.model.index(row, 2)).height()
              for row in range(matches.model.rowCount())]
    assert max(needed) > 3 * view.fontMetrics().lineSpacing()  # some diff wraps over several lines
    assert [view.rowHeight(row) >= height for row, height in enumerate(needed)] == [True] * len(needed)


def test_the_empty_verdict_dock_says_what_to_do_at_its_top(sample_window: MainWindow) -> None:
    window = sample_window
    window.review.select_claim(None)
    editor = window.panel(VerdictEditor)
    assert editor.pages.currentWidget() is editor.empty_label
    assert editor.empty_label.alignment() & Qt.AlignmentFlag.AlignTop
    label_top = editor.empty_label.mapTo(editor, editor.empty_label.rect().topLeft()).y()
    assert label_top < 40
