"""File → Export… and File → Import verdicts… on a real window, real library file and real exported files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import make_window, wait_jobs
from tests.ui.demo_library import build_demo
from ui.claims_dock import ClaimsDock
from ui.export_dialog import ExportDialog
from ui.main_window import MainWindow


@pytest.fixture
def demo_window(qtbot, settings_file: Path, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window over the demo library (claims linked across outlets, verdicts recorded)."""
    build_demo(db_path).close()
    win = make_window(qtbot, settings_file)
    win.library.open_database(db_path)
    wait_jobs(qtbot, win)
    assert win.state.groups
    return win


def _select_group(window: MainWindow, group_id: int) -> None:
    window.panel(ClaimsDock).select_group(group_id)
    assert window.panel(ClaimsDock).selected_group_ids() == [group_id]


def test_the_dialog_offers_every_format_and_scopes_to_the_selected_groups(qtbot, demo_window, tmp_path) -> None:
    group = next(iter(demo_window.state.groups))
    _select_group(demo_window, group)
    dialog = ExportDialog(demo_window, demo_window.panel(ClaimsDock).selected_group_ids())
    qtbot.addWidget(dialog)
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == [
        "xlsx", "csv", "claimreview", "annotations"]
    assert dialog.everything.isChecked() and dialog.selection.isEnabled() and "(1)" in dialog.selection.text()
    dialog.selection.setChecked(True)
    assert not dialog.table.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.table.setCurrentIndex(dialog.table.findData("claims"))
    assert dialog.table.isEnabled() and dialog.path.text().endswith("claims.csv")
    dialog.path.setText(str(tmp_path / "claims.csv"))
    dialog.bom.setChecked(True)
    request = dialog.request()
    assert request.group_ids == (group,) and request.table == "claims" and request.bom

    demo_window.library.export(request)
    wait_jobs(qtbot, demo_window)
    raw = (tmp_path / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    expected = {c.id for c in demo_window.wb.list_claims() if c.group_id == group}
    assert rows and {int(r["group id"]) for r in rows} == {group}
    assert len(rows) == len(expected)
    assert "Wrote" in demo_window.statusBar().currentMessage()


def test_file_export_from_the_menu_writes_the_workbook_in_the_background(qtbot, demo_window, tmp_path) -> None:
    target = tmp_path / "verdicts.xlsx"

    def fill_in() -> None:
        dialog = demo_window.findChild(ExportDialog, "exportDialog")
        assert dialog is not None
        dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
        dialog.path.setText(str(target))
        dialog.export_button.click()

    assert demo_window.user_actions.export.isEnabled()
    QTimer.singleShot(0, fill_in)
    demo_window.user_actions.export.trigger()
    wait_jobs(qtbot, demo_window)
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == ["Verdicts", "Claims", "Links", "Articles", "Evidence", "About"]
    verdict_rows = list(book["Verdicts"].iter_rows(min_row=2, values_only=True))
    assert len(verdict_rows) == len(demo_window.state.groups)
    book.close()


def test_claimreview_export_scoped_to_final_verdicts(qtbot, demo_window, tmp_path) -> None:
    dialog = ExportDialog(demo_window, [])
    qtbot.addWidget(dialog)
    assert not dialog.selection.isEnabled() and dialog.everything.isChecked()
    dialog.format.setCurrentIndex(dialog.format.findData("claimreview"))
    dialog.final_only.setChecked(True)
    dialog.path.setText(str(tmp_path / "reviews.jsonld"))
    demo_window.wb.set_setting("organisation", "Demo Fact Check")  # ClaimReview is refused without it
    demo_window.library.export(dialog.request())
    wait_jobs(qtbot, demo_window)
    document = json.loads((tmp_path / "reviews.jsonld").read_text(encoding="utf-8"))
    reviews = document if isinstance(document, list) else document.get("@graph", [document])
    finals = [g for g in demo_window.wb.list_groups() if g.status == "final"]
    assert len(reviews) == len(finals) == 1
    assert reviews[0]["@type"] == "ClaimReview"


def test_an_edited_workbook_comes_back_with_conflicts_listed(qtbot, demo_window, tmp_path) -> None:
    wb = demo_window.wb
    target = tmp_path / "verdicts.xlsx"
    wb.export(target)
    rated = [g for g in wb.list_groups() if g.rating]
    edited, conflicting = rated[0], rated[1]
    book = openpyxl.load_workbook(target)
    sheet = book["Verdicts"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        gid = row[headers.index("group id")].value
        if gid == edited.id:
            row[headers.index("rationale")].value = "Edited in the spreadsheet."
        if gid == conflicting.id:
            row[headers.index("rationale")].value = "My spreadsheet edit."
    book.save(target)
    wb.set_verdict(conflicting.id, rationale="Changed in the library meanwhile.")

    demo_window.library.import_verdicts(target, "Sheet Editor")
    wait_jobs(qtbot, demo_window)
    report = demo_window.library.last_verdict_import
    assert [a.group_id for a in report.applied] == [edited.id]
    assert [c.group_id for c in report.conflicts] == [conflicting.id]
    assert wb.get_verdict(edited.id).rationale == "Edited in the spreadsheet."
    assert wb.get_verdict(edited.id).reviewer == "Sheet Editor"
    assert wb.get_verdict(conflicting.id).rationale == "Changed in the library meanwhile."
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "exportReportBox")
    assert isinstance(box, QMessageBox)
    assert f"group {conflicting.id}" in box.detailedText() and "My spreadsheet edit." in box.detailedText()
    box.close()


def test_the_file_name_follows_the_format_and_bad_ranges_cannot_be_exported(qtbot, tmp_path) -> None:
    dialog = ExportDialog(None, [])
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.path.setText(str(tmp_path / "mine.xlsx"))
    dialog._path_typed("")  # as typing does
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.path.text() == str(tmp_path / "mine.csv")  # a CSV never lands in a .xlsx file
    dialog.table.setCurrentIndex(dialog.table.findData("links"))
    assert dialog.path.text() == str(tmp_path / "mine.csv")  # a name of the user's own is kept
    dialog.path.setText(str(tmp_path / "claims.csv"))
    dialog.table.setCurrentIndex(dialog.table.findData("articles"))
    assert dialog.path.text() == str(tmp_path / "articles.csv")  # a default name follows the table

    assert dialog.export_button.isEnabled()
    dialog.use_since.setChecked(True)
    dialog.use_until.setChecked(True)
    dialog.since.setDate(QDate(2026, 5, 2))
    dialog.until.setDate(QDate(2026, 5, 1))
    assert not dialog.export_button.isEnabled() and "after" in dialog.export_button.toolTip()
    dialog.until.setDate(QDate(2026, 5, 3))
    assert dialog.export_button.isEnabled()

    dialog.path.setText("bare-name.csv")
    assert dialog.request().path == dialog._folder / "bare-name.csv"
