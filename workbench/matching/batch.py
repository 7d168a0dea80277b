"""Batch matching: suggestions for many claims, with progress, cancellation and short transactions."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from workbench.db import Database
from workbench.matching.analysis import AnalysisCache
from workbench.matching.scoring import DEFAULT_MIN_SCORE
from workbench.matching.store import store_suggestions
from workbench.matching.suggest import ClaimRef, MatchContext, claim_ref, suggest_for_claim
from workbench.model import Claim

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
CLAIMS_PER_TRANSACTION = 50
BATCH_CACHE_LIMIT = 20_000  # analyses kept during a batch run (about 15 KB each)


@dataclass(frozen=True)
class MatchSummary:
    """What a batch run did."""

    claims_total: int
    claims_done: int = 0
    suggestions: int = 0  # pending suggestions stored for the matched claims
    new_suggestions: int = 0  # of which were not pending before
    linked_articles: int = 0  # distinct articles that got a suggestion
    cancelled: bool = False
    seconds: float = 0.0


def match_claims(
    db: Database,
    *,
    article_id: int | None = None,
    claim_ids: Sequence[int] | None = None,
    min_score: float | None = None,
    per_article: int = 1,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    cache: AnalysisCache | None = None,
) -> MatchSummary:
    """Suggest links for every claim (or an article's, or the given ones) and store them as pending."""
    started = time.perf_counter()
    threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
    done = stored = new = 0
    articles: set[int] = set()
    was_cancelled = False
    with db.read() as session:
        query = select(Claim).order_by(Claim.article_id, Claim.start, Claim.id)
        if article_id is not None:
            query = query.where(Claim.article_id == article_id)
        if claim_ids is not None:
            query = query.where(Claim.id.in_(list(claim_ids)))
        claims: list[ClaimRef] = [claim_ref(c) for c in session.scalars(query)]
        total = len(claims)
        if progress is not None:
            progress(0, total, "reading the index")
        ctx = MatchContext(session, preload=total > 20, cache=cache or AnalysisCache())
        ctx.cache.size = max(ctx.cache.size, min(ctx.n_docs, BATCH_CACHE_LIMIT))
        for begin in range(0, total, CLAIMS_PER_TRANSACTION):
            if cancelled is not None and cancelled():
                was_cancelled = True
                break
            chunk = claims[begin : begin + CLAIMS_PER_TRANSACTION]
            results = [suggest_for_claim(ctx, c, min_score=min_score, per_article=per_article) for c in chunk]
            with db.write() as write:
                for claim, found in zip(chunk, results, strict=True):
                    if write.get(Claim, claim.id, with_for_update=True) is None:  # one store at a time
                        continue  # removed while we were matching
                    rows, created = store_suggestions(write, claim.id, found, threshold)
                    stored += len(rows)
                    new += created
                    articles.update(f.article_id for f in found)
            done += len(chunk)
            if progress is not None:
                progress(done, total, f"{done} of {total} claims matched")
    return MatchSummary(total, done, stored, new, len(articles), was_cancelled,
                        round(time.perf_counter() - started, 3))
