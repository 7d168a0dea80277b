"""Two wordings analysed for the drift detectors: words, quantities, quoted words, speakers, alignment.

An ``Analysed`` wording is computed once and can be compared with any number of others (a group's
canonical wording with each of its variants); a ``Comparison`` holds what every detector reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from workbench.analysis.attribution import Attribution, attributions, may_attribute
from workbench.analysis.cues import cue_flags_of
from workbench.analysis.quantities import Quantity, quantities
from workbench.analysis.text import (
    Region,
    Words,
    align_norms,
    gap_span,
    norms,
    quoted_ranges,
    quoted_words,
    span_of,
    text_of,
    words,
)

Span = tuple[int, int]
_ANY_QUOTE = re.compile(r"[\"“”„‟«»‹›‘’‚']")


@dataclass(frozen=True)
class Wording:
    """A wording with the text just around it in its article (its sentence), where quotes and speakers sit."""

    text: str
    before: str = ""
    after: str = ""


T = TypeVar("T")


class lazy(Generic[T]):
    """functools.cached_property without its lock (Python 3.11 takes one on every first access)."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    @overload
    def __get__(self, obj: None, owner: type) -> lazy[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: object | None, owner: type) -> T | lazy[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


class Analysed:
    """One wording analysed once (words, quantities, quoted words, speakers), for any number of comparisons."""

    def __init__(self, wording: Wording | str) -> None:
        self.wording = wording if isinstance(wording, Wording) else Wording(wording)

    @lazy
    def words(self) -> Words:
        return words(self.wording.text)

    @lazy
    def norms(self) -> tuple[str, ...]:
        return norms(self.words)

    @lazy
    def quantities(self) -> tuple[Quantity, ...]:
        return quantities(self.wording.text)

    @lazy
    def quoted(self) -> list[bool]:
        w = self.wording
        if not _ANY_QUOTE.search(w.before) and not _ANY_QUOTE.search(w.text) and not _ANY_QUOTE.search(w.after):
            return [False] * len(self.words)
        return quoted_mask(w, self.words)

    @lazy
    def cues(self) -> tuple[bool, bool]:
        """Whether the wording has any negation, any modal word (to skip detectors with nothing to read)."""
        return cue_flags_of(self.norms)

    @lazy
    def own_attributions(self) -> list[tuple[Attribution, Span | None]]:
        return attributions_in(self.wording, context=False)

    @lazy
    def sentence_attributions(self) -> list[tuple[Attribution, Span | None]]:
        return attributions_in(self.wording, context=True)


class Comparison:
    """Two wordings analysed once for every detector: words, alignment, quoted words."""

    def __init__(self, canonical: Analysed, variant: Analysed) -> None:
        self.aa, self.ba = canonical, variant
        self.a, self.b = canonical.wording, variant.wording

    @property
    def a_words(self) -> Words:
        return self.aa.words

    @property
    def b_words(self) -> Words:
        return self.ba.words

    @lazy
    def pairs(self) -> list[tuple[int, int]]:
        """Equal words (index in a, index in b)."""
        return align_norms(self.aa.norms, self.ba.norms)[0]

    @lazy
    def _changes(self) -> list[Region]:
        return align_norms(self.aa.norms, self.ba.norms, with_pairs=False)[1]

    @lazy
    def regions(self) -> list[Region]:
        """Changed regions, without the ends where only one side has words (the claim's extent)."""
        na, nb = len(self.a_words), len(self.b_words)
        return [r for r in self._changes if not self._extent(r, na, nb)]

    @lazy
    def extent_ranges(self) -> tuple[list[Span], list[Span]]:
        """Character ranges of each side that lie outside the other's extent."""
        na, nb = len(self.a_words), len(self.b_words)
        a_out: list[Span] = []
        b_out: list[Span] = []
        for r in self._changes:
            if self._extent(r, na, nb):
                if (span := span_of(self.a_words, r.a_start, r.a_end)) is not None:
                    a_out.append(span)
                if (span := span_of(self.b_words, r.b_start, r.b_end)) is not None:
                    b_out.append(span)
        return a_out, b_out

    @staticmethod
    def _extent(r: Region, na: int, nb: int) -> bool:
        at_start = r.a_start == 0 and r.b_start == 0
        at_end = r.a_end == na and r.b_end == nb
        one_sided = r.a_start == r.a_end or r.b_start == r.b_end
        return one_sided and (at_start or at_end) and bool(na and nb)

    @property
    def a_quoted(self) -> list[bool]:
        return self.aa.quoted

    @property
    def b_quoted(self) -> list[bool]:
        return self.ba.quoted

    def a_text(self, start: int, end: int) -> str:
        return text_of(self.a.text, self.a_words, start, end)

    def b_text(self, start: int, end: int) -> str:
        return text_of(self.b.text, self.b_words, start, end)


def quoted_mask(wording: Wording, ws: Words) -> list[bool]:
    full = wording.before + wording.text + wording.after
    return quoted_words(ws, quoted_ranges(full), offset=len(wording.before))


def word_spans(ws: Words, indices: Iterable[int]) -> tuple[Span, ...]:
    """Spans of the given words, neighbours merged into one span."""
    out: list[Span] = []
    for i in sorted(set(indices)):
        w = ws[i]
        if out and i > 0 and out[-1][1] == ws[i - 1].end:
            out[-1] = (out[-1][0], w.end)
        else:
            out.append((w.start, w.end))
    return tuple(out)


def region_spans(ws: Words, start: int, end: int) -> tuple[Span, ...]:
    span = span_of(ws, start, end) or gap_span(ws, start)
    return (span,) if span else ()


_SENTENCE_END = re.compile(r"[.!?…][\"”’»]?\s+(?=[\"“‘«]?[A-Z])")


def attributions_in(w: Wording, *, context: bool) -> list[tuple[Attribution, Span | None]]:
    """Attributions in the wording (with spans in it) and, with context=True, in the rest of its sentence."""
    before, after = (w.before, w.after) if context else ("", "")
    full = before + w.text + after
    if not may_attribute(full):
        return []
    low, high = len(before), len(before) + len(w.text)
    start = max((m.end() for m in _SENTENCE_END.finditer(full) if m.end() <= low), default=0)
    end = next((m.start() + 1 for m in _SENTENCE_END.finditer(full, high)), len(full))
    before, after = full[start:low], full[high:end]
    offset, stop = len(before), len(before) + len(w.text)
    found = []
    for a in attributions(before + w.text + after):
        inside = a.start >= offset and a.end <= stop
        if inside or (a.end > offset and a.start < stop) or context:
            found.append((a, (a.start - offset, a.end - offset) if inside else None))
    return found
