"""The main window: empty state, drag and drop, settings, deleting, linking, rejecting, stepping, screenshots."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QStyleFactory

from tests.ui.conftest import make_window, wait_jobs, wait_writes
from ui.app import render_screenshot
from ui.article_pane import ARTICLE_MIME
from ui.claims_dock import ClaimsDock
from ui.library_dock import LibraryDock
from ui.main_window import MainWindow
from ui.matches_dock import MatchesDock

SENTENCE = "“Let’s hope these talks will continue,” Lavrov said."


def drop(widget: object, mime: QMimeData) -> QDropEvent:
    """Deliver a drop of mime data onto a widget's centre (enter, move, drop)."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    centre = QPointF(widget.rect().center())  # type: ignore[attr-defined]
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(centre.toPoint(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(centre.toPoint(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, move)
    event = QDropEvent(centre, actions, mime, buttons, modifiers)
    QApplication.sendEvent(widget, event)
    return event


def mark_sentence(window: MainWindow, outlet: str | None, sentence: str, pane: int = 0) -> int:
    article_id = next(a.id for a in window.state.articles.values() if a.source == outlet)
    target = window.panes.panes[pane]
    window.panes.show_article(article_id, target)
    window.panes.set_active(target)
    start = target.text.text.index(sentence)
    target.text.select_span(start, start + len(sentence))
    window.user_actions.mark.trigger()
    wait_writes(window)
    return window.review.claim_id  # type: ignore[return-value]


def test_first_run_shows_the_empty_state_with_both_offers(window: MainWindow) -> None:
    assert window.centre.currentWidget() is window.empty
    assert window.empty.samples.isVisible() and window.empty.importer.isVisible()
    assert window.empty.samples.text() == "Open the sample articles"
    assert str(window.library.db_path) in window.empty.where.text()
    assert not window.user_actions.mark.isEnabled()


def test_dropping_files_and_folders_on_the_window_imports_them(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    (folder / "inner").mkdir(parents=True)
    (folder / "inner" / "one.txt").write_text("First dropped article\n\nThe minister said so on Monday.\n")
    single = tmp_path / "two.txt"
    single.write_text("Second dropped article\n\nOfficials denied it on Tuesday.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(single))])
    event = drop(window.centralWidget(), mime)
    assert event.isAccepted()
    wait_jobs(qtbot, window)
    assert sorted(a.title for a in window.state.articles.values()) == ["First dropped article",
                                                                      "Second dropped article"]
    assert window.centre.currentWidget() is window.panes
    assert {p.article_id for p in window.panes.panes} == set(window.state.articles)


def test_dragging_an_article_onto_a_pane_opens_it_there(sample_window: MainWindow) -> None:
    window = sample_window
    pane = window.panes.panes[1]
    article_id = next(a for a in window.state.articles if a != pane.article_id)
    model = window.panel(LibraryDock).model
    index = model.match(model.index(0, 0), Qt.ItemDataRole.UserRole + 1, article_id, 1,
                        Qt.MatchFlag.MatchRecursive)[0]
    mime = model.mimeData([index])
    assert mime.hasFormat(ARTICLE_MIME)
    drop(pane, mime)
    assert pane.article_id == article_id


def test_library_lists_outlets_with_claim_counts_and_filters(sample_window: MainWindow) -> None:
    window = sample_window
    mark_sentence(window, None, SENTENCE)
    model = window.panel(LibraryDock).model
    outlets = {model.item(r, 0).text(): model.item(r, 1).text() for r in range(model.rowCount())}
    assert outlets["Unknown outlet"] == "1" and outlets["Press TV"] == "0"
    window.panel(LibraryDock).filter.setText("press")
    proxy = window.panel(LibraryDock).proxy
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Press TV"]


def test_delete_removes_the_selected_claim_and_undo_restores_it(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    claim_id = mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    pane = window.panes.panes[0]
    pane.text.setFocus()
    qtbot.keyClick(pane.text, Qt.Key.Key_Delete)
    wait_writes(window)
    assert window.state.claims == {} and pane.text.marks() == []
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert list(window.state.claims) == [claim_id]
    assert [m.claim_id for m in pane.text.marks()] == [claim_id]


def test_reject_with_backspace_then_undo_brings_the_suggestion_back(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    rows = window.panel(MatchesDock).model.rows
    first = rows[0]
    window.panel(MatchesDock).view.setFocus()
    window.panel(MatchesDock).select_match(0)
    qtbot.keyClick(window.panel(MatchesDock).view, Qt.Key.Key_Backspace)
    wait_writes(window)
    assert first.id not in [s.id for s in window.panel(MatchesDock).model.rows]
    assert window.wb.get_suggestion(first.id).state == "rejected"
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert first.id in [s.id for s in window.panel(MatchesDock).model.rows]


def test_accept_all_above_a_score_is_one_undo_step(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    window.panel(MatchesDock).threshold.setValue(50)
    expected = [s for s in window.panel(MatchesDock).model.rows if s.score >= 50]
    assert len(expected) >= 2
    qtbot.mouseClick(window.panel(MatchesDock).accept_all_button, Qt.MouseButton.LeftButton)
    wait_writes(window)
    assert window.undo.stack.undoText() == f"Accept {len(expected)} matches"
    group = window.state.groups[window.review.group_id]
    assert len({c.article_id for c in group.claims}) == 1 + len({s.article_id for s in expected})
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert len(window.state.groups[window.review.group_id].claims) == 1


def test_link_selection_and_unlink_with_undo(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    claim_id = mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    right = window.panes.panes[1]
    press_tv = next(a.id for a in window.state.articles.values() if a.source == "Press TV")
    window.panes.show_article(press_tv, right)
    window.panes.set_active(right)
    start = right.text.text.index("Let's hope these talks will continue")
    right.text.select_span(start, start + 36)
    window.user_actions.link.trigger()
    wait_writes(window)
    group = window.state.groups[window.review.group_id]
    assert {c.article_id for c in group.claims} == {press_tv, window.state.claims[claim_id].article_id}
    assert [m.group_id for m in right.text.marks()] == [group.id]
    window.review.select_claim(claim_id)
    window.user_actions.unlink.trigger()
    wait_writes(window)
    assert len(window.state.groups[window.state.claims[claim_id].group_id].claims) == 1
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert len(window.state.groups[window.state.claims[claim_id].group_id].claims) == 2
    window.user_actions.undo.trigger()
    wait_writes(window)
    assert right.text.marks() == []


def test_f3_steps_through_the_claims_of_the_active_pane(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    first = mark_sentence(window, None, SENTENCE)
    second = mark_sentence(window, None, "Washington has outright rejected the demands")
    wait_jobs(qtbot, window)
    pane = window.panes.panes[0]
    pane.text.setFocus()
    window.review.select_claim(first)
    qtbot.keyClick(pane.text, Qt.Key.Key_F3)
    assert window.review.claim_id == second
    qtbot.keyClick(pane.text, Qt.Key.Key_F3)
    assert window.review.claim_id == first
    qtbot.keyClick(pane.text, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.review.claim_id == second


def test_selecting_a_group_in_the_claims_table_opens_its_articles(qtbot, sample_window: MainWindow) -> None:
    window = sample_window
    mark_sentence(window, None, SENTENCE)
    wait_jobs(qtbot, window)
    window.panel(MatchesDock).select_match(0)
    window.panel(MatchesDock).accept_current()
    wait_writes(window)
    group_id = window.review.group_id
    for pane in window.panes.panes:
        pane.show_placeholder()
    window.review.select_claim(None)
    window.panel(ClaimsDock).view.selectRow(0)
    shown = {p.article_id for p in window.panes.panes}
    assert {c.article_id for c in window.state.groups[group_id].claims} <= shown
    assert window.review.group_id == group_id


def test_window_remembers_geometry_docks_panes_and_library(qtbot, settings_file: Path, db_path: Path) -> None:
    window = make_window(qtbot, settings_file)
    window.library.open_database(db_path)
    wait_jobs(qtbot, window)
    window.library.import_samples()
    wait_jobs(qtbot, window)
    window.user_actions.add_pane.trigger()
    third = sorted(window.state.articles)[2]
    window.panes.show_article(third, window.panes.panes[2])
    window.panel(MatchesDock).hide()
    window.docks["verdictDock"].hide()
    qtbot.wait(20)
    window.resize(780, 560)  # the offscreen screen is 800 x 800
    qtbot.wait(20)
    articles = window.panes.article_ids()
    size = (window.width(), window.height())
    assert size != (1400, 900)
    window.close()

    again = make_window(qtbot, settings_file)
    assert again.restore_window()  # it says so: the caller then restores the panes too
    assert again.settings.last_database() == str(db_path)
    again.library.open_database(again.settings.last_database(), restore_panes=True)
    wait_jobs(qtbot, again)
    assert (again.width(), again.height()) == size
    assert again.panel(MatchesDock).isHidden() and again.docks["verdictDock"].isHidden()
    assert again.findChild(QDockWidget, "libraryDock").isVisible()
    assert again.panes.article_ids() == articles
    assert again.settings.recent() == [str(db_path)]


def test_screenshot_renders_two_panes_of_linked_claims(qtbot, tmp_path: Path) -> None:
    from tests.ui.demo_library import build_demo

    db = tmp_path / "demo.sqlite3"
    build_demo(db).close()
    out = tmp_path / "shot.png"
    assert render_screenshot(str(db), out) == 0
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 800


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.ui.demo_library import build_demo

    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(db).close()
    return db


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_screenshots_in_both_palettes_show_readable_tints(tmp_path: Path, palette: str, demo_db: Path) -> None:
    """The command line's screenshot in a light and a dark palette: the page and the tints follow the palette."""
    import shutil

    from tests.workbench.test_cli import cli_command
    from ui.colours import contrast_ratio, dark_palette
    from ui.highlights import FormatCache

    db = tmp_path / "demo.sqlite3"
    shutil.copy(demo_db, db)
    out = tmp_path / f"shot-{palette}.png"
    done = subprocess.run([*cli_command(), "--db", str(db), "--palette", palette, "--screenshot", str(out)],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    chosen = dark_palette() if palette == "dark" else QStyleFactory.create("Fusion").standardPalette()
    page = image.pixelColor(image.width() // 3, image.height() - 4)  # the status bar
    assert (page.lightness() < 100) == (palette == "dark")
    tint = FormatCache(chosen).tint(("#fc8d59",)).background  # "Mostly false", shown in the left pane
    found = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
                if image.pixelColor(x, y).name() == tint.name())
    assert found > 200, (palette, tint.name())
    assert contrast_ratio(chosen.color(QPalette.ColorRole.Text), tint) >= 4.5


def test_shortcut_list_names_every_shortcut(qtbot, window: MainWindow) -> None:
    from ui.help import shortcuts_html

    text = shortcuts_html(window.user_actions.all())
    for name in ("Mark as claim", "Ctrl+M", "Next claim", "F3", "Undo", "Ctrl+Z", "Ctrl+Shift+Z"):
        assert name in text
    for action in window.user_actions.all():
        if action.shortcuts():
            assert action.shortcuts()[0].toString() in action.toolTip()


def test_opening_a_library_by_name_restores_its_panes(qtbot, settings_file: Path, db_path: Path) -> None:
    """`claim-workbench --db X` shows the articles the panes showed when X was last open."""
    from PySide6.QtCore import QSettings

    from ui.app import open_window

    window = make_window(qtbot, settings_file)
    window.library.open_database(db_path)
    wait_jobs(qtbot, window)
    window.library.import_samples()
    wait_jobs(qtbot, window)
    chosen = sorted(window.state.articles)[-2:]
    for pane, article in zip(window.panes.panes, chosen, strict=True):
        window.panes.show_article(article, pane)
    window.close()

    again = open_window(str(db_path), QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    wait_jobs(qtbot, again)
    assert again.panes.article_ids() == chosen


def test_the_drop_handler_and_file_filter_follow_the_import_registry(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from workbench.service import import_file_filters

    for suffix in (".text", ".markdown", ".xhtml", ".txt", ".md", ".html", ".htm", ".pdf", ".docx"):
        assert f"*{suffix}" in import_file_filters().split(";;")[0]
    scan = tmp_path / "scan.tiff"
    scan.write_bytes(b"II*\x00")
    only_scan = QMimeData()
    only_scan.setUrls([QUrl.fromLocalFile(str(scan))])
    assert not drop(window.centralWidget(), only_scan).isAccepted()  # nothing in it can be imported
    notes = tmp_path / "notes.markdown"
    notes.write_text("# Talks stall\n\nThe minister said so on Monday.\n")
    page = tmp_path / "page.xhtml"
    page.write_text("<html><head><title>No reply yet</title></head><body><article><h1>No reply yet</h1>"
                    "<p>Officials denied it on Tuesday, and said the talks would go on next week.</p>"
                    "</article></body></html>")
    plain = tmp_path / "brief.text"
    plain.write_text("A brief\n\nThe talks went on for hours on Wednesday.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (notes, page, plain, scan)])
    assert drop(window.centralWidget(), mime).isAccepted()
    wait_jobs(qtbot, window)
    assert sorted(a.file_format for a in window.state.articles.values()) == ["html", "markdown", "text"]
