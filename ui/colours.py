"""Colours that carry meaning and keep text readable: WCAG contrast, highlight tints for light and dark palettes.

A claim's rating colour is too strong to put text on (dark red under black text). The highlight is a
tint: the rating colour mixed into the text's background, only as far as the text keeps a contrast of
at least 4.5:1 (WCAG AA for body text). The full rating colour is kept for the marks that carry the rating
without the text on them: the underline and the margin marker (at least 3:1 against the background,
WCAG's figure for graphics).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor, QGuiApplication, QPalette

TEXT_CONTRAST = 4.5  # WCAG AA, normal text
MARK_CONTRAST = 3.0  # WCAG AA, graphical objects
STRONGEST_TINT = 0.55  # how much rating colour a tint may hold at most (it stays a background)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black .. 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 .. 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: QColor, base: QColor, share: float) -> QColor:
    """share of colour over base (0: base, 1: colour)."""
    return QColor(
        round(share * colour.red() + (1 - share) * base.red()),
        round(share * colour.green() + (1 - share) * base.green()),
        round(share * colour.blue() + (1 - share) * base.blue()),
    )


@dataclass(frozen=True)
class Tint:
    """How one rating colour is drawn on one palette."""

    background: QColor  # under the text: text contrast >= 4.5:1
    mark: QColor  # underline and margin marker: >= 3:1 against the page


def tint_for(colour: str, text: str, base: str) -> Tint:
    """The tint of a rating colour for text of colour text on a page of colour base (names like '#d7301f')."""
    return _tint(colour, text, base)


@cache
def _tint(colour: str, text: str, base: str) -> Tint:
    rating, ink, page = QColor(colour), QColor(text), QColor(base)
    share = STRONGEST_TINT
    background = mix(rating, page, share)
    while share > 0 and contrast_ratio(ink, background) < TEXT_CONTRAST:
        share = round(share - 0.02, 2)
        background = mix(rating, page, max(share, 0.0))
    mark = QColor(rating)
    dark_page = relative_luminance(page) < 0.5
    steps = 0
    while contrast_ratio(mark, background) < MARK_CONTRAST and steps < 20:
        mark = mark.lighter(112) if dark_page else mark.darker(112)
        steps += 1
    return Tint(background, mark)


def text_colour_on(background: QColor) -> QColor:
    """Near-black or white, whichever has the higher contrast on the background."""
    dark, light = QColor("#111111"), QColor("#ffffff")
    return dark if contrast_ratio(dark, background) >= contrast_ratio(light, background) else light


def blend(colours: list[QColor]) -> QColor:
    """The average of several colours (overlapping claims)."""
    n = len(colours)
    return QColor(
        sum(c.red() for c in colours) // n, sum(c.green() for c in colours) // n, sum(c.blue() for c in colours) // n
    )


def palette_is_dark(palette: QPalette | None = None) -> bool:
    """True when the (application's) window colour is dark."""
    if palette is None:
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            return False
        palette = app.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette (Fusion-like) for screenshots and tests of the dark look."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"), (roles.WindowText, "#e8e8e8"), (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#262626"), (roles.Text, "#e8e8e8"), (roles.Button, "#353535"),
        (roles.ButtonText, "#e8e8e8"), (roles.Highlight, "#3d6fb6"), (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#8ab4f8"), (roles.PlaceholderText, "#9a9a9a"), (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#e8e8e8"), (roles.Mid, "#4a4a4a"), (roles.Dark, "#151515"), (roles.Light, "#505050"),
        (roles.Midlight, "#404040"), (roles.Shadow, "#000000"), (roles.BrightText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#7a7a7a"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#7a7a7a"))
    return palette
