"""Batch matching: suggestions for many claims, with progress, cancellation and short transactions."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from sqlalchemy import select

from workbench.db import Database
from workbench.matching.collection import Top
from workbench.matching.engine import MatchingEngine
from workbench.matching.store import store_suggestions
from workbench.matching.suggest import (
    RETRIEVED,
    ClaimRef,
    MatchContext,
    Retrieved,
    claim_ref,
    gather,
    retrieve_for,
    suggest_for_claim,
)
from workbench.matching.summary import CancelledFn, MatchSummary, ProgressFn
from workbench.model import Claim

CLAIMS_PER_TRANSACTION = 64  # also the claims whose cosines are computed in one matrix product
EMBED_CHUNK = 512


def match_claims(
    db: Database,
    engine: MatchingEngine,
    *,
    article_id: int | None = None,
    claim_ids: Sequence[int] | None = None,
    min_score: float | None = None,
    per_article: int = 1,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> MatchSummary:
    """Suggest links for every claim (or an article's, or the given ones) and store them as pending.

    The claims' own vectors are embedded first when missing (library passages are not: those not
    embedded yet are found by their words).
    """
    started = time.perf_counter()
    done = stored = new = 0
    articles: set[int] = set()
    was_cancelled = False
    engine.refresh_passages()
    with db.read() as session:
        query = select(Claim).order_by(Claim.article_id, Claim.start, Claim.id)
        if article_id is not None:
            query = query.where(Claim.article_id == article_id)
        if claim_ids is not None:
            query = query.where(Claim.id.in_(list(claim_ids)))
        claims: list[ClaimRef] = [claim_ref(c) for c in session.scalars(query)]
    total = len(claims)
    for begin in range(0, total, EMBED_CHUNK):  # the claims' own vectors, before the read below
        if cancelled is not None and cancelled():
            return MatchSummary(total, 0, cancelled=True, seconds=round(time.perf_counter() - started, 3))
        if progress is not None:
            progress(0, total, f"embedding claims {begin} of {total}")
        engine.claim_vectors([c.id for c in claims[begin : begin + EMBED_CHUNK]])
    if progress is not None:
        progress(0, total, "reading the index")
    with engine.lock, db.read() as session, ThreadPoolExecutor(max_workers=1) as second_core:
        collection = engine.sync_articles(session)
        ctx = MatchContext(session, collection, cache=engine.analyses, preload=total > 20)

        def retrieved(chunk: list[ClaimRef]) -> dict[int, Retrieved]:
            """Each claim's top passages by cosine and by BM25, its term weights and vector: numpy and
            onnxruntime, mostly outside the interpreter's lock, so this runs on the other core."""
            vectors = engine.claim_vectors([c.id for c in chunk], embed=False)
            with_vectors = [c for c in chunk if c.id in vectors]
            near: dict[int, Top] = {}
            if with_vectors:
                tops = collection.semantic_tops(np.stack([vectors[c.id] for c in with_vectors]),
                                                [c.article_id for c in with_vectors], limit=RETRIEVED)
                near = {c.id: top for c, top in zip(with_vectors, tops, strict=True)}
            return {c.id: retrieve_for(collection, c, near=near.get(c.id), vector=vectors.get(c.id)) for c in chunk}

        chunks = [claims[begin : begin + CLAIMS_PER_TRANSACTION] for begin in range(0, total, CLAIMS_PER_TRANSACTION)]
        coming: Future[dict[int, Retrieved]] | None = second_core.submit(retrieved, chunks[0]) if chunks else None
        for number, chunk in enumerate(chunks):
            if cancelled is not None and cancelled():
                was_cancelled = True
                break
            assert coming is not None
            ready = coming.result()
            # The next chunk is retrieved on the other core while this one is scored.
            coming = second_core.submit(retrieved, chunks[number + 1]) if number + 1 < len(chunks) else None
            gathered = [gather(ctx, c, min_score=min_score, retrieved=ready[c.id]) for c in chunk]
            ctx.texts([candidate.hit.doc_id for g in gathered if g is not None for candidate in g.candidates])
            results = [
                suggest_for_claim(ctx, c, min_score=min_score, per_article=per_article, gathered=g)
                for c, g in zip(chunk, gathered, strict=True)
            ]
            ctx.forget_texts()
            with db.write() as write:
                for claim, found in zip(chunk, results, strict=True):
                    if write.get(Claim, claim.id, with_for_update=True) is None:  # one store at a time
                        continue  # removed while we were matching
                    rows, created = store_suggestions(write, claim.id, found, min_score)
                    stored += len(rows)
                    new += created
                    articles.update(f.article_id for f in found)
            done += len(chunk)
            if progress is not None:
                progress(done, total, f"{done} of {total} claims matched")
    return MatchSummary(total, done, stored, new, len(articles), was_cancelled,
                        round(time.perf_counter() - started, 3))
