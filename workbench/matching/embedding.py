"""Embedding: sentence vectors for every passage, fact-check and claim that lacks one for the current model.

Runs as a job (the window's background worker, or a command before it searches): short transactions
of a few dozen articles, progress reported, cancellable between them. Everything done is committed,
so a cancelled or crashed run resumes where it stopped. A vector is missing when there is none, when
it was made by another model (name/version) or for other passages (the text changed): all three are
embedded again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.matching.encoder import Encoder
from workbench.matching.index import decode_spans, refresh_passages
from workbench.matching.passages import factcheck_texts, matching_text
from workbench.matching.summary import EmbeddingStatus, EmbeddingSummary
from workbench.model import Article, ArticlePassages, ArticleVectors, Claim, ClaimVector, FactCheck

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
PASSAGES_PER_TRANSACTION = 400
TEXTS_PER_TRANSACTION = 256


def _pending_articles(model: str) -> Select[Any]:
    """(article id, spans blob length) of articles whose vectors are missing or stale."""
    return (
        select(ArticlePassages.article_id, func.length(ArticlePassages.spans))
        .outerjoin(ArticleVectors, (ArticleVectors.article_id == ArticlePassages.article_id)
                   & (ArticleVectors.model == model) & (ArticleVectors.spans_hash == ArticlePassages.spans_hash))
        .where(ArticleVectors.id.is_(None))
        .order_by(ArticlePassages.article_id)
    )


def _pending_factchecks(model: str) -> Select[Any]:
    return select(FactCheck.id).where(or_(FactCheck.vector_model.is_(None), FactCheck.vector_model != model))


def embedding_status(session: Session, model: str) -> EmbeddingStatus:
    """Counts of what has and lacks a vector of this model."""
    passages = session.scalar(select(func.coalesce(func.sum(func.length(ArticlePassages.spans)), 0))) or 0
    missing = sum(size for _, size in session.execute(_pending_articles(model)))
    factchecks = session.scalar(select(func.count()).select_from(FactCheck)) or 0
    factchecks_missing = session.scalar(select(func.count()).select_from(_pending_factchecks(model).subquery())) or 0
    claims = session.scalar(select(func.count()).select_from(Claim)) or 0
    claims_done = session.scalar(
        select(func.count()).select_from(ClaimVector).where(ClaimVector.model == model)
    ) or 0
    return EmbeddingStatus(model, passages // 8, (passages - missing) // 8, factchecks,
                           factchecks - factchecks_missing, claims, min(claims_done, claims))


def embed_pending(
    db: Database,
    encoder: Encoder,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    articles: bool = True,
    factchecks: bool = True,
    claims: bool = True,
) -> EmbeddingSummary:
    """Embed every passage, fact-check and claim lacking a vector of the encoder's model."""
    started = time.perf_counter()
    model = encoder.info.key
    refresh_passages(db)
    with db.read() as session:
        pending_articles = list(session.execute(_pending_articles(model))) if articles else []
        pending_checks = list(session.scalars(_pending_factchecks(model).order_by(FactCheck.id))) if factchecks else []
        pending_claims = _claims_lacking(session, model) if claims else []
    total = sum(size // 8 for _, size in pending_articles) + len(pending_checks) + len(pending_claims)
    done = 0
    counts: dict[str, int] = {"passages": 0, "factchecks": 0, "claims": 0}

    def report(message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    def stop() -> bool:
        return cancelled is not None and cancelled()

    report("embedding")
    batch: list[int] = []
    size = 0
    for k, (article_id, blob_size) in enumerate(pending_articles):
        batch.append(article_id)
        size += blob_size // 8
        if size < PASSAGES_PER_TRANSACTION and k + 1 < len(pending_articles):
            continue
        if stop():
            return _summary(model, counts, started, cancelled=True)
        embedded = _embed_articles(db, encoder, batch)
        counts["passages"] += embedded
        done += size
        report(f"{done} of {total} passages and texts embedded")
        batch, size = [], 0
    texts: tuple[tuple[str, list[int], Callable[[Database, Encoder, list[int]], int]], ...] = (
        ("factchecks", pending_checks, _embed_factchecks), ("claims", pending_claims, store_claim_vectors),
    )
    for kind, pending, embed in texts:
        for begin in range(0, len(pending), TEXTS_PER_TRANSACTION):
            if stop():
                return _summary(model, counts, started, cancelled=True)
            chunk = pending[begin : begin + TEXTS_PER_TRANSACTION]
            counts[kind] += embed(db, encoder, chunk)
            done += len(chunk)
            report(f"{done} of {total} passages and texts embedded")
    return _summary(model, counts, started)


def _summary(model: str, counts: dict[str, int], started: float, *, cancelled: bool = False) -> EmbeddingSummary:
    return EmbeddingSummary(model, passages=counts["passages"], factchecks=counts["factchecks"],
                            claims=counts["claims"], cancelled=cancelled,
                            seconds=round(time.perf_counter() - started, 3))


def _embed_articles(db: Database, encoder: Encoder, article_ids: list[int]) -> int:
    """Embed the passages of some articles and store them (one transaction); return how many passages."""
    from workbench.matching.vectors import pack  # numpy: loaded when there is work

    with db.read() as session:
        rows = list(session.execute(
            select(ArticlePassages.article_id, ArticlePassages.spans, ArticlePassages.spans_hash, Article.text)
            .join(Article, Article.id == ArticlePassages.article_id)
            .where(ArticlePassages.article_id.in_(article_ids))
        ))
    texts: list[str] = []
    owners: list[tuple[int, str, int, int]] = []
    for article_id, spans, digest, text in rows:
        decoded = decode_spans(spans)
        owners.append((article_id, digest, len(texts), len(texts) + len(decoded)))
        texts.extend(matching_text(text[s:e]) for s, e in decoded.tolist())
    vectors = encoder.encode(texts)
    model = encoder.info.key
    with db.write() as session:
        current = dict(session.execute(
            select(ArticlePassages.article_id, ArticlePassages.spans_hash)
            .where(ArticlePassages.article_id.in_(article_ids))
        ).all())
        session.execute(delete(ArticleVectors).where(ArticleVectors.article_id.in_(article_ids)))
        values = [
            {"article_id": aid, "model": model, "spans_hash": digest, "data": pack(vectors[lo:hi])}
            for aid, digest, lo, hi in owners
            if current.get(aid) == digest  # re-indexed meanwhile: embedded on the next run
        ]
        if values:
            session.execute(insert(ArticleVectors), values)
    return len(texts)


def _embed_factchecks(db: Database, encoder: Encoder, ids: list[int]) -> int:
    from workbench.matching.vectors import pack  # numpy: loaded when there is work

    with db.read() as session:
        query = select(FactCheck.id, FactCheck.claim, FactCheck.title).where(FactCheck.id.in_(ids))
        rows = list(session.execute(query))
    texts: list[str] = []
    owners: list[tuple[int, int, int]] = []
    for fid, claim, title in rows:
        parts = factcheck_texts(claim, title)
        owners.append((fid, len(texts), len(texts) + len(parts)))
        texts.extend(matching_text(t) for t in parts)
    vectors = encoder.encode(texts)
    model = encoder.info.key
    with db.write() as session:
        for fid, lo, hi in owners:
            session.execute(update(FactCheck).where(FactCheck.id == fid)
                            .values(vector_model=model, vector=pack(vectors[lo:hi])))
    return len(owners)


def _claims_lacking(session: Session, model: str) -> list[int]:
    """Claims without a vector of this model for their current quote."""
    from workbench.matching.vectors import text_hash  # numpy: loaded when there is work

    rows = session.execute(
        select(Claim.id, Claim.quote, ClaimVector.model, ClaimVector.text_hash)
        .outerjoin(ClaimVector, ClaimVector.claim_id == Claim.id).order_by(Claim.id)
    )
    return [cid for cid, quote, made_by, digest in rows if made_by != model or digest != text_hash(quote)]


def store_claim_vectors(db: Database, encoder: Encoder, claim_ids: list[int]) -> int:
    """Embed the quotes of some claims and store them (one transaction); return how many."""
    from workbench.matching.vectors import pack, text_hash  # numpy: loaded when there is work

    with db.read() as session:
        rows = list(session.execute(select(Claim.id, Claim.quote).where(Claim.id.in_(claim_ids))))
    vectors = encoder.encode([matching_text(quote) for _, quote in rows])
    model = encoder.info.key
    with db.write() as session:
        present = set(session.scalars(select(Claim.id).where(Claim.id.in_(claim_ids))))
        session.execute(delete(ClaimVector).where(ClaimVector.claim_id.in_(claim_ids)))
        values = [{"claim_id": cid, "model": model, "text_hash": text_hash(quote), "data": pack(vectors[k])}
                  for k, (cid, quote) in enumerate(rows) if cid in present]
        if values:
            session.execute(insert(ClaimVector), values)
    return len(values)
