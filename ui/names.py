"""Object names of widgets: tests, style sheets and saved layouts find widgets by them."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """The widget with its objectName set."""
    widget.setObjectName(name)
    return widget
