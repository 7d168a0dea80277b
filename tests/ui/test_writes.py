"""The writer thread and the debounce helper the window's edits go through."""

from __future__ import annotations

import threading

from ui.debounce import Debouncer
from ui.writes import WriteQueue


def test_writes_run_in_order_off_the_gui_thread_and_land_in_order(qtbot) -> None:
    queue = WriteQueue()
    gui = threading.get_ident()
    ran: list[tuple[int, int]] = []
    landed: list[int] = []
    gate = threading.Event()

    def work(n: int) -> int:
        if n == 0:
            gate.wait(5)  # the first write waits (as for another program's lock); the others queue behind it
        ran.append((n, threading.get_ident()))
        return n

    for n in range(5):
        queue.submit(lambda n=n: work(n), landed.append)
    assert queue.busy() and landed == []
    idle: list[bool] = []
    queue.when_idle(lambda: idle.append(True))
    gate.set()
    qtbot.waitUntil(lambda: not queue.busy(), timeout=5000)
    assert landed == [0, 1, 2, 3, 4] and [n for n, _ in ran] == [0, 1, 2, 3, 4]
    assert all(thread != gui for _, thread in ran) and len({thread for _, thread in ran}) == 1
    assert idle == [True]
    queue.when_idle(lambda: idle.append(False))  # nothing pending: called at once
    assert idle == [True, False]


def test_a_write_that_waits_long_is_announced_as_stalled(qtbot) -> None:
    queue = WriteQueue()
    gate = threading.Event()
    states: list[bool] = []
    queue.stalled.connect(states.append)
    queue.submit(lambda: gate.wait(5), lambda _result: None)
    qtbot.waitUntil(lambda: states == [True], timeout=3000)
    gate.set()
    qtbot.waitUntil(lambda: not queue.busy(), timeout=3000)
    assert states == [True, False]


def test_the_debouncer_runs_once_after_a_burst_and_flush_runs_it_now(qtbot) -> None:
    calls: list[int] = []
    debounce = Debouncer(50, lambda: calls.append(1))
    for _ in range(5):
        debounce.trigger()
    assert debounce.pending and calls == []
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    assert not debounce.pending
    debounce.trigger()
    debounce.flush()
    assert calls == [1, 1] and not debounce.pending
    debounce.trigger()
    debounce.cancel()
    qtbot.wait(100)
    assert calls == [1, 1]
    debounce.flush()  # nothing pending: nothing to run
    assert calls == [1, 1]
