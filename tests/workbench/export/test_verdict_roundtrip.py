"""The round trip: export the Verdicts sheet, edit it as a reviewer would, import the edits back."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from workbench.errors import ImportFailed
from workbench.verdicts import STATUSES

COLUMNS = {"group id": "A", "rating": "C", "rationale": "D", "status": "E", "version": "O"}


def edit(path: Path, changes: dict[int, dict[str, object]]) -> None:
    """Change cells of the Verdicts sheet by spreadsheet row, as a reviewer in a spreadsheet would."""
    book = load_workbook(path)
    sheet = book["Verdicts"]
    assert [c.value for c in sheet[1]][:5] == ["group id", "claim", "rating", "rationale", "status"]
    for row, values in changes.items():
        for header, value in values.items():
            sheet[f"{COLUMNS[header]}{row}"] = value
    book.save(path)


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
    assert (report.unchanged, report.conflicts, report.errors) == (5, [], [])
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
    assert (removed.group_id, removed.current_version, removed.theirs) == (4, 0, {})
    assert wb.get_verdict(sample.linked_group).rating == "mostly-false"  # type: ignore[union-attr]
    assert wb.get_verdict(sample.draft_group).rationale == "tidied"  # type: ignore[union-attr]
    assert report.unchanged == 6


def test_bad_rows_are_reported_row_by_row_and_skipped(sample, export) -> None:
    wb = sample.wb
    path = export("verdicts.xlsx")
    edit(path, {
        2: {"rating": "Pants on fire"},
        3: {"group id": 999, "rating": "True"},
        4: {"group id": "three"},
        5: {"version": None, "rating": "True"},
        6: {"status": "published"},
        7: {"group id": 1, "rating": "Mixed"},  # a second row for group 1
        8: {"status": None, "rationale": "no status"},  # group 7 has no verdict: becomes a draft
        9: {"rating": "Mixed"},  # fine
    })
    report = wb.import_verdicts(path, reviewer="alice")
    assert [(e.row, e.group_id) for e in report.errors] == [
        (2, 1), (3, 999), (4, None), (5, 4), (6, 5), (7, 1),
    ]
    messages = [e.message for e in report.errors]
    assert messages[0].startswith("unknown rating 'Pants on fire'; use one of: False, Mostly false")
    assert messages[1] == "no claim group with id 999"
    assert messages[2] == "group id 'three' is not a whole number"
    assert messages[3] == "the version is empty"
    assert messages[4].startswith("unknown status 'published'")
    assert "more than once" in messages[5]
    assert [(a.row, a.group_id) for a in report.applied] == [(8, 7), (9, 8)]
    assert wb.get_verdict(7).status == "draft"  # type: ignore[union-attr]
    assert wb.get_verdict(sample.linked_group).rating == "false"  # type: ignore[union-attr]


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
    with pytest.raises(ImportFailed, match="not a readable XLSX workbook"):
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
    rows[2][3] = "=2+2 is four, said nobody"  # the draft group's rationale, written by a reviewer
    rows[2][2] = "Mixed"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    report = wb.import_verdicts(path)
    assert [(a.group_id, a.changes) for a in report.applied] == [
        (2, {"rating": "mixed", "rationale": "=2+2 is four, said nobody"})
    ]
    assert report.unchanged == 7  # the apostrophes the export added are not taken for edits


# -- property: any edits a reviewer makes come back exactly -------------------------------------

_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r" + "".join(
        chr(c) for c in range(32) if chr(c) not in "\t\n"
    )),
    max_size=40,
).filter(lambda t: not _ESCAPE_LIKE.search(t))
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
