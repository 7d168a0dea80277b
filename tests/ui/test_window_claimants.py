"""Issue 12 in the real window: the claimant in the verdict editor (typed, suggested, undone, refused), the
organisation asked for on the first ClaimReview export, and the verdict-import report with its new fields."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget

from tests.ui.conftest import make_window, wait_jobs, wait_writes
from tests.ui.insight_demo import build_insight_demo
from ui.claimant_editor import ClaimantEditor
from ui.export_dialog import ExportDialog
from ui.main_window import MainWindow
from ui.verdict_editor import VerdictEditor
from workbench.service import Claimant, Workbench

LAVROV = Claimant("Sergei Lavrov", "Russian Foreign Minister", "Person")


@pytest.fixture
def demo_window(qtbot, settings_file: Path, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window over the insight demo: Lavrov's quote linked across four outlets, one claim rated twice."""
    build_insight_demo(db_path).close()
    win = make_window(qtbot, settings_file)
    win.library.open_database(db_path)
    wait_jobs(qtbot, win)
    return win


@pytest.fixture
def other(db_path: Path) -> Iterator[Workbench]:
    """Another program on the same library file."""
    wb = Workbench.open(db_path, user="other")
    yield wb
    wb.close()


def lavrov_group(window: MainWindow) -> int:
    return next(g.id for g in window.state.groups.values() if "awaiting responses" in g.canonical)


def claimant_editor(qtbot, window: MainWindow) -> ClaimantEditor:  # type: ignore[no-untyped-def]
    group = lavrov_group(window)
    window.review.select_group(group)
    editor = window.panel(VerdictEditor).claimant.editor
    qtbot.waitUntil(lambda: editor.name.isEnabled())
    return editor


def type_into(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def steps(window: MainWindow) -> list[str]:
    stack = window.undo.stack
    return [stack.text(i) for i in range(stack.index())]


def test_a_typed_claimant_is_saved_as_undoable_steps(qtbot, demo_window: MainWindow) -> None:
    wb, group = demo_window.wb, lavrov_group(demo_window)
    editor = claimant_editor(qtbot, demo_window)
    assert editor.name.text() == "" and editor.person.isChecked()
    type_into(qtbot, editor.name, "Sergei Lavrov")
    wait_writes(demo_window)
    type_into(qtbot, editor.role, "Russian Foreign Minister")
    wait_writes(demo_window)
    assert wb.get_claimant(group) == LAVROV
    assert steps(demo_window) == ["Set claimant “Sergei Lavrov”",
                                  "Set claimant “Sergei Lavrov, Russian Foreign Minister”"]

    demo_window.user_actions.undo.trigger()
    wait_writes(demo_window)
    assert wb.get_claimant(group) == Claimant("Sergei Lavrov")
    assert editor.role.text() == ""  # the editor shows the step undone, though the role field had the focus
    demo_window.user_actions.undo.trigger()
    wait_writes(demo_window)
    assert wb.get_claimant(group) is None and editor.name.text() == ""
    demo_window.user_actions.redo.trigger()
    wait_writes(demo_window)
    assert wb.get_claimant(group) == Claimant("Sergei Lavrov") and editor.name.text() == "Sergei Lavrov"

    editor.organisation.click()  # the kind is an edit too
    wait_writes(demo_window)
    assert wb.get_claimant(group) == Claimant("Sergei Lavrov", None, "Organization")
    editor.clear_button.click()
    wait_writes(demo_window)
    assert wb.get_claimant(group) is None and steps(demo_window)[-1] == "Clear claimant"
    demo_window.user_actions.undo.trigger()
    wait_writes(demo_window)
    assert wb.get_claimant(group) == Claimant("Sergei Lavrov", None, "Organization")
    assert editor.organisation.isChecked()


def test_suggest_reads_the_speaker_off_the_gui_thread_and_accepting_is_undoable(qtbot, demo_window) -> None:
    wb, group = demo_window.wb, lavrov_group(demo_window)
    editor = claimant_editor(qtbot, demo_window)
    assert not editor.suggestion.isVisible() and not editor.accept_button.isVisible()
    editor.suggest_button.click()
    wait_jobs(qtbot, demo_window)
    assert editor.suggestion.isVisible() and editor.suggestion.text().startswith(LAVROV.display())
    assert wb.get_claimant(group) is None  # shown, not stored
    assert editor.accept_button.isVisible() and editor.accept_button.isEnabled()
    editor.accept_button.click()
    wait_writes(demo_window)
    assert wb.get_claimant(group) == LAVROV and editor.role.text() == LAVROV.role
    assert steps(demo_window) == [f"Set claimant “{LAVROV.display()}”"]
    demo_window.user_actions.undo.trigger()
    wait_writes(demo_window)
    assert wb.get_claimant(group) is None and editor.name.text() == ""
    other_group = next(g for g in demo_window.state.groups if g != group)
    demo_window.review.select_group(other_group)
    assert editor.suggestion.text() == "" and not editor.accept_button.isVisible()  # the next group starts clean


def test_a_claimant_changed_by_another_program_is_refused_not_overwritten(qtbot, demo_window, other) -> None:
    group = lavrov_group(demo_window)
    editor = claimant_editor(qtbot, demo_window)
    other.set_claimant(group, "Maria Zakharova", role="Foreign Ministry spokeswoman")
    type_into(qtbot, editor.name, "Sergei Lavrov")
    wait_writes(demo_window)
    assert other.get_claimant(group) == Claimant("Maria Zakharova", "Foreign Ministry spokeswoman")
    assert steps(demo_window) == []  # a refusal is no step
    assert editor.name.text() == "Maria Zakharova"  # what the library holds now
    box = demo_window.panel(VerdictEditor).claimant.error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Set claimant “Sergei Lavrov” — not done" in box.text() and "changed elsewhere" in box.text()
    box.close()

    type_into(qtbot, editor.name, "Sergei Lavrov")  # now the window knows what it replaces
    wait_writes(demo_window)
    assert other.get_claimant(group) == Claimant("Sergei Lavrov", "Foreign Ministry spokeswoman")
    other.clear_claimant(group)
    demo_window.user_actions.undo.trigger()  # undo would overwrite the other program's change: refused
    wait_writes(demo_window)
    assert other.get_claimant(group) is None and steps(demo_window) == []


# -- ClaimReview export: the organisation ------------------------------------------------------------


def when_shown(find: Callable[[], QWidget | None], act: Callable[[QWidget], None], tries: int = 200) -> None:
    """Act on a dialog once it is open (modal dialogs open inside nested event loops)."""
    widget = find()
    if widget is not None and widget.isVisible():
        act(widget)
    elif tries:
        QTimer.singleShot(20, lambda: when_shown(find, act, tries - 1))


def organisation_prompt() -> QWidget | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()), None)


def export_claimreview(window: MainWindow, target: Path, organisation: str | None) -> None:
    """File → Export… as ClaimReview to target, answering the organisation prompt (None: cancel it)."""

    def answer(widget: QWidget) -> None:
        assert isinstance(widget, QInputDialog) and "organisation" in widget.labelText()
        if organisation is None:
            widget.reject()
        else:
            widget.setTextValue(organisation)
            widget.done(QDialog.DialogCode.Accepted)

    def fill_in(widget: QWidget) -> None:
        assert isinstance(widget, ExportDialog)
        widget.format.setCurrentIndex(widget.format.findData("claimreview"))
        widget.path.setText(str(target))
        when_shown(organisation_prompt, answer)
        widget.export_button.click()

    when_shown(lambda: next((d for d in window.findChildren(ExportDialog) if d.isVisible()), None), fill_in)
    window.user_actions.export.trigger()


def test_the_first_claimreview_export_asks_for_the_organisation_and_cancelling_cancels_it(
        qtbot, demo_window: MainWindow, tmp_path: Path) -> None:
    wb = demo_window.wb
    target = tmp_path / "claimreview.json"
    assert wb.export_needs("claimreview") == ["organisation"]
    export_claimreview(demo_window, target, None)
    wait_jobs(qtbot, demo_window)
    assert not target.exists() and wb.export_needs("claimreview") == ["organisation"]
    assert "Export cancelled" in demo_window.statusBar().currentMessage()

    export_claimreview(demo_window, target, "  Example   Fact Check ")
    wait_jobs(qtbot, demo_window)
    assert wb.get_setting("organisation") == "Example Fact Check" and wb.export_needs("claimreview") == []
    reviews = json.loads(target.read_text(encoding="utf-8"))
    reviews = reviews if isinstance(reviews, list) else reviews.get("@graph", [reviews])
    assert reviews and all(r["author"]["name"] == "Example Fact Check" for r in reviews)

    target.unlink()
    export_claimreview(demo_window, target, "Never asked")  # set now: no question, the export just runs
    wait_jobs(qtbot, demo_window)
    assert target.exists() and wb.get_setting("organisation") == "Example Fact Check"
    assert organisation_prompt() is None


# -- the verdict-import report -----------------------------------------------------------------------


def test_the_import_report_lists_missing_rows_notes_and_why_each_conflict(qtbot, demo_window, tmp_path) -> None:
    wb = demo_window.wb
    target = tmp_path / "verdicts.xlsx"
    wb.export(target)
    rated = sorted(g.id for g in wb.list_groups() if g.rating)
    formula_group, moved_from, deleted = rated[0], rated[1], rated[2]
    unrated = next(g.id for g in wb.list_groups() if not g.rating)
    book = openpyxl.load_workbook(target)
    sheet = book["Verdicts"]
    headers = [c.value for c in sheet[1]]
    column = {name: headers.index(name) for name in ("group id", "rationale")}
    for row in list(sheet.iter_rows(min_row=2)):
        gid = row[column["group id"]].value
        if gid == formula_group:
            row[column["rationale"]].value = "=1+1"  # a formula LibreOffice would compute: never computed here
        elif gid == moved_from:
            row[column["group id"]].value = unrated  # the row now claims another group's id
        elif gid == deleted:
            sheet.delete_rows(row[0].row)
    book.save(target)

    demo_window.library.import_verdicts(target, "Sheet Editor")
    wait_jobs(qtbot, demo_window)
    report = demo_window.library.last_verdict_import
    assert report is not None and report.missing == [deleted]
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "exportReportBox" and w.isVisible())
    assert isinstance(box, QMessageBox)
    details = box.detailedText()
    assert f"Missing rows: rows of 1 exported claim group(s) are gone from the sheet (groups {deleted})" in details
    assert "deleting a row does not delete a verdict" in details
    conflict = next(c for c in report.conflicts if c.group_id == unrated)
    assert f"group {unrated}: this row was exported for group {moved_from}" in details
    assert conflict.reason in details
    for note in report.notes:
        assert f"Note: {note}" in details
    for error in report.errors:
        assert error.message in details
    assert "1 row(s) missing" in box.text()
    box.close()


def test_a_claimant_typed_but_not_confirmed_is_saved_when_another_group_is_chosen(qtbot, demo_window) -> None:
    wb, group = demo_window.wb, lavrov_group(demo_window)
    editor = claimant_editor(qtbot, demo_window)
    editor.name.setFocus()
    qtbot.keyClicks(editor.name, "Sergei Lavrov")  # no Enter, focus still in the field
    demo_window.review.select_group(next(g for g in demo_window.state.groups if g != group))
    wait_writes(demo_window)
    assert wb.get_claimant(group) == Claimant("Sergei Lavrov") and editor.name.text() == ""
