"""What the app remembers between runs, in one typed object over QSettings (tests pass their own file).

Every key lives here; widgets and dialogs get this object and never open QSettings with a string key.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

MAX_RECENT = 8
LAYOUT_VERSION = 2  # 2: docks come from the dock registry (issue 13)
REVIEWER_KEY = "verdict_editor/reviewer"
EXPORT_FOLDER_KEY = "export/folder"
EXPORT_FORMAT_KEY = "export/format"


class AppSettings:
    """Typed access to the app's settings: libraries, panes, window layout, reviewer, export choices."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings()

    # -- libraries -------------------------------------------------------------------------------

    def last_database(self) -> str | None:
        """The library open when the app last closed."""
        value = self.qsettings.value("library/last")
        return str(value) if value else None

    def recent(self) -> list[str]:
        """Recently opened libraries, newest first (only those that still exist)."""
        values = _as_list(self.qsettings.value("library/recent"))
        return [v for v in values if "://" in v or Path(v).exists()][:MAX_RECENT]

    def add_recent(self, path: str) -> None:
        """Remember a library as the last and most recent one."""
        recent = [path] + [p for p in _as_list(self.qsettings.value("library/recent")) if p != path]
        self.qsettings.setValue("library/recent", recent[:MAX_RECENT])
        self.qsettings.setValue("library/last", path)

    def panes(self, path: str) -> list[int | None]:
        """The articles the panes showed for a library, left to right."""
        values = _as_list(self.qsettings.value(f"panes/{_key(path)}"))
        return [int(v) if v not in ("", "0", "None") else None for v in values]

    def save_panes(self, path: str, article_ids: list[int | None]) -> None:
        """Remember the panes of a library."""
        if path:
            self.qsettings.setValue(f"panes/{_key(path)}", [str(a or 0) for a in article_ids])
            self.qsettings.sync()

    # -- the window ------------------------------------------------------------------------------

    def save_window(self, window: QMainWindow) -> None:
        """Remember geometry and dock layout."""
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState(LAYOUT_VERSION))
        self.qsettings.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Put geometry and docks back as they were; False on a first run (or a layout from an older version)."""
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        restored = False
        if isinstance(state, QByteArray | bytes):  # docks first: hidden docks no longer hold the minimum size up
            restored = window.restoreState(QByteArray(state), LAYOUT_VERSION)
        if isinstance(geometry, QByteArray | bytes):
            restored = window.restoreGeometry(QByteArray(geometry)) or restored
        return restored

    # -- reviewing and exporting -------------------------------------------------------------------

    def reviewer(self) -> str | None:
        """The reviewer name typed last (given to new verdicts), or None."""
        value = self.qsettings.value(REVIEWER_KEY, "")
        return str(value) if value else None

    def set_reviewer(self, name: str) -> None:
        """Remember the reviewer name for new verdicts."""
        self.qsettings.setValue(REVIEWER_KEY, name)

    def export_folder(self) -> Path:
        """The folder exports went to last (home at first)."""
        return Path(str(self.qsettings.value(EXPORT_FOLDER_KEY, str(Path.home()))))

    def export_format(self, default: str) -> str:
        """The export format chosen last."""
        return str(self.qsettings.value(EXPORT_FORMAT_KEY, default))

    def remember_export(self, folder: Path, fmt: str | None = None) -> None:
        """Remember where (and in which format) the last export or verdict import went."""
        self.qsettings.setValue(EXPORT_FOLDER_KEY, str(folder))
        if fmt is not None:
            self.qsettings.setValue(EXPORT_FORMAT_KEY, fmt)

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]
