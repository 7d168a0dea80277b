"""Charts drawn with plain QPainter: one frame (title, legend, note) around the painters of ``ui.chart_painters``,
on a widget (the Overview dock), into a PNG (QImage) or an SVG (QSvgGenerator).

``render_file`` is the ``claim_workbench.front_ends`` entry point ``charts`` that ``claim-workbench chart``
calls; it starts an offscreen QGuiApplication when none runs. Why QPainter and not a chart library:
``docs/charts.md``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.chart_painters import DARK, LIGHT, PAINTERS, THEMES, ChartTheme, draw_cell, font, plot_height
from workbench.service import ChartData, ChartRating

MARGIN = 24.0
DEFAULT_WIDTH = 1200
MIN_HEIGHT, MAX_HEIGHT = 320, 4000
EMPTY_MESSAGE = "Nothing to show yet: mark claims, link them across articles and rate them."


def theme_for(palette: QPalette) -> ChartTheme:
    """The chart theme matching a widget palette (dark when its window colour is dark)."""
    return DARK if palette.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def used_ratings(chart: ChartData) -> list[ChartRating]:
    """The legend: only the ratings the chart shows."""
    shown = {g.rating for g in chart.groups} | {r.rating for r in chart.rows}
    if chart.counts:
        return list(chart.ratings)
    return [r for r in chart.ratings if r.key in shown]


def paint_chart(p: QPainter, rect: QRectF, chart: ChartData, theme: ChartTheme) -> None:
    """Draw a whole chart (background, title, legend, plot, note) into rect."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.fillRect(rect, QColor(theme.background))
    inner = rect.adjusted(MARGIN, MARGIN - 6, -MARGIN, -MARGIN + 6)
    y = inner.top()
    p.setPen(QColor(theme.text))
    p.setFont(font(19, bold=True))
    p.drawText(QRectF(inner.left(), y, inner.width(), 26), Qt.AlignmentFlag.AlignLeft, chart.title)
    y += 28
    p.setPen(QColor(theme.muted))
    p.setFont(font(13))
    p.drawText(QRectF(inner.left(), y, inner.width(), 18), Qt.AlignmentFlag.AlignLeft, chart.subtitle)
    y += 26
    if chart.empty:
        p.setFont(font(15))
        p.drawText(QRectF(inner.left(), y, inner.width(), inner.bottom() - y), Qt.AlignmentFlag.AlignCenter,
                   EMPTY_MESSAGE)
        p.restore()
        return
    y = _legend(p, inner.left(), y, inner.width(), used_ratings(chart), theme) + 14
    bottom = inner.bottom()
    if chart.note:
        p.setFont(font(12, italic=True))
        p.setPen(QColor(theme.muted))
        p.drawText(QRectF(inner.left(), bottom - 16, inner.width(), 18), Qt.AlignmentFlag.AlignLeft, chart.note)
        bottom -= 24
    PAINTERS[chart.kind](p, QRectF(inner.left(), y, inner.width(), bottom - y), chart, theme)
    p.restore()


def _legend(p: QPainter, left: float, top: float, width: float, ratings: list[ChartRating], theme: ChartTheme,
            *, draw: bool = True) -> float:
    """Rating swatches with their labels, wrapped to the width; returns the y below them."""
    p.setFont(font(13))
    metrics = QFontMetricsF(p.font())
    x, y, line = left, top, metrics.height() + 6
    for r in ratings:
        w = 16 + metrics.horizontalAdvance(r.label) + 18
        if x + w > left + width and x > left:
            x, y = left, y + line
        if draw:
            draw_cell(p, QRectF(x, y + (metrics.height() - 12) / 2, 12, 12), r.colour, theme, 2)
            p.setPen(QColor(theme.text))
            p.drawText(QPointF(x + 17, y + metrics.ascent()), r.label)
        x += w
    return y + line


def ensure_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (the command line has no window)."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv else "claim-workbench"])
    assert isinstance(app, QGuiApplication)
    return app


def render_image(chart: ChartData, size: tuple[int, int] | None = None, theme: ChartTheme = LIGHT) -> QImage:
    """The chart as an image of size (width, height) pixels (its natural size by default)."""
    ensure_application()
    size = size or natural_size(chart)
    image = QImage(QSize(*size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(theme.background))
    painter = QPainter(image)
    try:
        paint_chart(painter, QRectF(0, 0, size[0], size[1]), chart, theme)
    finally:
        painter.end()
    return image


def natural_size(chart: ChartData, width: int = DEFAULT_WIDTH) -> tuple[int, int]:
    """The size that shows every row at full height (no empty band below a short chart)."""
    ensure_application()
    image = QImage(QSize(width, 10), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        header = _header_height(painter, chart, width)
    finally:
        painter.end()
    body = 60.0 if chart.empty else plot_height(chart)
    return width, int(min(MAX_HEIGHT, max(MIN_HEIGHT, header + body + (24 if chart.note else 0) + MARGIN)))


def _header_height(p: QPainter, chart: ChartData, width: float) -> float:
    """Title, subtitle and legend, as paint_chart lays them out."""
    top = MARGIN - 6 + 28 + 26
    if chart.empty:
        return top
    p.save()
    image_rect = QRectF(0, 0, width, 10)
    below = _legend(p, image_rect.left() + MARGIN, top, width - 2 * MARGIN, used_ratings(chart), LIGHT, draw=False)
    p.restore()
    return below + 14


def render_file(chart: ChartData, path: str | os.PathLike[str], *, theme: str = "light",
                size: tuple[int, int] | None = None) -> tuple[int, int]:
    """Write the chart to a .png or .svg file (natural size unless given); returns its size.

    Raises OSError when the file cannot be written.
    """
    ensure_application()
    size = size or natural_size(chart)
    target = Path(path)
    colours = THEMES[theme]
    if target.suffix.lower() == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(target))
        generator.setSize(QSize(*size))
        generator.setViewBox(QRectF(0, 0, size[0], size[1]))
        generator.setTitle(chart.title)
        generator.setDescription(f"{chart.subtitle}. Claim Workbench.")
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"cannot write {target}")
        try:
            paint_chart(painter, QRectF(0, 0, size[0], size[1]), chart, colours)
        finally:
            painter.end()
        if not target.exists():
            raise OSError(f"cannot write {target}")
        return size
    if not render_image(chart, size, colours).save(str(target)):
        raise OSError(f"cannot write {target}")
    return size


class ChartWidget(QWidget):
    """Shows one chart, following the palette (light or dark); empty until set_chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartWidget")
        self.chart: ChartData | None = None
        self.setMinimumSize(360, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: ChartData | None) -> None:
        self.chart = chart
        self.setToolTip(chart.subtitle if chart else "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            theme = theme_for(self.palette())
            if self.chart is None:
                painter.fillRect(self.rect(), QColor(theme.background))
            else:
                paint_chart(painter, QRectF(self.rect()), self.chart, theme)
        finally:
            painter.end()
