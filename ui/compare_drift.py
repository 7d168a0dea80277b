"""Drift in the Compare view: which variants change the meaning of the canonical wording, and where.

Each variant row keeps its word diff; a variant with drift flags also gets the kinds as badges in its
heading and, under the diff, one line per flag: what changed ("30 → 40", "negation dropped: “not”") and
the variant's flagged words highlighted in the kind's colour (ui.drift_marks). The flags are those of the
stored canonical wording: while a new wording is being typed they are hidden until it is saved.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.colours import palette_is_dark
from ui.drift_marks import drift_badges, drift_summary, kind_style
from workbench.errors import WorkbenchError
from workbench.service import DRIFT_LABELS, DriftInfo, Workbench

HEADING = "Meaning changed against the canonical wording:"


def read_drift(wb: Workbench, group_id: int) -> dict[int, list[DriftInfo]]:
    """A group's drift flags by claim id (empty when the group is gone or cannot be compared)."""
    try:
        flags = wb.drift(group_id)
    except WorkbenchError:
        return {}
    found: dict[int, list[DriftInfo]] = {}
    for flag in flags:
        found.setdefault(flag.claim_id, []).append(flag)
    return found


def independent_origins(wb: Workbench, group_id: int) -> int | None:
    """How many independent origins the group's articles come from (None when it cannot tell)."""
    try:
        return wb.origins(group_id).independent
    except WorkbenchError:
        return None


def badges(flags: Sequence[DriftInfo]) -> str:
    """The kinds of drift as small coloured badges, for a variant's heading ("" without flags)."""
    return drift_badges(flags, dark=palette_is_dark())


def flag_line(variant: str, flag: DriftInfo, *, dark: bool) -> str:
    """One flag as rich text: its kind as a badge, what changed, and the variant's flagged words marked."""
    label = html.escape(DRIFT_LABELS.get(flag.kind, flag.kind))
    words = [variant[s:e] for s, e in flag.variant_spans if 0 <= s < e <= len(variant)]
    shown = "".join(f" <span style='{kind_style(flag.kind, dark=dark)}'>{html.escape(w)}</span>" for w in words
                    if w not in flag.detail)
    return f"<span style='{kind_style(flag.kind, dark=dark)};text-decoration:none'>&nbsp;{label}&nbsp;</span> " \
           f"{html.escape(flag.detail)}{' — in' + shown if shown else ''}"


class DriftBlock(QLabel):
    """Under a variant's diff: its drift flags, one per line (hidden when it has none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variantDrift")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags: list[DriftInfo] = []
        self.hide()

    def show_flags(self, variant: str, flags: Sequence[DriftInfo]) -> None:
        """Show these flags of the variant (none: hide the block)."""
        self.flags = list(flags)
        if not flags:
            self.clear()
            self.setToolTip("")
            self.hide()
            return
        dark = palette_is_dark()
        lines = "<br>".join(flag_line(variant, f, dark=dark) for f in flags)
        self.setText(f"<i>{HEADING}</i><br>{lines}")
        self.setToolTip(drift_summary(flags))
        self.show()
