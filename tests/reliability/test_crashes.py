"""A CLI process SIGKILLed in the middle of a long action leaves a library that is whole and consistent.

Each test runs the real command line in a subprocess, kills it at several points (chosen by watching
the database from outside, not by sleeping), reopens the library and checks it: SQLite's integrity and
foreign keys, the library's own invariants (`Workbench.check`), and what the action wrote, row by row.
Then the same command runs to completion over what the killed runs left, as a user would after a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from crashkit import (
    cli,
    cli_command,
    count_rows,
    dump,
    index_matches_a_rebuild,
    run_and_kill,
    sqlite_health,
)
from reliability_corpus import write_corpus
from sqlalchemy import select
from sqlalchemy.orm import Session

IMPORT_FILES = 1000


def check_library(db: Path) -> None:
    """Integrity as SQLite sees it and as the workbench sees it."""
    from workbench.service import Workbench

    sqlite_health(db)
    wb = Workbench.open(db)
    try:
        report = wb.check()
        assert report.ok, report.problems
    finally:
        wb.close()


def check_imported_articles(db: Path, folder: Path, texts: dict[str, str], verified_up_to: int) -> int:
    """Every stored article is one whole file (text, metadata, index); returns the highest id checked.

    Articles up to verified_up_to were checked exactly after an earlier kill; they are checked again for
    their text only. Newer ones (the ones a kill could have cut) are compared field by field with a fresh
    parse of their file, and their index entries with a rebuild.
    """
    from workbench.ingest import read_document
    from workbench.model import Article
    from workbench.service import Workbench

    check_library(db)
    wb = Workbench.open(db)
    try:
        with wb.db.read() as session:
            articles = list(session.scalars(select(Article).order_by(Article.id)))
        names = [a.file_name for a in articles]
        assert len(names) == len(set(names)), "an article was stored twice"
        newest = [a for a in articles if a.id > verified_up_to]
        for article in articles:
            assert article.text == texts[article.file_name]
        for article in newest:
            doc = read_document(folder / article.file_name)
            assert (article.title, article.url, article.published, article.author, article.file_format) == (
                doc.title.strip(), doc.url, doc.published, doc.author, doc.format
            )
            assert article.length == len(article.text)
        with Session(wb.db.write_engine) as session:
            assert index_matches_a_rebuild(session, [a.id for a in newest]) == []
        return max((a.id for a in articles), default=0)
    finally:
        wb.close()


def test_import_of_a_thousand_files_killed_at_several_points(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    texts = write_corpus(folder, IMPORT_FILES)
    db = tmp_path / "library.sqlite3"
    command = cli_command(db, "import", str(folder))
    kill_points: list[tuple[str, Callable[[float], bool]]] = [
        ("while the new library file is being created", lambda _t: db.exists()),
        ("right after the first article", lambda _t: count_rows(db, "articles") >= 1),
        ("after 400 articles", lambda _t: count_rows(db, "articles") >= 400),
    ]
    verified = 0
    for label, when in kill_points:
        outcome = run_and_kill(command, when, workdir=tmp_path)
        assert outcome.killed, f"the import finished before the kill point {label!r}: {outcome.stderr}"
        verified = check_imported_articles(db, folder, texts, verified)

    done = cli(db, "import", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    statuses = {r["status"] for r in json.loads(done.stdout)}
    assert statuses <= {"imported", "duplicate"}
    check_imported_articles(db, folder, texts, verified)
    assert count_rows(db, "articles") == IMPORT_FILES


# -- batch matching ---------------------------------------------------------------------------------


def suggestions_by_claim(db: Path) -> dict[int, frozenset[tuple[object, ...]]]:
    """Each claim's pending suggestions as comparable values."""
    import sqlite3

    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT claim_id, article_id, start, \"end\", text, method, round(score, 6), target_claim_id "
            "FROM suggestions WHERE state = 'pending'"
        ).fetchall()
        dupes = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM suggestions GROUP BY claim_id, article_id, start, \"end\" "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert dupes == 0, "a suggestion was stored twice"
    found: dict[int, set[tuple[object, ...]]] = {}
    for claim_id, *rest in rows:
        found.setdefault(claim_id, set()).add(tuple(rest))
    return {k: frozenset(v) for k, v in found.items()}


def claims_in_match_order(db: Path) -> list[int]:
    import sqlite3

    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM claims ORDER BY article_id, start, id")]
    finally:
        conn.close()


def test_batch_matching_killed_keeps_each_claims_suggestions_whole(
    tmp_path: Path, copy_of: Callable[[Path], Path], claims_library: Path, rated_library: Path
) -> None:
    reference = suggestions_by_claim(rated_library)  # the same claims matched to completion in-process
    total = sum(len(v) for v in reference.values())
    db = copy_of(claims_library)
    order = claims_in_match_order(db)
    with_suggestions = [c for c in order if reference.get(c)]
    command = cli_command(db, "match")
    untouched = ("articles", "claims", "claim_groups", "verdicts")
    before = dump(db, untouched)
    kill_points: list[tuple[str, Callable[[float], bool], bool]] = [
        ("once the first suggestions are stored", lambda _t: count_rows(db, "suggestions") >= 1, True),
        ("half-way", lambda _t: count_rows(db, "suggestions") >= total // 2, True),
        # A second run re-stores the same suggestions (updates, not inserts); cut it somewhere too.
        ("while a re-run updates stored suggestions", lambda t: t > 1.5, False),
    ]
    for label, when, must_kill in kill_points:
        outcome = run_and_kill(command, when, workdir=tmp_path)
        assert outcome.killed or not must_kill, f"matching finished before {label!r}: {outcome.stderr}"
        check_library(db)
        current = suggestions_by_claim(db)
        for claim_id, suggestions in current.items():
            assert suggestions == reference[claim_id], f"claim {claim_id}'s suggestions are half-written ({label})"
        matched = [c for c in order if current.get(c)]
        assert matched == with_suggestions[: len(matched)], f"claims were matched out of order ({label})"
        assert dump(db, untouched) == before, f"matching changed more than suggestions ({label})"

    done = cli(db, "match", "--json")
    assert done.returncode == 0, done.stderr
    check_library(db)
    assert suggestions_by_claim(db) == reference


# -- export -----------------------------------------------------------------------------------------


def complete_workbook(path: Path, groups: int) -> bool:
    """True when path is a whole verdict workbook with one row per group."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return book["Verdicts"].max_row == groups + 1 and book.sheetnames[:1] == ["Verdicts"]
    finally:
        book.close()


def test_export_killed_never_leaves_a_half_written_file_under_its_name(
    tmp_path: Path, copy_of: Callable[[Path], Path], rated_library: Path
) -> None:
    db = copy_of(rated_library)
    groups = count_rows(db, "claim_groups")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "verdicts.xlsx"
    command = cli_command(db, "export", str(out))
    before = dump(db)

    def parts() -> list[Path]:
        return list(out_dir.glob(".verdicts.xlsx.*.part"))

    def part_has_bytes() -> bool:
        for part in parts():
            try:
                if part.stat().st_size > 0:
                    return True
            except FileNotFoundError:
                pass
        return False

    appeared: list[float] = []

    def part_for_a_while(t: float) -> bool:
        if parts() and not appeared:
            appeared.append(t)
        return bool(appeared) and t - appeared[0] > 0.4

    kill_points: list[tuple[str, Callable[[float], bool]]] = [
        ("as the temporary file appears", lambda _t: bool(parts())),
        ("while the workbook is being built", part_for_a_while),
        ("while the workbook is being written", lambda _t: part_has_bytes()),
    ]
    for label, when in kill_points:
        appeared.clear()
        outcome = run_and_kill(command, when, workdir=tmp_path)
        # Killed before the rename: nothing under the name. Finished first: a whole workbook.
        assert not out.exists() or complete_workbook(out, groups), label
        out.unlink(missing_ok=True)
        assert outcome.killed or outcome.returncode == 0

    done = cli(db, "export", str(out))
    assert done.returncode == 0, done.stderr
    assert complete_workbook(out, groups)
    previous = out.read_bytes()

    appeared.clear()
    run_and_kill(command, part_for_a_while, workdir=tmp_path)
    assert out.read_bytes() == previous, "a killed re-export damaged the previous file"
    check_library(db)
    assert dump(db) == before, "exporting changed the library"


# -- verdict import ---------------------------------------------------------------------------------


def edited_sheet(db: Path, path: Path, rows: int) -> list[int]:
    """Export the Verdicts sheet and edit the first rows' rating, rationale and status; returns their groups."""
    from openpyxl import load_workbook

    from workbench.service import Workbench

    wb = Workbench.open(db, user="exporter")
    try:
        wb.export(path)
    finally:
        wb.close()
    book = load_workbook(path)
    sheet = book["Verdicts"]
    header = [c.value for c in sheet[1]]
    gid, rating, rationale, status = (
        header.index("group id"), header.index("rating"), header.index("rationale"), header.index("status")
    )
    groups = []
    for row in sheet.iter_rows(min_row=2, max_row=rows + 1):
        row[rating].value = "False"
        row[rationale].value = f"checked again: group {row[gid].value}"
        row[status].value = "review"
        groups.append(int(row[gid].value))
    book.save(path)
    return groups


def verdict_states(db: Path) -> dict[int, tuple[object, ...]]:
    """Per group: rating, rationale, status, version, and the versions of its revisions."""
    import sqlite3

    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        states = {}
        for vid, gid, rating, rationale, status, version in conn.execute(
            "SELECT id, group_id, rating_key, rationale, status, version FROM verdicts"
        ):
            revisions = [r[0] for r in conn.execute(
                "SELECT version FROM verdict_revisions WHERE verdict_id = ? ORDER BY id", (vid,)
            )]
            states[gid] = (rating, rationale, status, version, tuple(revisions))
        return states
    finally:
        conn.close()


def test_verdict_import_killed_applies_each_row_whole_or_not_at_all(
    tmp_path: Path, copy_of: Callable[[Path], Path], rated_library: Path
) -> None:
    db = copy_of(rated_library)
    sheet = tmp_path / "edited.xlsx"
    rows = 100
    groups = edited_sheet(db, sheet, rows)
    original = verdict_states(db)
    edited = dict(original)
    for gid in groups:
        _rating, _rationale, _status, version, revisions = original[gid]
        edited[gid] = ("false", f"checked again: group {gid}", "review", version + 1, (*revisions, version + 1))
    command = cli_command(db, "import-verdicts", str(sheet), "--reviewer", "second reader")
    revisions_before = count_rows(db, "verdict_revisions")
    kill_points: list[tuple[str, Callable[[float], bool]]] = [
        ("after the first row", lambda _t: count_rows(db, "verdict_revisions") > revisions_before),
        ("half-way", lambda _t: count_rows(db, "verdict_revisions") >= revisions_before + rows // 2),
    ]
    for label, when in kill_points:
        outcome = run_and_kill(command, when, workdir=tmp_path)
        assert outcome.killed, f"the import finished before {label!r}: {outcome.stderr}"
        check_library(db)
        for gid, state in verdict_states(db).items():
            assert state in (original[gid], edited[gid]), f"group {gid}'s verdict is half-written ({label})"

    done = cli(db, "import-verdicts", str(sheet), "--reviewer", "second reader", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["conflicts"] == [] and report["errors"] == []
    check_library(db)
    assert verdict_states(db) == edited  # each row applied exactly once over the three runs


def test_the_kill_helper_kills_as_soon_as_its_condition_holds(tmp_path: Path) -> None:
    import sys

    outcome = run_and_kill([sys.executable, "-c", "import time; time.sleep(30)"], lambda _t: True, workdir=tmp_path)
    assert outcome.killed and outcome.seconds < 5
