"""Suggestions for one claim across every other article: index candidates, align, score, filter."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.matching.align import MIN_WINDOW_RECALL, NEAR_COPY, find_spans, has_dense_window
from workbench.matching.analysis import Analysis, AnalysisCache, Query, analyze
from workbench.matching.index import (
    MemoryIndex,
    article_count,
    candidate_articles,
    document_frequencies,
    split_terms,
)
from workbench.matching.scoring import DEFAULT_MIN_SCORE
from workbench.model import Article, ArticleTermSequence, Claim, Suggestion

CANDIDATES = 100  # articles taken from the index per claim, before pruning
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
    method: str
    existing_claim_id: int | None


def claim_ref(claim: Claim) -> ClaimRef:
    """The matching view of a claim row."""
    return ClaimRef(claim.id, claim.article_id, claim.group_id, claim.start, claim.end, claim.quote)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How many characters two spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


class MatchContext:
    """The library as matching sees it: term statistics, candidates, article texts, claims, rejections.

    Queries go to the database one claim at a time; with ``preload=True`` (batch matching) the
    index, the claims and the rejected spans are read once up front instead.
    """

    def __init__(self, session: Session, *, preload: bool = False, cache: AnalysisCache | None = None) -> None:
        self.session = session
        self.cache = cache or AnalysisCache()
        self.memory: MemoryIndex | None = MemoryIndex.load(session) if preload else None
        self.n_docs = self.memory.n_docs if self.memory else article_count(session)
        self._claims: dict[int, list[ClaimRef]] | None = None
        self._rejected: dict[int, list[tuple[int, int, int]]] | None = None
        self._hashes: dict[int, str] | None = None
        self._recent_hashes: dict[int, str] = {}
        if preload:
            self._hashes = {aid: digest for aid, digest in session.execute(select(Article.id, Article.content_hash))}
            self._claims = defaultdict(list)
            for claim in session.scalars(select(Claim)):
                self._claims[claim.article_id].append(claim_ref(claim))
            self._rejected = defaultdict(list)
            rows = session.execute(
                select(Suggestion.claim_id, Suggestion.article_id, Suggestion.start, Suggestion.end).where(
                    Suggestion.state == "rejected"
                )
            )
            for claim_id, aid, start, end in rows:
                self._rejected[claim_id].append((aid, start, end))

    def query(self, text: str) -> Query:
        """A claim's text weighted by the current library's term statistics."""
        terms = analyze(text).tokens.terms
        df = self.memory.document_frequencies(terms) if self.memory else document_frequencies(self.session, terms)
        self._last_df = df
        return Query.build(text, df, self.n_docs)

    def candidates(self, query: Query, exclude_article: int) -> list[int]:
        """Articles that may hold the claim, most promising first."""
        needed = MIN_WINDOW_RECALL * query.total
        rare, common_weight = split_terms(query.weights, self._last_df, needed)
        if self.memory is not None:
            ranked = self.memory.candidate_articles(
                rare, exclude_article=exclude_article, limit=CANDIDATES, min_weight=needed - common_weight - 1e-9
            )
        else:
            ranked = candidate_articles(self.session, rare, exclude_article=exclude_article, limit=CANDIDATES)
        return [aid for aid, weight in ranked if weight + common_weight >= needed - 1e-9]

    def worth_aligning(self, query: Query, article_ids: list[int]) -> list[int]:
        """The candidates whose terms hold a dense window of the claim's (a cheap look before analysing).

        An analysis in the cache answers directly; otherwise the stored term sequence does, so the
        articles without such a window are never normalised and tokenised. A batch run (preloaded)
        analyses every article once and keeps it, which is cheaper than re-reading sequences per claim.
        """
        if self.memory is not None:
            return article_ids
        kept: list[int] = []
        unknown: list[int] = []
        for aid, digest in self._hashes_of(article_ids).items():
            cached = self.cache.cached(aid, digest)
            if cached is None:
                unknown.append(aid)
            elif has_dense_window(query, cached.tokens.terms):
                kept.append(aid)
        if unknown:
            rows = self.session.execute(
                select(ArticleTermSequence.article_id, ArticleTermSequence.terms)
                .where(ArticleTermSequence.article_id.in_(unknown))
            )
            stored = {aid: terms for aid, terms in rows}
            kept.extend(aid for aid in unknown if aid not in stored or has_dense_window(query, stored[aid].split()))
        order = {aid: k for k, aid in enumerate(article_ids)}
        return sorted(kept, key=order.__getitem__)

    def analyses(self, article_ids: list[int]) -> dict[int, Analysis]:
        """Each article's analysis (from the cache when its text is unchanged)."""
        if not article_ids:
            return {}
        hashes = self._hashes_of(article_ids)
        found: dict[int, Analysis] = {}
        missing: list[int] = []
        for aid, digest in hashes.items():
            cached = self.cache.cached(aid, digest)
            if cached is None:
                missing.append(aid)
            else:
                found[aid] = cached
        if missing:
            texts = self.session.execute(
                select(Article.id, Article.content_hash, Article.text).where(Article.id.in_(missing))
            )
            for aid, digest, text in texts:
                found[aid] = self.cache.get(aid, digest, text)
        return found

    def _hashes_of(self, article_ids: list[int]) -> dict[int, str]:
        """The content hash of each article (the key of its cached analysis), remembered for the last call."""
        if self._hashes is not None:
            return {aid: self._hashes[aid] for aid in article_ids if aid in self._hashes}
        wanted = set(article_ids)
        if self._recent_hashes.keys() >= wanted:
            return {aid: self._recent_hashes[aid] for aid in article_ids}
        rows = self.session.execute(select(Article.id, Article.content_hash).where(Article.id.in_(article_ids)))
        self._recent_hashes = {aid: digest for aid, digest in rows}
        return dict(self._recent_hashes)

    def claims_in(self, article_ids: list[int]) -> dict[int, list[ClaimRef]]:
        """The claims of each article."""
        if self._claims is not None:
            return {aid: self._claims.get(aid, []) for aid in article_ids}
        found: dict[int, list[ClaimRef]] = defaultdict(list)
        for claim in self.session.scalars(select(Claim).where(Claim.article_id.in_(article_ids))):
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


def suggest_for_claim(
    ctx: MatchContext, claim: ClaimRef, *, min_score: float | None = None, per_article: int = 1
) -> list[Found]:
    """Where the claim seems to appear in other articles, best first, above min_score."""
    threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
    query = ctx.query(claim.quote)
    if not query.terms:
        return []
    candidates = ctx.worth_aligning(query, ctx.candidates(query, claim.article_id))
    docs = ctx.analyses(candidates)
    claims = ctx.claims_in(candidates)
    rejected = ctx.rejected(claim.id)
    results: list[Found] = []
    for aid in candidates:
        if aid not in docs:
            continue
        doc = docs[aid]
        text = doc.original
        kept = 0
        for match in find_spans(query, doc, limit=per_article, min_score=threshold):
            if match.score < threshold or kept >= per_article:
                break
            start, end = doc.norm.span_to_original(match.start, match.end)
            if any(a == aid and _same_span(start, end, s, e) for a, s, e in rejected):
                continue
            article_claims = claims.get(aid, [])
            if any(c.group_id == claim.group_id and overlap(start, end, c.start, c.end) for c in article_claims):
                continue  # already linked to this claim
            existing = _overlapping_claim(article_claims, start, end)
            method = "near-copy" if match.char_score >= NEAR_COPY else "reworded"
            results.append(
                Found(claim.id, aid, start, end, text[start:end], match.score, method,
                      existing.id if existing else None)
            )
            kept += 1
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
