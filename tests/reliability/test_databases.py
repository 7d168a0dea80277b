"""Old, newer, foreign and damaged library files; backups before migrations; `backup`, `restore`, `check`.

tests/workbench/test_db.py covers opening through `open_database`; here the same files go through the
command line as well, and the migration path runs for real on a library made at schema 0001.
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from crashkit import ROOT, LockHolder, cli_env, dump, sqlite_health
from sqlalchemy import column as sa_column
from sqlalchemy import create_engine, event, text
from sqlalchemy import table as sa_table
from sqlalchemy.orm import Session

from workbench.cli import main
from workbench.db import BACKUPS_KEPT, MIGRATIONS_DIR
from workbench.errors import DatabaseError, DatabaseTooNew, WorkbenchError
from workbench.migrations import revisions
from workbench.service import Workbench
from workbench.service.maintenance import restore

HEAD = revisions()[1]
NEW_INDEXES = {
    "suggestions": "ix_suggestions_claim_state",
    "claims": "ix_claims_article_start",
    "articles": "ix_articles_source_title",
}


def alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate_to(path: Path, revision: str, *, down: bool = False) -> None:
    """Run the app's migrations on a file up (or down) to a revision, as an older version of the app did."""
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config(connection)
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


_ARTICLE_TERMS_0001 = sa_table("article_terms", sa_column("term"), sa_column("article_id"), sa_column("count"))


def library_at_0001(path: Path) -> None:
    """A library as version 0001 of the app left it: articles, index entries, claims, a verdict with history."""
    from collections import Counter

    from sqlalchemy import column, insert, table

    from workbench.matching.tokens import content_terms
    from workbench.model import Article, Claim, Source, utcnow
    from workbench.normalize import normalize
    from workbench.textspan import make_anchor

    migrate_to(path, "0001")
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session, session.begin():
            source = Source(name="Harbour Post")
            for n in range(3):
                body = f"Report {n}. The harbour reopened on Monday after the storm, officials said.\n"
                article = Article(
                    source=source, title=f"Report {n}", file_name=f"r{n}.txt", file_format="text", text=body,
                    length=len(body), content_hash=f"{n:064d}",
                )
                session.add(article)
                session.flush()
                counts = Counter(content_terms(normalize(body).text))  # the index as 0001 kept it
                session.execute(_ARTICLE_TERMS_0001.insert(), [
                    {"term": t, "article_id": article.id, "count": c} for t, c in counts.items()
                ])
                start = body.index("The harbour")
                anchor = make_anchor(body, start, start + 27)
                # claim_groups as 0001 made it (the live model has columns later migrations added)
                groups = table("claim_groups", column("id"), column("canonical"), column("created_at"),
                               column("updated_at"))
                session.execute(insert(groups).values(id=n + 1, canonical=anchor.quote, created_at=utcnow(),
                                                      updated_at=utcnow()))
                session.add(Claim(article=article, group_id=n + 1, start=start, end=start + 27, quote=anchor.quote,
                                  prefix=anchor.prefix, suffix=anchor.suffix))
                if n == 0:  # the verdict tables as 0001 made them (later columns do not exist yet)
                    session.flush()
                    session.execute(text(
                        "INSERT INTO verdicts(id, group_id, rating_key, rationale, status, reviewer, created_at, "
                        "updated_at, version) VALUES (1, :group, 'true', 'port authority confirmed', 'final', "
                        "'old app', '2026-01-01', '2026-01-01', 1)"), {"group": n + 1})
                    session.execute(text(
                        "INSERT INTO verdict_revisions(verdict_id, version, changed_by, changed_at, changes) "
                        """VALUES (1, 1, 'old app', '2026-01-01', '{"rating": [null, "true"]}')"""))
    finally:
        engine.dispose()


def index_names(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute(f"PRAGMA index_list({table})")}
    finally:
        conn.close()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def without_revision(tables: dict) -> dict:
    return {k: v for k, v in tables.items() if k != "alembic_version"}


# -- migrations -------------------------------------------------------------------------------------


def test_opening_a_0001_library_backs_it_up_keeps_the_last_few_migrates_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    library_at_0001(path)
    assert revision_of(path) == "0001"
    assert not any(name in index_names(path, t) for t, name in NEW_INDEXES.items())
    before = dump(path)
    # Backups of earlier migrations, oldest first: only the newest BACKUPS_KEPT survive this one.
    stale = []
    for n in range(BACKUPS_KEPT + 1):
        old = tmp_path / f"library.sqlite3.backup-0000-2020010{n}-000000-000000"
        old.write_bytes(f"an earlier backup {n}".encode())
        moment = time.time() - 86400 * (10 - n)
        os.utime(old, (moment, moment))
        stale.append(old)

    wb = Workbench.open(path, user="tester")
    try:
        claims = wb.list_claims()
        verdict = wb.get_verdict(claims[0].group_id)
    finally:
        wb.close()

    assert revision_of(path) == HEAD
    for table, name in NEW_INDEXES.items():
        assert name in index_names(path, table)
    after = without_revision(dump(path))
    for derived in ("article_passages", "article_vectors", "claim_vectors", "factchecks"):  # 0009: empty, filled
        assert after.pop(derived) == []  # when matching next runs (article_terms and 0003's sequences dropped)
    assert after.pop("sqlite_sequence") == []  # SQLite's counters of the tables whose ids only grow
    assert before["article_terms"]
    derived = after.pop("derived_data")  # added by 0006: the index was built before versions were recorded
    assert after.pop("masthead_outlets") == []  # added by 0006
    assert [(name, version) for name, version, _when in derived] == [("search_index", "unrecorded")]
    groups = after.pop("claim_groups")
    assert [row[:4] for row in groups] == before["claim_groups"]  # 0005 added the (empty) claimant columns
    assert all(value is None for row in groups for value in row[4:])
    assert after.pop("conflict_decisions") == []  # added by 0008
    # 0008: each rating gains its description; the default False gets a colour dark text reads on.
    scale = {row[0]: row for row in after["rating_scale"]}
    assert scale["false"][3] == "#ee6352" and scale["false"][5] == "The claim is not accurate."
    after["rating_scale"] = sorted(
        [row[:3] + (("#d7301f",) if row[0] == "false" else row[3:4]) + row[4:5] for row in after["rating_scale"]],
        key=repr)
    assert after.pop("assignments") == [] and after.pop("ratings") == []  # added by 0007
    verdicts = after.pop("verdicts")  # 0007 adds who wrote it (its reviewer so far) and who approved it
    assert [row[:9] for row in verdicts] == before["verdicts"]
    assert [row[9:] for row in verdicts] == [("old app", None, None)]
    assert without_revision(after) == {
        k: v for k, v in without_revision(before).items() if k not in ("claim_groups", "verdicts", "article_terms")
    }
    assert [c.text for c in claims] == ["The harbour reopened on Mon"] * 3
    assert verdict is not None and verdict.rating == "true" and verdict.version == 1

    backups = sorted(tmp_path.glob("library.sqlite3.backup-*"), key=lambda p: p.stat().st_mtime)
    assert len(backups) == BACKUPS_KEPT
    assert backups[:-1] == stale[-(BACKUPS_KEPT - 1):]  # the oldest were removed, the newest kept
    made = backups[-1]
    assert made.name.startswith("library.sqlite3.backup-0001-")
    assert revision_of(made) == "0001" and dump(made) == before  # a whole copy of the library as it was
    sqlite_health(made)

    Workbench.open(path).close()  # opening again migrates nothing and backs up nothing
    assert sorted(tmp_path.glob("library.sqlite3.backup-*"), key=lambda p: p.stat().st_mtime) == backups


def test_the_model_and_the_migrations_agree_and_0002_goes_down_and_up_again(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workbench.model import Base

    path = tmp_path / "library.sqlite3"
    Workbench.open(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()
    migrate_to(path, "0001", down=True)
    assert revision_of(path) == "0001" and "ix_claims_article_start" not in index_names(path, "claims")
    migrate_to(path, "head")
    assert revision_of(path) == HEAD and "ix_claims_article_start" in index_names(path, "claims")


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
def test_the_new_indexes_serve_the_queries_they_were_made_for(seeded: Workbench) -> None:
    plans = {}
    queries = {
        "ix_suggestions_claim_state": "SELECT * FROM suggestions WHERE claim_id = 1 AND state IN ('pending')",
        "ix_claims_article_start": "SELECT * FROM claims WHERE article_id = 1 ORDER BY start",
        "ix_articles_source_title": "SELECT * FROM articles WHERE source_id = 1 AND title = 'x' LIMIT 1",
    }
    with seeded.db.read() as session:
        for index, query in queries.items():
            plans[index] = " ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    for index, plan in plans.items():
        assert index in plan, plan
    assert "TEMP B-TREE" not in plans["ix_claims_article_start"]  # the order comes from the index


def test_a_migration_that_fails_half_way_leaves_the_library_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.db as db_module

    path = tmp_path / "library.sqlite3"
    library_at_0001(path)
    before = dump(path)
    real_engine = db_module._sqlite_engine

    def failing_engine(url: str, *, immediate: bool) -> object:
        engine = real_engine(url, immediate=immediate)

        @event.listens_for(engine, "before_cursor_execute")
        def _fail(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            if statement.startswith("CREATE INDEX ix_claims_article_start"):  # the second of three
                raise sqlite3.OperationalError("disk I/O error (injected half-way through the migration)")

        return engine

    monkeypatch.setattr(db_module, "_sqlite_engine", failing_engine)
    with pytest.raises(DatabaseError, match="disk I/O error"):
        Workbench.open(path)
    assert revision_of(path) == "0001"
    assert "ix_suggestions_claim_state" not in index_names(path, "suggestions")  # the first one rolled back
    assert dump(path) == before
    assert len(list(tmp_path.glob("library.sqlite3.backup-0001-*"))) == 1

    monkeypatch.setattr(db_module, "_sqlite_engine", real_engine)
    Workbench.open(path).close()
    assert revision_of(path) == HEAD


# -- files that must be left alone ------------------------------------------------------------------


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, env=cli_env(), timeout=120, cwd=ROOT,
    )


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def newer_library(tmp_path: Path) -> Path:
    path = tmp_path / "lib" / "library.sqlite3"
    path.parent.mkdir()
    Workbench.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.close()
    return path


def damaged_files(folder: Path) -> dict[str, Path]:
    """Library files damaged in different ways (all still starting with the SQLite header or not)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "good.sqlite3"
    wb = Workbench.open(good)
    wb.import_seeds()
    wb.close()
    data = good.read_bytes()
    page = 4096
    files = {
        "notes.sqlite3": b"these are my notes, not a database\n" * 20,
        "truncated.sqlite3": data[: len(data) // 3],
        "bad-first-page.sqlite3": data[:100] + b"\xff" * (page - 100) + data[page:],
        "bad-table-pages.sqlite3": data[: 10 * page] + b"\xa5" * (10 * page) + data[20 * page:],
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(content)
    good.unlink()
    return paths


@pytest.mark.parametrize("command", [["articles"], ["import", "SEEDS"], ["check"], ["backup", "OUT"]])
def test_a_newer_library_is_refused_by_every_command_and_left_byte_for_byte(
    newer_library: Path, tmp_path: Path, command: list[str]
) -> None:
    before = folder_state(newer_library.parent)
    args = [{"SEEDS": str(ROOT / "seeds"), "OUT": str(tmp_path / "copy.sqlite3")}.get(a, a) for a in command]
    proc = run_cli(newer_library, *args)
    assert proc.returncode == 2, proc
    assert "newer version of Claim Workbench" in proc.stderr and "0099_from_the_future" in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert folder_state(newer_library.parent) == before  # same bytes, same times, no backup, no sidecar files
    assert not (tmp_path / "copy.sqlite3").exists()


def test_a_newer_backup_is_not_restored(newer_library: Path, tmp_path: Path) -> None:
    target = tmp_path / "library.sqlite3"
    Workbench.open(target).close()
    before = target.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        restore(newer_library, target)
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "name", ["notes.sqlite3", "truncated.sqlite3", "bad-first-page.sqlite3", "bad-table-pages.sqlite3"]
)
def test_damaged_and_foreign_files_get_a_clear_line_and_are_never_written(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = damaged_files(tmp_path / "lib")[name]
    before = folder_state(path.parent)
    refused_at_once = name != "bad-table-pages.sqlite3"  # that one opens; its damage shows when read
    commands = (["articles"], ["claims"], ["claim", "add", "1", "--span", "0:5"], ["import", str(ROOT / "seeds")],
                ["backup", str(tmp_path / "copy.sqlite3")], ["check"])
    for command in commands:
        code = main(["--db", str(path), *command])  # any traceback would fail the test here
        out, err = capsys.readouterr()
        if code == 2 or refused_at_once:
            assert code == 2, (command, out, err)
            assert err.count("\n") == 1 and str(path) in err, err
            assert any(w in err for w in ("damaged", "not a Claim Workbench", "not an SQLite file")), err
        elif command == ["check"]:
            assert code == 1 and "damaged" in out, out  # never "no problems found"
        elif command[0] == "import":
            assert code == 1 and "damaged" in out, out  # each file reports the damaged library
        else:
            assert code == 0, (command, out, err)  # the damage is in pages this command does not read
        assert folder_state(path.parent) == before, f"{command} changed the folder"
    assert not (tmp_path / "copy.sqlite3").exists()


# -- backup ---------------------------------------------------------------------------------------


@pytest.mark.sqlite_only("`backup` copies an SQLite file; a server library is backed up with pg_dump")
def test_backup_while_another_program_holds_a_write_transaction(seeded: Workbench, tmp_path: Path) -> None:
    db = seeded.db.path
    assert db is not None
    seeded.set_setting("organisation", "Harbour Desk")
    with LockHolder(db, "write") as holder:  # BEGIN IMMEDIATE + an uncommitted row, in another process
        started = time.monotonic()
        copy = seeded.backup(tmp_path / "during.sqlite3")
        assert time.monotonic() - started < 5  # not waiting for the writer (busy timeout is 15 s)
        cli_copy = tmp_path / "cli-during.sqlite3"
        proc = run_cli(db, "backup", str(cli_copy))
        assert proc.returncode == 0, proc.stderr
        assert str(cli_copy) in proc.stdout
        holder.release("commit")
    after = seeded.backup(tmp_path)  # a folder: a new name inside it
    for made in (copy, cli_copy):
        sqlite_health(made)
        assert not Path(f"{made}-wal").exists()
        tables = dump(made)
        assert ("organisation", "Harbour Desk") in tables["settings"]
        assert ("held-by", "lock holder") not in tables["settings"]  # uncommitted: not in the copy
        assert len(tables["articles"]) == 5
    assert after.parent == tmp_path and after.name.startswith("library-backup-")
    assert ("held-by", "lock holder") in dump(after)["settings"]
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        conn.close()
    restored = Workbench.open(copy)
    try:
        assert len(restored.list_articles()) == 5
    finally:
        restored.close()


@pytest.mark.sqlite_only("`backup` copies an SQLite file; a server library is backed up with pg_dump")
def test_backup_never_overwrites_and_explains_server_databases(seeded: Workbench, tmp_path: Path) -> None:
    from workbench.db import Database

    existing = tmp_path / "precious.sqlite3"
    existing.write_bytes(b"something precious")
    with pytest.raises(WorkbenchError, match="already exists"):
        seeded.backup(existing)
    assert existing.read_bytes() == b"something precious"
    with pytest.raises(WorkbenchError, match="library itself"):
        seeded.backup(seeded.db.path)  # type: ignore[arg-type]
    with pytest.raises(WorkbenchError, match="no such folder"):
        seeded.backup(tmp_path / "missing" / "copy.sqlite3")
    assert not list(tmp_path.glob(".*.part"))

    server = Workbench(
        Database("postgresql+psycopg://user@host/factcheck", seeded.db.engine, seeded.db.write_engine)
    )
    with pytest.raises(WorkbenchError, match="database server's backup tools"):
        server.backup(tmp_path / "copy.sqlite3")


# -- restore --------------------------------------------------------------------------------------


@pytest.fixture
def library_and_backup(tmp_path: Path) -> Iterator[tuple[Path, Path, dict, dict]]:
    """A library whose backup holds 5 articles and a claim; since the backup, the claim was removed."""
    db = tmp_path / "library.sqlite3"
    wb = Workbench.open(db, user="tester")
    wb.import_seeds()
    claim = wb.add_claim(1, start=0, end=12)
    backup = wb.backup(tmp_path / "monday.sqlite3")
    wb.remove_claim(claim.id)
    wb.set_setting("organisation", "written after the backup")
    wb.close()
    yield db, backup, dump(db), dump(backup)


def test_restore_refuses_without_confirmation_when_not_at_a_terminal(
    library_and_backup: tuple[Path, Path, dict, dict],
) -> None:
    db, backup, current, _saved = library_and_backup
    proc = run_cli(db, "restore", str(backup))
    assert proc.returncode == 2 and "--yes" in proc.stderr and "Traceback" not in proc.stderr
    assert dump(db) == current
    assert not list(db.parent.glob("*.before-restore-*"))


def run_at_a_terminal(db: Path, backup: Path, answer: str) -> tuple[int, str]:
    """Run `restore` with a pseudo-terminal as stdin and stderr, typing answer at the prompt."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), "restore", str(backup)],
        stdin=terminal, stdout=subprocess.PIPE, stderr=terminal, env=cli_env(), cwd=ROOT,
    )
    os.close(terminal)
    shown = b""
    try:
        while b"Type 'yes'" not in shown:
            chunk = os.read(controller, 4096)
            if not chunk:
                break
            shown += chunk
        os.write(controller, answer.encode() + b"\n")
        proc.stdout.read() if proc.stdout else None
        proc.wait(timeout=60)
        try:
            while chunk := os.read(controller, 4096):
                shown += chunk
        except OSError:  # the terminal closes with the process
            pass
    finally:
        os.close(controller)
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, shown.decode(errors="replace")


def test_restore_at_a_terminal_asks_first(library_and_backup: tuple[Path, Path, dict, dict]) -> None:
    db, backup, current, saved = library_and_backup
    code, shown = run_at_a_terminal(db, backup, "no")
    assert code == 1 and "Nothing was changed" in shown
    assert "5 articles, 1 claims" in shown and "5 articles, 0 claims" in shown  # both libraries described
    assert dump(db) == current

    code, shown = run_at_a_terminal(db, backup, "yes")
    assert code == 0, shown
    assert without_revision(dump(db)) == without_revision(saved)
    [previous] = db.parent.glob("library.sqlite3.before-restore-*")
    assert dump(previous) == current


def test_restore_with_yes_keeps_the_replaced_library_and_leaves_no_stale_journal(
    library_and_backup: tuple[Path, Path, dict, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    db, backup, current, saved = library_and_backup
    Path(f"{db}-shm").write_bytes(b"stale shared memory of a crashed process")  # left by a crash
    assert main(["--db", str(db), "restore", str(backup), "--yes", "--json"]) == 0
    out = capsys.readouterr().out
    assert dump(db) == saved
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    [previous] = db.parent.glob("library.sqlite3.before-restore-*")
    assert str(previous) in out
    assert dump(previous) == current
    wb = Workbench.open(db)
    try:
        assert [c.text for c in wb.list_claims()] == [wb.get_article(1).text[:12]]
        assert wb.check().ok
    finally:
        wb.close()
    assert backup.exists() and dump(backup) == saved  # the backup itself is left as it was


def test_restore_refuses_bad_backups_and_a_library_in_use(
    library_and_backup: tuple[Path, Path, dict, dict], tmp_path: Path
) -> None:
    db, backup, current, _saved = library_and_backup
    bad = damaged_files(tmp_path / "bad")
    foreign = tmp_path / "recipes.sqlite3"
    conn = sqlite3.connect(foreign)
    with conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    for candidate, message in [
        (bad["notes.sqlite3"], "not an SQLite file"),
        (bad["bad-table-pages.sqlite3"], "damaged"),
        (bad["bad-first-page.sqlite3"], "damaged|not a Claim Workbench"),
        (foreign, "not a Claim Workbench library"),
        (tmp_path / "missing.sqlite3", "no such file"),
    ]:
        with pytest.raises(DatabaseError, match=message):
            restore(candidate, db)
        assert dump(db) == current
    with LockHolder(db, "open"):  # a window has the library open
        with pytest.raises(DatabaseError, match="open in another program"):
            restore(backup, db)
        assert dump(db) == current
    assert not list(db.parent.glob("*.before-restore-*"))
    assert not list(db.parent.glob(".*.part"))


def test_restore_over_a_damaged_library_saves_its_bytes_first(tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite3"
    wb = Workbench.open(good)
    wb.import_seeds()
    backup = wb.backup(tmp_path / "backup.sqlite3")
    wb.close()
    damaged = damaged_files(tmp_path / "lib")["bad-table-pages.sqlite3"]
    broken = damaged.read_bytes()
    previous = restore(backup, damaged)
    assert previous is not None and previous.read_bytes() == broken
    sqlite_health(damaged)
    assert len(dump(damaged)["articles"]) == 5

    notes = tmp_path / "lib" / "notes.sqlite3"
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        restore(backup, notes)  # a file that is not a library is never replaced
    assert notes.read_bytes().startswith(b"these are my notes")


def test_restoring_an_old_backup_migrates_it_on_next_open_with_its_own_backup(tmp_path: Path) -> None:
    old = tmp_path / "old-backup.sqlite3"
    library_at_0001(old)
    db = tmp_path / "library.sqlite3"
    Workbench.open(db).close()
    assert restore(old, db) is not None
    assert revision_of(db) == "0001"
    wb = Workbench.open(db)
    try:
        assert len(wb.list_claims()) == 3
    finally:
        wb.close()
    assert revision_of(db) == HEAD
    assert len(list(tmp_path.glob("library.sqlite3.backup-0001-*"))) == 1


# -- check ----------------------------------------------------------------------------------------


def test_check_finds_each_kind_of_damage_and_the_cli_exits_1(
    seeded: Workbench, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    db = db_url
    first = seeded.add_claim(1, start=0, end=12)
    second = seeded.add_claim(2, start=0, end=10)
    third = seeded.add_claim(3, start=5, end=15)
    seeded.set_verdict(third.group_id, rating="mixed")
    seeded.remove_claim(third.id)  # a group that keeps its verdict: a note, not a problem
    assert seeded.check().ok
    assert main(["--db", str(db), "check"]) == 0
    assert "no problems found" in capsys.readouterr().out

    engine = create_engine(seeded.db.url)  # damage made behind the app's back, foreign keys off
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            else:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")  # no FK triggers
            conn.execute(text('UPDATE claims SET "end" = 999999 WHERE id = :id'), {"id": first.id})
            conn.execute(text("UPDATE claims SET quote = 'not what the text says' WHERE id = :id"), {"id": second.id})
            conn.execute(text("INSERT INTO claim_groups(id, canonical, created_at, updated_at) "
                              "VALUES (900, 'empty', '2026-01-01', '2026-01-01')"))
            conn.execute(text('INSERT INTO claims(article_id, group_id, start, "end", quote, prefix, suffix, '
                              "anchor_state, created_at) VALUES (4, 901, 0, 3, 'abc', '', '', 'anchored', "
                              "'2026-01-01')"))
            conn.execute(text("UPDATE article_passages SET spans = :spans WHERE article_id = 5"),
                         {"spans": bytes.fromhex("0000000000ffffff")})
            conn.execute(text("DELETE FROM article_passages WHERE article_id = 2"))
            conn.execute(text("UPDATE articles SET length = 3 WHERE id = 3"))
    finally:
        engine.dispose()

    report = seeded.check()
    kinds = sorted({p.kind for p in report.problems})
    # SQLite's own foreign key check reports the claim of a missing group too; a server enforces foreign keys.
    own = ["foreign-key"] if seeded.db.dialect == "sqlite" else []
    assert kinds == sorted(["article", "group", "index", "quote", "span", *own]), report.problems
    assert any("keeps a verdict" in note for note in report.notes)
    assert main(["--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert f"claim {first.id}: span 0:999999 is outside article 1" in out
    assert "group 900 holds no claims" in out
    assert "article 5: its stored passages do not fit its text" in out
    assert "1 article(s) wait to be indexed for matching" in out


def test_a_claim_marked_for_review_may_differ_from_the_text(seeded: Workbench) -> None:
    claim = seeded.add_claim(1, start=0, end=12)
    text_now = seeded.get_article(1).text
    report = seeded.update_article_text(1, "Completely different words now. " + "x" * len(text_now))
    assert report.needs_review == 1
    assert seeded.check().ok, seeded.check().problems
    assert seeded.get_claim(claim.id).anchor_state == "needs_review"


def test_summary_dates_are_local_file_times(library_and_backup: tuple[Path, Path, dict, dict]) -> None:
    from workbench.service.maintenance import library_summary

    _db, backup, _current, _saved = library_and_backup
    summary = library_summary(backup)
    assert summary.revision == HEAD and summary.counts["articles"] == 5
    assert abs(summary.modified - dt.datetime.now()) < dt.timedelta(minutes=5)


def test_a_library_that_had_passages_as_0004_upgrades_from_0008(tmp_path: Path) -> None:
    """For an hour on 1 Dec 2026 migration 0009 was numbered 0004 (before 0005-0008): such a library is at
    0008 with the passages already in place, and opens without redoing them."""
    db = tmp_path / "library.sqlite3"
    wb = Workbench.open(db)
    try:
        wb.import_seeds()
        claim = wb.add_claim(1, start=0, end=40)
    finally:
        wb.close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0008'")
    conn.close()
    wb = Workbench.open(db)
    try:
        assert wb.check().ok and wb.get_claim(claim.id).text == claim.text
        wb.suggest(claim.id, store=False)
    finally:
        wb.close()
    assert revision_of(db) == HEAD == "0009"
