"""Opening libraries: schema and migrations on a real file, pragmas, location, and refusing unsafe files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from workbench.db import DB_ENV, default_database_path, open_database, resolve_target
from workbench.errors import DatabaseError, DatabaseTooNew
from workbench.migrations import revisions

EXPECTED_TABLES = {
    "sources", "articles", "claims", "claim_groups", "suggestions", "verdicts", "evidence",
    "verdict_revisions", "rating_scale", "article_passages", "article_vectors", "claim_vectors", "factchecks",
    "settings", "alembic_version",
}


def test_new_file_gets_the_whole_schema_and_default_scale(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.read() as s:
            assert set(inspect(s.connection()).get_table_names()) >= EXPECTED_TABLES
            scale = s.execute(text("SELECT key, label, value FROM rating_scale ORDER BY position")).all()
            head = s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        db.close()
    assert [row[1] for row in scale] == ["False", "Mostly false", "Mixed", "Mostly true", "True", "Unproven"]
    assert scale[0][2] == 1 and scale[4][2] == 5 and scale[5][2] is None
    assert head == revisions()[1]


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.read() as s:
            assert s.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert s.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert s.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000
    finally:
        db.close()


def test_reopening_keeps_data_and_does_not_migrate_again(db_path: Path) -> None:
    db = open_database(db_path)
    with db.write() as s:
        s.execute(text("INSERT INTO settings(key, value) VALUES ('organisation', 'Desk')"))
    db.close()
    db = open_database(db_path)
    try:
        with db.read() as s:
            assert s.execute(text("SELECT value FROM settings")).scalar_one() == "Desk"
    finally:
        db.close()
    assert not list(db_path.parent.glob("*.backup-*"))


def test_database_from_a_newer_version_is_refused_and_left_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        open_database(path)
    assert path.read_text() == "these are my notes, not a database\n"


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a Claim Workbench library"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_damaged_database_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=r"damaged|not a Claim Workbench"):
        open_database(path)


def test_default_location_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(DB_ENV, raising=False)
    assert default_database_path() == tmp_path / "xdg" / "claim-workbench" / "workbench.sqlite3"
    assert resolve_target(None) == "sqlite:///" + str(tmp_path / "xdg" / "claim-workbench" / "workbench.sqlite3")


def test_environment_variable_and_urls_select_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.sqlite3"))
    assert resolve_target(None).endswith("env.sqlite3")
    assert resolve_target("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_target(tmp_path / "x.sqlite3") == f"sqlite:///{tmp_path / 'x.sqlite3'}"


def test_failed_action_leaves_nothing_half_written(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with pytest.raises(RuntimeError), db.write() as s:
            s.execute(text("INSERT INTO settings(key, value) VALUES ('a', '1')"))
            raise RuntimeError("crash in the middle of an action")
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM settings")).scalar_one() == 0
    finally:
        db.close()
