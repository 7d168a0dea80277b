"""Passages: an article cut into sentences (long ones split, fragments joined), with code-point offsets.

Passages are the unit of retrieval: each has its content terms (for BM25) and, once embedded, a
sentence vector. The cut only looks at the stored text, so it can be redone at any time; what it
produced records ``ANALYZER`` so a library indexed by an older cut is re-indexed on use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.matching.tokens import content_terms, content_tokens
from workbench.normalize import normalize

ANALYZER = "clauses-3"  # change when the cut or the terms change: stored passages are then rebuilt
MAX_CHARS = 400  # a longer piece is split at a word boundary, whatever it is
CLAUSE_CHARS = 160  # a longer sentence is split at a clause boundary when both sides keep CLAUSE_MIN
CLAUSE_MIN = 45
MIN_CHARS = 12  # a shorter piece (a stray number, a dateline) joins the next passage of its paragraph

# Link fragments say nothing about what a claim is (https://t.co/yoEOL6vXBm, pic.twitter.com/PYQKe9Geez).
# Handles stay: @newtgingrich names who said it (a handle no other document has weighs nothing anyway).
_NOISE = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s/]+\.(?:com|org|net)/\S*")
_NOISE_HINTS = ("://", "www.", ".com/", ".org/", ".net/")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# The end of a sentence: . ! ? (and closing quotes or brackets), white space, then a capital, a digit
# or an opening quote. Decided against _ABBREVIATION below.
_STOP = re.compile(r"""[.!?…]+["'”’)\]]*(\s+)(?=["'“‘(\[]?[A-Z0-9À-Þ])""")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Jr|Sr|No|Vol|Inc|Co|"
    r"Corp|Ltd|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K)\.|\b[A-Z]\.)$"
)
_CLAUSE = re.compile(r"[;:,]\s+|\s+[-–—]+\s+")
# Where a sentence's clauses meet, with how much a cut there costs beside its distance from the middle
# (a share of the sentence): a semicolon or colon; a comma before a clause; a dash (often one of a
# pair around an aside); any comma. A quotation followed by who said it ("...," Lavrov said) is cut
# after the quote.
_CLAUSE_CUTS = (
    (re.compile(r"[;:]\s+"), 0.0),
    (re.compile(r",\s+(?=(?:with|which|while|including|after|before|but|as|although|though|because|where|"
                r"who|amid|saying|adding|according)\b)"), 0.1),
    (re.compile(r"\s+(?:--|[–—])\s+"), 0.25),
    (re.compile(r",\s+"), 0.3),
)
_OPENING = "\"“‘'«"
_CLOSING = "\"”’'»"
_QUOTE_END = re.compile(r"""[,.!?…]["”’']+\s+(?=[A-Za-z])""")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Passage:
    """One passage: text[start:end] of its article (code points), with its content terms."""

    start: int
    end: int
    terms: tuple[str, ...]


def without_noise(text: str) -> str:
    """The text with links blanked out (same length, so offsets still hold)."""
    if not any(hint in text for hint in _NOISE_HINTS):
        return text
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


def matching_text(text: str) -> str:
    """What the encoder reads of a text: links dropped, white space single."""
    return _SPACE.sub(" ", without_noise(text)).strip()


def query_terms(text: str) -> list[str]:
    """The content terms of a claim or passage as the term index sees them."""
    return content_terms(without_noise(normalize(text).text))


def split_passages(text: str) -> list[tuple[int, int]]:
    """Passage spans of a text: sentences within paragraphs, no leading or trailing white space."""
    spans: list[tuple[int, int]] = []
    at = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        spans.extend(_sentences(text, at, end))
        at = match.end() if match else len(text)
    return spans


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentences of one paragraph text[lo:hi], fragments joined to what follows, long ones split."""
    pieces: list[tuple[int, int]] = []
    start = lo
    for match in _STOP.finditer(text, lo, hi):
        end = match.start(1)
        if _ABBREVIATION.search(text, max(start, end - 12), end):
            continue
        pieces.append((start, end))
        start = match.end(1)
    pieces.append((start, hi))
    joined: list[tuple[int, int]] = []
    carry: int | None = None
    for s, e in pieces:
        s, e = _strip(text, s, e)
        if s >= e:
            continue
        if carry is not None:
            s = carry
            carry = None
        if e - s < MIN_CHARS:
            carry = s
            continue
        joined.append((s, e))
    if carry is not None:
        end = _strip(text, carry, hi)[1]
        if joined and end - carry < MIN_CHARS:
            joined[-1] = (joined[-1][0], end)
        elif carry < end:
            joined.append((carry, end))
    out: list[tuple[int, int]] = []
    for s, e in joined:
        for cs, ce in _clauses(text, s, e):
            out.extend(_tidy(text, *span) for span in _split_long(text, cs, ce))
    return [span for span in out if span[0] < span[1]]


def _tidy(text: str, start: int, end: int) -> tuple[int, int]:
    """A passage without the quote marks around it or the comma it ends on (“We are waiting,” -> We are waiting)."""
    if end - start > 2 and text[start] in _OPENING and text[end - 1] in _CLOSING:
        start, end = start + 1, end - 1
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return _strip(text, start, end)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut into clauses: a quotation apart from its attribution; a long one at its strongest cut."""
    if text[start] in "\"“‘'":
        quoted = _QUOTE_END.search(text, start, end)
        if quoted and quoted.start() + 2 - start >= CLAUSE_MIN and end - quoted.end() >= MIN_CHARS:
            left = _strip(text, start, quoted.end())
            return [left, *_clauses(text, *_strip(text, quoted.end(), end))]
    if end - start <= CLAUSE_CHARS:
        return [(start, end)]
    middle = (start + end) / 2
    cuts = [(abs(m.start() - middle) / (end - start) + cost, m.start(), m.end())
            for pattern, cost in _CLAUSE_CUTS for m in pattern.finditer(text, start + CLAUSE_MIN, end - CLAUSE_MIN)]
    if not cuts:
        return [(start, end)]
    _, cut_start, cut_end = min(cuts)
    left = _strip(text, start, cut_start)  # the comma or semicolon stays out of both clauses
    right = _strip(text, cut_end, end)
    return _clauses(text, *left) + _clauses(text, *right)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence longer than MAX_CHARS cut at the clause (else word) boundary nearest its middle, recursively."""
    if end - start <= MAX_CHARS:
        return [(start, end)]
    middle = (start + end) // 2
    cuts = [m for m in _CLAUSE.finditer(text, start + MIN_CHARS, end - MIN_CHARS)]
    if not cuts:
        cuts = [m for m in _SPACE.finditer(text, start + MIN_CHARS, end - MIN_CHARS)]
    if not cuts:
        return [(start, end)]
    best = min(cuts, key=lambda m: abs(m.end() - middle))
    left = _strip(text, start, best.start() + (1 if text[best.start()] in ";:," else 0))
    right = _strip(text, best.end(), end)
    return _split_long(text, *left) + _split_long(text, *right)


def passages_of(text: str) -> list[Passage]:
    """The passages of a text with their content terms (what indexing an article stores).

    The text is normalised and tokenised once; each token goes to the passage its position falls in.
    """
    spans = split_passages(text)
    if not spans:
        return []
    norm = normalize(text)
    tokens = content_tokens(without_noise(norm.text))
    bounds = [norm.span_from_original(s, e) for s, e in spans]
    found: list[Passage] = []
    k = 0
    starts, terms = tokens.starts, tokens.terms
    for (s, e), (lo, hi) in zip(spans, bounds, strict=True):
        while k < len(starts) and starts[k] < lo:
            k += 1
        first = k
        while k < len(starts) and starts[k] < hi:
            k += 1
        found.append(Passage(s, e, tuple(terms[first:k])))
    return found


def factcheck_texts(claim: str, title: str | None) -> list[str]:
    """The passages of a fact-check: its claim, then its title when it has one (each gets a vector)."""
    texts = [claim]
    if title and title.strip() and title.strip() != claim.strip():
        texts.append(title)
    return texts
