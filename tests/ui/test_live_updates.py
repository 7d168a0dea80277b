"""Live updates reach the GUI thread: a change made by another program arrives as one signal within 2 s."""

from __future__ import annotations

import time

import pytest

from ui.live_updates import LiveUpdates
from workbench.service import Changes, Workbench

LATENCY_MS = 2000


def check_two_libraries_see_each_other(qtbot: object, url: str) -> None:
    window = Workbench.open(url, user="window")  # what the window holds open
    other = Workbench.open(url, user="colleague")  # a second window, or the command line
    live = LiveUpdates(window, quiet_ms=50)
    try:
        window.import_seeds()
        live.start()
        time.sleep(0.3)  # the SQLite poller's first reading; the server listener is ready at once
        with qtbot.waitSignal(live.changed, timeout=LATENCY_MS) as caught:  # type: ignore[attr-defined]
            claim = other.add_claim(1, start=0, end=20)
        found: Changes = caught.args[0]
        if window.db.on_server:
            assert claim.group_id in found.groups and claim.id in found.claims and not found.own
        else:
            assert found.everything
        with qtbot.waitSignal(live.changed, timeout=LATENCY_MS) as caught:  # type: ignore[attr-defined]
            other.set_verdict(claim.group_id, rating="false", rationale="checked")
        if window.db.on_server:
            assert "verdicts" in caught.args[0].tables
        live.stop()
        assert not live.running
        other.set_claim_note(claim.id, "after stop")
        with qtbot.assertNotEmitted(live.changed, wait=600):  # type: ignore[attr-defined]
            pass
    finally:
        live.stop()
        other.close()
        window.close()


def test_a_change_by_another_program_reaches_the_gui_thread_sqlite(qtbot: object, tmp_path) -> None:
    check_two_libraries_see_each_other(qtbot, str(tmp_path / "library.sqlite3"))


@pytest.mark.postgresql_only
def test_a_change_by_another_program_reaches_the_gui_thread_postgresql(qtbot: object, db_url: str) -> None:
    check_two_libraries_see_each_other(qtbot, db_url)
