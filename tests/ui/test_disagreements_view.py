"""The disagreements view lists the groups raters disagree on, with each rating, and opens one on double-click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from ui.disagreements_view import GROUP_ROLE, DisagreementsView
from workbench.service import Workbench


def test_groups_rated_differently_are_listed_and_open_on_double_click(qtbot, tmp_path: Path) -> None:
    url = str(tmp_path / "library.sqlite3")
    wb = Workbench.open(url, user="editor")
    raters = {name: Workbench.open(url, user=name) for name in ("ana", "ben")}
    try:
        wb.import_seeds()
        split = wb.add_claim(1, start=0, end=20).group_id
        agreed = wb.add_claim(2, start=0, end=20).group_id
        raters["ana"].rate(split, "false", note="no such figure")
        raters["ben"].rate(split, "mostly-true")
        for rater in raters.values():
            rater.rate(agreed, "mixed")
        view = DisagreementsView()
        qtbot.addWidget(view)
        view.show_disagreements(wb.disagreements(), wb.rating_scale())
        view.show()
        qtbot.waitExposed(view)
    finally:
        for service in raters.values():
            service.close()
        wb.close()
    model = view.table.model()
    assert model.rowCount() == 1 and "1 claim group" in view.summary.text()
    assert model.data(model.index(0, 2)) == "ana: False, ben: Mostly true"
    assert "no such figure" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 3)) == "—" and model.data(model.index(0, 0), GROUP_ROLE) == split
    with qtbot.waitSignal(view.groupActivated, timeout=2000) as opened:
        view.table.doubleClicked.emit(model.index(0, 1))
    assert opened.args == [split]
    view.show_disagreements([], [])
    assert view.table.model().rowCount() == 0 and view.summary.text().startswith("No disagreements")
