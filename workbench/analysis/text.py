"""Words with their code-point spans, word alignment of two wordings, and what lies inside quotation marks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

# A word: letters and digits with inner apostrophes or hyphens kept ("didn't", "non-starters"),
# or a dotted abbreviation ("U.S.").
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’\-]\w+)*")
_PLAIN = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
MERGE_GAP = 2  # changed runs this few equal words apart are one region (a reworded phrase)


class Word(NamedTuple):
    """A word of a text: as written, folded (case, apostrophes), and its span in code points."""

    text: str
    norm: str
    start: int
    end: int


Words = tuple[Word, ...]
CACHED_TEXTS = 4096  # wordings whose analysis is kept (a few MB)


class Region(NamedTuple):
    """A changed stretch of two aligned wordings, as word index ranges [a_start, a_end) and [b_start, b_end)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


_FOLDED: dict[str, str] = {}
_MAX_FOLDED = 100_000


def fold(word: str) -> str:
    """A word as compared: case-folded, curly apostrophes straightened, dots of abbreviations dropped."""
    found = _FOLDED.get(word)
    if found is None:
        if len(_FOLDED) >= _MAX_FOLDED:
            _FOLDED.clear()
        found = _FOLDED[word] = word.casefold().translate(_PLAIN).replace(".", "")
    return found


folded_before = _FOLDED.get  # fold(word) when it was folded before, else None: the hot loops skip a call
_new_tuple = tuple.__new__  # builds a Word without NamedTuple.__new__'s keyword handling (words() makes many)


@lru_cache(maxsize=CACHED_TEXTS)
def words(text: str) -> Words:
    """The words of a text in order, with their spans (kept for the last few thousand texts: reprints and
    wire copy repeat a claim's wording in many articles)."""
    return tuple([_new_tuple(Word, (w := m.group(), folded_before(w) or fold(w), *m.span()))
                  for m in _WORD.finditer(text)])


def norms(ws: Words) -> tuple[str, ...]:
    """The folded words, as align() compares them."""
    return tuple([w.norm for w in ws])


def align(a: Words, b: Words) -> tuple[list[tuple[int, int]], list[Region]]:
    """Equal word pairs (index in a, index in b) and the changed regions between them.

    Changed runs separated by at most MERGE_GAP equal words form one region, so a phrase reworded
    around a kept word ("did not go" -> "never went") is compared as a whole.
    """
    return align_norms(norms(a), norms(b))


def align_norms(na: Sequence[str], nb: Sequence[str], *,
                with_pairs: bool = True) -> tuple[list[tuple[int, int]], list[Region]]:
    """align() over the folded words of each side (a wording compared many times folds its words once).

    with_pairs=False leaves the equal pairs out (most comparisons read only the changed regions).
    """
    len_a, len_b = len(na), len(nb)
    head = 0  # the common beginning and end need no matcher (most variants differ in a few words)
    while head < len_a and head < len_b and na[head] == nb[head]:
        head += 1
    tail = 0
    while tail < len_a - head and tail < len_b - head and na[-1 - tail] == nb[-1 - tail]:
        tail += 1
    x, y = list(na[head : len_a - tail]), list(nb[head : len_b - tail])
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if not x or not y:  # one side's middle is empty: one insertion or deletion, or nothing
        opcodes = [("delete" if x else "insert", 0, len(x), 0, len(y))] if x or y else []
    elif len(x) * len(y) <= SMALL:
        opcodes = _small_opcodes(x, y)
    else:
        opcodes = SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
    pairs: list[tuple[int, int]] = [(i, i) for i in range(head)] if with_pairs else []
    regions: list[Region] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            if with_pairs:
                pairs.extend(zip(range(head + i1, head + i2), range(head + j1, head + j2), strict=True))
            continue
        region = Region(head + i1, head + i2, head + j1, head + j2)
        last = regions[-1] if regions else None
        if last and region.a_start - last.a_end <= MERGE_GAP and region.b_start - last.b_end <= MERGE_GAP:
            regions[-1] = Region(last.a_start, region.a_end, last.b_start, region.b_end)
        else:
            regions.append(region)
    if with_pairs:
        pairs.extend((len_a - tail + k, len_b - tail + k) for k in range(tail))
    return pairs, regions


SMALL = 400  # cells of the LCS table below which a plain table beats difflib


def _small_opcodes(x: list[str], y: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes (equal, replace, insert, delete) from a longest common subsequence of two short lists."""
    n, m = len(x), len(y)
    if not n or not m:
        return [("delete" if n else "insert", 0, n, 0, m)] if n or m else []
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        xi = x[i]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if xi == y[j] else max(below[j], row[j + 1])
    matches = []
    i = j = 0
    while i < n and j < m:
        if x[i] == y[j]:
            matches.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for a, b in [*matches, (n, m)]:
        if i < a or j < b:
            tag = "replace" if i < a and j < b else "delete" if i < a else "insert"
            opcodes.append((tag, i, a, j, b))
        if a < n and b < m:
            if opcodes and opcodes[-1][0] == "equal" and opcodes[-1][2] == a and opcodes[-1][4] == b:
                opcodes[-1] = ("equal", opcodes[-1][1], a + 1, opcodes[-1][3], b + 1)
            else:
                opcodes.append(("equal", a, a + 1, b, b + 1))
        i, j = a + 1, b + 1
    return opcodes


def span_of(ws: Words, start: int, end: int) -> tuple[int, int] | None:
    """The code-point span covering words [start, end), or None when the range is empty."""
    if end <= start:
        return None
    return ws[start].start, ws[end - 1].end


def text_of(text: str, ws: Words, start: int, end: int) -> str:
    """The text covered by words [start, end) as written ("" when empty)."""
    span = span_of(ws, start, end)
    return text[span[0] : span[1]] if span else ""


def gap_span(ws: Words, at: int) -> tuple[int, int] | None:
    """Where something is missing before word index `at`: the neighbouring words (for highlighting)."""
    if not ws:
        return None
    before = ws[at - 1] if at > 0 else None
    after = ws[at] if at < len(ws) else None
    start = (before or after).start  # type: ignore[union-attr]
    end = (after or before).end  # type: ignore[union-attr]
    return start, end


# -- quotation marks ---------------------------------------------------------------------------------

_OPENERS = "“„«‹‟"
_CLOSERS = "”»›"
_QUOTE_RUN = re.compile(r"[\"“”„‟«»‹›‘’‚']+")
_OPEN_CONTEXT = set(" \t\n\r([{—–-/")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Stretches of text inside quotation marks (code points, marks excluded).

    Double quotes pair up in order: curly ones by their shape, straight ones (and runs such as
    ``""`` or ``‘“``) by what is around them. A closing mark with no opening one before it means the
    text began inside a quote; an opening mark never closed runs to the end of its paragraph. Single
    quotes count only when they pair (an apostrophe never opens or closes anything). Quotes do not
    cross paragraphs (a line break after a sentence's end, or a blank line); a hard wrap inside a
    sentence is no paragraph end.
    """
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # ('"' or "'", position after the opening mark)
    seen_open = False
    line_start = 0
    for m in _QUOTE_RUN.finditer(text):
        newline = _paragraph_break(text, line_start, m.start())
        if newline >= 0:  # a new paragraph: quotes left open in the last one end there
            ranges.extend((pos, newline) for kind, pos in stack if kind == '"')
            stack.clear()
            line_start = newline + 1
            while line_start < m.start() and text[line_start].isspace():
                line_start += 1
        run = m.group()
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if run in ("’", "'") and before.isalnum() and after.isalnum():
            continue  # apostrophe
        if all(c in "‘’‚'" for c in run):
            if run[0] in "‘‚" or (run == "'" and (before.isspace() or before in _OPEN_CONTEXT) and after.isalnum()):
                stack.append(("'", m.end()))
            else:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == "'":
                        ranges.append((stack[i][1], m.start()))
                        del stack[i:]
                        break
            continue
        opening = _is_opening(run, before, after)
        if opening:
            stack.append(('"', m.end()))
            seen_open = True
            continue
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == '"':
                ranges.append((stack[i][1], m.start()))
                del stack[i:]
                break
        else:
            if not seen_open and not ranges:
                ranges.append((0, m.start()))  # the text began inside a quote
    for kind, pos in stack:
        if kind == '"':  # never closed: runs to the end of its paragraph
            end = _paragraph_break(text, pos, len(text), first=True)
            ranges.append((pos, end if end >= 0 else len(text)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_SENTENCE_END = set(".!?…:”\"’»")


def _paragraph_break(text: str, start: int, end: int, *, first: bool = False) -> int:
    """The last (or first) line break in text[start:end] that ends a paragraph, or -1.

    A hard wrap inside a sentence is no paragraph end: the line before must end a sentence, or the
    next line be blank.
    """
    breaks = [m.start() for m in re.finditer("\n", text[start:end])]
    for at in breaks if first else reversed(breaks):
        at += start
        before = text[start:at].rstrip(" \t\r")
        if not before or before[-1] in _SENTENCE_END or text[at + 1 : at + 2] == "\n":
            return at
    return -1


def _is_opening(run: str, before: str, after: str) -> bool:
    has_open = any(c in _OPENERS for c in run)
    has_close = any(c in _CLOSERS for c in run)
    if has_open and not has_close:
        return True
    if has_close and not has_open:
        return False
    if before.isspace() or before in _OPEN_CONTEXT or before in _OPENERS:
        return not (after.isspace() or after in ".,;:!?")
    return False


def quoted_words(ws: Words, ranges: list[tuple[int, int]], offset: int = 0) -> list[bool]:
    """For each word, whether it lies inside quotation marks (ranges in a text starting `offset` earlier)."""
    out = []
    k = 0
    for w in ws:
        pos = w.start + offset
        while k < len(ranges) and ranges[k][1] <= pos:
            k += 1
        out.append(k < len(ranges) and ranges[k][0] <= pos < ranges[k][1])
    return out


CONTEXT_LIMIT = 300


def paragraph_context(text: str, start: int, end: int, limit: int = CONTEXT_LIMIT) -> tuple[str, str]:
    """The text of the paragraph around text[start:end], before and after it (at most `limit` each side)."""
    low = max(0, start - limit)
    cut = _paragraph_break(text, low, start)
    before = text[(cut + 1 if cut >= 0 else low) : start]
    high = min(len(text), end + limit)
    cut = _paragraph_break(text, end, high, first=True)
    after = text[end : cut if cut >= 0 else high]
    return before, after
