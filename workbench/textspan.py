"""Spans of an article's text, their quote-and-context anchors, and re-anchoring after edits.

All offsets are Python code points.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.errors import QuoteNotFound, SpanOutOfRange
from workbench.states import AnchorState

CONTEXT_CHARS = 32
FUZZY_MIN_SCORE = 85.0

ANCHORED = AnchorState.ANCHORED
MOVED = AnchorState.MOVED
FUZZY = AnchorState.FUZZY
NEEDS_REVIEW = AnchorState.NEEDS_REVIEW
ANCHOR_STATES = tuple(AnchorState)


@dataclass(frozen=True)
class Anchor:
    """Where a claim was, and what it said, with the text just before and after it."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Placement:
    """Where re-anchoring put a claim in the new text, and how sure it is."""

    start: int
    end: int
    state: AnchorState


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor of text[start:end]; raises SpanOutOfRange for an empty or out-of-range span."""
    if not (0 <= start < end <= len(text)):
        raise SpanOutOfRange(f"span {start}:{end} is outside the article's text (0:{len(text)}) or empty")
    if not text[start:end].strip():
        raise SpanOutOfRange(f"span {start}:{end} holds only white space")
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Start and end of the n-th (1-based) exact occurrence of quote; raises QuoteNotFound."""
    if not quote.strip():
        raise QuoteNotFound("the quote is empty")
    if occurrence < 1:
        raise QuoteNotFound(f"occurrence must be 1 or more, not {occurrence}")
    positions = occurrences(text, quote)
    if not positions:
        raise QuoteNotFound(f"the quote does not occur in the article: {shorten(quote)!r}")
    if occurrence > len(positions):
        raise QuoteNotFound(
            f"the quote occurs {len(positions)} time(s) in the article, not {occurrence}: {shorten(quote)!r}"
        )
    start = positions[occurrence - 1]
    return start, start + len(quote)


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of quote in text (overlapping occurrences included)."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How many characters two spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def shorten(text: str, width: int = 60) -> str:
    """The text on one line, cut to width characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _context_score(text: str, start: int, end: int, anchor: Anchor) -> float:
    """How well the text around a candidate matches the anchor's stored context (0-100)."""
    prefix = text[max(0, start - len(anchor.prefix)) : start]
    suffix = text[end : end + len(anchor.suffix)]
    scores = []
    if anchor.prefix:
        scores.append(fuzz.ratio(prefix, anchor.prefix))
    if anchor.suffix:
        scores.append(fuzz.ratio(suffix, anchor.suffix))
    return sum(scores) / len(scores) if scores else 100.0


def reanchor(text: str, anchor: Anchor, *, min_score: float = FUZZY_MIN_SCORE) -> Placement:
    """Place an anchor in a (changed) text: same offsets, nearest exact quote, fuzzy, or needs review."""
    if text[anchor.start : anchor.end] == anchor.quote:
        return Placement(anchor.start, anchor.end, ANCHORED)
    exact = occurrences(text, anchor.quote)
    if exact:
        # Prefer the occurrence whose surroundings still match; among equals, the nearest one.
        best = max(
            exact,
            key=lambda at: (round(_context_score(text, at, at + len(anchor.quote), anchor) / 10),
                            -abs(at - anchor.start)),
        )
        return Placement(best, best + len(anchor.quote), MOVED)
    placed = _fuzzy_place(text, anchor, min_score)
    if placed is not None:
        return placed
    start = min(anchor.start, max(0, len(text) - 1))
    end = min(max(anchor.end, start + 1), len(text))
    return Placement(start, end, NEEDS_REVIEW)


def _fuzzy_place(text: str, anchor: Anchor, min_score: float) -> Placement | None:
    """Find an edited quote: locate its context-and-quote window, then the quote inside it."""
    if not text:
        return None
    window_query = anchor.prefix + anchor.quote + anchor.suffix
    region = fuzz.partial_ratio_alignment(window_query, text)
    if region is None:  # rapidfuzz gives None only below a score_cutoff; none is set
        return None
    lo = max(0, region.dest_start - CONTEXT_CHARS)
    hi = min(len(text), region.dest_end + CONTEXT_CHARS)
    inner = fuzz.partial_ratio_alignment(anchor.quote, text[lo:hi])
    if inner is None or inner.score < min_score:
        return None
    start, end = lo + inner.dest_start, lo + inner.dest_end
    start, end = _trim_to_words(text, start, end, anchor.quote)
    if start >= end or fuzz.ratio(text[start:end], anchor.quote) < min_score:
        return None
    return Placement(start, end, FUZZY)


def _trim_to_words(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Grow or shrink a fuzzy span so it starts and ends like the quote does (no cut words)."""
    if quote[:1].isalnum():
        while start < end and not text[start].isalnum():
            start += 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    if quote[-1:].isalnum():
        while end > start and not text[end - 1].isalnum():
            end -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
    while start < end and text[start].isspace() and not quote[:1].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not quote[-1:].isspace():
        end -= 1
    return start, end
