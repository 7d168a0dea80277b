"""The stored collections matching searches: the library's articles, fact-checks, and verdicted claims.

Each reads its rows segment by segment for ``collection.Collection`` (see ``collection.Source``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.matching.collection import DocPassages
from workbench.matching.index import decode_spans
from workbench.matching.passages import query_terms
from workbench.matching.vectors import text_hash
from workbench.model import ArticlePassages, ArticleVectors, Claim, ClaimVector, FactCheck, Verdict

NO_SPANS = np.zeros((0, 2), np.int32)


def _lines(terms: str) -> list[list[str]]:
    return [line.split() for line in terms.split("\n")]


def _count_and_top(session: Session, id_column: Any, *where: Any) -> tuple[int, int]:
    count, top = session.execute(select(func.count(), func.coalesce(func.max(id_column), 0)).where(*where)).one()
    return int(count), int(top)


class ArticleSource:
    """The library's articles: passages from article_passages, vectors from article_vectors.

    A segment holds the articles of 2,048 consecutive ids (~60,000 passages): few enough segments that
    a search's per-segment work stays small, small enough that an import re-reads one of them (~1 s).
    """

    segment_size = 2048

    def overall(self, session: Session, model: str) -> tuple[int, ...]:
        return (*_count_and_top(session, ArticlePassages.id),
                *_count_and_top(session, ArticleVectors.id, ArticleVectors.model == model))

    def signatures(self, session: Session) -> dict[int, tuple[int, int]]:
        number = ArticlePassages.article_id // self.segment_size
        rows = session.execute(
            select(number, func.count(), func.max(ArticlePassages.id)).group_by(number)
        )
        return {int(n): (int(c), int(m)) for n, c, m in rows}

    def vector_signatures(self, session: Session, model: str) -> dict[int, tuple[int, int]]:
        number = ArticleVectors.article_id // self.segment_size
        rows = session.execute(
            select(number, func.count(), func.max(ArticleVectors.id)).where(ArticleVectors.model == model)
            .group_by(number)
        )
        return {int(n): (int(c), int(m)) for n, c, m in rows}

    def _range(self, segment: int) -> tuple[int, int]:
        return segment * self.segment_size, (segment + 1) * self.segment_size

    def load(self, session: Session, segment: int) -> list[DocPassages]:
        lo, hi = self._range(segment)
        rows = session.execute(
            select(ArticlePassages.article_id, ArticlePassages.spans, ArticlePassages.terms,
                   ArticlePassages.spans_hash)
            .where(ArticlePassages.article_id >= lo, ArticlePassages.article_id < hi)
            .order_by(ArticlePassages.article_id)
        )
        found = []
        for article_id, spans, terms, digest in rows:
            decoded = decode_spans(spans)
            lines = _lines(terms) if len(decoded) else []
            if len(lines) != len(decoded):
                continue  # a damaged row: the article is re-indexed when passages are refreshed
            found.append(DocPassages(article_id, decoded, lines, digest))
        return found

    def load_vectors(self, session: Session, segment: int, model: str) -> dict[int, tuple[str, bytes]]:
        lo, hi = self._range(segment)
        rows = session.execute(
            select(ArticleVectors.article_id, ArticleVectors.spans_hash, ArticleVectors.data)
            .where(ArticleVectors.model == model, ArticleVectors.article_id >= lo, ArticleVectors.article_id < hi)
        )
        return {aid: (digest, data) for aid, digest, data in rows}


class FactCheckSource:
    """Imported fact-checks: passage 0 is the claim, passage 1 the title; vectors in the same row."""

    segment_size = 4096

    def overall(self, session: Session, model: str) -> tuple[int, ...]:
        return (*_count_and_top(session, FactCheck.id),
                *_count_and_top(session, FactCheck.id, FactCheck.vector_model == model))

    def signatures(self, session: Session) -> dict[int, tuple[int, int]]:
        number = FactCheck.id // self.segment_size
        rows = session.execute(select(number, func.count(), func.max(FactCheck.id)).group_by(number))
        return {int(n): (int(c), int(m)) for n, c, m in rows}

    def vector_signatures(self, session: Session, model: str) -> dict[int, tuple[int, int]]:
        number = FactCheck.id // self.segment_size
        rows = session.execute(
            select(number, func.count(), func.max(FactCheck.id)).where(FactCheck.vector_model == model)
            .group_by(number)
        )
        return {int(n): (int(c), int(m)) for n, c, m in rows}

    def load(self, session: Session, segment: int) -> list[DocPassages]:
        lo, hi = segment * self.segment_size, (segment + 1) * self.segment_size
        rows = session.execute(
            select(FactCheck.id, FactCheck.terms).where(FactCheck.id >= lo, FactCheck.id < hi).order_by(FactCheck.id)
        )
        return [DocPassages(fid, NO_SPANS, _lines(terms)) for fid, terms in rows]

    def load_vectors(self, session: Session, segment: int, model: str) -> dict[int, tuple[str, bytes]]:
        lo, hi = segment * self.segment_size, (segment + 1) * self.segment_size
        rows = session.execute(
            select(FactCheck.id, FactCheck.vector)
            .where(FactCheck.vector_model == model, FactCheck.id >= lo, FactCheck.id < hi)
        )
        return {fid: ("", blob) for fid, blob in rows if blob is not None}


class VerdictedClaimSource:
    """Claims whose group carries a verdict: one passage each (the quote), vectors from claim_vectors."""

    segment_size = 1 << 40  # one segment: they are few

    def overall(self, session: Session, model: str) -> tuple[int, ...]:
        return (*self.signatures(session).get(0, (0, 0)), *self.vector_signatures(session, model)[0])

    def signatures(self, session: Session) -> dict[int, tuple[int, int]]:
        count, top, length = session.execute(
            select(func.count(), func.coalesce(func.max(Claim.id), 0),
                   func.coalesce(func.sum(func.length(Claim.quote) + Claim.id * 7 + Verdict.id * 13), 0))
            .select_from(Claim).join(Verdict, Verdict.group_id == Claim.group_id)
        ).one()
        return {0: (int(count), int(top) * 1_000_003 + int(length))} if count else {}

    def vector_signatures(self, session: Session, model: str) -> dict[int, tuple[int, int]]:
        count, top = session.execute(
            select(func.count(), func.coalesce(func.max(ClaimVector.claim_id), 0)).where(ClaimVector.model == model)
        ).one()
        return {0: (int(count), int(top))}

    def load(self, session: Session, segment: int) -> list[DocPassages]:
        rows = session.execute(
            select(Claim.id, Claim.quote).join(Verdict, Verdict.group_id == Claim.group_id).order_by(Claim.id)
        )
        return [DocPassages(cid, NO_SPANS, [query_terms(quote)], text_hash(quote)) for cid, quote in rows]

    def load_vectors(self, session: Session, segment: int, model: str) -> dict[int, tuple[str, bytes]]:
        rows = session.execute(
            select(ClaimVector.claim_id, ClaimVector.text_hash, ClaimVector.data)
            .join(Claim, Claim.id == ClaimVector.claim_id).join(Verdict, Verdict.group_id == Claim.group_id)
            .where(ClaimVector.model == model)
        )
        return {cid: (digest, data) for cid, digest, data in rows}
