"""Claim highlights: overlapping claim spans cut into flat pieces, laid onto a document in one pass.

Instead of one QTextCursor.mergeCharFormat per claim (which rewrites the document's format runs),
each text block gets its pieces as QTextLayout formats, the way QSyntaxHighlighter stores them;
the document itself never changes, and re-highlighting touches only blocks that hold claims.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument, QTextLayout

from ui.offsets import OffsetMap

_BLOCK_BREAK = re.compile("[\n\r\u2029]")
TEXT_ON_HIGHLIGHT = "#1b1b1b"  # dark text on the light rating colours, in light and dark palettes


@dataclass(frozen=True, slots=True)
class Mark:
    """One claim to highlight: a code point span, its claim and group, and the colour to use."""

    start: int
    end: int
    claim_id: int
    group_id: int
    colour: str


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


def blend(colours: Sequence[str]) -> QColor:
    """The colour of a piece: the claims' colours mixed, darker for each extra overlapping claim."""
    qcolours = [QColor(c) for c in colours]
    n = len(qcolours)
    mixed = QColor(
        sum(c.red() for c in qcolours) // n,
        sum(c.green() for c in qcolours) // n,
        sum(c.blue() for c in qcolours) // n,
    )
    return mixed.darker(100 + 14 * (n - 1)) if n > 1 else mixed


class FormatCache:
    """One QTextCharFormat per distinct combination of colours."""

    def __init__(self) -> None:
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}

    def get(self, colours: tuple[str, ...]) -> QTextCharFormat:
        """The format for a piece covered by claims of these colours (outermost first)."""
        fmt = self._formats.get(colours)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(blend(colours))
            fmt.setForeground(QColor(TEXT_ON_HIGHLIGHT))
            if len(colours) > 1:  # overlap: mark it with a dotted underline, too
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(TEXT_ON_HIGHLIGHT))
            self._formats[colours] = fmt
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


class DocumentHighlights:
    """Lays claim pieces onto a QTextDocument's block layouts and can clear them again."""

    def __init__(self, document: QTextDocument, text: str, offsets: OffsetMap) -> None:
        self.document = document
        self.offsets = offsets
        self.blocks = BlockMap(text, offsets)
        self.formats = FormatCache()
        self._applied: dict[int, tuple] = {}  # block -> what it shows now, to skip unchanged blocks

    def apply(self, marks: Iterable[Mark]) -> list[Piece]:
        """Show these marks (replacing earlier ones); returns the pieces in code points."""
        cut = pieces(marks)
        per_block: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}
        to_u16 = self.offsets.to_utf16
        blocks = self.blocks
        for piece in cut:
            colours = tuple(m.colour for m in piece.marks)
            start, end = to_u16(piece.start), to_u16(piece.end)
            block = blocks.block_of(start)
            while start < end:
                block_start = blocks.starts[block]
                stop = min(end, blocks.end_of(block))
                if stop > start:
                    per_block.setdefault(block, []).append((start - block_start, stop - start, colours))
                block += 1
                if block >= len(blocks.starts):
                    break
                start = blocks.starts[block]
        for number in self._applied.keys() - per_block.keys():
            self._layout(number).setFormats([])
        for number, spans in per_block.items():
            signature = tuple(spans)
            if self._applied.get(number) != signature:
                self._layout(number).setFormats([self._range(*span) for span in spans])
        self._applied = {number: tuple(spans) for number, spans in per_block.items()}
        return cut

    def _range(self, start: int, length: int, colours: tuple[str, ...]) -> QTextLayout.FormatRange:
        rng = QTextLayout.FormatRange()
        rng.start, rng.length, rng.format = start, length, self.formats.get(colours)
        return rng

    def _layout(self, number: int) -> QTextLayout:
        return self.document.findBlockByNumber(number).layout()
