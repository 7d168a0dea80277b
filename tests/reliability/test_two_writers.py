"""Two programs on one library: short write locks are waited for; a stale verdict edit is a conflict."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from crashkit import ROOT, LockHolder, cli, cli_command, cli_env

from workbench.errors import VerdictConflict
from workbench.service import Workbench


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, int, int]:
    """A library with the samples, one claim and a first verdict: (path, claim id, group id)."""
    db = tmp_path / "library.sqlite3"
    wb = Workbench.open(db, user="first")
    try:
        wb.import_seeds()
        article = wb.list_articles()[0]
        claim = wb.add_claim(article.id, start=0, end=40)
        wb.set_verdict(claim.group_id, rating="mixed", rationale="first look", status="draft")
        return db, claim.id, claim.group_id
    finally:
        wb.close()


def test_a_command_waits_for_another_programs_short_write_and_then_succeeds(library) -> None:
    db, _, group = library
    with LockHolder(db, "write") as holder:
        command = subprocess.Popen(cli_command(db, "verdict", str(group), "--rating", "false", "--rationale",
                                               "second look"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=cli_env(), cwd=ROOT)
        try:
            time.sleep(3)  # long enough to start and reach the write; the lock is still held
            assert command.poll() is None, command.communicate()  # waiting, not failed
            holder.release("commit")
            _, err = command.communicate(timeout=60)
        finally:
            if command.poll() is None:
                command.kill()
    assert command.returncode == 0, err
    wb = Workbench.open(db)
    try:
        assert wb.get_verdict(group).rationale == "second look"
        assert wb.list_settings().get("held-by") == "lock holder"  # the other program's write is kept too
    finally:
        wb.close()


def test_reading_is_never_blocked_by_another_programs_write(library) -> None:
    db, claim, _ = library
    with LockHolder(db, "write") as holder:
        started = time.monotonic()
        done = cli(db, "claims", "--json")
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 10
        assert str(claim) in done.stdout
        holder.release("rollback")


def test_a_verdict_changed_by_another_program_after_loading_is_a_conflict_with_both_versions(library) -> None:
    db, _, group = library
    window = Workbench.open(db, user="window")  # stands for the GUI: it loaded the verdict...
    try:
        loaded = window.get_verdict(group)
        # ...then the command line, another process, changes it
        done = cli(db, "verdict", str(group), "--rating", "false", "--rationale", "from the command line",
                   "--reviewer", "cli user")
        assert done.returncode == 0, done.stderr
        with pytest.raises(VerdictConflict) as caught:
            window.set_verdict(group, rationale="from the window", expected_version=loaded.version)
        conflict = caught.value
        assert conflict.yours.get("rationale") == "from the window"
        assert conflict.theirs.get("rationale") == "from the command line"
        assert conflict.theirs.get("rating") == "false"
        current = window.get_verdict(group)
        assert current.rationale == "from the command line" and current.version == loaded.version + 1
        # applying mine on top of theirs, knowingly, is a new revision
        mine = window.set_verdict(group, rationale="from the window", expected_version=current.version)
        assert mine.version == current.version + 1
    finally:
        window.close()
