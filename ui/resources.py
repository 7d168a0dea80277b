"""Files the app ships in resources/ (icon, rating colours): found in the wheel or the checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

APP_ICON = "claim-workbench.svg"
RATING_COLOURS = "ratings.json"


def resource_path(name: str) -> Path:
    """A file from resources/: ui/_bundled/resources inside a wheel, else the checkout's resources/."""
    here = Path(__file__).resolve().parent
    for folder in (here / "_bundled" / "resources", here.parent / "resources"):
        candidate = folder / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resource {name!r} is missing from this installation")


@cache
def highlight_colours() -> dict[str, str]:
    """Rating key -> colour, plus 'unrated' and 'selected_outline' (defaults when the file is missing)."""
    colours = {"unrated": "#c9d6e8", "selected_outline": "#1f5fbf"}
    try:
        colours.update(json.loads(resource_path(RATING_COLOURS).read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        pass
    return colours


def app_icon() -> QIcon:
    """The application icon (SVG)."""
    try:
        return QIcon(str(resource_path(APP_ICON)))
    except FileNotFoundError:
        return QIcon()
