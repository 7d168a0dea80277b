"""GUI test fixtures: offscreen Qt, isolated QSettings, a real library file and a real main window."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from ui.app import configure_application
from ui.main_window import MainWindow

JOB_TIMEOUT_MS = 20000


@pytest.fixture(autouse=True)
def isolated_settings(qapp: object, tmp_path: Path) -> Iterator[None]:
    """Nothing a test does reaches the user's real settings."""
    configure_application(qapp)  # type: ignore[arg-type]
    QCoreApplication.setOrganizationName("ClaimWorkbenchTests")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "claim-workbench.ini"


def make_window(qtbot: object, settings_file: Path) -> MainWindow:
    """A shown main window with its own settings file."""
    window = MainWindow(QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    return window


def wait_jobs(qtbot: object, window: MainWindow) -> None:
    """Wait until the window's background work and writes are done and delivered."""
    qtbot.waitUntil(lambda: not window.busy(), timeout=JOB_TIMEOUT_MS)  # type: ignore[attr-defined]


@pytest.fixture
def window(qtbot: object, settings_file: Path, db_path: Path) -> MainWindow:
    """The main window over an empty library file."""
    win = make_window(qtbot, settings_file)
    win.library.open_database(db_path)
    wait_jobs(qtbot, win)
    return win


@pytest.fixture
def sample_window(qtbot: object, window: MainWindow) -> MainWindow:
    """The main window over a library holding the five sample articles."""
    window.library.import_samples()
    wait_jobs(qtbot, window)
    assert len(window.state.articles) == 5
    return window


def wait_writes(window: MainWindow, timeout_s: float = JOB_TIMEOUT_MS / 1000) -> None:
    """Wait until every change sent to the library has been written and drawn (not the matcher's jobs)."""
    deadline = time.monotonic() + timeout_s
    while window.undo.busy():
        assert time.monotonic() < deadline, "a write did not land"
        QCoreApplication.processEvents()
        time.sleep(0.002)
    QCoreApplication.processEvents()
