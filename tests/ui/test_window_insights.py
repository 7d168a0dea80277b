"""Issue 15 in the real window: the Overview dock and its chart export, the Conflicts dock (merge and keep
apart, undone and refused), drift in Compare and in the claims table, origins in the claims table, and the
rating-scale switch as one undoable step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from tests.ui.conftest import make_window, wait_jobs, wait_writes
from tests.ui.insight_demo import build_drift_demo, build_insight_demo
from ui.chart_painters import LIGHT
from ui.charts import natural_size
from ui.claims_dock import ClaimsDock
from ui.compare_view import CompareView
from ui.conflicts_dock import ConflictsDock
from ui.drift_marks import KIND_COLOURS
from ui.main_window import MainWindow
from ui.models import GroupTableModel
from ui.overview_dock import OverviewDock
from ui.verdict_editor import VerdictEditor
from workbench.service import Workbench


def open_window(qtbot, settings_file: Path, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = make_window(qtbot, settings_file)
    win.library.open_database(db_path)
    wait_jobs(qtbot, win)
    return win


@pytest.fixture
def demo_window(qtbot, settings_file: Path, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window over the insight demo: Lavrov's quote linked across four outlets, one claim rated twice."""
    build_insight_demo(db_path).close()
    return open_window(qtbot, settings_file, db_path)


@pytest.fixture
def other(db_path: Path) -> Iterator[Workbench]:
    """Another program on the same library file."""
    wb = Workbench.open(db_path, user="other")
    yield wb
    wb.close()


def steps(window: MainWindow) -> list[str]:
    stack = window.undo.stack
    return [stack.text(i) for i in range(stack.index())]


def undo(window: MainWindow) -> None:
    window.user_actions.undo.trigger()
    wait_writes(window)


def refused(window: MainWindow, reason: str) -> None:
    """The window said the action was not done, and why."""
    message = window.ctx.last_error
    assert "not done" in message and reason.lower() in message.lower(), message
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "errorBox" and w.isVisible())
    assert isinstance(box, QMessageBox)
    box.close()


def when_shown(find: Callable[[], QWidget | None], act: Callable[[QWidget], None], tries: int = 200) -> None:
    widget = find()
    if widget is not None and widget.isVisible():
        act(widget)
    elif tries:
        QTimer.singleShot(20, lambda: when_shown(find, act, tries - 1))


# -- Overview ----------------------------------------------------------------------------------------------


def count_of(dock: OverviewDock, rating: str) -> int:
    chart = dock.chart.chart
    assert chart is not None and chart.kind == "outlet-verdicts"
    column = [r.key for r in chart.ratings].index(rating)
    return sum(row[column] for row in chart.counts)


def test_the_overview_dock_charts_the_library_follows_changes_and_exports(qtbot, demo_window, tmp_path) -> None:
    assert "Overview" in [a.text() for a in demo_window.view_menu.actions()]
    dock = demo_window.panel(OverviewDock)
    assert dock.on_screen is False and dock.chart.chart is None  # a tab behind Claims: nothing drawn until asked
    demo_window.user_actions.show_overview.trigger()
    wait_jobs(qtbot, demo_window)
    assert dock.on_screen and dock.chart.chart is not None
    true_before = count_of(dock, "true")

    group = next(g.id for g in demo_window.state.groups.values() if "awaiting responses" in g.canonical)
    demo_window.review.select_group(group)
    demo_window.panel(VerdictEditor).rating_picker.findChild(QPushButton, "rating_false").click()
    wait_writes(demo_window)
    wait_jobs(qtbot, demo_window)
    outlets = len(demo_window.state.groups[group].outlets)
    assert count_of(dock, "true") == true_before - outlets and count_of(dock, "false") == outlets

    png, svg = tmp_path / "outlets.png", tmp_path / "outlets.svg"
    assert dock.export_to(png) == natural_size(dock.chart.chart)
    image = QImage(str(png))
    assert image.width() == natural_size(dock.chart.chart)[0] and image.pixelColor(3, 3).name() == LIGHT.background
    assert "Chart written to" in demo_window.statusBar().currentMessage()
    dock.export_to(svg)
    assert "<svg" in svg.read_text(encoding="utf-8") and "Verdicts by outlet" in svg.read_text(encoding="utf-8")


# -- Conflicts ---------------------------------------------------------------------------------------------


def show_conflicts(qtbot, window: MainWindow) -> ConflictsDock:  # type: ignore[no-untyped-def]
    window.user_actions.show_conflicts.trigger()
    dock = window.panel(ConflictsDock)
    qtbot.waitUntil(lambda: dock.loaded and not window.busy())
    return dock


def test_keeping_a_conflict_apart_is_undoable_and_refused_when_already_decided(qtbot, demo_window, other) -> None:
    wb = demo_window.wb
    dock = show_conflicts(qtbot, demo_window)
    (conflict,) = wb.conflicts()
    a, b = conflict.group_ids
    assert dock.on_screen and dock.current() == conflict and dock.list.count() == 1
    assert dock.left.rating.text().count("Mostly false") + dock.right.rating.text().count("True") == 2
    dock.reason.setText("Different speakers")
    dock.keep_apart.click()
    wait_writes(demo_window)
    qtbot.waitUntil(lambda: dock.loaded and dock.list.count() == 0)
    assert dock.pages.currentWidget() is dock.empty
    assert steps(demo_window) == [f"Keep apart groups {a} and {b} “Different speakers”"]
    assert [k.reason for k in wb.kept_apart()] == ["Different speakers"]
    undo(demo_window)
    qtbot.waitUntil(lambda: dock.loaded and dock.list.count() == 1)
    assert wb.kept_apart() == [] and steps(demo_window) == []

    other.keep_apart(a, b, "Decided elsewhere")  # the dock still lists the pair
    dock.reason.setText("Different speakers")
    dock.keep_apart.click()
    wait_writes(demo_window)
    refused(demo_window, "already kept apart (Decided elsewhere)")
    assert steps(demo_window) == [] and [k.reason for k in wb.kept_apart()] == ["Decided elsewhere"]
    qtbot.waitUntil(lambda: dock.loaded and dock.list.count() == 0)  # the window read the library again


def test_merging_a_conflict_keeps_one_verdict_and_undo_restores_both(qtbot, demo_window) -> None:
    wb = demo_window.wb
    dock = show_conflicts(qtbot, demo_window)
    (conflict,) = wb.conflicts()
    a, b = conflict.group_ids
    before = {gid: wb.get_verdict(gid) for gid in (a, b)}
    claim_of = {gid: demo_window.state.groups[gid].claims[0].id for gid in (a, b)}
    dock.left.keep.click()  # merge, keeping group a's verdict
    wait_writes(demo_window)
    qtbot.waitUntil(lambda: dock.loaded and dock.list.count() == 0)
    merged = wb.get_claim(claim_of[a]).group_id
    assert wb.get_claim(claim_of[b]).group_id == merged
    assert wb.get_verdict(merged).rating == before[a].rating and wb.get_verdict(merged).rationale == before[a].rationale
    assert merged in demo_window.state.groups and len(demo_window.state.groups[merged].claims) == 2
    assert steps(demo_window) == [f"Merge groups {a} and {b} (keep the verdict of {a}, drop that of {b})"]
    undo(demo_window)
    groups = {gid: wb.get_claim(claim_of[gid]).group_id for gid in (a, b)}
    assert groups[a] != groups[b]
    for gid in (a, b):
        restored = wb.get_verdict(groups[gid])
        assert (restored.rating, restored.rationale) == (before[gid].rating, before[gid].rationale)
    qtbot.waitUntil(lambda: dock.loaded and dock.list.count() == 1)


# -- drift in Compare, origins and drift in the claims table -------------------------------------------


@pytest.fixture
def drift_window(qtbot, settings_file: Path, db_path: Path, tmp_path: Path) -> tuple[MainWindow, int]:  # type: ignore[no-untyped-def]
    """The window over one claim as four outlets carried it: a wire story, its reprint and two that drifted."""
    wb, group = build_drift_demo(db_path, tmp_path)
    wb.close()
    window = open_window(qtbot, settings_file, db_path)
    window.review.select_group(group, open_articles=True)
    return window, group


def colour_count(image: QImage, colour: str) -> int:
    wanted = QColor(colour).name()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).name() == wanted)


def test_compare_flags_the_variants_that_change_the_meaning_with_the_words_marked(qtbot, drift_window) -> None:
    window, group = drift_window
    window.show_dock("compareDock")
    view = window.panel(CompareView)
    view.current()
    rows = {row.claim.source: row for row in view.rows}
    assert "(3 independent)" in view.title_label.text()  # the wire story and its reprint are one origin
    for faithful in ("Wire Service", "Coastal Daily"):
        assert not rows[faithful].drift.isVisibleTo(view) and rows[faithful].drift.flags == []
    courier = rows["Evening Courier"]
    assert {f.kind for f in courier.drift.flags} == {"attribution", "paraphrase", "negation", "hedge", "number"}
    assert courier.drift.isVisibleTo(view)
    text = courier.drift.text()
    assert "30 → 40" in text and "The mayor said" in text and KIND_COLOURS["attribution"][0] in text
    assert "number" in courier.header.text() and KIND_COLOURS["number"][0] in courier.header.text()
    dock = window.docks["compareDock"]
    dock.setFloating(True)  # room to see every row
    dock.resize(1000, 720)
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    image = dock.grab().toImage()
    for kind in ("number", "negation", "hedge", "attribution", "paraphrase"):
        assert colour_count(image, KIND_COLOURS[kind][0]) > 20, kind

    view.canonical_edit.setPlainText("Officials said the pier will reopen before spring.")  # typed, not saved
    qtbot.waitUntil(lambda: not courier.drift.isVisibleTo(view))  # flags of the stored wording are not shown
    assert "number" not in courier.header.text()
    qtbot.keyClick(view.canonical_edit, Qt.Key.Key_Escape)  # Esc: back to the saved wording, nothing saved
    assert view.canonical_edit.toPlainText() == window.state.groups[group].canonical
    qtbot.waitUntil(lambda: courier.drift.isVisibleTo(view))


def test_the_claims_table_shows_independent_origins_and_drift_and_follows_unlinking(qtbot, demo_window) -> None:
    dock = demo_window.panel(ClaimsDock)
    model = dock.model
    lavrov = next(g.id for g in demo_window.state.groups.values() if "awaiting responses" in g.canonical)
    single = next(g.id for g in demo_window.state.groups.values() if len(g.claims) == 1)

    def cell(group_id: int, column: int, role: int = 0) -> object:
        return model.index(model.row_of(group_id), column).data(role)

    assert cell(lavrov, GroupTableModel.SOURCES) == "4 outlets · 3 independent"
    assert cell(lavrov, GroupTableModel.DRIFT) == "attribution, paraphrase"
    assert "2 × quote to paraphrase" in str(cell(lavrov, GroupTableModel.DRIFT, 3))  # the tooltip counts them
    assert cell(single, GroupTableModel.SOURCES) == "1 outlet" and cell(single, GroupTableModel.DRIFT) == ""
    header = dock.view.horizontalHeader()
    assert header.visualIndex(GroupTableModel.DRIFT) == header.visualIndex(GroupTableModel.SOURCES) + 1
    dock.filter.setText("paraphrase")
    assert dock.proxy.rowCount() == 1
    dock.filter.clear()

    claim = next(c for c in demo_window.state.groups[lavrov].claims if c.source == "Russialink")
    demo_window.review.select_claim(claim.id)
    demo_window.user_actions.unlink.trigger()
    wait_writes(demo_window)
    wait_jobs(qtbot, demo_window)
    assert cell(lavrov, GroupTableModel.SOURCES) == "3 outlets · 3 independent"
    assert cell(lavrov, GroupTableModel.DRIFT) == "attribution, paraphrase"
    undo(demo_window)
    wait_jobs(qtbot, demo_window)
    assert cell(lavrov, GroupTableModel.SOURCES) == "4 outlets · 3 independent"


# -- the rating scale ----------------------------------------------------------------------------------


def switch_scale(window: MainWindow, row: int) -> None:
    """Claims → Rating scale…, pick the preset in this row of the list, press OK."""

    def choose(dialog: QWidget) -> None:
        scales = window.analysis.scale_dialog
        assert scales is dialog and scales is not None
        scales.list.setCurrentRow(row)
        ok = scales.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled(), scales.status.text()
        ok.click()

    when_shown(lambda: window.analysis.scale_dialog, choose)
    window.user_actions.rating_scale.trigger()
    wait_writes(window)


def test_switching_the_rating_scale_is_one_undoable_step_and_refused_after_a_moved_verdict_changed(
        qtbot, demo_window, other) -> None:
    wb = demo_window.wb
    mixed = next(g.id for g in wb.list_groups() if g.rating == "mixed")
    before = {g.id: g.rating for g in wb.list_groups()}
    demo_window.review.select_group(mixed)
    picker = demo_window.panel(VerdictEditor).rating_picker
    assert picker.findChild(QPushButton, "rating_mixed") is not None

    switch_scale(demo_window, 1)  # PolitiFact's Truth-O-Meter: Mixed becomes Half True by itself
    assert wb.current_scale().name == "politifact" and wb.get_verdict(mixed).rating == "half-true"
    assert steps(demo_window) == ["Switch to the rating scale “PolitiFact Truth-O-Meter”"]
    assert demo_window.state.groups[mixed].rating_label == "Half True"
    assert picker.findChild(QPushButton, "rating_half-true").isChecked()
    undo(demo_window)
    assert wb.current_scale().name != "politifact" and {g.id: g.rating for g in wb.list_groups()} == before
    assert picker.findChild(QPushButton, "rating_mixed").isChecked()

    demo_window.user_actions.redo.trigger()
    wait_writes(demo_window)
    assert wb.get_verdict(mixed).rating == "half-true"
    other.set_verdict(mixed, rating="true")  # another reviewer rates a moved verdict on the new scale
    undo(demo_window)
    refused(demo_window, f"the verdict on group {mixed} changed after the scale switch")
    assert wb.current_scale().name == "politifact" and wb.get_verdict(mixed).rating == "true"
    assert demo_window.undo.stack.count() == 0  # the step that cannot be undone is gone
