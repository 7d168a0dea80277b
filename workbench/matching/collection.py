"""An in-memory retrieval index over a collection of documents cut into passages: BM25 and vector scan.

A collection (the library's articles, or the fact-checks checked before) is held in segments — the
documents whose id falls in one block of ids — each with its passages, an inverted index (term ->
passages, with term counts) and its passages' int8 vectors. ``sync`` compares each segment's
signature in the database (row count and largest row id: rows are only ever replaced by new ids)
with the one it was built from and rebuilds only segments that changed, so a long-running window
stays current for the cost of one small query per search.

Lexical retrieval is BM25 over passages (k1 1.2, b 0.75; idf log(1 + (N - df + 0.5) / (df + 0.5)), N the
passages that have terms), computed the same way whatever the database is (SQLite, PostgreSQL): the
index is built in memory from the stored rows, not by the database's own full-text search. A passage
may have a vector and no terms (a fact-check's title: its words count with the claim's, as one
lexical unit). A term of the query that occurs in no passage of another document than the query's
own gets no weight: it cannot find anything and must not dilute the scores (a link fragment, a typo,
a name only the claim's own article uses).
Semantic retrieval scans every passage's vector (see ``vectors.Scanner``); a passage not embedded yet
has no cosine (NaN) and is found by its words alone.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from sqlalchemy.orm import Session

from workbench.matching.vectors import Scanner, quantise, unpack

K1 = 1.2
B = 0.75
NOT_EMBEDDED = np.float32(np.nan)
SCAN_ROWS = 8_192  # passages whose cosines with a batch of queries are computed at once (2 MB for 64)
NOT_A_COSINE = -2.0  # marks, among cosines, passages not embedded and the claim's own article


@dataclass
class DocPassages:
    """One document's passages as stored: spans (n x 2, may be empty for texts without offsets) and terms."""

    doc_id: int
    spans: np.ndarray
    terms: list[list[str]]
    spans_hash: str = ""


class Source(Protocol):
    """Where a collection's rows live (articles or fact-checks) and how they are read."""

    segment_size: int

    def overall(self, session: Session, model: str) -> tuple[int, ...]:
        """A cheap signature of everything (row counts and largest ids of passages and vectors)."""

    def signatures(self, session: Session) -> dict[int, tuple[int, int]]:
        """Per segment number, (row count, largest row id) of the passage rows."""

    def vector_signatures(self, session: Session, model: str) -> dict[int, tuple[int, int]]:
        """Per segment number, the same for the vector rows of the given model."""

    def load(self, session: Session, segment: int) -> list[DocPassages]:
        """The passages of the documents in one segment, by document id."""

    def load_vectors(self, session: Session, segment: int, model: str) -> dict[int, tuple[str, bytes]]:
        """Per document of the segment, (the spans hash it was made for, the vector blob) of the given model."""


class _Vocabulary(dict[str, int]):
    """Term -> id, new terms numbered as they come (ids are never reused); ``names`` maps back."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def __missing__(self, term: str) -> int:
        found = self[term] = len(self)
        self.names.append(term)
        return found


@dataclass
class Segment:
    """The passages of one block of documents, with their inverted index and vectors."""

    number: int
    signature: tuple[int, int]
    doc_ids: np.ndarray  # per passage
    starts: np.ndarray
    ends: np.ndarray
    lengths: np.ndarray  # terms per passage (float32)
    doc_range: dict[int, tuple[int, int]]  # document -> its passages [lo, hi)
    spans_hash: dict[int, str]
    term_ids: np.ndarray  # sorted ids of the terms present
    pointers: np.ndarray  # postings of term_ids[k]: passages[pointers[k]:pointers[k + 1]]
    passages: np.ndarray
    counts: np.ndarray  # the term's count in that passage (float32)
    vectors: np.ndarray  # int8 (n x d)
    scales: np.ndarray  # float32; 0 where the passage has no vector
    embedded: np.ndarray  # bool
    term_pointers: np.ndarray  # passage k's terms in order: tokens[term_pointers[k]:term_pointers[k + 1]]
    tokens: np.ndarray  # term ids
    vector_signature: tuple[int, int] = (0, 0)
    _norms: tuple[float, np.ndarray] | None = None

    @property
    def size(self) -> int:
        return len(self.doc_ids)

    def passage_counts(self) -> np.ndarray:
        """How many passages of the segment hold each of term_ids."""
        return np.diff(self.pointers).astype(np.int64)

    def posting_spans(self, term_ids: np.ndarray) -> np.ndarray:
        """(position in term_ids, first, stop) of the postings of each given term present here (n x 3)."""
        if not len(self.term_ids):
            return np.zeros((0, 3), np.int64)
        at = np.minimum(np.searchsorted(self.term_ids, term_ids), len(self.term_ids) - 1)
        present = np.flatnonzero(self.term_ids[at] == term_ids)
        return np.stack([present, self.pointers[at[present]], self.pointers[at[present] + 1]], axis=1)

    def length_norms(self, average: float) -> np.ndarray:
        """Per passage, K1 * (1 - B + B * length / average), which a term's count is added to in BM25's
        denominator (kept while the collection's average passage length stays the same; per passage, not
        per posting: a fifteenth of the memory)."""
        if self._norms is None or self._norms[0] != average:
            self._norms = (average, K1 * (1.0 - B + B * self.lengths / average))
        return self._norms[1]

    def postings(self, term_ids: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """(position in term_ids argument, passages, counts) for each given term present here."""
        return [(k, self.passages[lo:hi], self.counts[lo:hi]) for k, lo, hi in self.posting_spans(term_ids).tolist()]


def build_segment(number: int, signature: tuple[int, int], docs: Sequence[DocPassages],
                  vocabulary: _Vocabulary, dimensions: int) -> Segment:
    """A segment's arrays from its documents' stored passages (built in compact C arrays, not lists)."""
    doc_ids = array("q")
    lengths = array("q")
    spans: list[np.ndarray] = []
    doc_range: dict[int, tuple[int, int]] = {}
    token_ids = array("i")
    lookup = vocabulary.__getitem__
    n = 0
    for doc in docs:
        first = n
        for terms in doc.terms:
            lengths.append(len(terms))
            token_ids.extend(map(lookup, terms))
        n += len(doc.terms)
        doc_ids.extend([doc.doc_id] * len(doc.terms))
        spans.append(doc.spans if len(doc.spans) else np.zeros((len(doc.terms), 2), np.int32))
        doc_range[doc.doc_id] = (first, n)
    tids = np.frombuffer(token_ids, dtype=np.int32).astype(np.int64) if token_ids else np.zeros(0, np.int64)
    counts_per_passage = np.frombuffer(lengths, dtype=np.int64) if lengths else np.zeros(0, np.int64)
    pids = np.repeat(np.arange(n, dtype=np.int64), counts_per_passage)
    term_pointers = np.zeros(n + 1, np.int64)
    np.cumsum(counts_per_passage, out=term_pointers[1:])
    if n and len(tids):
        keys, counts = np.unique(tids * n + pids, return_counts=True)  # sorted by term, then passage
        del pids
        key_terms = keys // n
        term_ids, first_at = np.unique(key_terms, return_index=True)
        pointers = np.append(first_at, len(keys)).astype(np.int64)
        passages = (keys % n).astype(np.int32)
        tf = counts.astype(np.float32)
    else:
        term_ids = np.zeros(0, np.int64)
        pointers = np.zeros(1, np.int64)
        passages = np.zeros(0, np.int32)
        tf = np.zeros(0, np.float32)
    all_spans = np.concatenate(spans) if spans else np.zeros((0, 2), np.int32)
    return Segment(
        number, signature, np.frombuffer(doc_ids, dtype=np.int64).copy() if doc_ids else np.zeros(0, np.int64),
        all_spans[:, 0].astype(np.int32), all_spans[:, 1].astype(np.int32), counts_per_passage.astype(np.float32),
        doc_range, {d.doc_id: d.spans_hash for d in docs}, term_ids, pointers, passages, tf,
        np.zeros((n, dimensions), np.int8), np.zeros(n, np.float32), np.zeros(n, bool),
        term_pointers, tids.astype(np.int32),
    )


@dataclass(frozen=True)
class Hit:
    """A passage found: its segment and index there, its document and span, and the score that found it."""

    segment: int
    index: int
    doc_id: int
    start: int
    end: int
    score: float


@dataclass
class TermWeights:
    """The BM25 weights of a query's terms in a collection (0 for terms found in no other document)."""

    weights: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.weights.values())


class Collection:
    """BM25 and vector retrieval over the passages of one source's documents (see the module docstring)."""

    def __init__(self, source: Source, model: str, dimensions: int) -> None:
        self.source = source
        self.model = model
        self.dimensions = dimensions
        self.segments: dict[int, Segment] = {}
        self.vocabulary = _Vocabulary()
        self.df = np.zeros(1024, np.int64)
        self.passage_total = 0  # passages with terms: N of BM25's idf (a vector-only passage has none)
        self.length_total = 0.0
        self.scanner = Scanner()
        self.lock = threading.RLock()
        self._overall: tuple[int, ...] | None = None

    # -- keeping current ----------------------------------------------------------------------------

    def sync(self, session: Session) -> bool:
        """Rebuild the segments whose rows changed since they were read; True when anything changed."""
        with self.lock:
            overall = self.source.overall(session, self.model)
            if overall == self._overall:
                return False
            changed = False
            wanted = self.source.signatures(session)
            for number in [n for n in self.segments if n not in wanted]:
                self._drop(number)
                changed = True
            for number, signature in sorted(wanted.items()):
                segment = self.segments.get(number)
                if segment is None or segment.signature != signature:
                    if segment is not None:
                        self._drop(number)
                    self._add(build_segment(number, signature, self.source.load(session, number),
                                            self.vocabulary, self.dimensions))
                    changed = True
            vectors = self.source.vector_signatures(session, self.model)
            for number, segment in self.segments.items():
                signature = vectors.get(number, (0, 0))
                if segment.vector_signature != signature:
                    self._load_vectors(session, segment, signature)
                    changed = True
            self._overall = overall
            return changed

    def _add(self, segment: Segment) -> None:
        if len(self.vocabulary) > len(self.df):
            grown = np.zeros(max(len(self.vocabulary), 2 * len(self.df)), np.int64)
            grown[: len(self.df)] = self.df
            self.df = grown
        self.df[segment.term_ids] += segment.passage_counts()
        self.passage_total += int(np.count_nonzero(segment.lengths))
        self.length_total += float(segment.lengths.sum())
        self.segments[segment.number] = segment

    def _drop(self, number: int) -> None:
        segment = self.segments.pop(number)
        self.df[segment.term_ids] -= segment.passage_counts()
        self.passage_total -= int(np.count_nonzero(segment.lengths))
        self.length_total -= float(segment.lengths.sum())

    def _load_vectors(self, session: Session, segment: Segment, signature: tuple[int, int]) -> None:
        segment.vectors[:] = 0
        segment.scales[:] = 0
        segment.embedded[:] = False
        for doc_id, (made_for, blob) in self.source.load_vectors(session, segment.number, self.model).items():
            where = segment.doc_range.get(doc_id)
            if where is None or made_for != segment.spans_hash.get(doc_id):
                continue  # the document changed since it was embedded: it is embedded again
            lo, hi = where
            try:
                rows, scales = unpack(blob, self.dimensions)
            except ValueError:
                continue
            if len(rows) != hi - lo:
                continue
            segment.vectors[lo:hi] = rows
            segment.scales[lo:hi] = scales
            segment.embedded[lo:hi] = True
        segment.vector_signature = signature

    # -- statistics -----------------------------------------------------------------------------------

    @property
    def average_length(self) -> float:
        return self.length_total / self.passage_total if self.passage_total else 1.0

    def document_count(self) -> int:
        return sum(len(s.doc_range) for s in self.segments.values())

    def term_weights(self, terms: Iterable[str], exclude_doc: int | None = None) -> TermWeights:
        """The idf of each distinct query term, 0 when no passage of another document holds it."""
        distinct = list(dict.fromkeys(terms))
        known = [t for t in distinct if t in self.vocabulary]
        weights = {t: 0.0 for t in distinct}
        if not known:
            return TermWeights(weights)
        ids = np.asarray([self.vocabulary[t] for t in known], np.int64)
        df = self.df[ids].copy()
        if exclude_doc is not None:
            df -= self._own_counts(ids, exclude_doc)
        n = max(self.passage_total, 1)
        for term, term_df, own_df in zip(known, self.df[ids].tolist(), df.tolist(), strict=True):
            if own_df > 0:
                weights[term] = math.log(1.0 + (n - term_df + 0.5) / (term_df + 0.5))
        return TermWeights(weights)

    def _own_counts(self, ids: np.ndarray, doc_id: int) -> np.ndarray:
        """How many passages of one document hold each term."""
        own = np.zeros(len(ids), np.int64)
        for segment in self.segments.values():
            where = segment.doc_range.get(doc_id)
            if where is None:
                continue
            lo, hi = where
            for k, passages, _counts in segment.postings(ids):
                own[k] = int(np.searchsorted(passages, hi) - np.searchsorted(passages, lo))
        return own

    # -- retrieval ----------------------------------------------------------------------------------

    def lexical(self, weights: TermWeights, *, limit: int, exclude_doc: int | None = None) -> list[Hit]:
        """The limit passages with the highest BM25 for the weighted terms, best first (score > 0)."""
        return self.hits(self.lexical_top(weights, limit=limit, exclude_doc=exclude_doc))

    def lexical_top(self, weights: TermWeights, *, limit: int, exclude_doc: int | None = None) -> Top:
        """``lexical`` as arrays (segment numbers, indices, scores), best first."""
        with self.lock:
            used = {t: w for t, w in weights.weights.items() if w > 0 and t in self.vocabulary}
            if not used:
                return _top_of([], limit)
            ids = np.asarray([self.vocabulary[t] for t in used], np.int64)
            idf = np.asarray(list(used.values()), np.float32)
            average = self.average_length
            best: list[tuple[np.ndarray, int, np.ndarray]] = []
            floor = 0.0  # the limit-th best score of the segments done (a later passage must reach it)
            for segment in self.segments.values():
                spans = segment.posting_spans(ids)
                if not len(spans):
                    continue
                at = _ranges(spans[:, 1], spans[:, 2])
                passages, tf = segment.passages[at], segment.counts[at]
                w = np.repeat(idf[spans[:, 0]], spans[:, 2] - spans[:, 1])
                saturation = tf + segment.length_norms(average)[passages]
                scores = np.bincount(passages, weights=w * tf * (K1 + 1.0) / saturation, minlength=segment.size)
                if exclude_doc is not None and exclude_doc in segment.doc_range:
                    lo, hi = segment.doc_range[exclude_doc]
                    scores[lo:hi] = 0.0
                best.append(_lexical_top(scores, limit, segment.number, floor))
                floor = _limit_th(best, limit)
            return _top_of(best, limit)

    def passage_bm25(self, weights: TermWeights, segment_number: int, indices: np.ndarray) -> np.ndarray:
        """BM25 of given passages of one segment (the same formula as ``lexical``)."""
        segment = self.segments[segment_number]
        used = {t: w for t, w in weights.weights.items() if w > 0 and t in self.vocabulary}
        out = np.zeros(len(indices), np.float32)
        if not used or not len(indices):
            return out
        ids = np.asarray([self.vocabulary[t] for t in used], np.int64)
        idf = list(used.values())
        norm = K1 * (1.0 - B + B * segment.lengths[indices] / self.average_length)
        for k, passages, counts in segment.postings(ids):
            at = np.searchsorted(passages, indices)
            at_safe = np.minimum(at, len(passages) - 1)
            hit = passages[at_safe] == indices
            tf = np.where(hit, counts[at_safe], 0.0)
            out += idf[k] * tf * (K1 + 1.0) / (tf + norm)
        return out

    def passages_of(self, numbers: np.ndarray, indices: np.ndarray) -> PassageArrays:
        """Documents, spans and lengths of given passages (parallel arrays of segment numbers and indices)."""
        n = len(indices)
        doc_ids, starts, ends = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
        lengths = np.zeros(n, np.float32)
        for number, where in by_segment(numbers):
            segment, at = self.segments[number], indices[where]
            doc_ids[where], starts[where], ends[where] = segment.doc_ids[at], segment.starts[at], segment.ends[at]
            lengths[where] = segment.lengths[at]
        return PassageArrays(numbers, indices, doc_ids, starts, ends, lengths)

    def features(self, weights: TermWeights, passages: PassageArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                                                 np.ndarray]:
        """For given passages: (BM25, weight of the query terms present, count of query-term tokens, count of
        distinct query terms present) - what ``scoring.terms_similarity`` needs, for all of them at once.

        Each passage's stored terms are matched with the query's (one pass over their tokens); the sums run
        term by term in float32 as ``lexical`` and ``passage_bm25`` compute them, so the figures agree.
        """
        n = len(passages.indices)
        bm25, present, tokens, distinct = (np.zeros(n, np.float64) for _ in range(4))
        known = [t for t in weights.weights if t in self.vocabulary]
        if not known or not n:
            return bm25, present, tokens, distinct
        ids = np.asarray([self.vocabulary[t] for t in known], np.int64)
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        owners: list[np.ndarray] = []
        terms: list[np.ndarray] = []
        for number, where in by_segment(passages.numbers):
            segment, at = self.segments[number], passages.indices[where]
            lo, hi = segment.term_pointers[at], segment.term_pointers[at + 1]
            terms.append(segment.tokens[_ranges(lo, hi)])
            owners.append(np.repeat(where, hi - lo))
        tf = np.zeros((n, len(known)), np.float32)
        if terms:
            token_ids, owner = np.concatenate(terms), np.concatenate(owners)
            slot = np.minimum(np.searchsorted(sorted_ids, token_ids), len(sorted_ids) - 1)
            hit = sorted_ids[slot] == token_ids
            tf = np.bincount(owner[hit] * len(known) + order[slot[hit]], minlength=n * len(known)).reshape(
                n, len(known)).astype(np.float32)
        norm = K1 * (1.0 - B + B * passages.lengths / self.average_length)
        for k, term in enumerate(known):
            idf = weights.weights[term]
            counts = tf[:, k]
            bm25 += idf * counts * (K1 + 1.0) / (counts + norm)
            present += np.where(counts > 0, idf, 0.0)
            tokens += counts
            distinct += counts > 0
        return bm25, present, tokens, distinct

    def cosines(self, query: np.ndarray) -> dict[int, np.ndarray]:
        """Per segment, the cosine of every passage with each query vector (n x k; NaN: not embedded)."""
        with self.lock:
            rows, scales = quantise(query)
            out: dict[int, np.ndarray] = {}
            for number, segment in self.segments.items():
                found = self.scanner.cosines(segment.vectors, segment.scales, rows, scales)
                found[~segment.embedded] = NOT_EMBEDDED
                out[number] = found
            return out

    def semantic(self, cosines: dict[int, np.ndarray], column: int, *, limit: int,
                 exclude_doc: int | None = None) -> list[Hit]:
        """The limit passages with the highest cosine (one query column of ``cosines``), best first."""
        return self.hits(self.semantic_top(cosines, column, limit=limit, exclude_doc=exclude_doc))

    def semantic_top(self, cosines: dict[int, np.ndarray], column: int, *, limit: int,
                     exclude_doc: int | None = None) -> Top:
        """``semantic`` as arrays (segment numbers, indices, scores), best first."""
        with self.lock:
            best: list[tuple[np.ndarray, int, np.ndarray]] = []
            for number, found in cosines.items():
                segment = self.segments.get(number)
                if segment is None:
                    continue
                scores = np.nan_to_num(found[:, column], nan=NOT_A_COSINE)
                if exclude_doc is not None and exclude_doc in segment.doc_range:
                    lo, hi = segment.doc_range[exclude_doc]
                    scores[lo:hi] = NOT_A_COSINE
                best.append(_top(scores, limit, number, floor=NOT_A_COSINE))
            return _top_of(best, limit)

    def semantic_tops(self, queries: np.ndarray, exclude_docs: Sequence[int | None], *, limit: int) -> list[Top]:
        """``semantic_top`` of many query vectors at once (batch matching), one slice of a segment at a time.

        Each slice's products and picks are one onnxruntime call (``Scanner``), so only picks come back, never
        a slice's n x k cosines. Until a query holds limit picks, a slice gives its best limit (``tops``);
        from then on only what reaches the query's limit-th best cosine so far (``above``: a threshold is far
        cheaper than a selection). A later passage equal to the limit-th best cannot displace it (ties go to
        the earlier passage), so the result is exactly the limit best cosines, ties broken by segment and
        position, as ``semantic_top`` finds them.

        Takes no lock of the collection (the caller holds the engine's lock; the collection changes only in
        ``sync``, which runs under that lock).
        """
        count = len(exclude_docs)
        if limit <= 0:
            return _Picks.empty().tops(count, limit)
        rows, query_scales = quantise(queries)
        kept = _Picks.empty()
        floors = np.full(count, -np.inf, np.float32)  # per query: the limit-th best cosine so far
        for number, segment in self.segments.items():
            own = [segment.doc_range.get(doc) if doc is not None else None for doc in exclude_docs]
            for first in range(0, len(segment.vectors), SCAN_ROWS):  # a slice at a time: small temporary arrays
                last = min(first + SCAN_ROWS, len(segment.vectors))
                skip = ~segment.embedded[first:last]
                if skip.all():
                    continue  # passages not embedded yet (the background job is still at work): no cosines
                vectors, scales = segment.vectors[first:last], segment.scales[first:last]
                home = [(max(r[0], first) - first, max(min(r[1], last) - first, 0)) if r else (0, 0) for r in own]
                if np.isinf(floors).any():  # a query without limit picks yet: each query's best of the slice
                    extra = max((hi - lo for lo, hi in home if hi > lo), default=0)  # its own passages, dropped below
                    values, picked = self.scanner.tops(vectors, scales, skip, rows, query_scales, limit + extra)
                    query = np.repeat(np.arange(count), picked.shape[1])
                    at, value = picked.ravel(), values.ravel()
                else:
                    at, query, value = self.scanner.above(vectors, scales, skip, rows, query_scales, floors)
                mine = np.zeros(len(at), bool)  # a query's own document is never its pick
                for column, (lo, hi) in enumerate(home):
                    if hi > lo:
                        mine |= (query == column) & (at >= lo) & (at < hi)
                kept = kept.plus(query[~mine], number, at[~mine] + first, value[~mine])
                kept, floors = kept.best(count, limit)
        return kept.tops(count, limit)

    def cosines_of(self, query: np.ndarray, numbers: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """The cosines of one query vector with given passages (NaN: not embedded)."""
        rows, scales = quantise(query)
        vectors = np.zeros((len(indices), self.dimensions), np.int8)
        passage_scales = np.zeros(len(indices), np.float32)
        embedded = np.zeros(len(indices), bool)
        for number, where in by_segment(numbers):
            segment, at = self.segments[number], indices[where]
            vectors[where], passage_scales[where], embedded[where] = (segment.vectors[at], segment.scales[at],
                                                                     segment.embedded[at])
        # float32 products of int8 values are exact (every partial sum is an integer below 2**24), and BLAS
        # computes them far faster than numpy's integer product
        dots = vectors.astype(np.float32) @ rows[0].astype(np.float32)
        found = (dots * passage_scales * scales[0]).astype(np.float64)  # as Scanner
        found[~embedded] = np.nan
        return found

    def hit(self, number: int, index: int, score: float = 0.0) -> Hit:
        """The Hit of one passage."""
        segment = self.segments[number]
        return Hit(number, index, int(segment.doc_ids[index]), int(segment.starts[index]), int(segment.ends[index]),
                   score)

    def hits(self, top: Top) -> list[Hit]:
        """Hits of arrays of passages."""
        return [self.hit(n, i, s) for n, i, s in zip(top.numbers.tolist(), top.indices.tolist(), top.scores.tolist(),
                                                    strict=True)]

    def warm(self) -> None:
        """Compute now what searches compute on first use (each segment's BM25 length norms), so that a
        process forked afterwards shares it instead of making its own copy."""
        average = self.average_length
        for segment in self.segments.values():
            segment.length_norms(average)

    def passage_terms(self, segment_number: int, index: int) -> list[str]:
        """One passage's terms in order (as stored)."""
        segment = self.segments[segment_number]
        names = self.vocabulary.names
        lo, hi = segment.term_pointers[index], segment.term_pointers[index + 1]
        return [names[t] for t in segment.tokens[lo:hi].tolist()]


@dataclass(frozen=True)
class PassageArrays:
    """Passages from any segments as parallel arrays: where they are and what ``Hit`` holds of each."""

    numbers: np.ndarray  # segment numbers
    indices: np.ndarray  # in their segment
    doc_ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    lengths: np.ndarray  # terms (float32)


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, stop) for each pair."""
    sizes = stops - starts
    total = int(sizes.sum())
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)


def by_segment(numbers: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(segment number, positions of numbers holding it) for each segment number present."""
    return [(int(number), np.flatnonzero(numbers == number)) for number in np.unique(numbers)]


@dataclass(frozen=True)
class Top:
    """Passages found, best first: parallel arrays of segment numbers, indices and scores."""

    numbers: np.ndarray
    indices: np.ndarray
    scores: np.ndarray


def _top_of(best: list[tuple[np.ndarray, int, np.ndarray]], limit: int) -> Top:
    """The limit best of every segment's best (score, segment, index), ties broken by position."""
    if not best:
        empty = np.zeros(0, np.int64)
        return Top(empty, empty, np.zeros(0, np.float64))
    scores = np.concatenate([s for s, _, _ in best]).astype(np.float64)
    numbers = np.concatenate([np.full(len(s), n, np.int64) for s, n, _ in best])
    indices = np.concatenate([i for _, _, i in best])
    order = np.lexsort((indices, numbers, -scores))[:limit]
    return Top(numbers[order], indices[order], scores[order])


@dataclass(frozen=True)
class _Picks:
    """Passages picked for queries so far: query, segment, index and cosine of each (``tops`` gives each
    query's best)."""

    queries: np.ndarray
    numbers: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @classmethod
    def empty(cls) -> _Picks:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))

    def plus(self, queries: np.ndarray, number: int, indices: np.ndarray, values: np.ndarray) -> _Picks:
        return _Picks(np.concatenate([self.queries, queries.astype(np.int64)]),
                      np.concatenate([self.numbers, np.full(len(queries), number, np.int64)]),
                      np.concatenate([self.indices, indices.astype(np.int64)]),
                      np.concatenate([self.values, values.astype(np.float32)]))

    def best(self, count: int, limit: int) -> tuple[_Picks, np.ndarray]:
        """The picks that can still be among their query's limit best, and per query its limit-th best value
        so far (-inf while it has fewer): what lies below that can never be picked, so it is dropped."""
        order = np.lexsort((-self.values, self.queries))
        queries, values = self.queries[order], self.values[order]
        starts = np.searchsorted(queries, np.arange(count))
        ends = np.searchsorted(queries, np.arange(count), side="right")
        floors = np.full(count, -np.inf, np.float32)
        full = ends - starts >= limit
        floors[full] = values[starts[full] + limit - 1]
        kept = order[values >= floors[queries]]
        return _Picks(self.queries[kept], self.numbers[kept], self.indices[kept], self.values[kept]), floors

    def tops(self, count: int, limit: int) -> list[Top]:
        """Each query's Top: its limit best, ties broken by segment and position."""
        order = np.lexsort((self.indices, self.numbers, -self.values, self.queries))
        query, number, index = self.queries[order], self.numbers[order], self.indices[order]
        score = self.values[order].astype(np.float64)
        bounds = np.searchsorted(query, np.arange(count + 1))
        return [Top(number[lo:hi][:limit], index[lo:hi][:limit], score[lo:hi][:limit])
                for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]


def _lexical_top(scores: np.ndarray, limit: int, number: int, floor: float) -> tuple[np.ndarray, int, np.ndarray]:
    """(scores, segment number, indices) of the limit highest BM25 scores that are positive and reach floor.

    Most passages hold none of the terms, and once a segment is done few reach its limit-th best: only
    those are partitioned.
    """
    above = np.flatnonzero(scores >= floor) if floor > 0.0 else np.flatnonzero(scores > 0.0)
    above = _best_of(scores, above, limit)
    return scores[above], number, above.astype(np.int64)


def _best_of(scores: np.ndarray, positions: np.ndarray, limit: int) -> np.ndarray:
    """The positions whose scores are among the limit best, with every one tied with the limit-th: which of
    equal scores is picked is decided by position afterwards (``_top_of``), never by the partition."""
    if limit <= 0:
        return positions[:0]
    if len(positions) <= limit:
        return positions
    values = scores[positions]
    return positions[values >= _limit_th_of(values, limit)]


def _limit_th_of(values: np.ndarray, limit: int) -> float:
    """The limit-th highest of values (at least limit of them)."""
    return float(-np.partition(-values, limit - 1)[limit - 1])


def _limit_th(best: list[tuple[np.ndarray, int, np.ndarray]], limit: int) -> float:
    """The limit-th highest score of every segment's best so far (0 while there are fewer)."""
    scores = np.concatenate([s for s, _, _ in best])
    if len(scores) < limit or limit <= 0:
        return 0.0
    return _limit_th_of(scores, limit)


def _top(scores: np.ndarray, limit: int, number: int, floor: float = 0.0) -> tuple[np.ndarray, int, np.ndarray]:
    """(scores, segment number, indices) of the limit highest scores above floor (and those tied with the
    limit-th)."""
    picked = _best_of(scores, np.arange(len(scores)), limit)
    picked = picked[scores[picked] > floor]
    return scores[picked], number, picked.astype(np.int64)
