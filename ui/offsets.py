"""The one place where core offsets (code points) and Qt text positions (UTF-16 units) meet."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def display_text(text: str) -> str:
    """The article text as a QTextDocument should hold it, with every UTF-16 position kept.

    Qt folds "\\r\\n" into one paragraph break, which would shift every later position by one;
    a space before the newline keeps the length and looks the same.
    """
    return text.replace("\r\n", " \n") if "\r\n" in text else text


class OffsetMap:
    """Converts between code point offsets of a text and UTF-16 positions of the same text."""

    __slots__ = ("_astral", "_astral_u16", "length", "length_u16")

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]  # code point offsets of astral chars
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral)]  # their UTF-16 positions
        self.length = len(text)
        self.length_u16 = len(text) + len(self._astral)

    @property
    def identity(self) -> bool:
        """True when the text has no astral characters (both counts agree everywhere)."""
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        """The UTF-16 position of code point offset cp (clamped to the text)."""
        cp = min(max(cp, 0), self.length)
        return cp + bisect_left(self._astral, cp) if self._astral else cp

    def to_cp(self, u16: int) -> int:
        """The code point offset of UTF-16 position u16; inside a surrogate pair it rounds down."""
        u16 = min(max(u16, 0), self.length_u16)
        if not self._astral:
            return u16
        before = bisect_left(self._astral_u16, u16)  # astral chars starting before u16
        if before and self._astral_u16[before - 1] == u16 - 1:
            return self._astral[before - 1]  # between the two halves of a pair
        return u16 - before

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code point span as a UTF-16 span."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_cp(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 span as a code point span; a half-covered astral character is included whole."""
        lo = self.to_cp(start)
        hi = self.to_cp(end)
        if self.to_utf16(hi) < end:
            hi += 1
        return lo, hi
