"""Quote drift: meaning-bearing differences between a claim group's canonical wording and one variant.

Five detectors, one registry (``DETECTORS``): numbers and quantities, negation, hedges and modality,
attribution, and a direct quote turned into paraphrase. Each reads one ``Comparison`` (both wordings
split into words and aligned once: ``workbench.analysis.comparison``) and returns ``DriftFlag``s naming
the words on each side with their spans in code points, so a view can highlight them.

What is not drift: spelling of the same value ("a third" / "33 %"), typography (curly or straight
quotes, dashes), case, and a variant that covers less or more of the sentence than the canonical
wording (changes at either end where one side has nothing are the extent of the marked claim, not
the outlet's wording). The detectors read English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from workbench.analysis.comparison import Analysed, Comparison, Span, Wording, region_spans, word_spans
from workbench.analysis.cues import modals, negations
from workbench.analysis.quantities import Quantity, same_quantity
from workbench.analysis.text import gap_span

__all__ = ["DETECTORS", "KIND_LABELS", "Analysed", "DriftFlag", "DriftKind", "Wording", "detect_drift"]


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
class DriftFlag:
    """One meaning-bearing difference: the words on each side, what changed, and where (code points)."""

    kind: DriftKind
    canonical: str
    variant: str
    detail: str
    canonical_spans: tuple[Span, ...] = ()
    variant_spans: tuple[Span, ...] = ()


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
            word_spans(c.a_words, na) or region_spans(c.a_words, r.a_start, r.a_end),
            word_spans(c.b_words, nb) or region_spans(c.b_words, r.b_start, r.b_end),
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
            word_spans(c.a_words, a_idx) or region_spans(c.a_words, r.a_start, r.a_end),
            word_spans(c.b_words, b_idx) or region_spans(c.b_words, r.b_start, r.b_end),
        ))
    return flags


# -- attribution ---------------------------------------------------------------------------------------------

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
            spans = word_spans(c.b_words, unquoted)
        elif changed:
            detail = "the quoted words differ"
            spans = word_spans(c.b_words, [j for r in changed for j in range(r.b_start, r.b_end)]) or tuple(
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
            word_spans(c.a_words, a_idx), word_spans(c.b_words, newly + added),
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
