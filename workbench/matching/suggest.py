"""Suggestions for one claim across every other article: retrieve, score, place the span, filter.

1. Retrieve passages: the top RETRIEVED by BM25 and the top RETRIEVED by cosine, united (never pruned
   by how much of the claim's weight a passage holds).
2. Score each candidate article's best passages from their evidence (``scoring``): semantic cosine,
   lexical similarity of the words, character similarity of the text.
3. Place the span: where the passage shares most of the claim's words, alignment with the claim's
   text finds the exact span of a near copy (a clause of a longer sentence, a quote across two
   sentences); a rewording's span is its passage (the sentence or clause).
4. Drop spans already linked to the claim or rejected for it, and those below their tier's threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db import chunks
from workbench.matching import scoring
from workbench.matching.align import best_terms_score, place_spans
from workbench.matching.analysis import AnalysisCache, Query
from workbench.matching.collection import Collection, Hit, PassageArrays, TermWeights, Top, by_segment
from workbench.matching.passages import query_terms
from workbench.matching.scoring import (
    CLOSE_CHARACTER,
    MIN_SHARED_TERMS,
    NEAR_COPY_RECALL,
    THRESHOLDS,
    Evidence,
    Tier,
    score_of,
    shown,
    tier_of,
)
from workbench.model import Article, Claim, Suggestion
from workbench.normalize import normalize, normalized_part
from workbench.textspan import overlap

RETRIEVED = 200  # passages taken from each retrieval (lexical, semantic) per claim
UNCOMPARED = -1.0  # character similarity not computed (it would not change the score)
ROUGH_MARGIN = 5.0  # see alignment_bound
PASSAGE_REACH = 60  # characters an aligned rewording's span grows by to cover its whole passage
REJECTED_OVERLAP = 0.5  # share of a rejected span a new span may overlap before it counts as the same


@dataclass(frozen=True)
class ClaimRef:
    """What matching needs to know about a claim."""

    id: int
    article_id: int
    group_id: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Found:
    """A matching span in another article, before it is stored."""

    claim_id: int
    article_id: int
    start: int
    end: int
    text: str
    score: float
    tier: Tier
    semantic: float | None
    lexical: float
    character: float
    existing_claim_id: int | None


CLAIM_COLUMNS = (Claim.id, Claim.article_id, Claim.group_id, Claim.start, Claim.end, Claim.quote)  # ClaimRef's


def claim_ref(claim: Claim) -> ClaimRef:
    """The matching view of a claim row."""
    return ClaimRef(claim.id, claim.article_id, claim.group_id, claim.start, claim.end, claim.quote)


@dataclass
class Candidate:
    """A retrieved passage with what retrieval knows of it, and its cheap lexical features."""

    hit: Hit
    bm25: float
    cosine: float | None
    recall: float = 0.0  # share of the claim's term weight among the passage's terms
    lexical: float = 0.0  # F1 of the claim's terms in the passage (scoring.terms_similarity)


class MatchContext:
    """One read of the library for matching: the article collection (synced), texts, claims, rejections.

    Queries go to the database one claim at a time; with ``preload=True`` (batch matching) the claims
    and the rejected spans are read once up front instead.
    """

    def __init__(self, session: Session, articles: Collection, *, cache: AnalysisCache | None = None,
                 preload: bool = False) -> None:
        self.session = session
        self.articles = articles
        self.cache = cache or AnalysisCache()
        self._texts: dict[int, tuple[str, str]] = {}
        self._load: Callable[[list[int]], list[tuple[int, str, str]]] = lambda ids: read_texts(session, ids)
        self._claims: dict[int, list[ClaimRef]] | None = None
        self._rejected: dict[int, list[tuple[int, int, int]]] | None = None
        if preload:
            self._claims = defaultdict(list)
            for row in session.execute(select(*CLAIM_COLUMNS)):  # columns: no ORM objects kept in the session
                self._claims[row.article_id].append(ClaimRef(*row))
            self._rejected = defaultdict(list)
            rows = session.execute(
                select(Suggestion.claim_id, Suggestion.article_id, Suggestion.start, Suggestion.end).where(
                    Suggestion.state == "rejected"
                )
            )
            for claim_id, aid, start, end in rows:
                self._rejected[claim_id].append((aid, start, end))

    def texts(self, article_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """(text, content hash) of each article, read once per context."""
        missing = sorted(a for a in set(article_ids) if a not in self._texts)
        if missing:
            for aid, text, digest in self._load(missing):
                self._texts[aid] = (text, digest)
        return {a: self._texts[a] for a in article_ids if a in self._texts}

    def detached(self, load: Callable[[list[int]], list[tuple[int, str, str]]], cache: AnalysisCache) -> MatchContext:
        """A context with the same collection and preloaded claims and rejections, reading texts through
        load instead of a session (batch matching's helper process, which must not use the database)."""
        if self._claims is None or self._rejected is None:
            raise ValueError("a detached matching context needs the claims and rejections preloaded")
        other = MatchContext.__new__(MatchContext)
        other.session, other.articles, other.cache = self.session, self.articles, cache
        other._texts, other._load = {}, load
        other._claims, other._rejected = self._claims, self._rejected
        return other

    def add_texts(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Texts read elsewhere, (id, text, content hash) each (batch matching's helper gets them so)."""
        for aid, text, digest in rows:
            self._texts[aid] = (text, digest)

    def forget_texts(self) -> None:
        self._texts.clear()

    def claims_in(self, article_ids: Sequence[int]) -> dict[int, list[ClaimRef]]:
        """The claims of each article."""
        if self._claims is not None:
            return {aid: self._claims.get(aid, []) for aid in article_ids}
        found: dict[int, list[ClaimRef]] = defaultdict(list)
        for claim in self.session.scalars(select(Claim).where(Claim.article_id.in_(list(article_ids)))):
            found[claim.article_id].append(claim_ref(claim))
        return found

    def rejected(self, claim_id: int) -> list[tuple[int, int, int]]:
        """(article id, start, end) of every span rejected for this claim."""
        if self._rejected is not None:
            return self._rejected.get(claim_id, [])
        rows = self.session.execute(
            select(Suggestion.article_id, Suggestion.start, Suggestion.end).where(
                Suggestion.claim_id == claim_id, Suggestion.state == "rejected"
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def read_texts(session: Session, article_ids: Sequence[int]) -> list[tuple[int, str, str]]:
    """(id, text, content hash) of the given articles that exist."""
    rows: list[tuple[int, str, str]] = []
    for ids in chunks(list(article_ids)):
        rows.extend((aid, text, digest) for aid, text, digest in session.execute(
            select(Article.id, Article.text, Article.content_hash).where(Article.id.in_(ids))))
    return rows


def retrieve(collection: Collection, weights: TermWeights, query: Query, cosines: dict[int, np.ndarray] | None,
             column: int, *, exclude_doc: int | None, floor: float = 0.0, limit: int = RETRIEVED,
             near: Top | None = None, vector: np.ndarray | None = None, lexical: Top | None = None) -> list[Candidate]:
    """The union of the top lexical and top semantic passages, with their cheap features.

    Features (BM25, recall and F1 of the claim's terms, cosine) come from the index, for all candidates
    at once; articles none of whose candidates can reach floor (``scoring.score_bound``) are dropped here.
    Batch matching passes the claim's top passages it found already (lexical, near).
    """
    top = lexical if lexical is not None else collection.lexical_top(weights, limit=limit, exclude_doc=exclude_doc)
    keys = (top.numbers << 32) | top.indices
    if cosines is not None and near is None:
        near = collection.semantic_top(cosines, column, limit=limit, exclude_doc=exclude_doc)
    if near is not None:
        keys = np.union1d(keys, (near.numbers << 32) | near.indices)
    if not len(keys):
        return []
    passages = collection.passages_of(keys >> 32, keys & 0xFFFFFFFF)
    bm25, present, tokens, distinct = collection.features(weights, passages)
    weighed = query.total > 0  # a claim of words found nowhere else: any passage may be its copy
    recall = present / query.total if weighed else np.ones(len(keys))
    lengths = passages.lengths
    precision = np.divide(tokens, lengths, out=np.zeros(len(keys)), where=lengths > 0)
    useful = (tokens > 0) & (distinct >= min(MIN_SHARED_TERMS, len(query.weights))) & (present > 0) & (
        precision > 0) & weighed
    lexical_f1 = np.where(useful, 2 * precision * recall / np.where(useful, precision + recall, 1.0), 0.0)
    if cosines is not None:
        cosine = np.full(len(keys), np.nan)
        for number, where in by_segment(passages.numbers):
            cosine[where] = cosines[number][passages.indices[where], column].astype(np.float64)
    elif vector is not None:
        cosine = _cosines(collection, vector, passages, keys, near)
    else:
        cosine = np.full(len(keys), np.nan)
    # An article is dropped only when none of its passages can reach floor: within the others, every
    # candidate stays, so the passages placed per article are those a search without a floor places.
    if floor > 0:
        reachable = score_bounds(cosine, lexical_f1, recall) + 0.1 >= floor
        kept = np.flatnonzero(np.isin(passages.doc_ids, np.unique(passages.doc_ids[reachable])))
    else:
        kept = np.arange(len(keys))
    cosine_values = [None if math.isnan(c) else c for c in cosine[kept].tolist()]
    return [
        Candidate(Hit(number, index, doc, start, end, 0.0), score, value, r, f1)
        for number, index, doc, start, end, score, value, r, f1 in zip(
            passages.numbers[kept].tolist(), passages.indices[kept].tolist(), passages.doc_ids[kept].tolist(),
            passages.starts[kept].tolist(), passages.ends[kept].tolist(), bm25[kept].tolist(), cosine_values,
            recall[kept].tolist(), lexical_f1[kept].tolist(), strict=True)
    ]


def _cosines(collection: Collection, vector: np.ndarray, passages: PassageArrays, keys: np.ndarray,
             near: Top | None) -> np.ndarray:
    """The claim's cosine with each passage: those among its top semantic passages already have theirs (the
    same float32 numbers ``Collection.cosines_of`` computes), the others are computed."""
    cosine = np.full(len(keys), np.nan)
    missing = np.ones(len(keys), bool)
    if near is not None and len(near.numbers):
        near_keys = (near.numbers << 32) | near.indices
        order = np.argsort(near_keys)
        at = np.minimum(np.searchsorted(near_keys[order], keys), len(order) - 1)
        found = near_keys[order][at] == keys
        cosine[found] = near.scores[order][at[found]]
        missing = ~found
    if missing.any():
        cosine[missing] = collection.cosines_of(vector, passages.numbers[missing], passages.indices[missing])
    return cosine


def score_bounds(semantic: np.ndarray, lexical: np.ndarray, recall: np.ndarray) -> np.ndarray:
    """``scoring.score_bound`` of arrays of candidates (semantic NaN: not embedded)."""
    mixed = np.where(np.isnan(semantic), 100.0 * scoring.LEXICAL_ONLY_FACTOR * lexical,
                     100.0 * (scoring.SEMANTIC_WEIGHT * np.maximum(np.nan_to_num(semantic), 0.0)
                              + (1.0 - scoring.SEMANTIC_WEIGHT) * lexical))
    mixed = np.where(np.isnan(semantic) & (lexical <= 0.0), 0.0, mixed)
    return np.where(recall >= scoring.NEAR_COPY_RECALL, 100.0, np.round(np.minimum(mixed, 100.0), 1))


def _preliminary(candidate: Candidate, self_score: float) -> float:
    lexical = min(1.0, candidate.bm25 / self_score) if self_score > 0 else 0.0
    if candidate.cosine is None:
        return 0.85 * lexical
    return 0.75 * max(candidate.cosine, 0.0) + 0.25 * lexical


def self_bm25(collection: Collection, weights: TermWeights, length: int) -> float:
    """The BM25 a passage made of exactly the claim's terms would get (the lexical scale's top)."""
    from workbench.matching.collection import K1, B

    norm = K1 * (1.0 - B + B * length / collection.average_length)
    return sum(w * (K1 + 1.0) / (1.0 + norm) for w in weights.weights.values())


def score_passages(
    ctx: MatchContext, query: Query, candidates: list[Candidate], *, per_article: int, self_score: float,
    floor: float = 0.0,
) -> list[tuple[int, int, int, str, Evidence]]:
    """(article id, start, end, span text, evidence) of the best spans per candidate article."""
    by_article: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_article[candidate.hit.doc_id].append(candidate)
    texts = ctx.texts(list(by_article))
    results: list[tuple[int, int, int, str, Evidence]] = []
    for article_id, items in by_article.items():
        if article_id not in texts:
            continue
        text, digest = texts[article_id]
        items.sort(key=lambda c: (-_preliminary(c, self_score), c.hit.start))
        placed: list[tuple[int, int, str, Evidence]] = []
        for candidate in items[: per_article + 1]:
            start, end, evidence = _place(ctx, article_id, text, digest, query, candidate, floor)
            if any(overlap(start, end, s, e) for s, e, _, _ in placed):
                continue
            placed.append((start, end, text[start:end], evidence))
        placed.sort(key=lambda p: -score_of(p[3]))
        results.extend((article_id, s, e, t, ev) for s, e, t, ev in placed[:per_article])
    return results


def _place(ctx: MatchContext, article_id: int, text: str, digest: str, query: Query,
           candidate: Candidate, floor: float = 0.0) -> tuple[int, int, Evidence]:
    """The span and evidence for one retrieved passage.

    Where the passage holds enough of the claim's words (NEAR_COPY_RECALL of their weight), the claim's
    text is aligned around it (the passage and its neighbours): a near copy gets its exact span;
    otherwise the alignment's own score stays as evidence (a rewording that keeps the claim's rare words
    in their order) with its span. Elsewhere the passage is the span. Alignments that cannot reach
    floor are not refined (the span would not be shown).
    """
    hit = candidate.hit
    if candidate.recall < NEAR_COPY_RECALL:  # its characters do not count: compared only if it is shown
        return hit.start, hit.end, Evidence(candidate.cosine, candidate.lexical, UNCOMPARED, recall=candidate.recall)
    segment = ctx.articles.segments[hit.segment]
    first, stop = segment.doc_range[article_id]
    around = range(max(first, hit.index - 1), min(stop, hit.index + 2))  # the passage and its neighbours
    lo, hi = int(segment.starts[around[0]]), int(segment.ends[around[-1]])
    key = f"{digest}:{lo}:{hi}"
    cached = ctx.cache.cached(article_id, key)
    around_text = text[lo:hi]
    region = cached.norm if cached is not None else normalize(around_text)
    passage = normalized_part(region, around_text, hit.start - lo, hit.end - lo)
    if passage is None:
        passage = normalize(text[hit.start : hit.end]).text
    character = float(fuzz.ratio(query.text, passage))
    evidence = Evidence(candidate.cosine, candidate.lexical, character, recall=candidate.recall)
    if floor > 0:
        region_terms = [t for k in around for t in ctx.articles.passage_terms(hit.segment, k)]
        bound = alignment_bound(query, region.text, region_terms, candidate.cosine, candidate.lexical)
        if bound < floor:
            return hit.start, hit.end, evidence  # no span here can reach the threshold: not refined
    doc = cached or ctx.cache.get(article_id, key, around_text, region)  # the region alone is analysed
    spans = place_spans(query, doc, 0, len(doc.norm.text), limit=1)
    if not spans:
        return hit.start, hit.end, evidence
    match = spans[0]
    start, end = (lo + at for at in doc.norm.span_to_original(match.start, match.end))
    if start >= end:
        return hit.start, hit.end, evidence
    if match.char_score >= CLOSE_CHARACTER:  # a near copy: its exact span
        return start, end, Evidence(candidate.cosine, match.token_score / 100.0, match.char_score)
    aligned = Evidence(candidate.cosine, match.token_score / 100.0, match.char_score, match.score)
    if score_of(aligned) > score_of(evidence):  # the claim's words, in its order, carry the match
        if 0 < start - hit.start <= PASSAGE_REACH:  # shown as its whole passage when only a little longer
            start = hit.start
        if 0 < hit.end - end <= PASSAGE_REACH:
            end = hit.end
        return start, end, aligned
    return hit.start, hit.end, evidence


def alignment_bound(query: Query, region: str, region_terms: list[str], cosine: float | None,
                    lexical: float) -> float:
    """The highest score an aligned span of a region (a passage and its neighbours) can get, nearly.

    The token score of any span is bounded exactly (``align.best_terms_score`` over the region's stored
    terms); its character ratio by the claim's rough alignment with the normalised region (rapidfuzz
    ``partial_ratio``) plus ROUGH_MARGIN: refining the span's edges usually moves that ratio by a few
    points, but on short claims by up to ~12 (measured on the 10,000-article benchmark library), so the
    bound is also never below rough itself: without that, 9 of 4,706 suggestions there were lost. With it,
    the labelled seeds' suggestions above the thresholds are the same with and without this bound.
    """
    best_token = best_terms_score(query, region_terms)
    rough = fuzz.partial_ratio(query.text, region) + ROUGH_MARGIN
    alignment = max(rough, (rough + 100.0 * best_token) / 2)
    return max(score_of(Evidence(cosine, max(lexical, best_token), rough, alignment)), rough)


@dataclass
class Gathered:
    """A claim's query and retrieved candidates, before their spans are placed (``suggest_for_claim``)."""

    query: Query
    candidates: list[Candidate]
    floor: float
    self_score: float


@dataclass(frozen=True)
class Retrieved:
    """What batch matching found for a claim on its second thread: term weights, top passages, vector."""

    weights: TermWeights
    lexical: Top
    near: Top | None
    vector: np.ndarray | None


def retrieve_for(collection: Collection, claim: ClaimRef, *, near: Top | None,
                 vector: np.ndarray | None) -> Retrieved:
    """A claim's term weights and top lexical passages (batch matching runs this beside the scoring)."""
    weights = collection.term_weights(query_terms(claim.quote), exclude_doc=claim.article_id)
    return Retrieved(weights, collection.lexical_top(weights, limit=RETRIEVED, exclude_doc=claim.article_id), near,
                     vector)


def gather(ctx: MatchContext, claim: ClaimRef, cosines: dict[int, np.ndarray] | None = None, column: int = 0, *,
           min_score: float | None = None, retrieved: Retrieved | None = None) -> Gathered | None:
    """The claim's candidates with their features (None when it has nothing to search with)."""
    if retrieved is not None:
        weights, terms_known = retrieved.weights, bool(retrieved.weights.weights)
    else:
        terms = query_terms(claim.quote)
        weights, terms_known = ctx.articles.term_weights(terms, exclude_doc=claim.article_id), bool(terms)
    near = retrieved.near if retrieved is not None else None
    if not terms_known and cosines is None and near is None:
        return None
    query = Query.with_weights(claim.quote, weights.weights)
    floor = min(THRESHOLDS.values()) if min_score is None else min_score
    candidates = retrieve(ctx.articles, weights, query, cosines, column, exclude_doc=claim.article_id, floor=floor,
                          near=near, vector=retrieved.vector if retrieved is not None else None,
                          lexical=retrieved.lexical if retrieved is not None else None)
    return Gathered(query, candidates, floor, self_bm25(ctx.articles, weights, len(weights.weights)))


def suggest_for_claim(
    ctx: MatchContext, claim: ClaimRef, cosines: dict[int, np.ndarray] | None = None, column: int = 0, *,
    min_score: float | None = None, per_article: int = 1, gathered: Gathered | None = None,
) -> list[Found]:
    """Where the claim seems to appear in other articles, best first, above its tier's threshold (or min_score).

    cosines: the claim's cosines against every passage (``Collection.cosines``, this claim in column);
    None when the claim has no vector yet (then only its words find candidates). Batch matching gathers
    the candidates first (``gather``, from what its second thread retrieved) and passes them.
    """
    if gathered is None:
        gathered = gather(ctx, claim, cosines, column, min_score=min_score)
    if gathered is None or not gathered.candidates:
        return []
    query = gathered.query
    scored = score_passages(ctx, query, gathered.candidates, per_article=per_article,
                            self_score=gathered.self_score, floor=gathered.floor)
    articles = sorted({a for a, *_ in scored})
    claims = ctx.claims_in(articles)
    rejected = ctx.rejected(claim.id)
    results: list[Found] = []
    for article_id, start, end, text, evidence in scored:
        score = score_of(evidence)
        tier = tier_of(evidence)
        if not shown(tier, score, min_score):
            continue
        if any(a == article_id and _same_span(start, end, s, e) for a, s, e in rejected):
            continue
        article_claims = claims.get(article_id, [])
        if any(c.group_id == claim.group_id and overlap(start, end, c.start, c.end) for c in article_claims):
            continue  # already linked to this claim
        existing = _overlapping_claim(article_claims, start, end)
        character = evidence.character
        if character == UNCOMPARED:
            character = float(fuzz.ratio(query.text, normalize(text).text))
        results.append(Found(claim.id, article_id, start, end, text, score, tier, evidence.semantic,
                             evidence.lexical, character, existing.id if existing else None))
    results.sort(key=lambda f: (-f.score, f.article_id, f.start))
    return results


def _same_span(start: int, end: int, r_start: int, r_end: int) -> bool:
    shared = overlap(start, end, r_start, r_end)
    return shared > 0 and (
        shared >= REJECTED_OVERLAP * (end - start) or shared >= REJECTED_OVERLAP * (r_end - r_start)
    )


def _overlapping_claim(claims: list[ClaimRef], start: int, end: int) -> ClaimRef | None:
    """The claim of the article sharing the most characters with the span, if any."""
    best: tuple[int, int] | None = None
    found: ClaimRef | None = None
    for c in claims:
        shared = overlap(start, end, c.start, c.end)
        if shared > 0 and (best is None or (shared, -c.id) > best):
            best, found = (shared, -c.id), c
    return found
