"""Paragraph spacing for plain text whose paragraphs are single line breaks (the Tehran daily seed).

QPlainTextEdit ignores block margins, and the article's text cannot gain characters (offsets into it are
the claims' anchors). So the document layout reports each paragraph a little taller than its lines: the
text stays exactly as stored and every position keeps its meaning, but paragraphs stand apart.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

_BREAK = re.compile(r"\n")
_BLANK = re.compile(r"\n[ \t]*\n")


def needs_paragraph_spacing(text: str) -> bool:
    """True when most paragraph breaks are single line breaks (no blank line between paragraphs)."""
    breaks = len(_BREAK.findall(text))
    if breaks < 2:
        return False
    blank = len(_BLANK.findall(text))
    return blank * 4 < breaks  # a text with blank lines between its paragraphs spaces itself


class ParagraphLayout(QPlainTextDocumentLayout):
    """A plain-text layout that can leave a gap after each non-empty paragraph."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.gap = 0.0  # the space after each paragraph, in pixels; set it before the text is set

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        if self.gap and block.length() > 1 and block.next().isValid():
            rect.setHeight(rect.height() + self.gap)
        return rect
