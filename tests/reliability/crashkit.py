"""Helpers for the reliability tests: run the CLI in a subprocess, kill it, and inspect what it left."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[2]


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess: UTF-8, no library from the caller's environment."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIM_WORKBENCH_DB"}
    env.update(PYTHONUTF8="1", QT_QPA_PLATFORM="offscreen", **extra)
    return env


def cli(db: Path, *args: str, timeout: float = 120, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `claim-workbench --db db ARGS` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db), *args],
        capture_output=True, text=True, env=cli_env(), timeout=timeout, input=stdin if stdin is not None else "",
        cwd=ROOT,
    )


@dataclass
class KillOutcome:
    """How a killed run went: whether the kill happened before the process finished on its own."""

    killed: bool
    returncode: int
    seconds: float
    stderr: str


def run_and_kill(
    command: Sequence[str], when: Callable[[float], bool], *, workdir: Path, timeout: float = 120.0
) -> KillOutcome:
    """Start command, poll when(elapsed seconds) every few ms, SIGKILL the process once it is true."""
    err_path = workdir / f"stderr-{time.monotonic_ns()}.txt"
    with err_path.open("w") as err:
        proc = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, env=cli_env(), cwd=ROOT
        )
        started = time.monotonic()
        killed = False
        try:
            while proc.poll() is None:
                elapsed = time.monotonic() - started
                if elapsed > timeout:
                    raise AssertionError(f"{command} did not reach the kill point within {timeout} s")
                if when(elapsed):
                    os.kill(proc.pid, signal.SIGKILL)
                    killed = True
                    break
                time.sleep(0.003)
        finally:
            if proc.poll() is None and not killed:
                proc.kill()
            proc.wait()
    seconds = time.monotonic() - started
    stderr = err_path.read_text(errors="replace")
    err_path.unlink()
    # A process that finished on its own between the poll and the kill counts as not killed.
    killed = killed and proc.returncode == -signal.SIGKILL
    return KillOutcome(killed, proc.returncode, seconds, stderr)


def cli_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "workbench.cli", "--db", str(db), *args]


def count_rows(db: Path, table: str, where: str = "") -> int:
    """Rows of a table as another process sees them (0 while the file or table does not exist yet)."""
    if not db.exists() or db.stat().st_size == 0:
        return 0
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def sqlite_health(db: Path) -> None:
    """Reopen the file as SQLite (recovering its WAL) and assert integrity and foreign keys."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("PRAGMA foreign_keys=ON")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def dump(db: Path | str, tables: Sequence[str] = ()) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables (default: all), sorted, to compare a library before and after something.

    db: an SQLite file, or a library path or URL of any backend (read through SQLAlchemy; JSON as text).
    """
    if not isinstance(db, Path):
        return _dump_any(db, tables)
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        if not tables:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def _dump_any(target: str, tables: Sequence[str]) -> dict[str, list[tuple[object, ...]]]:
    import json

    from sqlalchemy import create_engine, inspect, text

    from workbench.db import resolve_target

    def plain(value: object) -> object:
        return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value

    engine = create_engine(resolve_target(target))
    try:
        with engine.connect() as conn:
            names = list(tables) or sorted(inspect(conn).get_table_names())
            return {
                t: sorted((tuple(plain(v) for v in row) for row in conn.execute(text(f'SELECT * FROM "{t}"'))),
                          key=repr)
                for t in names
            }
    finally:
        engine.dispose()


def index_matches_a_rebuild(session: Session, article_ids: Sequence[int]) -> list[int]:
    """Articles whose stored passages differ from what indexing them again gives (rolled back)."""
    from workbench.matching.index import index_article
    from workbench.model import Article, ArticlePassages

    wrong: list[int] = []
    session.begin()
    try:
        for article_id in article_ids:
            article = session.get(Article, article_id)
            assert article is not None
            query = select(ArticlePassages.analyzer, ArticlePassages.content_hash, ArticlePassages.spans,
                           ArticlePassages.terms).where(ArticlePassages.article_id == article_id)
            stored = session.execute(query).all()
            index_article(session, article)
            if session.execute(query).all() != stored or not stored:
                wrong.append(article_id)
    finally:
        session.rollback()
    return wrong


class LockHolder:
    """Another process holding a library (see lock_holder.py); use as a context manager."""

    def __init__(self, db: Path, mode: str, seconds: float | None = None) -> None:
        args = [sys.executable, str(Path(__file__).with_name("lock_holder.py")), str(db), mode]
        if seconds is not None:
            args.append(str(seconds))
        self.proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env()
        )
        self.ready_at = 0.0
        expected = "open" if mode == "open" else "locked"
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if line != expected:
            self.proc.kill()
            problem = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"lock holder did not start: {line!r} {problem}")
        self.ready_at = time.monotonic()

    def release(self, how: str = "commit") -> None:
        """Commit or roll back the held transaction and wait until it is done."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(how + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "released"

    def wait_released(self) -> None:
        """Wait for a timed hold to end by itself."""
        assert self.proc.stdout
        assert self.proc.stdout.readline().strip() == "released"

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
