"""Another program holds the library's write lock: the window keeps working, says so, and writes when it can."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import wait_jobs, wait_writes
from ui.main_window import MainWindow

HOLDER = Path(__file__).resolve().parents[1] / "reliability" / "lock_holder.py"
SENTENCE = "“Let’s hope these talks will continue,” Lavrov said."


@pytest.fixture
def holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process that takes the write lock when told to start (see lock_holder.py) and keeps it until 'commit'."""
    procs: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        proc = subprocess.Popen([sys.executable, str(HOLDER), str(db_path), "write"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        return proc

    yield start  # type: ignore[misc]
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("commit\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "released"


def test_a_change_made_while_another_program_writes_is_applied_when_the_lock_is_free(
    qtbot, sample_window: MainWindow, holder
) -> None:
    window = sample_window
    pane = window.panes.panes[0]
    article = next(a.id for a in window.state.articles.values() if a.source is None)
    window.panes.show_article(article, pane)
    window.panes.set_active(pane)
    start = pane.text.text.index(SENTENCE)
    pane.text.select_span(start, start + len(SENTENCE))

    proc = holder()
    started = time.monotonic()
    window.user_actions.mark.trigger()
    assert time.monotonic() - started < 1.0  # the GUI thread handed the write over; it did not wait for the lock
    qtbot.waitUntil(window.busy_label.isVisible, timeout=5000)  # "the library is busy", in the status bar
    assert window.state.claims == {} and not window.user_actions.undo.isEnabled()  # not shown before it is saved
    bar = pane.text.verticalScrollBar()
    bar.setValue(bar.maximum())  # the window still does what it is asked meanwhile
    assert bar.value() == bar.maximum() > 0

    release(proc)
    wait_writes(window)
    assert [c.text for c in window.state.claims.values()] == [SENTENCE]
    assert not window.busy_label.isVisible() and window.user_actions.undo.isEnabled()
    assert window.wb.list_settings().get("held-by") == "lock holder"  # the other program's write is kept too
    wait_jobs(qtbot, window)


def test_closing_while_a_write_waits_for_the_lock_closes_once_it_is_saved(
    qtbot, sample_window: MainWindow, holder, db_path: Path
) -> None:
    window = sample_window
    pane = window.panes.panes[0]
    window.panes.show_article(next(a.id for a in window.state.articles.values() if a.source is None), pane)
    window.panes.set_active(pane)
    start = pane.text.text.index(SENTENCE)
    pane.text.select_span(start, start + len(SENTENCE))
    proc = holder()
    window.user_actions.mark.trigger()
    assert not window.close()  # not yet: the change is still to be written
    assert window.isVisible()
    release(proc)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    from workbench.service import Workbench

    wb = Workbench.open(db_path)
    try:
        assert [c.text for c in wb.list_claims()] == [SENTENCE]
    finally:
        wb.close()
