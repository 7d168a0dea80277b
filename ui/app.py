"""QApplication set-up and the entry points: the desktop window, or a screenshot of it."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

from ui.resources import app_icon
from workbench import __version__

if TYPE_CHECKING:
    from ui.main_window import MainWindow

ORGANISATION = "ClaimWorkbench"
APPLICATION = "Claim Workbench"
SCREENSHOT_SIZE = (1500, 950)


def configure_application(app: QApplication) -> None:
    """Names (for QSettings), icon and desktop file name; the palette follows the system's light or dark scheme."""
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain("claim-workbench.invalid")
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("claim-workbench")
    app.setWindowIcon(app_icon())


def application() -> QApplication:
    """The running QApplication, created and configured on first use."""
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "claim-workbench"])
    assert isinstance(app, QApplication)
    configure_application(app)
    return app


def wait_for_jobs(window: MainWindow, timeout_s: float = 60.0) -> None:
    """Process events until the window's background jobs and writes are done (screenshots, benchmarks, tests)."""
    deadline = time.monotonic() + timeout_s
    while window.busy() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        window.runner.pool.waitForDone(10)
    QCoreApplication.processEvents()


def use_palette(app: QApplication, palette: str) -> None:
    """'light' or 'dark' colours (Fusion style), or leave the system's ('system')."""
    from ui.colours import dark_palette

    if palette == "system":
        return
    app.setStyle("Fusion")
    style = app.style()
    app.setPalette(dark_palette() if palette == "dark" else style.standardPalette())


def main(db: str | None = None, screenshot: str | None = None, palette: str = "system") -> int:
    """Open the window on a library (the last one, or the default), or render a screenshot and exit."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    use_palette(app, palette)
    if screenshot:
        return render_screenshot(db, Path(screenshot))
    window = open_window(db)
    code = app.exec()
    del window
    return code


def open_window(db: str | None, settings: QSettings | None = None) -> MainWindow:
    """The window as the last session left it (layout, and the panes of the library when it is the same one)."""
    from ui.main_window import MainWindow

    window = MainWindow(settings)
    restored = window.restore_window()
    window.library.open_database(db or window.settings.last_database(), restore_panes=restored or db is None)
    window.show()
    return window


def render_screenshot(db: str | None, path: Path) -> int:
    """Draw the window offscreen with two panes of linked claims (when there are some) into a PNG."""
    from ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as settings_dir:
        settings = QSettings(str(Path(settings_dir) / "screenshot.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(*SCREENSHOT_SIZE)
        window.library.open_database(db, background=False)
        show_linked_claims(window)
        window.show()
        wait_for_jobs(window)
        QCoreApplication.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(path))
        window.close()
    if not ok:
        print(f"claim-workbench: could not write {path}", file=sys.stderr)
        return 1
    print(f"claim-workbench: screenshot written to {path}")
    return 0


def show_linked_claims(window: MainWindow) -> None:
    """Select the rated group spanning most articles (else any claim) so both panes show it."""
    groups = sorted(
        window.state.groups.values(),
        key=lambda g: (-len({c.article_id for c in g.claims}), g.rating is None, g.id),
    )
    if groups:
        window.review.select_group(groups[0].id, open_articles=True)


def entry_point() -> None:
    """The gui-script entry point (claim-workbench-gui)."""
    sys.exit(main())
