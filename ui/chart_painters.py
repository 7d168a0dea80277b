"""The three charts drawn with QPainter: stacked bars by outlet, the spread matrix, the first-appearance timeline.

Each painter draws one ``ChartData`` (computed by the core) into a plot rectangle with a ``ChartTheme``;
``ui.charts`` adds the frame (title, legend, note) and the targets (widget, PNG, SVG).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from workbench.service import ChartData

TEXT_ON_RATING = "#1b1b1b"  # dark text on the light rating tints (4.5:1 or better, checked in the core)


@dataclass(frozen=True)
class ChartTheme:
    """Colours of a chart on a light or a dark page."""

    name: str
    background: str
    text: str
    muted: str
    grid: str
    empty: str

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = ChartTheme("light", "#ffffff", "#1b1b1b", "#5b6168", "#e1e4e8", "#eef0f3")
DARK = ChartTheme("dark", "#1e2024", "#e9eaec", "#a7acb3", "#3a3e45", "#2b2e34")
THEMES = {t.name: t for t in (LIGHT, DARK)}


def font(size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(size)))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def outline(colour: str, theme: ChartTheme) -> QColor:
    """A rating tint's edge: darker on a light page, lighter on a dark one, so pale tints keep their shape."""
    c = QColor(colour)
    return c.darker(150) if not theme.dark else c.lighter(115)


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least high (1, 2, 5 x 10^n steps)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    ticks = [0.0]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _elide(p: QPainter, text: str, width: float) -> str:
    return QFontMetricsF(p.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)


def _label_width(p: QPainter, labels: list[str], available: float, share: float = 0.32) -> float:
    metrics = QFontMetricsF(p.font())
    widest = max((metrics.horizontalAdvance(t) for t in labels), default=0.0)
    return min(widest + 12, available * share)


def draw_cell(p: QPainter, rect: QRectF, colour: str, theme: ChartTheme, radius: float = 3.0) -> None:
    p.setPen(QPen(outline(colour, theme), 1))
    p.setBrush(QColor(colour))
    p.drawRoundedRect(rect, radius, radius)


# -- verdicts by outlet: horizontal stacked bars -------------------------------------------------------------

def paint_outlet_verdicts(p: QPainter, area: QRectF, chart: ChartData, theme: ChartTheme) -> None:
    rows = chart.outlets
    p.setFont(font(13))
    label_w = _label_width(p, rows, area.width())
    axis_h = 22.0
    plot = QRectF(area.left() + label_w, area.top(), area.width() - label_w - 40, area.height() - axis_h)
    row_h = min(ROW_HEIGHT[chart.kind], plot.height() / max(len(rows), 1))
    bar_h = max(6.0, row_h * 0.64)
    totals = [sum(r) for r in chart.counts]
    ticks = nice_ticks(max(totals, default=1))
    scale = plot.width() / ticks[-1]
    p.setFont(font(11))
    for t in ticks:  # grid and axis labels
        x = plot.left() + t * scale
        p.setPen(QPen(QColor(theme.grid), 1))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.top() + row_h * len(rows)))
        p.setPen(QColor(theme.muted))
        p.drawText(QRectF(x - 30, plot.top() + row_h * len(rows) + 4, 60, 16), Qt.AlignmentFlag.AlignHCenter,
                   f"{t:g}")
    for i, outlet in enumerate(rows):
        top = plot.top() + i * row_h
        p.setFont(font(13))
        p.setPen(QColor(theme.text))
        p.drawText(QRectF(area.left(), top, label_w - 10, row_h), Qt.AlignmentFlag.AlignRight
                   | Qt.AlignmentFlag.AlignVCenter, _elide(p, outlet, label_w - 10))
        x = plot.left()
        bar_top = top + (row_h - bar_h) / 2
        p.setFont(font(12, bold=True))
        for rating, n in zip(chart.ratings, chart.counts[i], strict=True):
            if not n:
                continue
            rect = QRectF(x, bar_top, n * scale, bar_h)
            draw_cell(p, rect, rating.colour, theme, 2.0)
            if rect.width() >= QFontMetricsF(p.font()).horizontalAdvance(str(n)) + 8:
                p.setPen(QColor(TEXT_ON_RATING))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(n))
            x += n * scale
        p.setPen(QColor(theme.text))
        p.setFont(font(12))
        p.drawText(QRectF(x + 6, top, 40, row_h), Qt.AlignmentFlag.AlignVCenter, str(totals[i]))


# -- spread: outlets x claim groups ------------------------------------------------------------------------------

def paint_spread(p: QPainter, area: QRectF, chart: ChartData, theme: ChartTheme) -> None:
    rows, groups = chart.outlets, chart.groups
    p.setFont(font(13))
    label_w = _label_width(p, rows, area.width(), 0.28)
    header_h = AXIS_HEIGHT[chart.kind]
    key_w = 300.0 if area.width() - label_w > 700 and len(groups) <= 24 else 0.0
    grid_w = area.width() - label_w - key_w
    cell = min(ROW_HEIGHT[chart.kind], grid_w / max(len(groups), 1), (area.height() - header_h) / max(len(rows), 1))
    gap = max(2.0, cell * 0.12)
    left, top = area.left() + label_w, area.top() + header_h
    p.setFont(font(11))
    p.setPen(QColor(theme.muted))
    for j, g in enumerate(groups):  # column headers, slanted
        p.save()
        p.translate(left + j * cell + cell / 2, top - 6)
        p.rotate(-50)
        p.drawText(QPointF(0, 0), f"#{g.id}")
        p.restore()
    for i, outlet in enumerate(rows):
        y = top + i * cell
        p.setFont(font(13))
        p.setPen(QColor(theme.text))
        p.drawText(QRectF(area.left(), y, label_w - 10, cell), Qt.AlignmentFlag.AlignRight
                   | Qt.AlignmentFlag.AlignVCenter, _elide(p, outlet, label_w - 10))
        for j, g in enumerate(groups):
            rect = QRectF(left + j * cell + gap / 2, y + gap / 2, cell - gap, cell - gap)
            if chart.cells[i][j]:
                draw_cell(p, rect, chart.colour(g.rating), theme)
            else:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(theme.empty))
                p.drawRoundedRect(rect, 3, 3)
    if key_w:  # which claim each column is
        x = left + len(groups) * cell + 24
        p.setFont(font(12))
        metrics = QFontMetricsF(p.font())
        line = metrics.height() + 4
        for j, g in enumerate(groups):
            y = top + j * line
            if y + line > area.bottom():
                break
            draw_cell(p, QRectF(x, y + 3, 10, 10), chart.colour(g.rating), theme, 2)
            p.setPen(QColor(theme.muted))
            p.drawText(QPointF(x + 16, y + metrics.ascent()), f"#{g.id}")
            p.setPen(QColor(theme.text))
            p.drawText(QPointF(x + 56, y + metrics.ascent()), _elide(p, g.label, area.right() - x - 60))


# -- timeline: first appearance per outlet ------------------------------------------------------------------------

def date_ticks(first: dt.date, last: dt.date) -> tuple[list[dt.date], str]:
    """Readable ticks between two dates (days, weeks, months or years) and their label format."""
    span = (last - first).days
    if span <= 14:
        return [first + dt.timedelta(days=d) for d in range(span + 1)], "%d %b"
    if span <= 120:
        start = first - dt.timedelta(days=first.weekday())
        return [start + dt.timedelta(weeks=w) for w in range(span // 7 + 2)], "%d %b"
    if span <= 1100:
        ticks, d = [], dt.date(first.year, first.month, 1)
        step = 1 if span <= 400 else 3
        while d <= last:
            ticks.append(d)
            month = d.month - 1 + step
            d = dt.date(d.year + month // 12, month % 12 + 1, 1)
        return ticks, "%b %Y"
    return [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)], "%Y"


def paint_timeline(p: QPainter, area: QRectF, chart: ChartData, theme: ChartTheme) -> None:
    rows = chart.rows
    dates = [pt.date for r in rows for pt in r.points]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    pad = max(0.5, span * 0.06)  # days of air on either side, so no dot sits on the frame
    p.setFont(font(13))
    label_w = _label_width(p, [r.label for r in rows], area.width(), 0.36)
    axis_h = AXIS_HEIGHT[chart.kind]
    plot = QRectF(area.left() + label_w + 12, area.top(), area.width() - label_w - 24, area.height() - axis_h)
    row_h = min(ROW_HEIGHT[chart.kind], plot.height() / max(len(rows), 1))

    def x_of(d: dt.date) -> float:
        return plot.left() + ((d - first).days + pad) / (span + 2 * pad) * plot.width()

    ticks, fmt = date_ticks(first, last)
    p.setFont(font(11))
    bottom = plot.top() + row_h * len(rows)
    for t in ticks:
        if not first <= t <= last:
            continue
        x = x_of(t)
        p.setPen(QPen(QColor(theme.grid), 1))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, bottom))
        p.setPen(QColor(theme.muted))
        p.drawText(QRectF(x - 40, bottom + 4, 80, 16), Qt.AlignmentFlag.AlignHCenter, t.strftime(fmt))
    labelled = any(r.label != r.points[0].outlet for r in rows)  # rows are groups: name each dot's outlets
    for i, row in enumerate(rows):
        y = plot.top() + i * row_h + row_h / 2
        p.setFont(font(13))
        p.setPen(QColor(theme.text))
        p.drawText(QRectF(area.left(), y - row_h / 2, label_w, row_h), Qt.AlignmentFlag.AlignRight
                   | Qt.AlignmentFlag.AlignVCenter, _elide(p, row.label, label_w))
        by_date: dict[dt.date, list[str]] = {}
        earliest = next((pt.date for pt in row.points if pt.first), None)
        for pt in row.points:
            by_date.setdefault(pt.date, []).append(pt.outlet)
        xs = [x_of(d) for d in by_date]
        if len(xs) > 1:
            p.setPen(QPen(QColor(theme.grid), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(min(xs), y), QPointF(max(xs), y))
        colour = chart.colour(row.rating)
        for day, outlets in by_date.items():
            x = x_of(day)
            first_here = day == earliest
            radius = 8.0 if first_here else 6.0
            p.setPen(QPen(QColor(theme.text) if first_here else outline(colour, theme), 2 if first_here else 1))
            p.setBrush(QColor(colour))
            p.drawEllipse(QPointF(x, y), radius, radius)
            if labelled:
                p.setFont(font(10))
                p.setPen(QColor(theme.muted))
                text = _elide(p, ", ".join(outlets), 240)
                width = QFontMetricsF(p.font()).horizontalAdvance(text)
                left = x + radius + 3 if x + radius + 3 + width <= plot.right() else x - radius - 3 - width
                p.drawText(QPointF(left, y - radius + 1), text)


ROW_HEIGHT = {"outlet-verdicts": 38.0, "spread": 44.0, "timeline": 40.0}  # at most, per row
AXIS_HEIGHT = {"outlet-verdicts": 22.0, "spread": 48.0, "timeline": 24.0}


def plot_height(chart: ChartData) -> float:
    """The height a chart's plot needs at full row height."""
    rows = len(chart.outlets) if chart.kind in ("outlet-verdicts", "spread") else len(chart.rows)
    return rows * ROW_HEIGHT[chart.kind] + AXIS_HEIGHT[chart.kind] + 8


Painter = Callable[[QPainter, QRectF, ChartData, ChartTheme], None]
PAINTERS: dict[str, Painter] = {
    "outlet-verdicts": paint_outlet_verdicts,
    "spread": paint_spread,
    "timeline": paint_timeline,
}
