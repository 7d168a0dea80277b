"""The status bar's job panel: background upkeep (embedding) never hides, nor takes the Cancel of, a task the
reviewer started."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.workers import JobPanel, JobRunner


def waiting(release: threading.Event) -> Callable[..., str]:
    def work(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> str:
        progress(1, 10, "working")
        while not release.wait(0.01):
            if cancelled():
                return "cancelled"
        return "done"
    return work


def test_an_import_keeps_the_panel_and_its_cancel_while_embedding_runs(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)
    panel = JobPanel(runner, parent)
    imported, embedded = threading.Event(), threading.Event()
    results: list[str] = []
    importing = runner.start("Importing 2 files", waiting(imported), results.append)
    qtbot.waitUntil(lambda: panel.bar.format() == "1 / 10")
    embedding = runner.start("Embedding passages", waiting(embedded), results.append, background=True)
    qtbot.wait(100)  # the embedding's own progress arrives meanwhile
    assert panel.job is importing and panel.label.text() == "Importing 2 files…" and panel.bar.format() == "1 / 10"

    panel.cancel()  # Esc: the import the reviewer sees, not the embedding
    qtbot.waitUntil(lambda: results == ["cancelled"])
    qtbot.waitUntil(lambda: panel.job is embedding)
    assert panel.label.text() == "Embedding passages…" and not embedding.cancelled
    embedded.set()
    qtbot.waitUntil(lambda: results == ["cancelled", "done"] and not runner.busy())
    assert panel.job is None and not panel.isVisible()


def test_a_task_started_during_embedding_takes_the_panel(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)
    panel = JobPanel(runner, parent)
    release = threading.Event()
    embedding = runner.start("Embedding passages", waiting(release), background=True)
    assert panel.job is embedding
    matching = runner.start("Matching all claims", waiting(release))
    assert panel.job is matching
    release.set()
    qtbot.waitUntil(lambda: not runner.busy())
    assert panel.job is None
