"""Analysed texts for matching: the normalised view plus content tokens, and claim queries."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from workbench.matching.passages import query_terms
from workbench.matching.tokens import Tokens, content_tokens
from workbench.normalize import NormalizedText, normalize


@dataclass(frozen=True)
class Analysis:
    """One text prepared for matching: its normalised view and content tokens."""

    norm: NormalizedText
    tokens: Tokens
    original: str = ""

    @cached_property
    def paragraph_spaces(self) -> frozenset[int]:
        """Normalised positions of the spaces that stand for a paragraph break (white space holding two
        line ends or more in the original; none without the original)."""
        if not self.original:
            return frozenset()
        found: set[int] = set()
        for start, stop, original_start, original_end in self.norm.replaced():
            if self.original.count("\n", original_start, original_end) >= 2:
                found.update(range(start, stop))
        return frozenset(found)

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Token indices of each term (made on first use, then kept with the cached analysis)."""
        found: dict[str, list[int]] = {}
        for k, term in enumerate(self.tokens.terms):
            at = found.get(term)
            if at is None:
                found[term] = [k]
            else:
                at.append(k)
        return found


def analyze(text: str, norm: NormalizedText | None = None) -> Analysis:
    """Normalise a text (unless its normalisation is given) and list its content tokens."""
    norm = norm if norm is not None else normalize(text)
    return Analysis(norm, content_tokens(norm.text), text)


def idf(df: int, n_docs: int) -> float:
    """Rarity weight of a term found in df of n_docs articles (BM25's idf, always positive)."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class Query:
    """A claim prepared for matching: normalised text, its terms and their rarity weights."""

    text: str
    terms: tuple[str, ...]
    weights: dict[str, float]
    total: float

    @classmethod
    def build(cls, claim_text: str, df: dict[str, int], n_docs: int) -> Query:
        """The query of a claim's text, weighting each distinct term by its idf in the library."""
        norm = normalize(claim_text).text.strip()
        terms = tuple(content_tokens(norm).terms)
        n_docs = max(n_docs, 1)
        weights = {t: idf(df.get(t, 0), n_docs) for t in dict.fromkeys(terms)}
        return cls(norm, terms, weights, sum(weights.values()))

    @classmethod
    def with_weights(cls, claim_text: str, weights: dict[str, float]) -> Query:
        """The query of a claim's text with given term weights (terms without one weigh nothing)."""
        norm = normalize(claim_text).text.strip()
        terms = tuple(query_terms(claim_text))
        used = {t: weights.get(t, 0.0) for t in dict.fromkeys(terms)}
        return cls(norm, terms, used, sum(used.values()))



class AnalysisCache:
    """The most recently used article analyses, keyed by article id and text length and hash."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, str], Analysis] = OrderedDict()
        self._lock = threading.Lock()  # a GUI may match in a worker thread while the user asks too

    def cached(self, article_id: int, content_hash: str) -> Analysis | None:
        """The cached analysis of an article's text with this hash, if there is one."""
        key = (article_id, content_hash)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def get(self, article_id: int, content_hash: str, text: str, norm: NormalizedText | None = None) -> Analysis:
        """The analysis of an article's current text, computed once while it stays cached (from its
        normalisation when the caller has it already)."""
        found = self.cached(article_id, content_hash)
        if found is not None:
            return found
        found = analyze(text, norm)
        with self._lock:
            self._items[(article_id, content_hash)] = found
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return found
