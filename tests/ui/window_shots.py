"""Pictures of the window's views for the README, taken in the real window offscreen.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.window_shots docs [--palette light|dark]

It builds the libraries of insight_demo.py in a temporary folder, opens each in a MainWindow and grabs
the Verdict dock (with the claimant suggested from the text), the claims table, Compare with drift flags,
Conflicts, Overview and the rating-scale dialog, as a user sees them (the bottom docks floated to a readable
size). Files: window-<view>[-dark].png. The whole window: ``claim-workbench --screenshot`` (README).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from tests.ui.insight_demo import build_drift_demo, build_insight_demo
from ui.app import application, use_palette, wait_for_jobs
from ui.claims_dock import ClaimsDock
from ui.conflicts_dock import ConflictsDock
from ui.main_window import MainWindow
from ui.overview_dock import OverviewDock
from ui.verdict_editor import VerdictEditor

SIZE = (1500, 950)


def open_window(db: Path, settings_dir: Path) -> MainWindow:
    window = MainWindow(QSettings(str(settings_dir / f"{db.stem}.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    window.library.open_database(db, background=False)
    wait_for_jobs(window)
    return window


def settle(window: MainWindow) -> None:
    for _ in range(3):
        wait_for_jobs(window)
        QCoreApplication.processEvents()


def save(widget: QWidget, folder: Path, name: str, suffix: str) -> Path:
    path = folder / f"window-{name}{suffix}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def floated(window: MainWindow, name: str, folder: Path, shot: str, suffix: str, size: tuple[int, int]) -> Path:
    """A bottom dock taken out of the window at a size a reader can see it (as a user may float it)."""
    dock = window.docks[name]
    dock.setFloating(True)
    dock.resize(*size)
    dock.show()
    settle(window)
    path = save(dock, folder, shot, suffix)
    dock.setFloating(False)
    return path


def take(folder: Path, palette: str) -> list[Path]:
    suffix = "" if palette == "light" else f"-{palette}"
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_insight_demo(work / "insight.sqlite3").close()
        wb, drift_group = build_drift_demo(work / "drift.sqlite3", work)
        wb.close()

        window = open_window(work / "insight.sqlite3", work)
        lavrov = next(g.id for g in window.state.groups.values() if "awaiting" in g.canonical)
        window.review.select_group(lavrov, open_articles=True)
        settle(window)
        editor = window.panel(VerdictEditor)
        editor.claimant.editor.suggest_button.click()
        settle(window)
        written.append(save(window.docks["verdictDock"], folder, "claimant", suffix))
        window.show_dock("conflictsDock")
        settle(window)
        assert window.panel(ConflictsDock).loaded
        written.append(floated(window, "conflictsDock", folder, "conflicts", suffix, (1000, 380)))
        window.show_dock("overviewDock")
        window.panel(OverviewDock).set_kind("outlet-verdicts")
        written.append(floated(window, "overviewDock", folder, "overview", suffix, (1000, 480)))
        window.show_dock("claimsDock")
        window.panel(ClaimsDock).select_group(lavrov)
        written.append(floated(window, "claimsDock", folder, "claims", suffix, (1300, 330)))

        def grab_dialog() -> None:
            dialog = window.analysis.scale_dialog
            assert dialog is not None
            dialog.list.setCurrentRow(3)  # AFP-style: where do Mostly true and Mixed go?
            QCoreApplication.processEvents()
            written.append(save(dialog, folder, "scales", suffix))
            dialog.reject()

        later(grab_dialog)
        window.user_actions.rating_scale.trigger()
        window.close()

        window = open_window(work / "drift.sqlite3", work)
        window.review.select_group(drift_group, open_articles=True)
        window.show_dock("compareDock")
        written.append(floated(window, "compareDock", folder, "compare-drift", suffix, (1000, 600)))
        window.close()
    return written


def later(action: Callable[[], None]) -> None:
    QTimer.singleShot(0, action)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--palette", choices=("light", "dark"), default="light")
    args = parser.parse_args()
    app = application()
    use_palette(app, args.palette)
    args.folder.mkdir(parents=True, exist_ok=True)
    take(args.folder, args.palette)


if __name__ == "__main__":
    main()
