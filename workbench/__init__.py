"""Claim Workbench core: storage, import, anchoring, matching, verdicts and export (no Qt)."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def bundled_path(name: str) -> Path:
    """A folder shipped with the app (e.g. ``seeds``): inside the wheel, or at the checkout's top."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled" / name, here.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")
