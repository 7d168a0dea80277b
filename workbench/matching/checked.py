"""Checked before? The claims checked before that match a claim: fact-checks and verdicted library claims.

Both reference collections are searched like articles (BM25 and cosine over their passages, the
union of the two top lists); a reference's score is its best passage's mix of the two (a fact-check's
passages are its claim and its title).
"""

from __future__ import annotations

from collections.abc import Collection as Container
from dataclasses import dataclass

import numpy as np

from workbench.matching.collection import K1, B, Collection, TermWeights

RETRIEVED = 100
SEMANTIC_WEIGHT = 0.7
LEXICAL_ONLY_FACTOR = 0.85


@dataclass(frozen=True)
class ReferenceHit:
    """A reference found for a query: which collection, which document, and why."""

    kind: str  # "factcheck" or "claim"
    doc_id: int
    score: float  # 0-100
    semantic: float | None
    lexical: float  # BM25 relative to the query's own (0-1)


def lexical_scale(collection: Collection, weights: TermWeights, length: int) -> float:
    """The BM25 a passage of exactly the query's terms would get: lexical evidence is BM25 over this."""
    norm = K1 * (1.0 - B + B * length / collection.average_length)
    return sum(w * (K1 + 1.0) / (1.0 + norm) for w in weights.weights.values())


def reference_score(semantic: float | None, lexical: float) -> float:
    """The 0-100 score of a reference from its cosine and relative BM25."""
    if semantic is None:
        return round(100.0 * LEXICAL_ONLY_FACTOR * lexical, 1)
    return round(100.0 * (SEMANTIC_WEIGHT * max(0.0, semantic) + (1.0 - SEMANTIC_WEIGHT) * lexical), 1)


def search(
    kind: str, collection: Collection, terms: list[str], vector: np.ndarray | None, *,
    limit: int, exclude: Container[int] = (),
) -> list[ReferenceHit]:
    """The best references of one collection for a query (its terms and vector), best first.

    A reference found by any of its passages is scored as a whole: its best cosine over all its
    passages and the BM25 of all its passages, relative to the query's own.
    """
    weights = collection.term_weights(terms)
    scale = lexical_scale(collection, weights, len(set(terms)))
    docs: dict[int, int] = {}  # document -> segment
    for hit in collection.lexical(weights, limit=RETRIEVED):
        docs[hit.doc_id] = hit.segment
    cosines = collection.cosines(vector[None, :]) if vector is not None else None
    if cosines is not None:
        for hit in collection.semantic(cosines, 0, limit=RETRIEVED):
            docs.setdefault(hit.doc_id, hit.segment)
    hits: list[ReferenceHit] = []
    for doc_id, segment in docs.items():
        if doc_id in exclude:
            continue
        lo, hi = collection.segments[segment].doc_range[doc_id]
        bm25 = float(collection.passage_bm25(weights, segment, np.arange(lo, hi, dtype=np.int64)).sum())
        cosine = None
        if cosines is not None:
            values = cosines[segment][lo:hi, 0]
            if not np.isnan(values).all():
                cosine = float(np.nanmax(values))
        lexical = min(1.0, bm25 / scale) if scale > 0 else 0.0
        hits.append(ReferenceHit(kind, doc_id, reference_score(cosine, lexical), cosine, lexical))
    hits.sort(key=lambda h: (-h.score, h.doc_id))
    return hits[:limit]
