"""Export → LibreOffice opens and saves the workbook → import-verdicts: nothing lost, nothing invented.

One LibreOffice start for the whole module: every workbook is prepared first (one unedited, one edited
with openpyxl as a reviewer's script would), then saved again by LibreOffice together.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.workbench.export.conftest import add_article, edit_verdicts, headers
from tests.workbench.export.libreoffice import convert, requires_libreoffice
from workbench.export.xlsx import CONTINUED
from workbench.service import Workbench

pytestmark = requires_libreoffice

LONG = ("Long rationale with emoji 🌉 and words. " * 1400) + "THE END"  # over Excel's 32,767 UTF-16 units
RATIONALES = {
    "long": LONG,
    "escape": "Code _x0041_ and _x000D_ are text, not escapes",
    "line endings": "First line\r\nsecond line\rthird line",
    "leading cr": "\rStarts with a carriage return",
    "formula-like": "=1+1 is not a formula here",
    "control": "Form\x0cfeed stays",
    "number-like": "0042",
}


@dataclass
class Saved:
    library: Path  # the library as exported (copy it before changing it)
    groups: dict[str, int]  # rationale name -> group id
    unedited: Path  # saved by LibreOffice, as exported
    edited: Path  # edited with openpyxl, then saved by LibreOffice

    def open(self, tmp_path: Path) -> Workbench:
        copy = tmp_path / "library.sqlite3"
        shutil.copy(self.library, copy)
        return Workbench.open(copy, user="lo-test")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Saved:
    root = tmp_path_factory.mktemp("libreoffice")
    library = root / "library.sqlite3"
    wb = Workbench.open(library, user="tester")
    groups: dict[str, int] = {}
    try:
        text = " ".join(f"Claim number {i} was said." for i in range(len(RATIONALES) + 1))
        aid = add_article(wb, text, title="Claims", outlet="Daily Planet", url="https://dailyplanet.example/a",
                          published=dt.date(2022, 1, 18))
        for i, (name, rationale) in enumerate(RATIONALES.items()):
            groups[name] = wb.add_claim(aid, quote=f"Claim number {i} was said").group_id
            wb.set_verdict(groups[name], rating="mixed", rationale=rationale, status="review")
        groups["no verdict"] = wb.add_claim(aid, quote=f"Claim number {len(RATIONALES)} was said").group_id
        wb.set_claimant(groups["escape"], "Sergei Lavrov", role="Russian Foreign Minister")
        wb.export(root / "unedited.xlsx")
        wb.export(root / "edited.xlsx")
    finally:
        wb.close()
    edited = root / "edited.xlsx"
    book = load_workbook(edited)
    sheet = book["Verdicts"]
    names = headers(sheet)
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    rationale = names.index("rationale") + 1

    def cell(group: str, header: str):  # type: ignore[no-untyped-def]
        return sheet.cell(rows[groups[group]], names.index(header) + 1)

    long_cell = sheet.cell(rows[groups["long"]], rationale)
    long_cell.value = "EDITED " + long_cell.value  # the first part of a continued rationale
    cell("escape", "rationale").value = "Edited: _x0041_ stays literal"
    cell("line endings", "rationale").value = "=1+1"  # a formula typed by the reviewer; LibreOffice computes 2
    cell("leading cr", "rationale").value = dt.datetime(2022, 1, 5)  # a date typed into the text column
    cell("leading cr", "rationale").number_format = "yyyy-mm-dd"
    cell("formula-like", "group id").value = groups["no verdict"]  # an edited id: must not reach that group
    book.save(edited)
    control_row = rows[groups["control"]]
    edit_verdicts(edited, {})  # (no-op save: openpyxl writes shared strings, as LibreOffice will)
    book = load_workbook(edited)
    book["Verdicts"].delete_rows(control_row)  # a deleted row: not a deletion
    book.save(edited)
    unedited_lo, edited_lo = convert([root / "unedited.xlsx", edited], "xlsx", root / "saved", root / "profile")
    return Saved(library, groups, unedited_lo, edited_lo)


def test_an_unedited_workbook_saved_by_libreoffice_changes_nothing(saved: Saved, tmp_path: Path) -> None:
    wb = saved.open(tmp_path)
    try:
        before = {g: wb.get_verdict(g) for g in saved.groups.values()}
        report = wb.import_verdicts(saved.unedited)
        assert (report.applied, report.conflicts, report.errors, report.missing) == ([], [], [], [])
        assert report.unchanged == len(saved.groups)
        assert {g: wb.get_verdict(g) for g in saved.groups.values()} == before  # no revision, no tail lost
    finally:
        wb.close()


def test_libreoffice_kept_what_the_import_relies_on(saved: Saved) -> None:
    book = load_workbook(saved.unedited, read_only=True)
    try:
        assert {"Verdicts", "About", "Long text"} <= set(book.sheetnames)
    finally:
        book.close()
    from workbench.export.xlsx_read import read_rows

    rows = list(read_rows(saved.unedited, "Verdicts"))
    names = rows[0]
    long = next(r for r in rows[1:] if r[0] == str(saved.groups["long"]))
    assert long[names.index("rationale")].endswith(CONTINUED)
    escape = next(r for r in rows[1:] if r[0] == str(saved.groups["escape"]))
    assert escape[names.index("rationale")] == RATIONALES["escape"]  # decoded once, not twice
    assert escape[names.index("claimant")] == "Sergei Lavrov, Russian Foreign Minister"


def test_edits_saved_by_libreoffice_come_back_as_the_reviewer_saw_them(saved: Saved, tmp_path: Path) -> None:
    wb = saved.open(tmp_path)
    g = saved.groups
    try:
        report = wb.import_verdicts(saved.edited, reviewer="reviewer")
        applied = {a.group_id: a.changes for a in report.applied}
        assert set(applied) == {g["long"], g["escape"], g["line endings"], g["leading cr"]}
        assert wb.get_verdict(g["long"]).rationale == "EDITED " + LONG  # type: ignore[union-attr]
        assert wb.get_verdict(g["escape"]).rationale == "Edited: _x0041_ stays literal"  # type: ignore[union-attr]
        assert wb.get_verdict(g["line endings"]).rationale == "2"  # type: ignore[union-attr]  # what it showed
        assert wb.get_verdict(g["leading cr"]).rationale == "2022-01-05"  # type: ignore[union-attr]
        assert any("held the formula =1+1; stored what it showed: '2'" in n for n in report.notes)
        conflict = report.conflicts[0]
        assert conflict.group_id == g["no verdict"] and f"exported for group {g['formula-like']}" in conflict.reason
        assert wb.get_verdict(g["no verdict"]) is None
        assert wb.get_verdict(g["formula-like"]).rationale == RATIONALES["formula-like"]  # type: ignore[union-attr]
        assert report.missing == [g["control"]] and wb.get_verdict(g["control"]) is not None
        assert report.errors == []
    finally:
        wb.close()
