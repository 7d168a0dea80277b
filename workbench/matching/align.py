"""Where in one article a claim appears: dense windows of its terms, refined by fuzzy alignment."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.matching.analysis import Analysis, Query
from workbench.matching.scoring import MIN_SHARED_TERMS

BOUNDARY_SLACK = 16  # characters either side of an aligned edge where a better word edge is sought
SENTENCE_REACH = 80  # characters before a reworded match where its sentence start is still taken in
PRUNE_MARGIN = 0.1  # rounding slack on the bounds below (they are exact)
NEAR_COPY = 90.0  # character score from which a match is a near copy (its span is kept exact)
BREAK_PENALTY = 20.0  # a span should not run across a sentence break the claim does not have

# The gap before a sentence (after . ! ? and closing quotes), a paragraph, or an opening quote.
# (The leading look-ahead lets the scan skip the characters no gap starts with.)
_SENTENCE_GAP = re.compile(r"""(?=[.!?,:; ])(?:(?P<stop>[.!?]["')]*)|[,:;]?)(?P<space> )(?P<opening>["'(])?(?=\w)""")
_BREAK_IN_CLAIM = re.compile(r"""[.!?]["']* ["'(]?\w""")


@dataclass(frozen=True)
class SpanMatch:
    """A span of an article's normalised text that matches a claim, with its scores (0-100)."""

    start: int
    end: int
    score: float
    char_score: float
    token_score: float


def find_spans(query: Query, doc: Analysis, *, limit: int = 1, min_score: float = 0.0) -> list[SpanMatch]:
    """The best non-overlapping spans of the whole doc for query, best first (at most limit)."""
    return place_spans(query, doc, 0, len(doc.norm.text), limit=limit, min_score=min_score)


def place_spans(
    query: Query, doc: Analysis, lo: int, hi: int, *, limit: int = 1, min_score: float = 0.0
) -> list[SpanMatch]:
    """The best non-overlapping spans inside the normalised region [lo, hi) of doc, best first.

    The region is where retrieval found the claim (a passage and its neighbours); the densest runs of
    the claim's terms there are aligned with the claim's text. Nothing is left out for holding too
    little of the claim: a rewording sharing two words still gets its span placed.
    """
    if not query.terms:
        return []
    first, stop = bisect_left(doc.tokens.starts, lo), bisect_left(doc.tokens.starts, hi)
    terms = doc.tokens.terms
    hits = [k for k in range(first, stop) if terms[k] in query.weights]
    windows = _windows(query, terms, hits, limit + 1, 0.0)
    found: list[SpanMatch] = []
    for w_first, w_last, _weight in windows:
        match = _align(query, doc, w_first, w_last, min_score)
        if match is not None and not any(_overlaps(match, other) for other in found):
            found.append(match)
    found.sort(key=lambda m: (-m.score, m.start))
    return [m for m in found if m.score >= min_score][:limit]


def _overlaps(a: SpanMatch, b: SpanMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _windows(
    query: Query, terms: list[str], hits: list[int], count: int, min_weight: float
) -> list[tuple[int, int, float]]:
    """The best non-overlapping windows over the claim-term hits (token indices, ascending)."""
    if not hits:
        return []
    weights = query.weights
    reach = max(len(query.terms) + 6, int(len(query.terms) * 1.8) + 1)
    counts: dict[str, int] = {}
    weight = 0.0
    left = 0
    scored: list[tuple[float, int, int]] = []
    for k in hits:
        term = terms[k]
        if counts.get(term, 0) == 0:
            weight += weights[term]
        counts[term] = counts.get(term, 0) + 1
        # Drop hits from the left while out of reach or repeated later in the window.
        while k - hits[left] >= reach or counts[terms[hits[left]]] > 1:
            gone = terms[hits[left]]
            counts[gone] -= 1
            if counts[gone] == 0:
                weight -= weights[gone]
            left += 1
        if weight >= min_weight:
            scored.append((weight, hits[left], k))
    scored.sort(key=lambda w: (-w[0], w[2] - w[1], w[1]))
    chosen: list[tuple[int, int, float]] = []
    for weight, first, last in scored:
        if all(last < a or first > b for a, b, _ in chosen):
            chosen.append((first, last, weight))
            if len(chosen) >= count:
                break
    return chosen


def _align(
    query: Query, doc: Analysis, first: int, last: int, min_score: float
) -> SpanMatch | None:
    """Align the claim text around a token window and pick the best word-bounded span."""
    text = doc.norm.text
    q = query.text
    core_start, core_end = doc.tokens.starts[first], doc.tokens.ends[last]
    pad = len(q) // 2 + BOUNDARY_SLACK
    lo = max(0, core_start - pad)
    hi = min(len(text), core_end + pad)
    aligned = fuzz.partial_ratio_alignment(q, text[lo:hi])
    if aligned is None:
        return None
    # Cheap bounds first: the best character score and the best token score any span of this stretch
    # can have; a window that cannot reach min_score is not refined. The character bound is exact: a
    # span shares at most the stretch's longest common subsequence L with the claim, so its ratio is at
    # most 2L / (len(claim) + L).
    if min_score > 0:
        best_token = 100.0 * best_token_score(query, doc, lo - BOUNDARY_SLACK, hi + BOUNDARY_SLACK)
        stretch = text[max(0, lo - BOUNDARY_SLACK) : hi + BOUNDARY_SLACK]
        common = fuzz.ratio(q, stretch) * (len(q) + len(stretch)) / 200.0
        best_char = 200.0 * common / (len(q) + common) if common > 0 else 0.0
        if max(best_char, (best_char + best_token) / 2) < min_score - PRUNE_MARGIN:
            return None
    a_start, a_end = lo + aligned.dest_start, lo + aligned.dest_end
    lo_words = min(a_start, core_start) - BOUNDARY_SLACK
    hi_words = max(a_end, core_end) + BOUNDARY_SLACK
    sentences = _sentence_starts(doc, max(0, lo_words - SENTENCE_REACH), min(len(text), hi_words + SENTENCE_REACH))
    starts = _word_starts(text, lo_words, max(a_start, core_start) + BOUNDARY_SLACK)
    ends = _word_ends(text, min(a_end, core_end) - BOUNDARY_SLACK, hi_words)
    check_breaks = _BREAK_IN_CLAIM.search(q) is None
    if check_breaks:  # the match may lie in one sentence of a window that spans several
        inside = [b for b in sentences if core_start < b < core_end]
        starts = sorted(set(starts).union(inside))
        ends = sorted(set(ends).union(_end_before(text, b) for b in inside))
    best: tuple[float, int, int, float, float] | None = None
    token_ends = doc.tokens.ends
    stops = [bisect_left(token_ends, e + 1) for e in ends]  # per end: the tokens inside end before this one
    breaks_to = [bisect_left(sentences, e) for e in ends] if check_breaks else [0] * len(ends)
    for s in starts:
        tokens = _GrowingSpan(query, doc, s)
        breaks_before = bisect_right(sentences, s)
        for e, stop, breaks in zip(ends, stops, breaks_to, strict=True):  # ascending: the tokens only grow
            if e - s < 2:
                continue
            char = fuzz.ratio(q, text[s:e])
            token = 100.0 * tokens.similarity_through(stop)
            objective = char + token
            if check_breaks:
                objective -= BREAK_PENALTY * max(0, breaks - breaks_before)
            if best is None or objective > best[0]:
                best = (objective, s, e, char, token)
    if best is None:
        return None
    _, s, e, char, token = best
    if char < NEAR_COPY:
        # A rewording: show its whole sentence (or quotation) when it is only a few words longer.
        s = max((b for b in sentences if s - SENTENCE_REACH <= b <= s), default=s)
        later = [_end_before(text, b) for b in sentences if b > e] + _quote_ends(text, e, e + SENTENCE_REACH // 2)
        e = min((x for x in later if e <= x <= e + SENTENCE_REACH // 2), default=e)
    s, e = _match_edges(q, text, s, e)
    return SpanMatch(s, e, alignment_score(char, token), char, token)


def alignment_score(char_score: float, token_score: float) -> float:
    """How well a placed span fits the claim (0-100), to choose between spans of one article.

    The character ratio, or its mean with the token score when that is higher; no shared content
    terms (token score 0), no match. The suggestion's own score comes from ``scoring.score_of``.
    """
    if token_score <= 0:
        return 0.0
    return round(max(char_score, (char_score + token_score) / 2), 1)


class _GrowingSpan:
    """token_similarity of text[start:end] for a fixed start and growing ends, one token at a time."""

    def __init__(self, query: Query, doc: Analysis, start: int) -> None:
        self.weights, self.total = query.weights, query.total
        self.needed = min(MIN_SHARED_TERMS, len(self.weights))
        self.terms, self.ends = doc.tokens.terms, doc.tokens.ends
        self.first = self.stop = bisect_left(doc.tokens.starts, start)
        self.matched = 0
        self.seen: set[str] = set()
        self.weight = 0.0

    def similarity_up_to(self, end: int) -> float:
        """The claim's token F1 (0-1) over the tokens inside [start, end); ends must not decrease."""
        return self.similarity_through(bisect_left(self.ends, end + 1))

    def similarity_through(self, stop: int) -> float:
        """``similarity_up_to`` given the index of the first token not inside (bisect_left(ends, end + 1))."""
        stop = max(stop, self.stop)
        weights = self.weights
        for term in self.terms[self.stop : stop]:
            if term in weights:
                self.matched += 1
                if term not in self.seen:
                    self.seen.add(term)
                    self.weight += weights[term]
        self.stop = stop
        if self.stop <= self.first or self.total <= 0 or not self.matched or len(self.seen) < self.needed:
            return 0.0
        precision = self.matched / (self.stop - self.first)
        recall = self.weight / self.total
        return 2 * precision * recall / (precision + recall)


def best_token_score(query: Query, doc: Analysis, lo: int, hi: int) -> float:
    """An upper bound of token_similarity for every span inside text[lo:hi] (see ``best_terms_score``)."""
    starts, ends = doc.tokens.starts, doc.tokens.ends
    first = bisect_left(starts, lo)
    stop = bisect_left(ends, hi + 1, lo=first)
    return best_terms_score(query, doc.tokens.terms[first:stop])


def best_terms_score(query: Query, terms: list[str]) -> float:
    """The best token_similarity of any run of a text's content terms (in order) against the claim.

    A span's token score is the F1 of its content tokens against the claim; trimming tokens that are
    not claim terms off its edges only raises it, so the best span runs from one claim-term token to
    another: trying every such pair gives the exact maximum.
    """
    weights, total = query.weights, query.total
    if total <= 0:
        return 0.0
    hits = [k for k, term in enumerate(terms) if term in weights]
    needed = min(MIN_SHARED_TERMS, len(weights))
    best = 0.0
    for i, left in enumerate(hits):
        seen: set[str] = set()
        weight = 0.0
        for j in range(i, len(hits)):
            term = terms[hits[j]]
            if term not in seen:
                seen.add(term)
                weight += weights[term]
            if len(seen) < needed or weight <= 0:
                continue
            precision = (j - i + 1) / (hits[j] - left + 1)
            recall = weight / total
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def _sentence_starts(doc: Analysis, lo: int, hi: int) -> list[int]:
    """Normalised positions in [lo, hi] where a sentence, paragraph or quotation starts."""
    text = doc.norm.text
    original = doc.original
    paragraphs = doc.paragraph_spaces
    found: list[int] = []
    for match in _SENTENCE_GAP.finditer(text, max(lo - 4, 0), hi):
        p = match.end()
        if p >= len(text) or p < lo:
            continue
        if match.group("opening") or match.start("space") in paragraphs:
            found.append(p)
        elif match.group("stop"):
            after = doc.norm.char_span(p)[0]
            if not original or original[after].isupper() or original[after].isdigit():
                found.append(p)
    return found


def _end_before(text: str, start: int) -> int:
    """The end of the sentence before a sentence start (its punctuation kept, spaces dropped)."""
    end = start
    while end > 0 and text[end - 1] in " \"'":
        end -= 1
    while end < start and text[end] in "\"'":
        end += 1
    return end


def _quote_ends(text: str, lo: int, hi: int) -> list[int]:
    """Positions just inside a closing quote mark (the quotation's words end there)."""
    return [p for p in range(max(lo, 1), min(hi, len(text))) if text[p] == '"' and not text[p - 1].isspace()]


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    """Positions in [lo, hi] where a word starts."""
    lo, hi = max(0, lo), min(len(text) - 1, hi)
    return [p for p in range(lo, hi + 1) if text[p].isalnum() and (p == 0 or not text[p - 1].isalnum())]


def _word_ends(text: str, lo: int, hi: int) -> list[int]:
    """Positions in [lo, hi] where a word ends (exclusive end offsets)."""
    lo, hi = max(1, lo), min(len(text), hi)
    return [p for p in range(lo, hi + 1) if text[p - 1].isalnum() and (p == len(text) or not text[p].isalnum())]


def _match_edges(q: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the quote marks and punctuation the claim itself starts or ends with."""
    lead = len(q) - len(q.lstrip("\"'([ "))
    for _ in range(lead):
        if start > 0 and text[start - 1] in "\"'(" and text[start - 1] in q[:lead]:
            start -= 1
    trail = q[len(q.rstrip(".,;:!?\"') ")):]
    for ch in trail:
        if ch == " ":
            continue
        if end < len(text) and text[end] == ch:
            end += 1
    return start, end
