"""What the window remembers between runs (QSettings): geometry, docks, panes, libraries."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

MAX_RECENT = 8
LAYOUT_VERSION = 1


class WindowSettings:
    """Typed access to the app's QSettings (tests pass their own file)."""

    def __init__(self, settings: QSettings) -> None:
        self.qsettings = settings

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

    def save_window(self, window: QMainWindow) -> None:
        """Remember geometry and dock layout."""
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState(LAYOUT_VERSION))
        self.qsettings.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Put geometry and docks back as they were; False on a first run."""
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        restored = False
        if state is not None:  # docks first: hidden docks no longer hold the window's minimum size up
            restored = window.restoreState(state, LAYOUT_VERSION)
        if geometry is not None:
            restored = window.restoreGeometry(geometry) or restored
        return restored

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[union-attr]


def _key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]
