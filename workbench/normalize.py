"""Matching view of a text: quotes, dashes, spaces, line wraps, case and entities folded,
with an offset map from every normalised character back to the original text.

Each normalised character came either from one original character (plain text, case-folded)
or from a whole replaced unit (an entity, a doubled quote, ``--``, a run of white space), in
which case every character of its replacement maps to the whole unit. Deleted sequences (a
hyphen and line break inside a word, zero-width characters) map to nothing. The map is kept
as segments (arrays), so building it costs one step per special sequence, not per character.
"""

from __future__ import annotations

import html.entities
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

_DOUBLE_QUOTES = "\"“”„‟«»″〝〞＂"
_SINGLE_QUOTES = "'‘’‚‛′`‹›"
_QUOTES = _DOUBLE_QUOTES + _SINGLE_QUOTES
_DASHES = "‐‑‒–—―−"
_IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_LINE_END = r"[ \t]*(?:\r\n|\r|\n)[ \t]*"

# The leading look-ahead lets the scan skip ordinary characters quickly.
_UNIT = re.compile(
    rf"(?=[\s&\-{_QUOTES}{_DASHES}{_IGNORABLE}…])(?:"
    r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    # a word hyphenated across a line end: "nego-\ntiations" -> "negotiations"
    rf"|(?P<split>[-\u00ad](?<=[^\W\d_][-\u00ad]){_LINE_END}(?=[^\W\d_]))"
    # a compound hyphenated across a line end keeps its hyphen: "NATO-\nRussia" -> "nato-russia"
    rf"|(?P<wrap>-(?<!--){_LINE_END}(?=[^\W\d_]))"
    r"|(?P<space>[^\S ]\s*| \s+)"
    rf"|(?P<quote>[{_QUOTES}]+)"
    rf"|(?P<dash>-{{2,}}|[{_DASHES}]+)"
    rf"|(?P<ignorable>[{_IGNORABLE}]+)"
    r"|(?P<ellipsis>…))"
)
_PLAIN = -1  # unit end of a segment of plain characters


@dataclass(frozen=True)
class NormalizedText:
    """A normalised text with the original span each of its characters came from."""

    text: str
    original_length: int
    seg_norm: array  # normalised start of each segment
    seg_orig: array  # original start of each segment
    seg_end: array  # original end of a replaced unit, or _PLAIN for one-to-one characters

    def __len__(self) -> int:
        return len(self.text)

    def char_span(self, i: int) -> tuple[int, int]:
        """The original span normalised character i came from."""
        k = bisect_right(self.seg_norm, i) - 1
        unit_end = self.seg_end[k]
        if unit_end == _PLAIN:
            at = self.seg_orig[k] + i - self.seg_norm[k]
            return at, at + 1
        return self.seg_orig[k], unit_end

    def to_original(self, i: int) -> int:
        """The original offset where normalised position i (0..len) starts."""
        if i <= 0:
            return self.char_span(0)[0] if self.text else 0
        if i >= len(self.text):
            return self.char_span(len(self.text) - 1)[1] if self.text else self.original_length
        return self.char_span(i)[0]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The exact original span covering normalised text[start:end] (no extra characters)."""
        n = len(self.text)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        if start == end:
            at = self.to_original(start)
            return at, at
        return self.char_span(start)[0], self.char_span(end - 1)[1]

    def from_original(self, offset: int) -> int:
        """The first normalised position whose character comes from at or after offset."""
        k = bisect_right(self.seg_orig, offset) - 1
        if k < 0:
            return 0
        seg_start = self.seg_norm[k]
        seg_stop = self.seg_norm[k + 1] if k + 1 < len(self.seg_norm) else len(self.text)
        if self.seg_end[k] == _PLAIN:
            return min(seg_start + offset - self.seg_orig[k], seg_stop)
        return seg_start if offset <= self.seg_orig[k] else seg_stop

    def span_from_original(self, start: int, end: int) -> tuple[int, int]:
        """The normalised span of the characters that come from original[start:end]."""
        lo = self.from_original(start)
        hi = self.from_original(end)
        return lo, max(lo, hi)

    def replaced(self) -> Iterator[tuple[int, int, int, int]]:
        """(normalised start, normalised end, original start, original end) of every replaced unit."""
        for k, unit_end in enumerate(self.seg_end):
            if unit_end != _PLAIN:
                stop = self.seg_norm[k + 1] if k + 1 < len(self.seg_norm) else len(self.text)
                yield self.seg_norm[k], stop, self.seg_orig[k], unit_end

    def whole_units(self, start: int, end: int) -> tuple[int, int]:
        """Widen a normalised span so it does not cut a replacement unit (e.g. 'ss' from 'ß')."""
        n = len(self.text)
        if 0 < start < n:
            k = bisect_right(self.seg_norm, start) - 1
            if self.seg_end[k] != _PLAIN:
                start = self.seg_norm[k]
        if 0 < end < n:
            k = bisect_right(self.seg_norm, end - 1) - 1
            if self.seg_end[k] != _PLAIN:
                end = self.seg_norm[k + 1] if k + 1 < len(self.seg_norm) else n
        return start, end


# Characters a replaced unit may hold, or that a unit's look-around reads (besides white space).
_UNIT_CHARS = frozenset(_QUOTES + _DASHES + _IGNORABLE + "-&;#\u2026")
_LONGEST_ENTITY = 34  # "&" + 32 characters + ";"


def _plain_edge(text: str, at: int, inside: int) -> bool:
    """Whether no replaced unit can cross offset at, the part's character beside it being text[inside].

    A unit crossing it would hold that character (so it would not be an ordinary one) or be an entity
    begun shortly before; the character outside may be anything (a space, a quote mark).
    """
    ch = text[inside]
    return not ch.isspace() and ch not in _UNIT_CHARS and "&" not in text[max(0, at - _LONGEST_ENTITY) : at]


def normalized_part(norm: NormalizedText, text: str, start: int, end: int) -> str | None:
    """``normalize(text[start:end]).text``, taken from norm (text normalised), or None where a replaced unit
    could cross start or end (then normalise the part itself)."""
    if start >= end:
        return ""
    if start > 0 and not _plain_edge(text, start, start):
        return None
    if end < len(text) and not _plain_edge(text, end, end - 1):
        return None
    lo, hi = norm.span_from_original(start, end)
    return norm.text[lo:hi]


def _decode_entity(entity: str) -> str | None:
    """The text of an HTML entity like '&amp;' or '&#8217;', or None when it is unknown."""
    body = entity[1:-1]
    if body.startswith("#"):
        try:
            code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else None
        except ValueError:
            return None
    return html.entities.html5.get(body + ";")


def _fold_char(ch: str) -> str:
    """The matching form of one decoded character (quotes, dashes, spaces, case)."""
    if ch.isspace():
        return " "
    if ch in _DOUBLE_QUOTES:
        return '"'
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _DASHES:
        return "-"
    if ch in _IGNORABLE:
        return ""
    if ch == "…":
        return "..."
    return ch.casefold()


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "space":
        return " "
    if kind == "quote":
        run = match.group()
        if len(run) > 1:
            return '"'
        return '"' if run in _DOUBLE_QUOTES else "'"
    if kind in ("dash", "wrap"):
        return "-"
    if kind in ("split", "ignorable"):
        return ""
    if kind == "ellipsis":
        return "..."
    decoded = _decode_entity(match.group())
    if decoded is None:
        return match.group().casefold()
    return "".join(_fold_char(c) for c in decoded)


def normalize(text: str) -> NormalizedText:
    """The matching view of text, with its offset map back to the original."""
    out: list[str] = []
    seg_norm = array("i")
    seg_orig = array("i")
    seg_end = array("i")
    size = 0  # length of the normalised text so far
    pos = 0  # next original offset not yet consumed
    last_space = False  # whether the normalised text so far ends with a space
    n = len(text)
    for match in _UNIT.finditer(text):
        at = match.start()
        if at > pos:
            size = _plain(text, pos, at, last_space, out, seg_norm, seg_orig, seg_end, size)
            last_space = bool(out) and out[-1][-1:] == " "
        end = match.end()
        kind = match.lastgroup
        if kind == "space":
            repl = " "
        elif kind == "split":
            repl = "" if text[end].islower() else "-"
        else:
            repl = _replacement(match)
        if last_space and repl[:1] == " ":
            repl = repl[1:]  # white space after white space (e.g. '&nbsp;' beside a space)
        if repl:
            out.append(repl)
            seg_norm.append(size)
            seg_orig.append(at)
            seg_end.append(end)
            size += len(repl)
            last_space = repl[-1] == " "
        pos = end
    if pos < n:
        size = _plain(text, pos, n, last_space, out, seg_norm, seg_orig, seg_end, size)
    return NormalizedText("".join(out), n, seg_norm, seg_orig, seg_end)


def _plain(
    text: str, pos: int, stop: int, last_space: bool,
    out: list[str], seg_norm: array, seg_orig: array, seg_end: array, size: int,
) -> int:
    """Append the case-folded plain run text[pos:stop]; return the new normalised length."""
    if last_space and text[pos] == " ":
        pos += 1  # a plain space right after folded white space collapses into it
        if pos >= stop:
            return size
    run = text[pos:stop]
    folded = run.casefold()
    if len(folded) == len(run):
        out.append(folded)
        seg_norm.append(size)
        seg_orig.append(pos)
        seg_end.append(_PLAIN)
        return size + len(run)
    for k, ch in enumerate(run, pos):  # some character expands when case-folded ('ß' -> 'ss')
        f = ch.casefold()
        out.append(f)
        seg_norm.append(size)
        seg_orig.append(k)
        seg_end.append(_PLAIN if len(f) == 1 else k + 1)
        size += len(f)
    return size
