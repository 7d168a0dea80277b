"""Export the verdicts CSV → LibreOffice opens and saves it as CSV → import-verdicts: nothing taken for an edit.

LibreOffice turns CR and CRLF inside fields into LF and saves a leading apostrophe as it read it; the import
must see an unedited file as unedited, and an edited field as exactly the edit. One LibreOffice start.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.workbench.export.conftest import add_article
from tests.workbench.export.libreoffice import CSV_EXPORT, CSV_IMPORT, convert, requires_libreoffice
from workbench.service import Workbench

pytestmark = requires_libreoffice

RATIONALES = [
    "\rStarts with a carriage return",
    "First line\r\nsecond line\rthird line",
    "=1+1 is not a formula here",
    "'=already quoted",
    "Code _x0041_ stays",
    "0042",
    "2022-01-05",
    "Ça va ✓ 😀, \"quoted\"",
]


def test_a_csv_saved_by_libreoffice_comes_back_unchanged_and_an_edit_exactly(tmp_path: Path) -> None:
    wb = Workbench.open(tmp_path / "library.sqlite3", user="tester")
    try:
        aid = add_article(wb, " ".join(f"Claim {i} said." for i in range(len(RATIONALES))), title="T",
                          outlet="Daily Planet", url=None, published=None)
        groups = []
        for i, rationale in enumerate(RATIONALES):
            groups.append(wb.add_claim(aid, quote=f"Claim {i} said").group_id)
            wb.set_verdict(groups[-1], rating="mixed", rationale=rationale)
        before = {g: wb.get_verdict(g) for g in groups}
        wb.export(tmp_path / "unedited.csv")
        wb.export(tmp_path / "edited.csv")
        path = tmp_path / "edited.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        rows[3][rows[0].index("rationale")] = "A reviewer's edit\nover two lines"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)

        unedited, edited = convert([tmp_path / "unedited.csv", path], CSV_EXPORT, tmp_path / "saved",
                                   tmp_path / "profile", infilter=CSV_IMPORT)
        assert b"\r\n" not in unedited.read_bytes().split(b"\n", 1)[1]  # LibreOffice did change the line endings

        report = wb.import_verdicts(unedited)
        assert (report.applied, report.conflicts, report.errors) == ([], [], [])
        assert report.unchanged == len(RATIONALES)
        assert {g: wb.get_verdict(g) for g in groups} == before

        report = wb.import_verdicts(edited, reviewer="reviewer")
        assert [(a.group_id, a.changes) for a in report.applied] == [
            (groups[2], {"rationale": "A reviewer's edit\nover two lines"})
        ]
        assert report.unchanged == len(RATIONALES) - 1 and report.errors == []
    finally:
        wb.close()
