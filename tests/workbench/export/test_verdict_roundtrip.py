"""The round trip: export the Verdicts sheet, edit it as a reviewer would (openpyxl), import the edits back.

Each data-loss case of issue 12 has its regression test here through the real files; the same cases go
through a LibreOffice save in test_libreoffice_roundtrip.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.workbench.export.conftest import edit_verdicts, headers
from workbench.errors import ImportFailed
from workbench.export.safety import EXCEL_MAX_CHARS, utf16_len
from workbench.export.xlsx import CONTINUED
from workbench.verdicts import STATUSES

edit = edit_verdicts


def test_edits_are_applied_as_new_revisions_by_the_reviewer(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    edit(path, {
        2: {"rationale": "Official statistics show 4.1 percent."},  # group 1, final
        3: {"rating": "false", "status": "In review"},  # group 2: key in lower case, status by label
        4: {"rating": "Mostly True"},  # group 3 had no verdict: label in other case
    })
    report = wb.import_verdicts(path, reviewer="alice")
    assert [(a.row, a.group_id, a.version) for a in report.applied] == [(2, 1, 2), (3, 2, 2), (4, 3, 1)]
    assert report.applied[1].changes == {"rating": "false", "status": "review"}
    assert (report.unchanged, report.conflicts, report.errors, report.missing) == (5, [], [], [])
    linked = wb.get_verdict(sample.linked_group)
    assert linked is not None and linked.rationale == "Official statistics show 4.1 percent."
    assert linked.reviewer == "alice" and linked.revisions[-1].changed_by == "alice"
    assert linked.revisions[-1].changes["rationale"] == [
        "Official statistics show 4 percent.", "Official statistics show 4.1 percent."
    ]
    assert linked.evidence[0].url == "https://stats.example/unemployment"  # untouched
    new = wb.get_verdict(sample.bare_group)
    assert new is not None and (new.rating, new.status, new.version) == ("mostly-true", "draft", 1)
    again = wb.import_verdicts(path, reviewer="alice")  # the same file again: now out of date, not edited
    assert (again.applied, again.conflicts, again.unchanged) == ([], [], 8)


def test_a_verdict_changed_since_the_export_is_a_conflict_not_overwritten(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    wb.set_verdict(sample.linked_group, rating="mostly-false")  # bob, meanwhile, in the library
    wb.set_verdict(sample.draft_group, rationale="tidied")  # changed too, but the sheet row is left alone
    wb.delete_verdict(sample.hostile_groups[0])  # removed since the export
    edit(path, {
        2: {"rating": "True", "rationale": "Turns out it is true."},
        5: {"rationale": "edited after the verdict was removed"},
    })
    report = wb.import_verdicts(path, reviewer="alice")
    assert report.applied == [] and report.errors == []
    conflict, removed = report.conflicts
    assert (conflict.row, conflict.group_id, conflict.exported_version, conflict.current_version) == (2, 1, 1, 2)
    assert conflict.yours == {"rating": "true", "rationale": "Turns out it is true.", "status": "final"}
    assert conflict.theirs["rating"] == "mostly-false" and conflict.theirs["version"] == 2
    assert conflict.reason == "changed in the library since the export"
    assert (removed.group_id, removed.current_version, removed.theirs) == (4, 0, {})
    assert wb.get_verdict(sample.linked_group).rating == "mostly-false"  # type: ignore[union-attr]
    assert wb.get_verdict(sample.draft_group).rationale == "tidied"  # type: ignore[union-attr]
    assert report.unchanged == 6


def test_bad_rows_are_reported_whole_and_skipped(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    edit(path, {
        2: {"rating": "Pants on fire", "rationale": "this edit must not be applied alone"},
        3: {"group id": 999, "row key": "999-0000000000", "rating": "True"},
        4: {"group id": "three"},
        5: {"version": None, "rating": "True"},
        6: {"status": "published", "rating": "Nonsense"},  # two bad fields: both named
        8: {"status": None, "rationale": "no status"},  # group 7 has no verdict: becomes a draft
        9: {"rating": "Mixed"},  # fine
    })
    report = wb.import_verdicts(path, reviewer="alice")
    assert [(e.row, e.group_id) for e in report.errors] == [(2, 1), (3, 999), (4, None), (5, 4), (6, 5)]
    messages = [e.message for e in report.errors]
    assert messages[0].startswith("unknown rating 'Pants on fire'; use one of: False, Mostly false")
    assert messages[0].endswith("; nothing in this row was applied")
    assert messages[1] == "no claim group with id 999"
    assert messages[2] == "group id 'three' is not a whole number; nothing in this row was applied"
    assert messages[3] == "the version is empty; nothing in this row was applied"
    assert "unknown rating 'Nonsense'" in messages[4] and "unknown status 'published'" in messages[4]
    assert [(a.row, a.group_id) for a in report.applied] == [(8, 7), (9, 8)]
    assert wb.get_verdict(7).status == "draft"  # type: ignore[union-attr]
    assert wb.get_verdict(sample.linked_group).rationale == "Official statistics show 4 percent."  # type: ignore[union-attr]


def test_a_blank_status_keeps_the_verdicts_status(sample, export) -> None:
    path = export("verdicts.xlsx")
    edit(path, {2: {"status": None, "rating": "Mixed"}})
    report = sample.wb.import_verdicts(path)
    assert [(a.row, a.changes) for a in report.applied] == [(2, {"rating": "mixed"})]
    assert sample.wb.get_verdict(sample.linked_group).status == "final"  # type: ignore[union-attr]


def test_files_that_are_not_an_exported_verdicts_sheet_are_refused(sample, tmp_path: Path) -> None:
    wb = sample.wb
    with pytest.raises(ImportFailed, match="no such file"):
        wb.import_verdicts(tmp_path / "missing.xlsx")
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    with pytest.raises(ImportFailed, match="not an XLSX workbook"):
        wb.import_verdicts(junk)
    from openpyxl import Workbook

    other = Workbook()
    other.active.append(["group id", "rating", "rationale", "status"])
    other.save(tmp_path / "other.xlsx")
    with pytest.raises(ImportFailed, match="no 'version' column"):
        wb.import_verdicts(tmp_path / "other.xlsx")


def test_the_verdicts_csv_round_trips_too(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.csv", bom=True)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    names = rows[0]
    rows[2][names.index("rationale")] = "=2+2 is four, said nobody"  # the draft group's rationale, by a reviewer
    rows[2][names.index("rating")] = "Mixed"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = wb.import_verdicts(path)
    assert [(a.group_id, a.changes) for a in report.applied] == [
        (2, {"rating": "mixed", "rationale": "=2+2 is four, said nobody"})
    ]
    assert report.unchanged == 7  # the apostrophes the export added are not taken for edits
    assert report.missing == []  # a CSV has no About sheet: deleted rows cannot be told


# -- 1. long rationales ------------------------------------------------------------------------------

LONG = ("Bridge notes 🌉 " * 3000) + "THE END"  # 48,007 UTF-16 units, 45,007 code points


def test_a_rationale_longer_than_a_cell_comes_back_whole_and_unchanged(sample, export) -> None:
    wb = sample.wb
    assert utf16_len(LONG) > EXCEL_MAX_CHARS
    wb.set_verdict(sample.draft_group, rationale=LONG)
    before = wb.get_verdict(sample.draft_group)
    path = export("long.xlsx")
    report = wb.import_verdicts(path)  # the unedited workbook
    assert (report.applied, report.errors, report.unchanged) == ([], [], 8)
    assert wb.get_verdict(sample.draft_group) == before  # no new revision, no tail lost

    book = load_workbook(path)
    sheet = book["Verdicts"]
    cell = sheet.cell(3, headers(sheet).index("rationale") + 1)
    cell.value = "EDITED " + cell.value  # the reviewer edits the first part, the mark stays
    book.save(path)
    report = wb.import_verdicts(path)
    assert [a.group_id for a in report.applied] == [sample.draft_group]
    assert wb.get_verdict(sample.draft_group).rationale == "EDITED " + LONG  # type: ignore[union-attr]


def test_a_removed_continuation_mark_or_a_missing_long_text_sheet_is_reported(sample, export) -> None:
    wb = sample.wb
    wb.set_verdict(sample.draft_group, rationale=LONG)
    path = export("long.xlsx")
    edit(path, {3: {"rationale": "Short now."}})
    report = wb.import_verdicts(path)
    assert "no longer ends with" in report.errors[0].message and report.applied == []
    path = export("long2.xlsx")
    book = load_workbook(path)
    del book["Long text"]
    book.save(path)
    report = wb.import_verdicts(path)
    assert "which holds no continuation" in report.errors[0].message
    assert wb.get_verdict(sample.draft_group).rationale == LONG  # type: ignore[union-attr]


def test_a_cell_cut_at_excels_limit_is_refused_not_stored(sample, export) -> None:
    wb = sample.wb
    wb.set_verdict(sample.draft_group, rationale=LONG)
    path = export("long.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index("rationale")
    cut, size = "", 0  # as Excel cuts the field when it opens the CSV: 32,767 UTF-16 units
    for ch in rows[2][col]:
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > EXCEL_MAX_CHARS:
            break
        cut += ch
    rows[2][col] = cut
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = wb.import_verdicts(path)
    assert report.applied == [] and "Excel's limit" in report.errors[0].message
    assert wb.get_verdict(sample.draft_group).rationale == LONG  # type: ignore[union-attr]


# -- 2. an edited group id ---------------------------------------------------------------------------

def test_a_row_whose_group_id_was_changed_is_a_conflict_not_applied_to_the_other_group(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    edit(path, {3: {"group id": sample.bare_group, "rating": "True", "rationale": "meant for group 2"}})
    report = wb.import_verdicts(path)
    assert report.applied == [] and report.errors == []
    conflict = report.conflicts[0]
    assert (conflict.row, conflict.group_id) == (3, sample.bare_group)
    assert "exported for group 2" in conflict.reason and "changed to 3" in conflict.reason
    assert wb.get_verdict(sample.bare_group) is None  # the other verdict is untouched
    assert wb.get_verdict(sample.draft_group).rationale == "=1+1 is not a formula here"  # type: ignore[union-attr]
    assert report.missing == []  # the row of group 2 is still there, only mislabelled


def test_a_row_key_still_matches_after_a_removed_claim_is_put_back(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    removed = wb.remove_claim(wb.get_group(sample.bare_group).claims[0].id)  # its group goes too (no verdict)
    assert removed.group_deleted
    wb.restore_claim(removed)  # undo
    edit(path, {4: {"rating": "Mostly true"}})
    report = wb.import_verdicts(path)
    assert [a.group_id for a in report.applied] == [sample.bare_group] and report.errors == []


def test_a_workbook_exported_from_another_library_is_not_applied(sample, export, tmp_path) -> None:
    from tests.workbench.export.conftest import add_article
    from workbench.service import Workbench

    other = Workbench.open(tmp_path / "other.sqlite3", user="x")
    try:
        aid = add_article(other, "Somebody said the moon is cheese.", title="Moon", outlet=None, url=None,
                          published=None)
        other.add_claim(aid, quote="the moon is cheese")
        path = tmp_path / "other.xlsx"
        other.export(path)
    finally:
        other.close()
    edit(path, {2: {"rating": "False"}})
    report = sample.wb.import_verdicts(path)
    assert report.applied == [] and "does not belong to this library's export" in report.errors[0].message


# -- 3. text that looks like an OOXML escape -------------------------------------------------------------

def test_literal_escape_text_survives_an_openpyxl_save(sample, export) -> None:
    wb = sample.wb
    wb.set_verdict(sample.draft_group, rationale="Code _x0041_ and _x000D_ are text, not escapes")
    path = export("verdicts.xlsx")
    assert wb.import_verdicts(path).unchanged == 8  # as XlsxWriter wrote it (inline strings)
    edit(path, {2: {"status": "review"}})  # openpyxl saves every string again, as shared strings
    report = wb.import_verdicts(path)
    assert [a.group_id for a in report.applied] == [sample.linked_group] and report.unchanged == 7
    assert wb.get_verdict(sample.draft_group).rationale == "Code _x0041_ and _x000D_ are text, not escapes"  # type: ignore[union-attr]


# -- 4. line endings ---------------------------------------------------------------------------------

def test_line_endings_a_spreadsheet_changed_are_not_edits(sample, export) -> None:
    wb = sample.wb
    wb.set_verdict(sample.draft_group, rationale="First line\r\nsecond line\rthird")
    wb.set_verdict(sample.linked_group, rationale="\rStarts with a carriage return")
    before = wb.get_verdict(sample.draft_group)
    path = export("verdicts.xlsx")
    edit(path, {3: {"rationale": "First line\nsecond line\nthird"},
                2: {"rationale": "\nStarts with a carriage return"}})
    report = wb.import_verdicts(path)
    assert (report.applied, report.unchanged) == ([], 8)
    assert wb.get_verdict(sample.draft_group) == before
    csv_path = export("verdicts.csv")
    text = csv_path.read_bytes().decode("utf-8")
    assert "'\rStarts with" in text
    csv_path.write_bytes(text.replace("\r\n", "\0").replace("\r", "\n").replace("\0", "\r\n").encode("utf-8"))
    report = wb.import_verdicts(csv_path)  # CR became LF, as a spreadsheet saves it: no stray apostrophe
    assert (report.applied, report.errors, report.unchanged) == ([], [], 8)


# -- 5. typed values ---------------------------------------------------------------------------------

def test_a_date_or_number_typed_into_the_rationale_is_stored_as_the_sheet_showed_it(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    book = load_workbook(path)
    sheet = book["Verdicts"]
    col = headers(sheet).index("rationale") + 1
    sheet.cell(2, col).value = dt.datetime(2022, 1, 5)
    sheet.cell(2, col).number_format = "yyyy-mm-dd"  # as a spreadsheet formats a typed ISO date
    sheet.cell(3, col).value = dt.datetime(2022, 1, 5, 14, 30)
    sheet.cell(3, col).number_format = "d mmm yyyy h:mm AM/PM"
    sheet.cell(4, col).value = 0.25
    sheet.cell(4, col).number_format = "0%"
    book.save(path)
    report = wb.import_verdicts(path)
    assert report.errors == []
    assert [a.changes["rationale"] for a in report.applied] == ["2022-01-05", "5 Jan 2022 2:30 PM", "25%"]
    assert "row 2 (group 1): the rationale cell held a date, not text; stored what it showed: '2022-01-05'" \
        in report.notes


def test_a_formula_typed_into_the_sheet_is_reported_not_stored_as_its_text(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    edit(path, {2: {"rationale": "=1+1"}, 3: {"rating": "=\"Mixed\""}})
    report = wb.import_verdicts(path)
    assert report.applied == []
    assert [(e.row, e.message.split(";")[0]) for e in report.errors] == [
        (2, "the rationale cell holds a formula (=1+1) whose value was never computed"),
        (3, "the rating cell holds a formula (=\"Mixed\") whose value was never computed"),
    ]
    assert wb.get_verdict(sample.linked_group).rationale == "Official statistics show 4 percent."  # type: ignore[union-attr]


# -- 6. deleted rows ---------------------------------------------------------------------------------

def test_a_deleted_row_is_reported_as_missing_and_deletes_nothing(sample, export, db_path, capsys) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    book = load_workbook(path)
    book["Verdicts"].delete_rows(3)  # group 2
    book.save(path)
    report = wb.import_verdicts(path)
    assert report.missing == [sample.draft_group] and report.errors == []
    assert report.summary().endswith(", 1 row(s) missing")
    assert "deleting a row does not delete a verdict" in report.missing_text()
    assert wb.get_verdict(sample.draft_group) is not None
    from workbench.cli import main

    assert main(["import-verdicts", str(path), "--db", str(db_path)]) == 1
    assert "Missing rows: rows of 1 exported claim group(s) are gone from the sheet (groups 2)" in \
        capsys.readouterr().out


# -- property: any edits a reviewer makes come back exactly -------------------------------------

_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r" + "".join(
        chr(c) for c in range(32) if chr(c) not in "\t\n"
    )),
    max_size=40,
).filter(lambda t: not _ESCAPE_LIKE.search(t) and not t.startswith("="))  # typed "=…" is a formula, tested apart
_rating = st.sampled_from(["False", "mostly-false", "MIXED", "Mostly true", "true", "Unproven", ""])
_row_edit = st.fixed_dictionaries({}, optional={
    "rating": _rating, "rationale": _text, "status": st.sampled_from(STATUSES),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.dictionaries(st.integers(min_value=2, max_value=9), _row_edit, max_size=8))
def test_spreadsheet_round_trip_applies_exactly_the_edits(sample, tmp_path: Path, edits: dict) -> None:
    wb = sample.wb
    scale = {r.label.lower(): r.key for r in wb.rating_scale()} | {r.key: r.key for r in wb.rating_scale()}
    path = tmp_path / "round.xlsx"
    wb.export(path)
    before = {g.id: wb.get_verdict(g.id) for g in wb.list_groups()}
    edit(path, {row: {k: (v if v != "" else None) for k, v in values.items()} for row, values in edits.items()})
    report = wb.import_verdicts(path, reviewer="prop")
    assert report.errors == [] and report.conflicts == []
    changed = set()
    for row, values in edits.items():
        gid = row - 1
        old = before[gid]
        want = {
            "rating": scale[values["rating"].lower()] if values.get("rating") else
            (None if "rating" in values else (old.rating if old else None)),
            "rationale": values.get("rationale", old.rationale if old else ""),
            "status": values.get("status", old.status if old else None),
        }
        had = {"rating": old.rating, "rationale": old.rationale, "status": old.status} if old else {
            "rating": None, "rationale": "", "status": None}
        if want != had:
            changed.add(gid)
            want["status"] = want["status"] or "draft"
            now = wb.get_verdict(gid)
            assert now is not None and (now.rating, now.rationale, now.status) == tuple(want.values())
            assert now.revisions[-1].changed_by == "prop"
    assert {a.group_id for a in report.applied} == changed
    for gid, old in before.items():
        if gid not in changed:
            assert wb.get_verdict(gid) == old


def test_the_continued_mark_is_what_the_export_writes() -> None:
    assert CONTINUED == "\n[… continued on the Long text sheet]"
