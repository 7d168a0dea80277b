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


# -- server libraries: URLs, passwords, migrations --------------------------------------------------------


def test_urls_are_shown_and_remembered_without_their_password() -> None:
    from workbench.db import display_url, safe_url

    url = "postgresql+psycopg://alice:s3cr%3Ft@db.example:5433/desk"
    assert "s3cr" not in display_url(url) and display_url(url).startswith("postgresql+psycopg://alice:***@")
    assert safe_url(url) == "postgresql+psycopg://alice@db.example:5433/desk"
    assert safe_url("postgresql+psycopg:///desk?service=newsroom") == "postgresql+psycopg:///desk?service=newsroom"
    assert resolve_target("postgresql://alice@db.example/desk") == "postgresql+psycopg://alice@db.example/desk"
    assert display_url("sqlite:////home/me/lib.sqlite3") == "/home/me/lib.sqlite3"


@pytest.mark.postgresql_only
def test_a_wrong_or_missing_password_is_one_clear_line_that_never_shows_it(team, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    login = team.alice
    right = open_database(team.url(login, password=team.password(login), tcp=True))
    try:  # what a window shows, logs and remembers (str() is what it stores as a recent library)
        for shown in (str(right), repr(right), right.display):
            assert team.password(login) not in shown
        assert str(right) == team.url(login, tcp=True)
    finally:
        right.close()
    wrong = team.url(login, password="not-her-password", tcp=True)
    with pytest.raises(DatabaseError) as caught:
        open_database(wrong)
    message = str(caught.value)
    assert "not-her-password" not in message and "***" in message
    assert "refused the login" in message and "\n" not in message
    # .pgpass (here through PGPASSFILE): the URL carries no password, libpq finds it
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{team.cluster.port}:*:{login}:{team.password(login)}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    command = [sys.executable, "-m", "workbench.cli", "--db", team.url(login, tcp=True), "articles", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env={**env, "PGPASSFILE": str(pgpass)})
    assert done.returncode == 0, done.stderr
    missing = subprocess.run(command, capture_output=True, text=True, timeout=60,
                             env={**env, "PGPASSFILE": str(tmp_path / "none")})
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    assert "password" in missing.stderr


@pytest.mark.postgresql_only
def test_team_add_never_sends_the_password_in_clear(team, tmp_path: Path) -> None:
    """The server logs every statement of that session: only the SCRAM verifier appears, never the password."""
    team.cluster.execute(f'ALTER DATABASE "{team.database}" SET log_statement = \'all\'')
    owner = open_database(team.url())
    owner.close()
    from workbench.service import Workbench

    service = Workbench.open(team.url())
    try:
        service.team_add(team.dave, "reviewer", "plain-words-never-logged")
    finally:
        service.close()
    log = (team.cluster.root / "server.log").read_text(errors="replace")
    assert f'ALTER ROLE "{team.dave}" LOGIN PASSWORD \'SCRAM-SHA-256$' in log
    assert "plain-words-never-logged" not in log


def test_the_model_and_the_migrations_agree_on_every_backend(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workbench.model import Base

    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.close()


def test_0007_goes_down_and_up_again_keeping_the_verdicts(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from workbench.db import MIGRATIONS_DIR
    from workbench.service import Workbench

    wb = Workbench.open(db_url, user="tester")
    try:
        wb.import_seeds()
        claim = wb.add_claim(1, start=0, end=20)
        wb.set_verdict(claim.group_id, rating="false", rationale="checked")
        wb.assign(claim.group_id, ["ana"])
    finally:
        wb.close()
    engine = create_engine(resolve_target(db_url))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        for target in ("0003", "head"):
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                (command.downgrade if target == "0003" else command.upgrade)(config, target)
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
            assert ("assignments" in tables) == (target == "head")
    finally:
        engine.dispose()
    wb = Workbench.open(db_url, user="tester")
    try:
        verdict = wb.get_verdict(claim.group_id)
        assert verdict is not None and (verdict.rating, verdict.written_by) == ("false", "tester")
    finally:
        wb.close()


@pytest.mark.postgresql_only
def test_a_libpq_service_names_the_library_without_any_secret_in_the_url(team, tmp_path: Path, monkeypatch) -> None:
    from workbench.service import Workbench

    services = tmp_path / "pg_service.conf"
    services.write_text(f"[desk]\nhost=127.0.0.1\nport={team.cluster.port}\ndbname={team.database}\n"
                        f"user={team.bob}\n", encoding="utf-8")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:*:{team.bob}:{team.password(team.bob)}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    wb = Workbench.open("postgresql:///?service=desk")
    try:
        assert (wb.login, wb.team_role()) == (team.bob, "editor")
        assert wb.db.display == "postgresql+psycopg:///?service=desk"
    finally:
        wb.close()
