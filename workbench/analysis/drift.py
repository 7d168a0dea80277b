"""Quote drift: meaning-bearing differences between a claim group's canonical wording and one variant.

Five detectors, one registry (``DETECTORS``): numbers and quantities, negation, hedges and modality,
attribution, and a direct quote turned into paraphrase. Each reads one ``Comparison`` (both wordings
split into words and aligned once) and returns ``DriftFlag``s naming the words on each side with
their spans in code points, so a view can highlight them.

What is not drift: spelling of the same value ("a third" / "33 %"), typography (curly or straight
quotes, dashes), case, and a variant that covers less or more of the sentence than the canonical
wording (changes at either end where one side has nothing are the extent of the marked claim, not
the outlet's wording). The detectors read English.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar, overload

from workbench.analysis.attribution import Attribution, attributions, may_attribute
from workbench.analysis.cues import cue_flags, modals, negations
from workbench.analysis.quantities import Quantity, quantities, same_quantity
from workbench.analysis.text import Region, Words, align, gap_span, quoted_ranges, quoted_words, span_of, text_of, words

Span = tuple[int, int]
_ANY_QUOTE = re.compile(r"[\"“”„‟«»‹›‘’‚']")


class DriftKind(StrEnum):
    NUMBER = "number"
    NEGATION = "negation"
    HEDGE = "hedge"
    ATTRIBUTION = "attribution"
    PARAPHRASE = "paraphrase"


KIND_LABELS = {
    DriftKind.NUMBER: "number changed",
    DriftKind.NEGATION: "negation",
    DriftKind.HEDGE: "hedge or modality",
    DriftKind.ATTRIBUTION: "attribution",
    DriftKind.PARAPHRASE: "quote to paraphrase",
}


@dataclass(frozen=True)
class Wording:
    """A wording with the text just around it in its article (its sentence), where quotes and speakers sit."""

    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class DriftFlag:
    """One meaning-bearing difference: the words on each side, what changed, and where (code points)."""

    kind: DriftKind
    canonical: str
    variant: str
    detail: str
    canonical_spans: tuple[Span, ...] = ()
    variant_spans: tuple[Span, ...] = ()


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
    def quantities(self) -> tuple[Quantity, ...]:
        return quantities(self.wording.text)

    @lazy
    def quoted(self) -> list[bool]:
        w = self.wording
        if not _ANY_QUOTE.search(w.before) and not _ANY_QUOTE.search(w.text) and not _ANY_QUOTE.search(w.after):
            return [False] * len(self.words)
        return _quoted(w, self.words)

    @lazy
    def cues(self) -> tuple[bool, bool]:
        """Whether the wording has any negation, any modal word (to skip detectors with nothing to read)."""
        return cue_flags(self.wording.text, self.words)

    @lazy
    def own_attributions(self) -> list[tuple[Attribution, Span | None]]:
        return _attributions(self.wording, context=False)

    @lazy
    def sentence_attributions(self) -> list[tuple[Attribution, Span | None]]:
        return _attributions(self.wording, context=True)


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
    def _alignment(self) -> tuple[list[tuple[int, int]], list[Region]]:
        return align(self.a_words, self.b_words)

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return self._alignment[0]

    @lazy
    def regions(self) -> list[Region]:
        """Changed regions, without the ends where only one side has words (the claim's extent)."""
        na, nb = len(self.a_words), len(self.b_words)
        return [r for r in self._alignment[1] if not self._extent(r, na, nb)]

    @lazy
    def extent_ranges(self) -> tuple[list[Span], list[Span]]:
        """Character ranges of each side that lie outside the other's extent."""
        na, nb = len(self.a_words), len(self.b_words)
        a_out: list[Span] = []
        b_out: list[Span] = []
        for r in self._alignment[1]:
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


def _quoted(wording: Wording, ws: Words) -> list[bool]:
    full = wording.before + wording.text + wording.after
    return quoted_words(ws, quoted_ranges(full), offset=len(wording.before))


def _spans(ws: Words, indices: Iterable[int]) -> tuple[Span, ...]:
    """Spans of the given words, neighbours merged into one span."""
    out: list[Span] = []
    for i in sorted(set(indices)):
        w = ws[i]
        if out and i > 0 and out[-1][1] == ws[i - 1].end:
            out[-1] = (out[-1][0], w.end)
        else:
            out.append((w.start, w.end))
    return tuple(out)


def _region_spans(ws: Words, start: int, end: int) -> tuple[Span, ...]:
    span = span_of(ws, start, end) or gap_span(ws, start)
    return (span,) if span else ()


def _quote(text: str) -> str:
    return f"“{text}”"


# -- numbers ------------------------------------------------------------------------------------------

def detect_numbers(c: Comparison) -> list[DriftFlag]:
    """Quantities on one side with no equal quantity on the other (30 vs 40, 'about 30' vs '30', $ vs €)."""
    if not c.aa.quantities and not c.ba.quantities:
        return []
    if len(c.aa.quantities) == len(c.ba.quantities) and all(
            same_quantity(x, y) for x, y in zip(c.aa.quantities, c.ba.quantities, strict=True)):
        return []  # the same quantities in the same order
    a_out, b_out = c.extent_ranges
    qa = [q for q in c.aa.quantities if not _inside(q, a_out)]
    qb = [q for q in c.ba.quantities if not _inside(q, b_out)]
    used: set[int] = set()
    lost: list[Quantity] = []
    for q in qa:
        match = next((k for k, other in enumerate(qb) if k not in used and same_quantity(q, other)), None)
        if match is None:
            lost.append(q)
        else:
            used.add(match)
    gained = [q for k, q in enumerate(qb) if k not in used]
    flags: list[DriftFlag] = []
    for old, new in _pair_quantities(lost, gained):
        if old and new:
            detail = f"{old.text} → {new.text}"
        elif old:
            detail = f"{old.text} is missing"
        else:
            detail = f"{new.text} added"  # type: ignore[union-attr]
        flags.append(DriftFlag(
            DriftKind.NUMBER, old.text if old else "", new.text if new else "", detail,
            ((old.start, old.end),) if old else (), ((new.start, new.end),) if new else (),
        ))
    return flags


def _inside(q: Quantity, ranges: Sequence[Span]) -> bool:
    return any(start <= q.start and q.end <= end for start, end in ranges)


def _pair_quantities(lost: list[Quantity], gained: list[Quantity]) -> list[tuple[Quantity | None, Quantity | None]]:
    """Changed quantities paired in reading order, same kind first; the rest dropped or added."""
    pairs: list[tuple[Quantity | None, Quantity | None]] = []
    left = list(lost)
    right = list(gained)
    for old in list(left):
        new = next((q for q in right if q.dimension == old.dimension), None)
        if new is not None:
            pairs.append((old, new))
            left.remove(old)
            right.remove(new)
    for old, new in zip(left, right, strict=False):
        pairs.append((old, new))
    n = min(len(left), len(right))
    pairs.extend((old, None) for old in left[n:])
    pairs.extend((None, new) for new in right[n:])
    return sorted(pairs, key=lambda p: (p[1] or p[0]).start)  # type: ignore[union-attr]


# -- negation -------------------------------------------------------------------------------------------

def detect_negation(c: Comparison) -> list[DriftFlag]:
    """A changed stretch with more or fewer negations on one side ('will not' vs 'will')."""
    if not c.aa.cues[0] and not c.ba.cues[0]:
        return []
    flags = []
    for r in c.regions:
        na = negations(c.a_words, r.a_start, r.a_end)
        nb = negations(c.b_words, r.b_start, r.b_end)
        if len(na) == len(nb):
            continue
        cues = [c.a_words[i].text for i in na] if len(na) > len(nb) else [c.b_words[i].text for i in nb]
        verb = "dropped" if len(na) > len(nb) else "added"
        flags.append(DriftFlag(
            DriftKind.NEGATION, c.a_text(r.a_start, r.a_end), c.b_text(r.b_start, r.b_end),
            f"negation {verb}: {', '.join(_quote(w) for w in cues)}",
            _spans(c.a_words, na) or _region_spans(c.a_words, r.a_start, r.a_end),
            _spans(c.b_words, nb) or _region_spans(c.b_words, r.b_start, r.b_end),
        ))
    return flags


# -- hedges and modality -------------------------------------------------------------------------------------

def detect_hedges(c: Comparison) -> list[DriftFlag]:
    """A changed stretch whose modal words say something else ('will' vs 'may', 'reportedly' added)."""
    if not c.aa.cues[1] and not c.ba.cues[1]:
        return []
    flags = []
    for r in c.regions:
        ma = modals(c.a_words, r.a_start, r.a_end)
        mb = modals(c.b_words, r.b_start, r.b_end)
        lost = Counter(m for _, m in ma) - Counter(m for _, m in mb)
        gained = Counter(m for _, m in mb) - Counter(m for _, m in ma)
        if not lost and not gained:
            continue
        a_idx = [i for i, m in ma if m in lost]
        b_idx = [i for i, m in mb if m in gained]
        a_cues = ", ".join(_quote(c.a_words[i].text) for i in a_idx)
        b_cues = ", ".join(_quote(c.b_words[i].text) for i in b_idx)
        if a_cues and b_cues:
            detail = f"{a_cues} → {b_cues} ({', '.join(lost)} → {', '.join(gained)})"
        elif a_cues:
            detail = f"{a_cues} dropped ({', '.join(lost)})"
        else:
            detail = f"{b_cues} added ({', '.join(gained)})"
        flags.append(DriftFlag(
            DriftKind.HEDGE, c.a_text(r.a_start, r.a_end), c.b_text(r.b_start, r.b_end), detail,
            _spans(c.a_words, a_idx) or _region_spans(c.a_words, r.a_start, r.a_end),
            _spans(c.b_words, b_idx) or _region_spans(c.b_words, r.b_start, r.b_end),
        ))
    return flags


# -- attribution ---------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…][\"”’»]?\s+(?=[\"“‘«]?[A-Z])")


def _attributions(w: Wording, *, context: bool) -> list[tuple[Attribution, Span | None]]:
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


def detect_attribution(c: Comparison) -> list[DriftFlag]:
    """The speaker named by the canonical wording missing, replaced or added in the variant."""
    a_atts = c.aa.sentence_attributions
    b_atts = c.ba.sentence_attributions if a_atts else c.ba.own_attributions
    if not a_atts and not b_atts:
        return []
    unmatched_b = list(b_atts)
    lost = []
    for att, span in a_atts:
        match = next((x for x in unmatched_b if att.same_speaker(x[0])), None)
        if match is None:
            lost.append((att, span))
        else:
            unmatched_b.remove(match)
    flags = []
    for k in range(max(len(lost), len(unmatched_b))):
        old = lost[k] if k < len(lost) else None
        new = unmatched_b[k] if k < len(unmatched_b) else None
        if old and new:
            detail = f"{_quote(old[0].speaker)} → {_quote(new[0].speaker)}"
        elif old:
            detail = f"attribution to {_quote(old[0].speaker)} dropped"
        else:
            detail = f"attribution to {_quote(new[0].speaker)} added"  # type: ignore[index]
        flags.append(DriftFlag(
            DriftKind.ATTRIBUTION, old[0].phrase if old else "", new[0].phrase if new else "", detail,
            (old[1],) if old and old[1] else (), (new[1],) if new and new[1] else (),
        ))
    return flags


# -- quote to paraphrase -----------------------------------------------------------------------------------

def detect_paraphrase(c: Comparison) -> list[DriftFlag]:
    """A direct quote whose words the variant gives without quotation marks, or changes; or the reverse."""
    flags = []
    aq, bq = c.a_quoted, c.b_quoted
    if not any(aq) and not any(bq):
        return []
    b_of = dict(c.pairs)
    a_of = {j: i for i, j in c.pairs}
    explained: set[int] = set()
    for s, e in _runs(aq):
        changed = [r for r in c.regions
                   if (r.a_start < e and r.a_end > s) or (r.a_start == r.a_end and s < r.a_start < e)]
        b_idx = sorted({b_of[i] for i in range(s, e) if i in b_of}
                       | {j for r in changed for j in range(r.b_start, r.b_end)})
        if not b_idx:
            continue
        unquoted = [j for j in b_idx if not bq[j]]
        explained.update(b_idx)
        if unquoted:
            detail = "direct quote given as the outlet's own words"
            spans = _spans(c.b_words, unquoted)
        elif changed:
            detail = "the quoted words differ"
            spans = _spans(c.b_words, [j for r in changed for j in range(r.b_start, r.b_end)]) or tuple(
                x for r in changed if (x := gap_span(c.b_words, r.b_start)) is not None)
        else:
            continue
        flags.append(DriftFlag(DriftKind.PARAPHRASE, c.a_text(s, e), c.b_text(b_idx[0], b_idx[-1] + 1), detail,
                               ((c.a_words[s].start, c.a_words[e - 1].end),), spans))
    for s, e in _runs(bq):
        fresh = [j for j in range(s, e) if j not in explained]
        newly = [j for j in fresh if j in a_of and not aq[a_of[j]]]  # the same words, quoted only in the variant
        added = [j for r in c.regions if r.b_start < e and r.b_end > s and not any(aq[r.a_start : r.a_end])
                 for j in range(max(r.b_start, s), min(r.b_end, e)) if j not in explained]
        if not newly and not added:
            continue
        a_idx = [a_of[j] for j in newly]
        flags.append(DriftFlag(
            DriftKind.PARAPHRASE, c.a_text(min(a_idx), max(a_idx) + 1) if a_idx else "", c.b_text(s, e),
            "words given as a direct quote that the canonical wording does not quote",
            _spans(c.a_words, a_idx), _spans(c.b_words, newly + added),
        ))
    return flags


def _runs(mask: list[bool]) -> list[tuple[int, int]]:
    runs = []
    start = None
    for i, on in enumerate([*mask, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i))
            start = None
    return runs


Detector = Callable[[Comparison], list[DriftFlag]]
DETECTORS: dict[DriftKind, Detector] = {
    DriftKind.NUMBER: detect_numbers,
    DriftKind.NEGATION: detect_negation,
    DriftKind.HEDGE: detect_hedges,
    DriftKind.ATTRIBUTION: detect_attribution,
    DriftKind.PARAPHRASE: detect_paraphrase,
}


CONTEXT_KINDS = (DriftKind.ATTRIBUTION, DriftKind.PARAPHRASE)  # the detectors that read around the wording


def detect_drift(canonical: Analysed | Wording | str, variant: Analysed | Wording | str,
                 kinds: Iterable[DriftKind] | None = None) -> list[DriftFlag]:
    """Every meaning-bearing difference of variant from canonical, in the variant's reading order.

    Pass ``Analysed`` wordings to analyse a canonical wording once for all its variants.
    """
    a = canonical if isinstance(canonical, Analysed) else Analysed(canonical)
    b = variant if isinstance(variant, Analysed) else Analysed(variant)
    if a.wording == b.wording:
        return []
    wanted = [DriftKind(k) for k in kinds] if kinds is not None else list(DETECTORS)
    if a.wording.text == b.wording.text:  # the same words: only what is around them can differ
        wanted = [k for k in wanted if k in CONTEXT_KINDS]
    comparison = Comparison(a, b)
    flags: list[DriftFlag] = []
    for kind in wanted:
        flags.extend(DETECTORS[kind](comparison))
    order = list(DETECTORS)
    return sorted(flags, key=lambda f: ((f.variant_spans or f.canonical_spans or ((0, 0),))[0][0],
                                        order.index(f.kind)))
