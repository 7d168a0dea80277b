"""The read-only text of one article with its claims highlighted, hover details and click-to-select.

Highlights are tints with the rating's underline (ui.highlights) plus a marker in the left margin, drawn
beside every line that holds a claim. Paragraphs separated by single line breaks get a gap after them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from ui.highlights import DocumentHighlights, Mark, Piece
from ui.offsets import OffsetMap, display_text
from ui.paragraph_layout import ParagraphLayout, needs_paragraph_spacing
from ui.resources import highlight_colours

MARGIN = 10  # document margin: room for the rating marker on the left
MARKER_WIDTH = 4
PARAGRAPH_GAP = 0.6  # of a line's height, after each paragraph of a single-line-break article

TooltipFn = Callable[[list[Mark]], str]


class ArticleText(QPlainTextEdit):
    """Shows an article; emits the claim under a click; outlines the claims of the selected group."""

    claimClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setCenterOnScroll(False)
        self.setMouseTracking(True)
        self.paragraphs = ParagraphLayout(self.document())
        self.document().setDocumentLayout(self.paragraphs)
        self.document().setDocumentMargin(MARGIN)
        self.text = ""
        self.offsets = OffsetMap("")
        self._highlights: DocumentHighlights | None = None
        self._pieces: list[Piece] = []
        self._piece_starts: list[int] = []
        self._marks: dict[int, Mark] = {}
        self._emphasis: list[tuple[int, int]] = []  # UTF-16 spans outlined as the selected group
        self.context_actions: list[QAction] = []
        self.tooltip_for: TooltipFn = _default_tooltip
        self._press_pos: QPoint | None = None

    # -- content ---------------------------------------------------------------------------------

    def show_text(self, text: str, marks: Iterable[Mark] = ()) -> None:
        """Replace the text and its highlights (a fresh document, highlighted before it is laid out)."""
        self.text = text
        self.offsets = OffsetMap(text)
        spaced = needs_paragraph_spacing(text)
        self.paragraphs.gap = self.fontMetrics().lineSpacing() * PARAGRAPH_GAP if spaced else 0.0
        self.setPlainText(display_text(text))
        self._highlights = DocumentHighlights(self.document(), text, self.offsets, self.palette())
        self._emphasis = []
        self.set_marks(marks)

    def set_marks(self, marks: Iterable[Mark]) -> None:
        """Replace the claim highlights (the text stays)."""
        listed = list(marks)
        self._marks = {m.claim_id: m for m in listed}
        self._pieces = self._highlights.apply(listed) if self._highlights else []
        self._piece_starts = [p.start for p in self._pieces]
        self.viewport().update()

    def marks(self) -> list[Mark]:
        """The claims highlighted now, by position."""
        return sorted(self._marks.values(), key=lambda m: (m.start, m.end))

    def mark(self, claim_id: int) -> Mark | None:
        """The highlight of one claim, if this text shows it."""
        return self._marks.get(claim_id)

    def marks_at(self, cp: int) -> list[Mark]:
        """The claims covering code point offset cp, outermost first."""
        i = bisect_right(self._piece_starts, cp) - 1
        if i >= 0 and self._pieces[i].start <= cp < self._pieces[i].end:
            return list(self._pieces[i].marks)
        return []

    def set_emphasis(self, claim_ids: Iterable[int]) -> None:
        """Outline these claims (the selected group's variants in this article)."""
        spans = [self._marks[c] for c in claim_ids if c in self._marks]
        self._emphasis = [self.offsets.span_to_utf16(m.start, m.end) for m in spans]
        self.viewport().update()

    def emphasised(self) -> list[tuple[int, int]]:
        """The outlined spans, in code points."""
        return [(self.offsets.to_cp(s), self.offsets.to_cp(e)) for s, e in self._emphasis]

    # -- selection and scrolling -----------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selected text as a code point span without surrounding white space, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.span_to_cp(cursor.selectionStart(), cursor.selectionEnd())
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        """Select a code point span, as a user dragging over it would."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        cursor.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        """Drop the text selection (after it became a claim), keeping the caret where it ended."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def scroll_to(self, start: int, end: int | None = None) -> None:
        """Scroll so that the span starting at code point start sits in the middle of the view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_utf16(start))
        self.setTextCursor(cursor)
        self.centerCursor()
        if end is not None and not self.is_visible(start, end):
            self.ensureCursorVisible()

    def is_visible(self, start: int, end: int) -> bool:
        """True when the span's first line is inside the viewport."""
        rects = self.span_rects(*self.offsets.span_to_utf16(start, end))
        area = QRectF(self.viewport().rect())
        return bool(rects) and area.contains(rects[0].center())

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles (one per visible line) covering a UTF-16 span."""
        rects: list[QRectF] = []
        block = self.document().findBlock(start)
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid() and block.position() <= end:
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= 0:
                layout, base = block.layout(), block.position()
                for n in range(layout.lineCount()):
                    line = layout.lineAt(n)
                    a = max(start, base + line.textStart())
                    b = min(end, base + line.textStart() + line.textLength())
                    if a < b:
                        x1 = _x(line.cursorToX(a - base))
                        x2 = _x(line.cursorToX(b - base))
                        rect = QRectF(x1, line.y(), max(x2 - x1, 2.0), line.height())
                        rects.append(rect.translated(geometry.topLeft()))
            block = block.next()
        return rects

    # -- painting and input ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the text, the rating markers in the margin, then outline the selected group's claims."""
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        self._paint_markers(painter)
        if self._emphasis:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            outline = QColor(highlight_colours()["selected_outline"])
            fill = QColor(outline)
            fill.setAlpha(40)
            painter.setPen(QPen(outline, 2))
            painter.setBrush(fill)
            for start, end in self._emphasis:
                for rect in self.span_rects(start, end):
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        painter.end()

    def markers(self) -> list[tuple[QRectF, QColor]]:
        """The margin markers of the visible lines: where each is drawn and in which colour."""
        found: list[tuple[QRectF, QColor]] = []
        highlights = self._highlights
        if highlights is None or not highlights.applied:
            return found
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            spans = highlights.applied.get(block.blockNumber())
            if spans and block.isVisible():
                layout = block.layout()
                for n in range(layout.lineCount()):
                    line = layout.lineAt(n)
                    lo, hi = line.textStart(), line.textStart() + line.textLength()
                    covering = [s for s in spans if s[0] < hi and s[0] + s[1] > lo]
                    if covering:
                        colour = highlights.mark_colour(covering[-1][2])
                        top = geometry.top() + line.y()
                        found.append((QRectF(2, top + 1, MARKER_WIDTH, line.height() - 2), colour))
            block = block.next()
        return found

    def _paint_markers(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, colour in self.markers():
            painter.fillRect(rect, colour)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (light or dark) gets tints that keep the text readable on it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._highlights is not None:
            self._highlights.set_palette(self.palette())
            self.set_marks(list(self._marks.values()))

    def viewportEvent(self, event: QEvent) -> bool:
        """Hovering over a claim shows its group, rating and status."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cp = self.char_at(event.pos())
            marks = self.marks_at(cp) if cp is not None else []
            if marks:
                QToolTip.showText(event.globalPos(), self.tooltip_for(marks), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def char_at(self, pos: QPoint) -> int | None:
        """The code point offset of the character under a viewport point, or None past the text."""
        cursor = self.cursorForPosition(pos)
        u16 = cursor.position()
        if pos.x() < self.cursorRect(cursor).x() and u16 > 0:
            u16 -= 1
        if u16 >= self.offsets.length_u16:
            return None
        return self.offsets.to_cp(u16)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click (not a drag) on a highlight selects its claim."""
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        pos = event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (pos - press).manhattanLength() > 4 or self.textCursor().hasSelection():
            return
        self.click_at(pos)

    def click_at(self, pos: QPoint) -> int | None:
        """Select the innermost claim under a viewport point; returns its id."""
        cp = self.char_at(pos)
        marks = self.marks_at(cp) if cp is not None else []
        if not marks:
            return None
        self.claimClicked.emit(marks[-1].claim_id)
        return marks[-1].claim_id

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The usual copy / select-all menu with the claim actions on top."""
        menu: QMenu = self.createStandardContextMenu(event.pos())
        menu.setObjectName("articleContextMenu")
        existing = menu.actions()
        if existing:
            menu.insertActions(existing[0], self.context_actions)
            if self.context_actions:
                menu.insertSeparator(existing[0])
        else:
            menu.addActions(self.context_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()


def _default_tooltip(marks: list[Mark]) -> str:
    return "<br>".join(f"Claim {m.claim_id} (group {m.group_id})" for m in marks)


def _x(found: object) -> float:
    """The x of QTextLine.cursorToX, which PySide6 returns as (x, position)."""
    assert isinstance(found, tuple)
    return float(found[0])
