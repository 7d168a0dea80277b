"""A team library when things go wrong on a server: a restart under a running batch and an open window,
a commit whose answer is lost, a client killed in the middle of a transaction.

Nothing is lost, nothing is saved twice, the other clients carry on. The SQLite counterparts (a killed
process, a second writer) are test_crashes.py and test_two_writers.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
from crashkit import ROOT, cli_env
from reliability_corpus import write_corpus
from sqlalchemy import text

from workbench.errors import ConnectionLost
from workbench.service import Workbench

pytestmark = pytest.mark.postgresql_only

BATCH_FILES = 200


def count(pg, database: str, sql: str) -> int:
    return int(pg.execute(sql, database=database)[0][0])


def test_a_server_restart_under_a_cli_batch_and_an_open_window_loses_and_duplicates_nothing(
    pg, db_url: str, tmp_path: Path
) -> None:
    database = db_url.split("/")[-1].split("?")[0]
    texts = write_corpus(tmp_path / "articles", BATCH_FILES, seed=3)
    window = Workbench.open(db_url, user="window")  # stands for an open window: pooled connections, a listener
    listener = window.changes()
    batch = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", db_url, "import", str(tmp_path / "articles"), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 120
        while count(pg, database, "SELECT count(*) FROM articles") < BATCH_FILES // 4:
            assert batch.poll() is None, batch.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        pg.restart("fast")  # every connection is cut, the batch's edit in flight included
        restarted_at = count(pg, database, "SELECT count(*) FROM articles")
        out, err = batch.communicate(timeout=180)
    finally:
        if batch.poll() is None:
            batch.kill()
    try:
        assert batch.returncode == 0, (err, [r for r in json.loads(out or "[]") if r["status"] != "imported"])
        assert "Traceback" not in err
        assert restarted_at < BATCH_FILES, "the batch ended before the restart: nothing was tested"
        report = json.loads(out)
        assert len(report) == BATCH_FILES and {r["status"] for r in report} == {"imported"}, report
        names = [r[0] for r in pg.execute("SELECT file_name FROM articles ORDER BY id", database=database)]
        assert sorted(names) == sorted(texts) and len(set(names)) == BATCH_FILES  # all there, none twice
        # the window carries on: its dead connections are replaced, its listener listens again
        heard = listener.wait(10.0)
        assert heard is not None
        claim = window.add_claim(window.list_articles()[0].id, start=0, end=12)
        assert window.get_claim(claim.id).created_by == "window"
        assert window.check().ok
    finally:
        listener.close()
        window.close()


def test_a_commit_whose_answer_is_lost_is_looked_up_and_run_again_once(seeded: Workbench, db_url: str, pg) -> None:
    database = db_url.split("/")[-1].split("?")[0]
    # The first commit that inserts a claim kills its own connection while committing (a deferred trigger at
    # COMMIT time): the client never hears how the commit went. A sequence counts outside transactions.
    pg.execute(
        "CREATE SEQUENCE kill_once",
        """CREATE FUNCTION kill_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
               IF nextval('kill_once') = 1 THEN
                   PERFORM pg_terminate_backend(pg_backend_pid());
                   PERFORM pg_sleep(5);
               END IF;
               RETURN NULL;
           END $$""",
        "CREATE CONSTRAINT TRIGGER kill_at_commit AFTER INSERT ON claims DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION kill_at_commit()",
        database=database,
    )
    claim = seeded.add_claim(1, start=0, end=15)  # the server said "aborted": run again, saved once
    assert count(pg, database, "SELECT last_value FROM kill_once") == 2
    rows = pg.execute("SELECT id, start, \"end\" FROM claims", database=database)
    assert rows == [(claim.id, 0, 15)]


def test_after_a_lost_commit_answer_the_server_says_whether_it_was_saved(seeded: Workbench, db_url: str, pg) -> None:
    database = db_url.split("/")[-1].split("?")[0]
    with psycopg.connect(pg.conninfo(database)) as conn:
        with conn.transaction():
            conn.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
            committed = conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0]
        try:
            with conn.transaction():
                conn.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")
                aborted = conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0]
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    lost = Exception("the connection broke during COMMIT")
    assert seeded.db._settle(committed, lost)
    with pytest.raises(ConnectionLost, match="nothing was saved") as caught:
        seeded.db._settle(aborted, lost)
    assert caught.value.retryable


HOLDER = textwrap.dedent("""
    import sys, time
    from sqlalchemy import text
    from workbench.service import Workbench

    wb = Workbench.open(sys.argv[1], user="doomed")
    group = int(sys.argv[2])
    with wb.db.write() as session:
        session.execute(text("UPDATE verdicts SET rationale = 'never saved', version = version + 1 "
                             "WHERE group_id = :g"), {"g": group})
        session.execute(text("INSERT INTO settings(key, value) VALUES ('doomed', 'yes')"))
        session.flush()
        print(session.execute(text("SELECT pg_backend_pid()")).scalar(), flush=True)
        time.sleep(600)
""")


def test_a_client_killed_mid_transaction_is_rolled_back_and_the_others_carry_on(
    seeded: Workbench, db_url: str, pg
) -> None:
    database = db_url.split("/")[-1].split("?")[0]
    claim = seeded.add_claim(1, start=0, end=20)
    loaded = seeded.set_verdict(claim.group_id, rating="mixed", rationale="first look")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, db_url, str(claim.group_id)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=ROOT)
    try:
        assert holder.stdout is not None
        backend = int(holder.stdout.readline().strip() or 0)
        assert backend, holder.stderr.read() if holder.stderr else ""
        seeded.set_setting("organisation", "Harbour Desk")  # others carry on while the row is locked
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    started = time.monotonic()
    updated = seeded.set_verdict(claim.group_id, rationale="second look", expected_version=loaded.version)
    assert time.monotonic() - started < 10  # the lock went with the killed client
    assert updated.version == loaded.version + 1 and updated.rationale == "second look"
    assert seeded.get_setting("doomed") is None and seeded.get_setting("organisation") == "Harbour Desk"
    gone = count(pg, database, f"SELECT count(*) FROM pg_stat_activity WHERE pid = {backend}")
    assert gone == 0
    with seeded.db.read() as session:
        assert session.execute(text("SELECT count(*) FROM verdict_revisions")).scalar() == 2
