"""Live updates without Qt: a listener hears what another process changed, within 2 s, on both backends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from workbench.changes import Changes
from workbench.service import Workbench

LATENCY_S = 2.0

WRITER = textwrap.dedent("""
    import sys, time
    from workbench.service import Workbench

    wb = Workbench.open(sys.argv[1], user="other-process")
    print("ready", flush=True)
    sys.stdin.readline()
    claim = wb.add_claim(2, start=0, end=25)  # returns once committed
    print(time.time(), claim.id, claim.group_id, flush=True)
    wb.close()
""")


def test_a_change_made_by_another_process_is_heard_within_two_seconds(seeded: Workbench, db_url: str) -> None:
    listener = seeded.changes()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdin is not None
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read() if writer.stderr else ""
        assert listener.wait(0.3) is None  # nothing yet
        writer.stdin.write("go\n")
        writer.stdin.flush()
        heard = listener.wait(10.0)
        heard_at = time.time()
        committed_at, claim_id, group_id = writer.stdout.readline().split()
        assert writer.wait(30) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
        listener.close()
    assert heard is not None
    assert heard_at - float(committed_at) < LATENCY_S
    if seeded.db.on_server:  # the server says what changed and who changed it
        assert int(claim_id) in heard.claims and int(group_id) in heard.groups and 2 in heard.articles
        assert {"claims", "claim_groups"} <= heard.tables and not heard.everything and not heard.own
    else:  # SQLite only knows that something changed
        assert heard.everything


def test_the_watcher_thread_calls_back_for_each_change(seeded: Workbench, db_url: str) -> None:
    heard: list[Changes] = []
    arrived = threading.Event()

    def on_change(found: Changes) -> None:
        heard.append(found)
        arrived.set()

    watcher = seeded.watch(on_change, tick=0.1)
    other = Workbench.open(db_url, user="colleague")
    try:
        claim = other.add_claim(3, start=0, end=20)
        assert arrived.wait(LATENCY_S)
        arrived.clear()
        other.set_verdict(claim.group_id, rating="false")
        assert arrived.wait(LATENCY_S)
    finally:
        other.close()
        watcher.stop()
    assert len(heard) >= 2
    if seeded.db.on_server:
        assert claim.group_id in heard[-1].groups and "verdicts" in heard[-1].tables


@pytest.mark.postgresql_only
def test_a_processs_own_changes_are_marked_and_a_batch_is_merged(seeded: Workbench, db_url: str) -> None:
    listener = seeded.changes()
    other = Workbench.open(db_url, user="colleague")
    try:
        mine = seeded.add_claim(1, start=0, end=20)
        heard = listener.wait(5.0)
        assert heard is not None and heard.own and mine.id in heard.claims
        theirs = other.add_claim(1, start=30, end=50)
        heard = listener.wait(5.0)
        assert heard is not None and not heard.own and theirs.id in heard.claims
        summary = other.match_all()  # one batch of suggestions: a few notifications, merged
        assert summary.suggestions > 0
        heard = listener.wait(5.0)
        assert heard is not None and heard.tables == {"suggestions"} and heard.claims  # per claim, not per row
        assert heard.claims <= {mine.id, theirs.id}
        assert listener.wait(0.3) is None  # nothing left over
    finally:
        other.close()
        listener.close()


@pytest.mark.sqlite_only  # a server's listener returns within its tick by design; this is SQLite's polling
def test_stopping_a_watcher_on_a_file_does_not_wait_for_its_tick(seeded: Workbench) -> None:
    """Closing a library (or the window) ends its listener at once, not after the next poll."""
    watcher = seeded.watch(lambda _changes: None, tick=30.0)
    time.sleep(0.2)  # the listener is inside its wait
    started = time.monotonic()
    watcher.stop(timeout=10.0)
    assert time.monotonic() - started < 5.0  # far below the 30 s tick
