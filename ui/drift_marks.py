"""Drift flags as rich text: a variant with the words that changed meaning marked, and short badges.

For the Compare view (each outlet's wording against the canonical one) and the claims table. Each
kind has its own tint with dark text (light palette) or light text (dark palette), an underline and
a tooltip with what changed, so the marks also read without colour.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from workbench.service import DRIFT_LABELS, DriftInfo

# kind -> (light background, light text, dark background, dark text)
KIND_COLOURS = {
    "number": ("#ffd8a8", "#3d2300", "#6b3d00", "#ffe3c2"),
    "negation": ("#ffc9c9", "#4a0d0d", "#6e1b1b", "#ffd6d6"),
    "hedge": ("#d0ebff", "#0b2e4a", "#123f63", "#d6ecff"),
    "attribution": ("#e5dbff", "#2b1a52", "#3f2a75", "#e8e0ff"),
    "paraphrase": ("#c3fae8", "#07392b", "#0f4d3c", "#cff7ea"),
}


def kind_style(kind: str, *, dark: bool = False) -> str:
    light_bg, light_fg, dark_bg, dark_fg = KIND_COLOURS.get(kind, KIND_COLOURS["number"])
    bg, fg = (dark_bg, dark_fg) if dark else (light_bg, light_fg)
    return f"background:{bg};color:{fg};text-decoration:underline"


def drift_html(variant: str, flags: Sequence[DriftInfo], *, dark: bool = False) -> str:
    """The variant's text with every flagged span marked in its kind's style (spans in code points)."""
    marks: list[tuple[int, int, DriftInfo]] = sorted(
        ((s, e, f) for f in flags for s, e in f.variant_spans if 0 <= s < e <= len(variant)), key=lambda m: m[:2])
    out: list[str] = []
    at = 0
    for start, end, flag in marks:
        if start < at:  # overlapping marks: the first one wins
            continue
        out.append(html.escape(variant[at:start]))
        tip = html.escape(f"{DRIFT_LABELS.get(flag.kind, flag.kind)}: {flag.detail}", quote=True)
        out.append(f"<span style='{kind_style(flag.kind, dark=dark)}' title=\"{tip}\">"
                   f"{html.escape(variant[start:end])}</span>")
        at = end
    out.append(html.escape(variant[at:]))
    return "".join(out)


def drift_badges(flags: Sequence[DriftInfo], *, dark: bool = False) -> str:
    """One small badge per kind of drift ("number ×2"), for a variant's header or a table cell."""
    counts: dict[str, int] = {}
    for f in flags:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    badges = []
    for kind, n in counts.items():
        label = kind + (f" ×{n}" if n > 1 else "")
        badges.append(f"<span style='{kind_style(kind, dark=dark)};text-decoration:none'>&nbsp;{label}&nbsp;</span>")
    return " ".join(badges)


def drift_summary(flags: Sequence[DriftInfo]) -> str:
    """Plain text for tooltips: one line per flag."""
    return "\n".join(f"{DRIFT_LABELS.get(f.kind, f.kind)}: {f.detail}" for f in flags)
