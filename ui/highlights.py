"""Claim highlights: overlapping claim spans cut into flat pieces, laid onto a document in one pass.

Instead of one QTextCursor.mergeCharFormat per claim (which rewrites the document's format runs),
each text block gets its pieces as QTextLayout formats, the way QSyntaxHighlighter stores them;
the document itself never changes, and re-highlighting touches only blocks that hold claims.

The rating shows three ways, so no one depends on colour alone: a tint behind the text (light enough,
or dark enough, that the palette's text keeps WCAG AA contrast), an underline in the rating colour
(solid when rated, dashed while unrated, wavy where claims overlap) and a marker in the left margin.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextDocument, QTextLayout

from ui.colours import Tint, blend, tint_for
from ui.offsets import OffsetMap

_BLOCK_BREAK = re.compile("[\n\r\u2029]")


@dataclass(frozen=True, slots=True)
class Mark:
    """One claim to highlight: a code point span, its claim and group, its rating colour, whether it is rated."""

    start: int
    end: int
    claim_id: int
    group_id: int
    colour: str
    rated: bool = True


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text covered by the same claims (innermost last)."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def pieces(marks: Iterable[Mark]) -> list[Piece]:
    """Cut possibly overlapping marks into non-overlapping pieces, in text order."""
    events: list[tuple[int, int, int, Mark]] = []
    for i, mark in enumerate(marks):
        if mark.end > mark.start:
            events.append((mark.start, 1, i, mark))
            events.append((mark.end, 0, i, mark))
    events.sort(key=lambda e: (e[0], e[1]))
    result: list[Piece] = []
    active: dict[int, Mark] = {}
    position = 0
    for at, is_start, i, mark in events:
        if active and at > position:
            ordered = sorted(active.values(), key=lambda m: (m.start, -m.end, m.claim_id))
            result.append(Piece(position, at, tuple(ordered)))
        position = at
        if is_start:
            active[i] = mark
        else:
            active.pop(i, None)
    return result


Style = tuple[tuple[str, ...], bool]  # the colours of a piece's claims (outermost first), all of them rated


class FormatCache:
    """One QTextCharFormat per distinct combination of colours, for one palette."""

    def __init__(self, palette: QPalette) -> None:
        self.text = palette.color(QPalette.ColorRole.Text).name()
        self.base = palette.color(QPalette.ColorRole.Base).name()
        self._formats: dict[Style, QTextCharFormat] = {}

    def tint(self, colours: tuple[str, ...]) -> Tint:
        """The tint of a piece: its claims' colours mixed, on this palette."""
        mixed = blend([QColor(c) for c in colours]) if len(colours) > 1 else QColor(colours[0])
        return tint_for(mixed.name(), self.text, self.base)

    def get(self, style: Style) -> QTextCharFormat:
        """The format for a piece covered by claims of these colours."""
        fmt = self._formats.get(style)
        if fmt is None:
            colours, rated = style
            tint = self.tint(colours)
            fmt = QTextCharFormat()
            fmt.setBackground(tint.background)
            if len(colours) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            elif rated:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(tint.mark)
            self._formats[style] = fmt
        return fmt


class BlockMap:
    """Where each text block of a document starts, in UTF-16 positions."""

    def __init__(self, text: str, offsets: OffsetMap) -> None:
        breaks = [m.start() for m in _BLOCK_BREAK.finditer(text)]
        self.starts = [0] + [offsets.to_utf16(b) + 1 for b in breaks]
        self.length_u16 = offsets.length_u16

    def block_of(self, u16: int) -> int:
        """The number of the block holding UTF-16 position u16."""
        return bisect_right(self.starts, u16) - 1

    def end_of(self, block: int) -> int:
        """The UTF-16 position just past the block's last character (before its break)."""
        return self.starts[block + 1] - 1 if block + 1 < len(self.starts) else self.length_u16


Span = tuple[int, int, Style]  # start and length within a block (UTF-16), and the piece's style


class DocumentHighlights:
    """Lays claim pieces onto a QTextDocument's block layouts and can clear them again."""

    def __init__(self, document: QTextDocument, text: str, offsets: OffsetMap, palette: QPalette) -> None:
        self.document = document
        self.offsets = offsets
        self.blocks = BlockMap(text, offsets)
        self.formats = FormatCache(palette)
        self.applied: dict[int, tuple[Span, ...]] = {}  # block -> what it shows now (skips unchanged blocks)

    def set_palette(self, palette: QPalette) -> None:
        """Switch to a palette's tints; the next apply() redraws every highlighted block."""
        self.formats = FormatCache(palette)
        self.applied = {}

    def apply(self, marks: Iterable[Mark]) -> list[Piece]:
        """Show these marks (replacing earlier ones); returns the pieces in code points."""
        cut = pieces(marks)
        per_block: dict[int, list[Span]] = {}
        to_u16 = self.offsets.to_utf16
        blocks = self.blocks
        for piece in cut:
            style: Style = (tuple(m.colour for m in piece.marks), all(m.rated for m in piece.marks))
            start, end = to_u16(piece.start), to_u16(piece.end)
            block = blocks.block_of(start)
            while start < end:
                block_start = blocks.starts[block]
                stop = min(end, blocks.end_of(block))
                if stop > start:
                    per_block.setdefault(block, []).append((start - block_start, stop - start, style))
                block += 1
                if block >= len(blocks.starts):
                    break
                start = blocks.starts[block]
        for number in self.applied.keys() - per_block.keys():
            self._layout(number).setFormats([])
        for number, spans in per_block.items():
            if self.applied.get(number) != tuple(spans):
                self._layout(number).setFormats([self._range(*span) for span in spans])
        self.applied = {number: tuple(spans) for number, spans in per_block.items()}
        return cut

    def mark_colour(self, style: Style) -> QColor:
        """The colour of a piece's underline and margin marker."""
        return self.formats.tint(style[0]).mark

    def _range(self, start: int, length: int, style: Style) -> QTextLayout.FormatRange:
        rng = QTextLayout.FormatRange()
        rng.start, rng.length, rng.format = start, length, self.formats.get(style)
        return rng

    def _layout(self, number: int) -> QTextLayout:
        return self.document.findBlockByNumber(number).layout()
